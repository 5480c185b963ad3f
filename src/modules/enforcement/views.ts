import type { Policy } from '../../domain/policy.js';
import { isMemberOf, type Actor } from '../../platform/actor.js';
import { DAY_MS } from '../../domain/enforcement/points.js';
import { SANCTION_EFFECTS } from '../../domain/enforcement/ladder.js';
import type { Sanction } from '../../domain/enforcement/policy.js';
import { isOfficer } from './access.js';

export const SMALL_PARCEL_RULE = 'protection_expiry_disputes';

/** How to put each rule right, shown to the seller beside the violation (the console renders it in Chinese too). */
export const HOW_TO_RECTIFY: Record<string, string> = {
  late_shipment_rate: 'Dispatch every order before its deadline; set a processing time you can keep.',
  seller_cancellation_rate: 'Keep stock levels accurate and answer cancellation requests before the dispatch deadline.',
  shipping_refusal: 'Dispatch the overdue orders now, or agree to cancel them so the buyers are refunded.',
  repeated_delays: 'Dispatch within the processing time; lengthen it in your settings if you cannot.',
  fictitious_dispatch: 'Enter only the real tracking number of the parcel you handed to the carrier.',
  method_mismatch: 'Ship with the carrier and service the buyer chose.',
  abusive_message: 'Keep messages to buyers polite, short and factual.',
  rating_manipulation: 'Do not review your own shop or arrange reviews; only real buyers may rate you.',
  price_below_median: 'Price listings at what you will really sell for; no loss-leading prices to reach the top.',
  shipping_overcharge: 'Charge buyers the real shipping cost of the parcel.',
  cannot_supply: 'List only goods you have in stock or can source; remove listings you cannot supply.',
  prohibited_item: 'Remove the listing: the item may not be sold on the platform.',
  protection_expiry_disputes: 'Ship in time and keep buyers informed so protection periods do not run out before delivery.',
  serial_claims: 'Open a claim only for a real problem with an order.',
  duplicate_evidence: 'Attach evidence of the order the claim is about.',
  disproportionate_demand: 'Ask for a remedy in proportion to the issue (see the resolution matrix).',
};

export function canSeeViolation(actor: Actor, v: { subject_type: string; seller_id: string | null; buyer_id: string | null; status: string }): boolean {
  if (isOfficer(actor)) return true;
  // A seller sees what was decided about it, not proposals still under review or dismissed.
  if (!['confirmed', 'reversed'].includes(v.status)) return false;
  if (v.seller_id) return isMemberOf(actor, v.seller_id);
  return actor.kind === 'user' && actor.id === v.buyer_id;
}

interface ViolationLike {
  id: string;
  subject_type: 'seller' | 'buyer';
  subject_id: string;
  rule: string;
  status: string;
  origin: string;
  summary: string;
  evidence: Record<string, unknown>;
  points: number;
  auto_confirmed: boolean;
  direct_sanction: string | null;
  policy_version: number;
  audit_id: string | null;
  detected_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  decision_reason: string | null;
  points_expire_at: Date | null;
  reversed_at: Date | null;
  reversal_reason: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function appealDeadline(decidedAt: Date | null, policy: Policy): Date | null {
  return decidedAt ? new Date(decidedAt.getTime() + policy.enforcement.appealWindowDays * DAY_MS) : null;
}

export function violationView(v: ViolationLike, policy: Policy, now: Date, appeals: { id: string; status: string; submitted_at: Date }[]) {
  const appealBy = v.status === 'confirmed' && v.subject_type === 'seller' ? appealDeadline(v.decided_at, policy) : null;
  const open = appeals.find((a) => a.status === 'submitted');
  return {
    id: v.id,
    subjectType: v.subject_type,
    subjectId: v.subject_id,
    rule: v.rule,
    status: v.status,
    origin: v.origin,
    summary: v.summary,
    evidence: v.evidence,
    points: v.points,
    pointsActive: v.status === 'confirmed' && !!v.points_expire_at && v.points_expire_at.getTime() > now.getTime(),
    pointsExpireAt: iso(v.points_expire_at),
    autoConfirmed: v.auto_confirmed,
    directSanction: v.direct_sanction,
    policyVersion: v.policy_version,
    auditId: v.audit_id,
    detectedAt: v.detected_at.toISOString(),
    decidedAt: iso(v.decided_at),
    decidedBy: v.decided_by,
    decisionReason: v.decision_reason,
    reversedAt: iso(v.reversed_at),
    reversalReason: v.reversal_reason,
    howToRectify: HOW_TO_RECTIFY[v.rule] ?? null,
    appealableUntil: iso(appealBy),
    canAppeal: !!appealBy && appealBy.getTime() > now.getTime() && !open && !appeals.some((a) => a.status !== 'submitted'),
    appeals: appeals.map((a) => ({ id: a.id, status: a.status, submittedAt: a.submitted_at.toISOString() })),
  };
}

interface SanctionLike {
  id: string;
  subject_type: string;
  subject_id: string;
  kind: string;
  status: string;
  origin: string;
  violation_id: string | null;
  batch_id: string | null;
  threshold_points: number | null;
  reason: string;
  rectify_by: Date | null;
  ends_at: Date | null;
  policy_version: number;
  imposed_by: string | null;
  imposed_at: Date;
  lifted_at: Date | null;
  lift_reason: string | null;
}

export function sanctionView(s: SanctionLike, policy: Policy, now: Date, appeals: { id: string; status: string; submitted_at: Date }[] = []) {
  const inForce = s.status === 'active' && (!s.ends_at || s.ends_at.getTime() > now.getTime());
  const appealBy = inForce && s.subject_type === 'seller' && s.kind !== 'warning' ? new Date(s.imposed_at.getTime() + policy.enforcement.appealWindowDays * DAY_MS) : null;
  return {
    id: s.id,
    subjectType: s.subject_type,
    subjectId: s.subject_id,
    kind: s.kind,
    status: s.status,
    inForce,
    origin: s.origin,
    violationId: s.violation_id,
    batchId: s.batch_id,
    thresholdPoints: s.threshold_points,
    reason: s.reason,
    effect: SANCTION_EFFECTS[s.kind as Sanction] ?? 'Claims are capped while in force.',
    rectifyBy: iso(s.rectify_by),
    endsAt: iso(s.ends_at),
    policyVersion: s.policy_version,
    imposedBy: s.imposed_by,
    imposedAt: s.imposed_at.toISOString(),
    liftedAt: iso(s.lifted_at),
    liftReason: s.lift_reason,
    appealableUntil: iso(appealBy),
    canAppeal: !!appealBy && appealBy.getTime() > now.getTime() && appeals.length === 0,
  };
}
