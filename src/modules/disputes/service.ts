import type { AppContext } from '../../context.js';
import {
  ALL_DISPUTE_DETAILS,
  BUYER_EVIDENCE_KINDS,
  DISPUTE_DETAILS,
  DISPUTE_TYPES,
  FULL_EVIDENCE,
  SELLER_EVIDENCE_KINDS,
  fullEvidenceFor,
  isDisputeType,
  parcelArrived,
  type DisputeDetail,
  type DisputeType,
  type EvidenceKind,
} from '../../domain/cases/dispute.js';
import { checkClarity, type ClarityResult } from '../../domain/cases/dispute-clarity.js';
import { DETAIL_LABELS, EVIDENCE_KIND_LABELS, ISSUE_TYPE_LABELS } from '../../domain/cases/dispute-labels.js';
import { matrixKey, tierOf } from '../../domain/cases/dispute-matrix.js';
import type { MatrixRemedy, Tier } from '../../domain/cases/dispute-policy.js';
import { renderConciseClaim, renderTier } from '../../domain/cases/dispute-render.js';
import type { Bilingual } from '../../domain/cases/render.js';
import type { Remedy } from '../../domain/cases/remedies.js';
import type { AffectedItem, UploadKind } from '../../db/tables/disputes.js';
import type { Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/history.js';
import { notFound, unprocessable } from '../../shared/errors.js';
import { visibleCase, type CaseRow } from '../cases/access.js';
import { commandEnv, type CaseEnv } from '../cases/engine.js';
import { requireBuyerOf, visibleOrder } from '../orders/access.js';
import { activePolicy } from '../policy/service.js';
import { FILES_FOR_KIND, type EvidenceInput } from './evidence.js';
import * as flow from './flow.js';
import { disputeOptions, openDispute, type DisputeOptions, type OpenDisputeInput } from './opening.js';
import { getBuyerRecord } from './record.js';
import { getDisputeView, type DisputeView } from './views.js';

/**
 * The dispute commands: each authorises (a dispute the actor may not see is a 404), locks the case and its dispute
 * row, lets the flow carry the move out in one transaction, and answers with the dispute page as the actor sees it.
 */

async function onDispute(ctx: AppContext, actor: Actor, caseId: string, fn: (trx: Tx, env: CaseEnv, c: CaseRow, d: flow.DisputeRow) => Promise<void>): Promise<DisputeView> {
  const env = await commandEnv(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const c = await visibleCase(trx, actor, caseId, { forUpdate: true }).catch((err: unknown) => {
      throw (err as { code?: string }).code === 'not_found' ? notFound('Dispute') : err;
    });
    if (!isDisputeType(c.type)) throw notFound('Dispute');
    const d = await flow.lockDispute(trx, c.id);
    await fn(trx, env, c, d);
  });
  return getDisputeView(ctx, actor, caseId);
}

export async function open(ctx: AppContext, actor: Actor, input: OpenDisputeInput): Promise<DisputeView> {
  const env = await commandEnv(ctx);
  const id = await ctx.db.transaction().execute((trx) => openDispute(ctx, trx, env, actor, input));
  return getDisputeView(ctx, actor, id);
}

export async function view(ctx: AppContext, actor: Actor, caseId: string): Promise<DisputeView> {
  return getDisputeView(ctx, actor, caseId).catch((err: unknown) => {
    if ((err as { code?: string }).code === 'not_found') throw notFound('Dispute');
    throw err;
  });
}

export function respond(ctx: AppContext, actor: Actor, caseId: string, answer: flow.SellerAnswer) {
  return onDispute(ctx, actor, caseId, (trx, env, c, d) => flow.respond(trx, env, c, d, actor, answer));
}

export function acceptOffer(ctx: AppContext, actor: Actor, caseId: string) {
  return onDispute(ctx, actor, caseId, (trx, env, c, d) => flow.acceptOffer(trx, env, c, d, actor));
}

export function withdraw(ctx: AppContext, actor: Actor, caseId: string, input: { reason?: string }) {
  return onDispute(ctx, actor, caseId, (trx, env, c, d) => flow.withdraw(trx, env, c, d, actor, input.reason?.trim() || null));
}

