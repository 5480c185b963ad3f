import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { AffectedItem } from '../../db/tables/disputes.js';
import { DISPUTE_DETAILS, DISPUTE_TYPES, fullEvidenceFor, type DisputeDetail, type DisputeType } from '../../domain/cases/dispute.js';
import { checkClarity } from '../../domain/cases/dispute-clarity.js';
import { assess } from '../../domain/cases/dispute-matrix.js';
import { renderClaimForSeller, renderConciseClaim, type ClaimItem } from '../../domain/cases/dispute-render.js';
import { checkWeight } from '../../domain/cases/dispute-weight.js';
import type { Remedy } from '../../domain/cases/remedies.js';
import { systemActor, type Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/history.js';
import { conflict, forbidden, unprocessable } from '../../shared/errors.js';
import type { CaseRow } from '../cases/access.js';
import { moveCase, notifyParty, openCase, type CaseEnv } from '../cases/engine.js';
import { addProposal, recordResponseRequested } from '../cases/proposals.js';
import { buyerRestrictions } from '../enforcement/index.js';
import { recordDisputeOpened } from '../logistics/protection.js';
import { lockParcelOfOrder } from '../logistics/shared.js';
import { requireBuyerOf, visibleOrder } from '../orders/access.js';
import { attachEvidence, findDuplicates, type EvidenceInput } from './evidence.js';
import { carryOut, checkDisputeRemedy, lockDispute, requestMediation, threadMessage } from './flow.js';
import { buyerRecord, reportAbuse, reportDuplicates } from './record.js';
import { DISPUTE_NOTIFICATIONS as N } from './templates.js';

/**
 * Opening a dispute (seed 004 phase 1, DESIGN §1): within the dispute window after delivery, or while the protection
 * period runs for a parcel that never came, the order's buyer files a structured claim — issue type and detail, the
 * affected units, evidence (completed uploads), the scale reading, the remedy asked for and a note. In one
 * transaction the platform weighs it: the weight check, the resolution matrix's tier, the video a tier-3 claim
 * needs, a disproportionate demand, files already used in other claims, and the buyer's record (a poor record must
 * bring the full evidence set). The seller then reads the claim in Chinese and English and has the policy's business
 * days to answer; a customs confiscation goes to support instead (or is compensated at once when the parcel was
 * insured and the carrier reported the confiscation).
 */

export interface OpenDisputeInput {
  orderId: string;
  issueType: DisputeType;
  detail: DisputeDetail;
  items?: AffectedItem[];
  evidence?: EvidenceInput[];
  scaleReadingGrams?: number | null;
  remedy: Remedy;
  note?: string | null;
}

const DAY = 86_400_000;
/** Carrier event codes that say customs kept the parcel. */
export const CONFISCATION_EVENT_CODES = ['customs_confiscated', 'confiscated', 'seized_by_customs', 'customs_seized'];
const NEVER_ARRIVED = new Set(['lost_in_transit', 'customs_confiscated']);

interface Window {
  openedVia: 'delivery_window' | 'protection';
  endsAt: Date;
  deliveredAt: Date | null;
}

type ProtectionRow = { protection_ends_at: Date; ended_at: Date | null } | undefined;

async function protectionOf(db: Tx | AppContext['db'], orderId: string): Promise<ProtectionRow> {
  return db.selectFrom('order_protection').select(['protection_ends_at', 'ended_at']).where('order_id', '=', orderId).executeTakeFirst();
}

/** The window the claim is opened in: 409 with a stable code when it is closed or not yet open. */
async function windowFor(trx: Tx, order: { id: string; status: string; delivered_at: Date | null }, input: Pick<OpenDisputeInput, 'issueType' | 'detail'>, now: Date, windowDays: number): Promise<Window> {
  return checkWindow(order, () => protectionOf(trx, order.id), input, now, windowDays);
}

/**
 * The window rules themselves, with the protection row read on demand: the same function answers "may I open this
 * claim" before the form is shown (disputeOptions) and when the claim is filed.
 */
async function checkWindow(
  order: { id: string; status: string; delivered_at: Date | null },
  protection: () => Promise<ProtectionRow>,
  input: Pick<OpenDisputeInput, 'issueType' | 'detail'>,
  now: Date,
  windowDays: number,
): Promise<Window> {
  if (order.status === 'refunded' || order.status === 'cancelled') throw conflict('order_closed', `This order is ${order.status}; there is nothing left to dispute.`, { status: order.status });
  if (input.issueType === 'not_received' && NEVER_ARRIVED.has(input.detail)) {
    if (order.status === 'delivered' || order.status === 'completed') {
      throw conflict('order_delivered', 'The carrier delivered this order: open the dispute as “delivered, not received”.', { field: 'detail', status: order.status });
    }
    if (order.status !== 'shipped_international') throw conflict('not_shipped', 'The order has not left the warehouse yet; a parcel that never came is disputed once it ships.', { status: order.status });
    const p = await protection();
    if (!p || p.ended_at || p.protection_ends_at.getTime() < now.getTime()) {
      throw conflict('protection_ended', 'The protection period of this order has ended.', { protectionEndsAt: p?.protection_ends_at.toISOString() ?? null });
    }
    return { openedVia: 'protection', endsAt: p.protection_ends_at, deliveredAt: null };
  }
  if (!order.delivered_at || !(order.status === 'delivered' || order.status === 'completed')) {
    throw conflict('not_delivered', 'This order has not been delivered; a parcel still on its way is disputed as not received (lost in transit).', { status: order.status });
  }
  const endsAt = new Date(order.delivered_at.getTime() + windowDays * DAY);
  if (now.getTime() > endsAt.getTime()) {
    throw conflict('dispute_window_closed', `Disputes are opened within ${windowDays} days of delivery; this window closed on ${endsAt.toISOString()}.`, { windowEndsAt: endsAt.toISOString(), windowDays });
  }
  return { openedVia: 'delivery_window', endsAt, deliveredAt: order.delivered_at };
}

/** The affected units, checked against the order; none named means the whole order where that makes sense. */
async function affectedItems(trx: Tx, orderId: string, input: OpenDisputeInput) {
  const lines = await trx.selectFrom('order_items').select(['id', 'name', 'quantity', 'unit_price', 'status']).where('order_id', '=', orderId).orderBy('line_no').execute();
  const live = lines.filter((l) => l.status !== 'refunded' && l.status !== 'cancelled');
  let items = input.items ?? [];
  if (items.length === 0) {
    const wholeOrder = input.issueType === 'not_received' || input.detail === 'empty_parcel';
    if (!wholeOrder) throw unprocessable('items_required', 'Name the affected items and how many of each.', { field: 'items' });
    items = live.map((l) => ({ itemId: l.id, quantity: l.quantity }));
  }
  const seen = new Set<string>();
  const out: { item: (typeof lines)[number]; quantity: number }[] = [];
  for (const [i, a] of items.entries()) {
    const line = live.find((l) => l.id === a.itemId);
    if (!line) throw unprocessable('unknown_item', 'This item is not part of the order (or was refunded).', { field: `items[${i}].itemId` });
    if (seen.has(a.itemId)) throw unprocessable('duplicate_item', 'Name each item once.', { field: `items[${i}].itemId` });
    seen.add(a.itemId);
    if (a.quantity > line.quantity) throw unprocessable('quantity_exceeds_order', `The order has ${line.quantity} of this item.`, { field: `items[${i}].quantity`, ordered: line.quantity });
    out.push({ item: line, quantity: a.quantity });
  }
  if (out.length === 0) throw unprocessable('items_required', 'Nothing on this order can still be disputed.', { field: 'items' });
  return out;
}

/** What the warehouse measured of the parcel's goods, and the parcel's label weight and insurance. */
async function parcelFacts(trx: Tx, orderId: string, parcelId: string | null) {
  if (!parcelId) {
    const r = await trx.selectFrom('warehouse_receipts').select('weight_grams').where('order_id', '=', orderId).executeTakeFirst();
    return { parcel: null, warehouseGrams: r?.weight_grams ?? null, confiscationReported: false };
  }
  const parcel = await trx.selectFrom('parcels').selectAll().where('id', '=', parcelId).executeTakeFirstOrThrow();
  const w = await trx
    .selectFrom('warehouse_receipts')
    .innerJoin('parcel_orders', 'parcel_orders.order_id', 'warehouse_receipts.order_id')
    .select(sql<number | null>`sum(warehouse_receipts.weight_grams)::int`.as('grams'))
    .where('parcel_orders.parcel_id', '=', parcelId)
    .where('parcel_orders.released_at', 'is', null)
    .executeTakeFirst();
  const confiscation = await trx.selectFrom('parcel_events').select('id').where('parcel_id', '=', parcelId).where('event_code', 'in', CONFISCATION_EVENT_CODES).executeTakeFirst();
  return { parcel, warehouseGrams: w?.grams ?? null, confiscationReported: !!confiscation };
}

export async function openDispute(ctx: AppContext, trx: Tx, env: CaseEnv, actor: Actor, input: OpenDisputeInput): Promise<string> {
  const policy = env.policy.policy;
  if (!(DISPUTE_TYPES as readonly string[]).includes(input.issueType)) throw unprocessable('invalid_issue_type', 'Unknown issue type.', { field: 'issueType' });
  if (!(DISPUTE_DETAILS[input.issueType] as readonly string[]).includes(input.detail)) {
    throw unprocessable('detail_not_for_issue', `A ${input.issueType.replace(/_/g, ' ')} is one of: ${DISPUTE_DETAILS[input.issueType].join(', ')}.`, { field: 'detail', details: DISPUTE_DETAILS[input.issueType] });
  }
  // parcel → order → protection: the logistics module's lock order
  const parcelId = await lockParcelOfOrder(trx, input.orderId);
  const order = await visibleOrder(trx, actor, input.orderId, { forUpdate: true });
  requireBuyerOf(actor, order);
  const buyerId = order.buyer_id;

  const restrictions = await buyerRestrictions(trx, buyerId, env.at, policy);
  if (restrictions.claimLimitPer30Days !== null) {
    const recent = await trx.selectFrom('disputes').select(sql<number>`count(*)::int`.as('n')).where('buyer_id', '=', buyerId).where('created_at', '>', new Date(env.at.getTime() - 30 * DAY)).executeTakeFirstOrThrow();
    if (Number(recent.n) >= restrictions.claimLimitPer30Days) {
      throw forbidden(`Your account may open ${restrictions.claimLimitPer30Days} claim(s) in 30 days while a claim limit is in force.`, 'claim_limit_reached');
    }
  }
  const window = await windowFor(trx, order, input, env.at, policy.cases.disputeWindowDays);
  const open = await trx.selectFrom('disputes').select(['case_id', 'outcome']).where('order_id', '=', order.id).where('issue_type', '=', input.issueType).orderBy('created_at', 'desc').execute();
  const stillOpen = open.find((o) => o.outcome === null);
  if (stillOpen) throw conflict('dispute_already_open', 'A dispute of this kind is already open on this order.', { caseId: stillOpen.case_id });
  const settled = open.find((o) => o.outcome !== 'withdrawn');
  if (settled) throw conflict('already_disputed', 'A dispute of this kind on this order was already resolved.', { caseId: settled.case_id });

  const affected = await affectedItems(trx, order.id, input);
  const claimAmount = affected.reduce((sum, a) => sum + a.quantity * a.item.unit_price, 0);
  const requested = checkDisputeRemedy({ claim_amount: claimAmount, currency: order.currency } as CaseRow, input.remedy, { allowNoAction: false });

  const record = await buyerRecord(trx, buyerId, policy.cases.buyerRecord, env.at);
  const evidence = input.evidence ?? [];
  const kinds = evidence.map((e) => e.kind);
  if (record.poor) {
    const missing = fullEvidenceFor(input.issueType, input.detail).filter((k) => !kinds.includes(k));
    if (missing.length) {
      throw unprocessable('full_evidence_required', `Your record asks for the full evidence set for this claim; add: ${missing.map((k) => k.replace(/_/g, ' ')).join(', ')}.`, {
        field: 'evidence',
        missing,
        poorBecause: record.poorBecause,
      });
    }
  }

  const facts = await parcelFacts(trx, order.id, parcelId);
  const weight = checkWeight(
    { labelGrams: facts.parcel?.declared_weight_grams ?? null, warehouseGrams: facts.warehouseGrams, scaleGrams: input.scaleReadingGrams ?? null },
    { grams: policy.cases.weightToleranceGrams, percent: policy.cases.weightTolerancePercent },
  );
  const matrix = assess(policy.cases.resolutionMatrix, {
    type: input.issueType,
    detail: input.detail,
    insured: facts.parcel?.insured ?? null,
    requested: requested as { type: 'full_refund' | 'partial_refund' | 'replacement' | 'reshipment'; amount?: number },
    claimAmount,
    evidence: kinds,
  });
  const note = input.note?.trim() || null;
  const clarity = note ? checkClarity(note) : null;
  const claimItems: ClaimItem[] = affected.map((a) => ({ name: a.item.name, quantity: a.quantity, ordered: a.item.quantity }));
  const claimFacts = { orderRef: order.external_id, type: input.issueType, detail: input.detail, items: claimItems, evidence: kinds, weight, requested, currency: order.currency, claimAmount };
  const claimText = renderClaimForSeller({ ...claimFacts, tier: matrix.tier, weightText: weight.scaleGrams !== null ? weight.text : null, needsVideo: matrix.needsVideo });
  const flags = { tier: matrix.tier, needsVideo: matrix.needsVideo, disproportionate: matrix.disproportionate, weightShortfall: weight.supportsMissingItem, poorRecord: record.poor };

  const c = await openCase(
    trx,
    env,
    {
      type: input.issueType,
      orderId: order.id,
      orderItemId: affected.length === 1 ? affected[0].item.id : null,
      sellerId: order.seller_id,
      buyerId,
      currency: order.currency,
      claimAmount,
      reason: note,
      data: { detail: input.detail, items: affected.map((a) => ({ itemId: a.item.id, quantity: a.quantity })), remedy: requested, ...flags },
      payload: { issueType: input.issueType, detail: input.detail, remedy: requested, ...flags },
    },
    actor,
  ).catch((err: unknown) => {
    if ((err as { code?: unknown })?.code === '23505') throw conflict('dispute_already_open', 'A dispute on this item is already open.');
    throw err;
  });
  await trx.updateTable('cases').set({ requested_remedy: JSON.stringify(requested) }).where('id', '=', c.id).execute();
  const opened = { ...c, requested_remedy: requested };
  const messageId = await threadMessage(trx, opened, actor, 'buyer', note ?? '', env.at);
  await trx
    .insertInto('disputes')
    .values({
      case_id: c.id,
      order_id: order.id,
      seller_id: order.seller_id,
      buyer_id: buyerId,
      issue_type: input.issueType,
      detail: input.detail,
      items: JSON.stringify(affected.map((a) => ({ itemId: a.item.id, quantity: a.quantity }))),
      note,
      claim_message_id: messageId,
      clarity: JSON.stringify(clarity?.findings ?? []),
      parcel_id: parcelId,
      insured: facts.parcel?.insured ?? null,
      delivered_at: window.deliveredAt,
      opened_via: window.openedVia,
      window_ends_at: window.endsAt,
      label_weight_grams: weight.labelGrams,
      warehouse_weight_grams: weight.warehouseGrams,
      scale_reading_grams: weight.scaleGrams,
      weight_verdict: weight.verdict,
      weight_difference_grams: weight.differenceGrams,
      weight_tolerance_grams: weight.toleranceGrams,
      weight_supports_missing: weight.supportsMissingItem,
      matrix_key: matrix.key,
      tier: matrix.tier,
      tier_source: matrix.source,
      fitting_remedies: JSON.stringify(matrix.remedies),
      max_partial_refund: matrix.maxPartialRefund,
      video_required: matrix.videoRequired,
      needs_video: matrix.needsVideo,
      exceeds_tier: matrix.exceedsTier,
      disproportionate: matrix.disproportionate,
      poor_record_at_opening: record.poor,
      policy_version: env.policy.version,
      contest_reason: null,
      contested_at: null,
      mediator_id: null,
      decision_remedy: null,
      decision_tier: null,
      appealed_by: null,
      appealed_side: null,
      appealed_at: null,
      appeal_reason: null,
      appeal_decided_by: null,
      appeal_decided_at: null,
      appeal_remedy: null,
      appeal_decision_reason: null,
      appeal_outcome: null,
      replacement_order_id: null,
      compensation_amount: null,
      outcome: null,
      outcome_at: null,
      created_at: env.at,
      updated_at: env.at,
    })
    .execute()
    .catch((err: unknown) => {
      if ((err as { code?: unknown })?.code === '23505') throw conflict('dispute_already_open', 'A dispute of this kind is already open on this order.');
      throw err;
    });
  const rows = await attachEvidence(trx, opened, actor, 'buyer', evidence, messageId, env.at);
  await addProposal(trx, opened, { kind: 'request', party: 'buyer', authorId: actor.id, remedy: requested, reason: note, status: 'open' }, env.at);
  await recordDisputeOpened(trx, { orderId: order.id, at: env.at, caseId: c.id });

  const duplicates = await findDuplicates(trx, opened, rows, env.at);
  if (duplicates.length) await reportDuplicates(ctx, trx, opened, duplicates, policy.cases.buyerRecord, env.at);
  if (matrix.disproportionate) await reportDisproportionate(ctx, trx, opened, record.disproportionateDemands + 1, policy.cases.buyerRecord.reportDisproportionateDemands, { tier: matrix.tier, key: matrix.key, requested }, env.at);

  const concise = renderConciseClaim(claimFacts);
  if (input.detail === 'customs_confiscated') {
    const d = await lockDispute(trx, c.id);
    if (facts.parcel?.insured && facts.confiscationReported) {
      // Insured, and the carrier reported the confiscation: the insurance compensates at once, the seller is not asked.
      const remedy: Remedy = { type: 'full_refund' };
      const agreed = await moveCase(trx, env, opened, 'compensate_confiscation', systemActor, {
        patch: { agreed_remedy: JSON.stringify(remedy), agreed_at: env.at },
        data: { remedy, parcelId, insured: true },
        outbox: { type: 'dispute.agreed', payload: { remedy, insuredConfiscation: true } },
      });
      await carryOut(trx, env, agreed, d, systemActor, 'other');
    } else {
      await requestMediation(trx, env, opened, d, systemActor, facts.parcel?.insured ? 'Customs confiscation of an insured parcel, to verify.' : 'Customs confiscation of an uninsured parcel.', 'refer_to_support');
    }
    return c.id;
  }
  await recordResponseRequested(trx, env, opened);
  await notifyParty(trx, opened, 'seller', N.opened, env.at, {
    orderRef: order.external_id,
    issueType: input.issueType,
    claim: claimText,
    concise,
    tier: matrix.tier,
    deadlineAt: c.deadline_at?.toISOString() ?? null,
  });
  return c.id;
}

/** Every disproportionate demand is proposed to enforcement; repeated ones are serious abuse. */
async function reportDisproportionate(ctx: AppContext, trx: Tx, c: CaseRow, count: number, seriousAt: number, facts: { tier: number; key: string; requested: Remedy }, at: Date): Promise<void> {
  await reportAbuse(
    ctx,
    trx,
    {
      buyerId: c.buyer_id,
      caseId: c.id,
      rule: 'disproportionate_demand',
      dedupeKey: `disproportionate_demand:${c.id}`,
      summary: `A ${facts.requested.type.replace(/_/g, ' ')} was demanded for a tier-${facts.tier} issue (${facts.key})${count >= seriousAt ? `; ${count} such demands in the record window` : ''}.`,
      evidence: { caseId: c.id, orderId: c.order_id, tier: facts.tier, matrixKey: facts.key, requested: facts.requested, demandsInWindow: count },
      serious: count >= seriousAt,
    },
    at,
  );
}

// ---- before opening: what the buyer may claim on an order now ---------------------------------------------------

export interface DisputeOptionDetail {
  detail: DisputeDetail;
  allowed: boolean;
  /** Why not, as the opening would say it (`dispute_window_closed`, `protection_ended`, `dispute_already_open`…). */
  reason: string | null;
  message: string | null;
  openedVia: Window['openedVia'] | null;
  endsAt: string | null;
}

export interface DisputeOptions {
  orderId: string;
  orderRef: string;
  status: string;
  currency: string;
  canOpen: boolean;
  windowDays: number;
  deliveredAt: string | null;
  windowEndsAt: string | null;
  protectionEndsAt: string | null;
  issueTypes: { type: DisputeType; allowed: boolean; openCaseId: string | null; details: DisputeOptionDetail[] }[];
  items: { itemId: string; name: string; sku: string | null; quantity: number; unitPrice: number }[];
  disputes: { id: string; type: DisputeType; outcome: string | null }[];
}

/**
 * What the order's buyer may claim now, per issue type and detail, with the reason when not: the same window and
 * duplicate rules as opening, so the console offers "Open a dispute" only while the API would accept one.
 */
export async function disputeOptions(ctx: AppContext, actor: Actor, orderId: string, windowDays: number): Promise<DisputeOptions> {
  const order = await visibleOrder(ctx.db, actor, orderId);
  requireBuyerOf(actor, order);
  const now = ctx.clock.now();
  const [protection, existing, lines] = await Promise.all([
    protectionOf(ctx.db, order.id),
    ctx.db.selectFrom('disputes').select(['case_id', 'issue_type', 'outcome']).where('order_id', '=', order.id).orderBy('created_at', 'desc').execute(),
    ctx.db.selectFrom('order_items').select(['id', 'name', 'sku', 'quantity', 'unit_price', 'status']).where('order_id', '=', order.id).orderBy('line_no').execute(),
  ]);
  const issueTypes = [];
  for (const type of DISPUTE_TYPES) {
    const mine = existing.filter((d) => d.issue_type === type);
    const stillOpen = mine.find((d) => d.outcome === null);
    const settled = mine.find((d) => d.outcome !== null && d.outcome !== 'withdrawn');
    const details: DisputeOptionDetail[] = [];
    for (const detail of DISPUTE_DETAILS[type] as readonly DisputeDetail[]) {
      try {
        if (stillOpen) throw conflict('dispute_already_open', 'A dispute of this kind is already open on this order.');
        if (settled) throw conflict('already_disputed', 'A dispute of this kind on this order was already resolved.');
        const w = await checkWindow(order, async () => protection, { issueType: type, detail }, now, windowDays);
        details.push({ detail, allowed: true, reason: null, message: null, openedVia: w.openedVia, endsAt: w.endsAt.toISOString() });
      } catch (err) {
        const e = err as { code?: string; message?: string; status?: number };
        if (!e.code || e.status !== 409) throw err;
        details.push({ detail, allowed: false, reason: e.code, message: e.message ?? null, openedVia: null, endsAt: null });
      }
    }
    issueTypes.push({ type, allowed: details.some((d) => d.allowed), openCaseId: stillOpen?.case_id ?? null, details });
  }
  const windowEndsAt = order.delivered_at ? new Date(order.delivered_at.getTime() + windowDays * DAY).toISOString() : null;
  return {
    orderId: order.id,
    orderRef: order.external_id,
    status: order.status,
    currency: order.currency,
    canOpen: issueTypes.some((t) => t.allowed),
    windowDays,
    deliveredAt: order.delivered_at?.toISOString() ?? null,
    windowEndsAt,
    protectionEndsAt: protection && !protection.ended_at ? protection.protection_ends_at.toISOString() : null,
    issueTypes,
    items: lines.filter((l) => l.status !== 'refunded' && l.status !== 'cancelled').map((l) => ({ itemId: l.id, name: l.name, sku: l.sku, quantity: l.quantity, unitPrice: l.unit_price })),
    disputes: existing.map((d) => ({ id: d.case_id, type: d.issue_type, outcome: d.outcome })),
  };
}
