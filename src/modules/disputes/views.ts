import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { ClarityFinding } from '../../domain/cases/dispute-clarity.js';
import {
  DISPUTE_REMEDY_TYPES,
  isDisputeType,
  type DisputeDetail,
  type DisputeOutcome,
  type DisputeStatus,
  type DisputeType,
  type EvidenceKind,
} from '../../domain/cases/dispute.js';
import { DETAIL_LABELS, EVIDENCE_KIND_LABELS, ISSUE_TYPE_LABELS } from '../../domain/cases/dispute-labels.js';
import type { MatrixRemedy, Tier } from '../../domain/cases/dispute-policy.js';
import { renderClaimForSeller, renderConciseClaim, renderIssue, renderTier } from '../../domain/cases/dispute-render.js';
import { checkWeight, type WeightCheck } from '../../domain/cases/dispute-weight.js';
import { caseTypeDefinition, eventsFor } from '../../domain/cases/index.js';
import { renderRefusalReason, renderRemedy, type Bilingual } from '../../domain/cases/render.js';
import type { Remedy, RemedyType } from '../../domain/cases/remedies.js';
import { firersOf, hasRole, isStaff, type Actor } from '../../platform/actor.js';
import { forbidden, notFound } from '../../shared/errors.js';
import { caseActor, canSeeCase, sideOf, type CaseRow } from '../cases/access.js';
import { getCaseView, type AvailableAction, type CaseView, type RemedyView } from '../cases/views.js';
import { seesEverything } from '../orders/access.js';
import { activePolicy } from '../policy/service.js';
import { buyerRecord, type BuyerRecord } from './record.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export interface EvidenceView {
  id: string;
  side: 'buyer' | 'seller';
  kind: EvidenceKind;
  label: Bilingual;
  mediaType: string;
  fileKind: 'photo' | 'video' | 'document';
  sizeBytes: number;
  sha256: string;
  fileName: string;
  caption: string | null;
  addedAt: string;
  url: string;
  /** The same file is evidence in another claim (of this buyer, or another). */
  duplicate: { scope: 'same_buyer' | 'other_buyer'; otherCaseIds: string[] | null } | null;
}

export interface DisputeDetails {
  issueType: DisputeType;
  detail: DisputeDetail;
  issue: Bilingual;
  items: { itemId: string; name: string; sku: string | null; quantity: number; ordered: number; unitPrice: number; value: number }[];
  claim: { forSeller: Bilingual; concise: Bilingual; note: string | null; clarity: ClarityFinding[] };
  requestedRemedy: RemedyView | null;
  window: { openedVia: 'delivery_window' | 'protection'; endsAt: string; deliveredAt: string | null };
  parcel: { id: string; carrier: string; trackingNumber: string; insured: boolean; declaredWeightGrams: number; status: string } | null;
  weight: WeightCheck;
  matrix: {
    key: string;
    tier: Tier;
    tierText: Bilingual;
    source: 'rule' | 'fallback';
    remedies: MatrixRemedy[];
    maxPartialRefund: number;
    videoRequired: boolean;
    needsVideo: boolean;
    exceedsTier: boolean;
    disproportionate: boolean;
  };
  flags: { needsVideo: boolean; disproportionate: boolean; duplicateEvidence: boolean; weightShortfall: boolean; poorRecordAtOpening: boolean };
  evidence: { buyer: EvidenceView[]; seller: EvidenceView[] };
  contest: { reasonCode: string; reason: Bilingual; at: string } | null;
  mediation: { decidedBy: string | null; decidedAt: string; reason: string | null; remedy: RemedyView | null; tier: number | null; appealUntil: string | null } | null;
  appeal: {
    side: 'buyer' | 'seller';
    by: string | null;
    at: string;
    reason: string | null;
    decidedBy: string | null;
    decidedAt: string | null;
    remedy: RemedyView | null;
    decisionReason: string | null;
    outcome: 'upheld' | 'changed' | null;
  } | null;
  replacementOrder: { id: string; externalId: string; status: string; dispatchDeadline: string } | null;
  compensation: number | null;
  outcome: DisputeOutcome | null;
  outcomeAt: string | null;
  /** Staff only: the buyer's record now. */
  buyerRecord: BuyerRecord | null;
}