export function requestMediation(ctx: AppContext, actor: Actor, caseId: string, input: { reason?: string }) {
  return onDispute(ctx, actor, caseId, (trx, env, c, d) => flow.requestMediation(trx, env, c, d, actor, input.reason?.trim() || null));
}

export function decide(ctx: AppContext, actor: Actor, caseId: string, input: { remedy: Remedy; reason: string; tier?: 1 | 2 | 3 }) {
  return onDispute(ctx, actor, caseId, (trx, env, c, d) => flow.decide(trx, env, c, d, actor, input));
}

export function appeal(ctx: AppContext, actor: Actor, caseId: string, input: { reason: string }) {
  return onDispute(ctx, actor, caseId, (trx, env, c, d) => flow.appeal(trx, env, c, d, actor, input.reason));
}

export function decideAppeal(ctx: AppContext, actor: Actor, caseId: string, input: { remedy: Remedy; reason: string }) {
  return onDispute(ctx, actor, caseId, (trx, env, c, d) => flow.decideAppeal(trx, env, c, d, actor, input));
}

export function addEvidence(ctx: AppContext, actor: Actor, caseId: string, input: { evidence: EvidenceInput[]; note?: string }) {
  return onDispute(ctx, actor, caseId, async (trx, env, c, d) => {
    const side = actor.kind === 'user' && actor.id === c.buyer_id ? 'buyer' : actor.memberships.some((m) => m.sellerId === c.seller_id) ? 'seller' : null;
    if (!side) throw unprocessable('not_a_party', 'Evidence comes from the buyer or the seller.', { field: 'evidence' });
    await flow.addEvidence(trx, env, c, d, actor, side, { evidence: input.evidence, note: input.note ?? null });
  });
}

/** What the buyer may claim on an order now (the console's "Open a dispute" and its choices). */
export async function options(ctx: AppContext, actor: Actor, orderId: string): Promise<DisputeOptions> {
  const { policy } = await activePolicy(ctx);
  return disputeOptions(ctx, actor, orderId, policy.cases.disputeWindowDays);
}

export async function buyerRecordOf(ctx: AppContext, actor: Actor, buyerId: string) {
  const { policy } = await activePolicy(ctx);
  return getBuyerRecord(ctx, actor, buyerId, policy);
}

// ---- before opening: the clarity check and the guide ------------------------------------------------------------

export interface ClarityCheckInput {
  note: string;
  orderId?: string;
  issueType?: DisputeType;
  detail?: DisputeDetail;
  items?: AffectedItem[];
  remedy?: Remedy;
  evidenceKinds?: EvidenceKind[];
  scaleReadingGrams?: number;
}

export interface ClarityCheckResult extends ClarityResult {
  /** The claim built from its fields, when they were given: what to send instead of long or emotional text. */
  concise: Bilingual | null;
}

/**
 * Checks a claim's free text before it is sent; with the claim's fields (the order, issue, items, remedy) it also
 * returns the concise version the seller will read, in English and Chinese.
 */
export async function clarityCheck(ctx: AppContext, actor: Actor, input: ClarityCheckInput): Promise<ClarityCheckResult> {
  const result = checkClarity(input.note);
  if (!input.orderId || !input.issueType || !input.detail || !input.remedy) return { ...result, concise: null };
  if (!(DISPUTE_DETAILS[input.issueType] as readonly string[]).includes(input.detail)) throw unprocessable('detail_not_for_issue', 'This detail does not belong to the issue type.', { field: 'detail' });
  const order = await visibleOrder(ctx.db, actor, input.orderId);
  requireBuyerOf(actor, order);
  const lines = await ctx.db.selectFrom('order_items').select(['id', 'name', 'quantity', 'unit_price']).where('order_id', '=', order.id).orderBy('line_no').execute();
  const chosen = input.items?.length ? input.items : lines.map((l) => ({ itemId: l.id, quantity: l.quantity }));
  const items = chosen.flatMap((a) => {
    const l = lines.find((x) => x.id === a.itemId);
    return l ? [{ name: l.name, quantity: Math.min(a.quantity, l.quantity), ordered: l.quantity, value: Math.min(a.quantity, l.quantity) * l.unit_price }] : [];
  });
  const concise = renderConciseClaim({
    orderRef: order.external_id,
    type: input.issueType,
    detail: input.detail,
    items,
    evidence: input.evidenceKinds ?? [],
    weight: input.scaleReadingGrams ? { scaleGrams: input.scaleReadingGrams, labelGrams: null, referenceGrams: null, reference: null } : null,
    requested: input.remedy,
    currency: order.currency,
    claimAmount: items.reduce((s, i) => s + i.value, 0),
  });
  return { ...result, concise };
}