export interface DisputeView extends CaseView {
  dispute: DisputeDetails;
}

const remedyView = (c: { currency: string; claim_amount: number }, r: Remedy | null): RemedyView | null =>
  r ? { remedy: r, text: renderRemedy(r, { currency: c.currency, claimAmount: c.claim_amount }) } : null;

const ACTIONS: Partial<Record<string, { action: string; path: string; remedies?: boolean }>> = {
  accept_claim: { action: 'accept_claim', path: 'response' },
  offer_remedy: { action: 'offer_remedy', path: 'response', remedies: true },
  contest: { action: 'contest', path: 'response' },
  accept_offer: { action: 'accept_offer', path: 'offer/accept' },
  withdraw: { action: 'withdraw', path: 'withdraw' },
  request_mediation: { action: 'request_mediation', path: 'mediation' },
  decide_mediation: { action: 'decide', path: 'decision', remedies: true },
  appeal: { action: 'appeal', path: 'appeal' },
  decide_appeal: { action: 'decide_appeal', path: 'appeal/decision', remedies: true },
};

function disputeActions(actor: Actor, c: CaseRow, d: { appealed_at: Date | null; mediator_id: string | null }, base: AvailableAction[]): AvailableAction[] {
  const events = eventsFor(caseTypeDefinition(c.type), c.status, firersOf(caseActor(actor, c)));
  const out: AvailableAction[] = [];
  for (const e of events) {
    const a = ACTIONS[e];
    if (!a) continue;
    if (e === 'appeal' && d.appealed_at) continue;
    if (e === 'decide_appeal' && actor.id === d.mediator_id) continue;
    const action: AvailableAction = { action: a.action, method: 'POST', path: `/api/v1/disputes/${c.id}/${a.path}` };
    if (a.remedies) action.remedies = (e === 'offer_remedy' ? DISPUTE_REMEDY_TYPES.filter((t) => t !== 'no_action') : [...DISPUTE_REMEDY_TYPES]) as RemedyType[];
    out.push(action);
  }
  const side = sideOf(actor, c);
  if (!c.resolved_at && c.status !== 'agreed' && (side === 'buyer' || side === 'seller')) {
    out.push({ action: 'add_evidence', method: 'POST', path: `/api/v1/disputes/${c.id}/evidence` });
  }
  return [...out, ...base.filter((b) => b.action === 'post_message' || b.action === 'upload_attachment')];
}

/** The dispute page: the case page plus the claim, evidence side by side, weight check, tier, flags, mediation and appeal. */
export async function getDisputeView(ctx: AppContext, actor: Actor, caseId: string): Promise<DisputeView> {
  const base = await getCaseView(ctx, actor, caseId);
  const db = ctx.db;
  const d = await db.selectFrom('disputes').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  if (!d || !isDisputeType(base.type)) throw notFound('Dispute');
  const c = await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
  const [lines, evidence, attachments, duplicates, parcel, replacement, order, policy] = await Promise.all([
    db.selectFrom('order_items').select(['id', 'name', 'sku', 'quantity', 'unit_price']).where('order_id', '=', d.order_id).execute(),
    db.selectFrom('dispute_evidence').selectAll().where('case_id', '=', caseId).orderBy('added_at').orderBy('id').execute(),
    db.selectFrom('case_attachments').select(['id', 'file_name']).where('case_id', '=', caseId).execute(),
    db
      .selectFrom('dispute_evidence_duplicates')
      .selectAll()
      .where((eb) => eb.or([eb('case_id', '=', caseId), eb('other_case_id', '=', caseId)]))
      .execute(),
    d.parcel_id ? db.selectFrom('parcels').select(['id', 'carrier', 'tracking_number', 'insured', 'declared_weight_grams', 'status']).where('id', '=', d.parcel_id).executeTakeFirst() : Promise.resolve(undefined),
    d.replacement_order_id ? db.selectFrom('orders').select(['id', 'external_id', 'status', 'dispatch_deadline']).where('id', '=', d.replacement_order_id).executeTakeFirst() : Promise.resolve(undefined),
    db.selectFrom('orders').select(['external_id']).where('id', '=', d.order_id).executeTakeFirstOrThrow(),
    activePolicy(ctx),
  ]);
  const staff = isStaff(actor) || seesEverything(actor);
  const names = new Map(attachments.map((a) => [a.id, a.file_name]));
  const evidenceView = (e: (typeof evidence)[number]): EvidenceView => {
    const dups = duplicates.filter((x) => (x.case_id === caseId && x.evidence_id === e.id) || (x.other_case_id === caseId && x.other_evidence_id === e.id));
    const scope = dups.some((x) => x.scope === 'other_buyer') ? 'other_buyer' : 'same_buyer';
    return {
      id: e.id,
      side: e.side,
      kind: e.kind,
      label: EVIDENCE_KIND_LABELS[e.kind],
      mediaType: e.media_type,
      fileKind: e.media_type.startsWith('video/') ? 'video' : e.media_type === 'application/pdf' ? 'document' : 'photo',
      sizeBytes: e.size_bytes,
      sha256: e.sha256,
      fileName: names.get(e.attachment_id) ?? 'file',
      caption: e.caption,
      addedAt: e.added_at.toISOString(),
      url: `/api/v1/cases/${caseId}/attachments/${e.attachment_id}`,
      duplicate: dups.length ? { scope, otherCaseIds: staff ? [...new Set(dups.map((x) => (x.case_id === caseId ? x.other_case_id : x.case_id)))] : null } : null,
    };
  };
  const weight = checkWeight(
    { labelGrams: d.label_weight_grams, warehouseGrams: d.warehouse_weight_grams, scaleGrams: d.scale_reading_grams },
    { grams: policy.policy.cases.weightToleranceGrams, percent: policy.policy.cases.weightTolerancePercent },
  );
  const items = d.items.map((a) => {
    const l = lines.find((x) => x.id === a.itemId);
    return { itemId: a.itemId, name: l?.name ?? '', sku: l?.sku ?? null, quantity: a.quantity, ordered: l?.quantity ?? a.quantity, unitPrice: l?.unit_price ?? 0, value: a.quantity * (l?.unit_price ?? 0) };
  });
  const buyerEvidence = evidence.filter((e) => e.side === 'buyer');
  const facts = {
    orderRef: order.external_id,
    type: d.issue_type,
    detail: d.detail as DisputeDetail,
    items: items.map((i) => ({ name: i.name, quantity: i.quantity, ordered: i.ordered })),
    evidence: buyerEvidence.map((e) => e.kind),
    weight,
    requested: c.requested_remedy ?? { type: 'no_action' as const },
    currency: c.currency,
    claimAmount: c.claim_amount,
  };
  const tier = d.tier as Tier;
  const side = sideOf(actor, c);
  return {
    ...base,
    availableActions: disputeActions(actor, c, d, base.availableActions),
    dispute: {
      issueType: d.issue_type,
      detail: d.detail as DisputeDetail,
      issue: renderIssue(d.issue_type, d.detail as DisputeDetail),
      items,
      claim: {
        forSeller: renderClaimForSeller({ ...facts, tier, weightText: weight.scaleGrams !== null ? weight.text : null, needsVideo: d.needs_video }),
        concise: renderConciseClaim(facts),
        note: d.note,
        clarity: side === 'seller' ? [] : d.clarity,
      },
      requestedRemedy: remedyView(c, c.requested_remedy),
      window: { openedVia: d.opened_via, endsAt: d.window_ends_at.toISOString(), deliveredAt: iso(d.delivered_at) },
      parcel: parcel ? { id: parcel.id, carrier: parcel.carrier, trackingNumber: parcel.tracking_number, insured: parcel.insured, declaredWeightGrams: parcel.declared_weight_grams, status: parcel.status } : null,
      weight,
      matrix: {
        key: d.matrix_key,
        tier,
        tierText: renderTier(tier),
        source: d.tier_source,
        remedies: d.fitting_remedies,
        maxPartialRefund: d.max_partial_refund,
        videoRequired: d.video_required,
        needsVideo: d.needs_video,
        exceedsTier: d.exceeds_tier,
        disproportionate: d.disproportionate,
      },
      flags: { needsVideo: d.needs_video, disproportionate: d.disproportionate, duplicateEvidence: d.duplicate_evidence, weightShortfall: d.weight_supports_missing, poorRecordAtOpening: d.poor_record_at_opening },
      evidence: { buyer: buyerEvidence.map(evidenceView), seller: evidence.filter((e) => e.side === 'seller').map(evidenceView) },
      contest: d.contest_reason && d.contested_at ? { reasonCode: d.contest_reason, reason: renderRefusalReason(d.contest_reason as never), at: d.contested_at.toISOString() } : null,
      mediation: c.decided_at
        ? { decidedBy: c.decided_by, decidedAt: c.decided_at.toISOString(), reason: c.decision_reason, remedy: remedyView(c, d.decision_remedy), tier: d.decision_tier, appealUntil: c.status === 'decided' ? iso(c.deadline_at) : null }
        : null,
      appeal:
        d.appealed_at && d.appealed_side
          ? {
              side: d.appealed_side,
              by: d.appealed_by,
              at: d.appealed_at.toISOString(),
              reason: d.appeal_reason,
              decidedBy: d.appeal_decided_by,
              decidedAt: iso(d.appeal_decided_at),
              remedy: remedyView(c, d.appeal_remedy),
              decisionReason: d.appeal_decision_reason,
              outcome: d.appeal_outcome,
            }
          : null,
      replacementOrder: replacement ? { id: replacement.id, externalId: replacement.external_id, status: replacement.status, dispatchDeadline: replacement.dispatch_deadline.toISOString() } : null,
      compensation: d.compensation_amount,
      outcome: d.outcome,
      outcomeAt: iso(d.outcome_at),
      buyerRecord: staff ? await buyerRecord(db, d.buyer_id, policy.policy.cases.buyerRecord, ctx.clock.now()) : null,
    },
  };
}