export interface GuideDetail {
  detail: DisputeDetail;
  label: Bilingual;
  tier: Tier;
  /** For a customs confiscation, the tier when the parcel was not insured. */
  uninsuredTier: Tier | null;
  tierText: Bilingual;
  remedies: MatrixRemedy[];
  maxPartialRefundPercent: number;
  videoRequired: boolean;
  fullEvidence: EvidenceKind[];
}

export interface DisputeGuide {
  windowDays: number;
  sellerResponseBusinessDays: number;
  appealDays: number;
  weightTolerance: { grams: number; percent: number };
  issueTypes: { type: DisputeType; label: Bilingual; parcelArrived: boolean; fullEvidence: EvidenceKind[]; details: GuideDetail[] }[];
  evidenceKinds: { kind: EvidenceKind; label: Bilingual; side: ('buyer' | 'seller')[]; files: UploadKind[] }[];
}

/** What the console guides the buyer with, from the policy in force: the matrix per issue and the evidence it asks for. */
export async function guide(ctx: AppContext): Promise<DisputeGuide> {
  const { policy } = await activePolicy(ctx);
  const m = policy.cases.resolutionMatrix;
  const detailOf = (type: DisputeType, detail: DisputeDetail): GuideDetail => {
    const { tier } = tierOf(m, matrixKey(type, detail, true));
    const t = m.tiers[String(tier) as '1' | '2' | '3'];
    return {
      detail,
      label: DETAIL_LABELS[detail],
      tier,
      uninsuredTier: detail === 'customs_confiscated' ? tierOf(m, matrixKey(type, detail, false)).tier : null,
      tierText: renderTier(tier),
      remedies: [...t.remedies],
      maxPartialRefundPercent: t.maxPartialRefundPercent,
      videoRequired: t.videoRequired && parcelArrived(type),
      fullEvidence: [...fullEvidenceFor(type, detail)],
    };
  };
  return {
    windowDays: policy.cases.disputeWindowDays,
    sellerResponseBusinessDays: policy.cases.sellerResponseBusinessDays,
    appealDays: policy.cases.mediationAppealDays,
    weightTolerance: { grams: policy.cases.weightToleranceGrams, percent: policy.cases.weightTolerancePercent },
    issueTypes: DISPUTE_TYPES.map((type) => ({
      type,
      label: ISSUE_TYPE_LABELS[type],
      parcelArrived: parcelArrived(type),
      fullEvidence: [...FULL_EVIDENCE[type]],
      details: (DISPUTE_DETAILS[type] as readonly DisputeDetail[]).map((d) => detailOf(type, d)),
    })),
    evidenceKinds: [...new Set<EvidenceKind>([...BUYER_EVIDENCE_KINDS, ...SELLER_EVIDENCE_KINDS])].map((kind) => ({
      kind,
      label: EVIDENCE_KIND_LABELS[kind],
      side: [...((BUYER_EVIDENCE_KINDS as readonly string[]).includes(kind) ? (['buyer'] as const) : []), ...((SELLER_EVIDENCE_KINDS as readonly string[]).includes(kind) ? (['seller'] as const) : [])],
      files: FILES_FOR_KIND[kind],
    })),
  };
}

export { ALL_DISPUTE_DETAILS };