// ---- lists -------------------------------------------------------------------------------------------------------

export interface DisputeSummary {
  id: string;
  type: DisputeType;
  issue: Bilingual;
  status: DisputeStatus;
  orderId: string;
  orderRef: string;
  sellerId: string;
  shopName: string;
  buyerId: string;
  buyerName: string | null;
  tier: Tier;
  claimAmount: number;
  currency: string;
  requestedRemedy: RemedyView | null;
  flags: DisputeDetails['flags'];
  deadline: { at: string; party: string; overdue: boolean } | null;
  escalatedAt: string | null;
  appealed: boolean;
  /** For an appeal: the agent who decided the mediation, who may not decide it. */
  mediatorId: string | null;
  outcome: DisputeOutcome | null;
  openedAt: string;
  resolvedAt: string | null;
}

export interface DisputeFilter {
  status?: string;
  issueType?: DisputeType;
  tier?: number;
  open?: boolean;
  flagged?: boolean;
  buyerId?: string;
  sellerId?: string;
  orderId?: string;
  limit: number;
  offset: number;
}

function summaryQuery(ctx: AppContext) {
  return ctx.db
    .selectFrom('disputes')
    .innerJoin('cases', 'cases.id', 'disputes.case_id')
    .innerJoin('sellers', 'sellers.id', 'disputes.seller_id')
    .innerJoin('orders', 'orders.id', 'disputes.order_id')
    .leftJoin('users', 'users.id', 'disputes.buyer_id')
    .selectAll('disputes')
    .select([
      'cases.status',
      'cases.claim_amount',
      'cases.currency',
      'cases.requested_remedy',
      'cases.deadline_at',
      'cases.deadline_party',
      'cases.escalated_at',
      'cases.opened_at',
      'cases.resolved_at',
      'sellers.shop_name',
      'orders.external_id as order_ref',
      'users.name as buyer_name',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];

function summary(r: SummaryRow, now: Date): DisputeSummary {
  return {
    id: r.case_id,
    type: r.issue_type,
    issue: ISSUE_TYPE_LABELS[r.issue_type],
    status: r.status as DisputeStatus,
    orderId: r.order_id,
    orderRef: r.order_ref,
    sellerId: r.seller_id,
    shopName: r.shop_name,
    buyerId: r.buyer_id,
    buyerName: r.buyer_name,
    tier: r.tier as Tier,
    claimAmount: r.claim_amount,
    currency: r.currency,
    requestedRemedy: remedyView(r, r.requested_remedy),
    flags: { needsVideo: r.needs_video, disproportionate: r.disproportionate, duplicateEvidence: r.duplicate_evidence, weightShortfall: r.weight_supports_missing, poorRecordAtOpening: r.poor_record_at_opening },
    deadline: r.deadline_at && r.deadline_party ? { at: r.deadline_at.toISOString(), party: r.deadline_party, overdue: r.deadline_at.getTime() < now.getTime() } : null,
    escalatedAt: iso(r.escalated_at),
    appealed: r.appealed_at !== null,
    mediatorId: r.mediator_id,
    outcome: r.outcome,
    openedAt: r.opened_at.toISOString(),
    resolvedAt: iso(r.resolved_at),
  };
}

/** A buyer's own disputes, a seller's shop's, all of them for staff — newest first, with filters. */
export async function listDisputes(ctx: AppContext, actor: Actor, f: DisputeFilter): Promise<DisputeSummary[]> {
  let q = summaryQuery(ctx);
  if (!seesEverything(actor)) {
    const sellers = actor.memberships.map((m) => m.sellerId);
    q = q.where((eb) => eb.or([eb('disputes.buyer_id', '=', actor.id ?? ''), ...(sellers.length ? [eb('disputes.seller_id', 'in', sellers)] : [])]));
  }
  if (f.status) q = q.where('cases.status', '=', f.status);
  if (f.issueType) q = q.where('disputes.issue_type', '=', f.issueType);
  if (f.tier) q = q.where('disputes.tier', '=', f.tier);
  if (f.open !== undefined) q = f.open ? q.where('disputes.outcome', 'is', null) : q.where('disputes.outcome', 'is not', null);
  if (f.flagged) q = q.where((eb) => eb.or([eb('disputes.needs_video', '=', true), eb('disputes.disproportionate', '=', true), eb('disputes.duplicate_evidence', '=', true), eb('disputes.weight_supports_missing', '=', true)]));
  if (f.buyerId) q = q.where('disputes.buyer_id', '=', f.buyerId);
  if (f.sellerId) q = q.where('disputes.seller_id', '=', f.sellerId);
  if (f.orderId) q = q.where('disputes.order_id', '=', f.orderId);
  const rows = await q.orderBy('disputes.created_at', 'desc').orderBy('disputes.case_id', 'desc').limit(f.limit).offset(f.offset).execute();
  const now = ctx.clock.now();
  return rows.map((r) => summary(r, now));
}

/**
 * The mediation queue (support agents, admins): disputes in mediation and appeals, the longest due first. An appeal
 * names the agent who decided the mediation: another agent takes it.
 */
export interface MediationEntry extends DisputeSummary {
  /** A first decision (mediation) or the one appeal, for another agent than the mediator. */
  queueReason: 'mediation' | 'appeal';
  /** Since when a decision is due: the appeal, else the escalation. Mediation has no deadline of its own, so the queue runs oldest due first. */
  dueAt: string;
}

export async function mediationQueue(ctx: AppContext, actor: Actor, f: { limit: number; offset: number }): Promise<MediationEntry[]> {
  if (!hasRole(actor, 'support_agent', 'admin')) throw forbidden('The mediation queue is for support agents and admins.');
  const rows = await summaryQuery(ctx)
    .where('cases.status', 'in', ['escalated', 'appealed'])
    .orderBy(sql`CASE WHEN cases.status = 'appealed' THEN disputes.appealed_at ELSE coalesce(cases.escalated_at, cases.opened_at) END`)
    .orderBy('disputes.case_id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const now = ctx.clock.now();
  return rows.map((r) => {
    const appeal = r.status === 'appealed';
    const due = (appeal ? r.appealed_at : null) ?? r.escalated_at ?? r.opened_at;
    return { ...summary(r, now), queueReason: appeal ? 'appeal' : 'mediation', dueAt: due.toISOString() };
  });
}

export { canSeeCase, DETAIL_LABELS };
