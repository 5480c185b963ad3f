import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DisputeTables } from '../../db/tables/disputes.js';
import { addBusinessDays } from '../../domain/calendar/business-days.js';
import { CONTEST_REASONS, DISPUTE_REMEDY_TYPES, outcomeOf, type ContestReason, type DisputeEvent, type DisputeOutcome } from '../../domain/cases/dispute.js';
import { renderRemedy, type Bilingual } from '../../domain/cases/render.js';
import { normalizeRemedy, owedToBuyer, refundAmount, remedyProblem, sameRemedy, type Remedy } from '../../domain/cases/remedies.js';
import { orderItemMachine, orderMachine } from '../../domain/orders.js';
import { systemActor, type Actor } from '../../platform/actor.js';
import { appendHistory, enqueueOutbox, type Tx } from '../../platform/history.js';
import { applyTransition } from '../../platform/transition.js';
import { conflict, forbidden, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { caseActor, type CaseRow } from '../cases/access.js';
import { assertMove, caseRefundTotals, closeIfSettled, moveCase, notifyParty, registerCaseFlow, taskEnv, type CaseEnv } from '../cases/engine.js';
import { lockOrder, moveItem, settleOrderStatus } from '../cases/order-effects.js';
import { addProposal, answerOpenProposals, openProposal, recordSellerResponse } from '../cases/proposals.js';
import { recordDisputeClosed } from '../logistics/protection.js';
import { requestRefund } from '../refunds/service.js';
import { attachEvidence, findDuplicates, type EvidenceInput } from './evidence.js';
import { reportDuplicates } from './record.js';
import { DISPUTE_NOTIFICATIONS as N } from './templates.js';

/**
 * What the moves of a dispute mean (src/domain/cases/dispute.ts has the table). Each function gets the case and its
 * dispute row locked by the caller, inside the caller's transaction, and leaves the case in its next state with the
 * money, the replacement order, the outbox and the notifications that go with it.
 */

export type DisputeRow = Selectable<DisputeTables['disputes']>;

export async function lockDispute(trx: Tx, caseId: string): Promise<DisputeRow> {
  return trx.selectFrom('disputes').selectAll().where('case_id', '=', caseId).forUpdate().executeTakeFirstOrThrow();
}

export const remedyText = (c: CaseRow, r: Remedy | null): Bilingual | null => (r ? renderRemedy(r, { currency: c.currency, claimAmount: c.claim_amount }) : null);

async function orderRef(trx: Tx, orderId: string): Promise<string> {
  const o = await trx.selectFrom('orders').select('external_id').where('id', '=', orderId).executeTakeFirst();
  return o?.external_id ?? orderId;
}

/** A remedy a dispute can end in, within the affected goods' value. */
export function checkDisputeRemedy(c: CaseRow, remedy: Remedy, options: { allowNoAction: boolean; field?: string }): Remedy {
  const field = options.field ?? 'remedy';
  const r = normalizeRemedy(remedy);
  const possible: readonly string[] = options.allowNoAction ? DISPUTE_REMEDY_TYPES : DISPUTE_REMEDY_TYPES.filter((t) => t !== 'no_action');
  if (!possible.includes(r.type)) {
    throw unprocessable('remedy_not_possible', `A dispute ends in ${possible.join(', ')}.`, { field: `${field}.type`, possible });
  }
  const problem = remedyProblem(r, c.claim_amount);
  if (problem) throw unprocessable(problem.code, problem.message, { field: `${field}.amount`, claimAmount: c.claim_amount, currency: c.currency });
  return r;
}

/** Inserts a thread message for the case (the claim, a contest, new evidence) and returns its id. */
export async function threadMessage(trx: Tx, c: CaseRow, actor: Actor, role: string, body: string, at: Date): Promise<string> {
  const id = newId('msg', at.getTime());
  await trx.insertInto('case_messages').values({ id, case_id: c.id, seller_id: c.seller_id, author_id: actor.id, author_role: role, body, created_at: at }).execute();
  return id;
}

async function notifyBoth(trx: Tx, c: CaseRow, eventType: string, at: Date, data: Record<string, unknown>): Promise<void> {
  await notifyParty(trx, c, 'buyer', eventType, at, data);
  await notifyParty(trx, c, 'seller', eventType, at, data);
}

// ---- the seller's answer -----------------------------------------------------------------------------------------

export type SellerAnswer =
  | { action: 'accept'; note?: string | null }
  | { action: 'offer'; remedy: Remedy; note?: string | null }
  | { action: 'contest'; reasonCode: ContestReason; reason?: string | null; evidence?: EvidenceInput[] };

export async function respond(trx: Tx, env: CaseEnv, c: CaseRow, d: DisputeRow, actor: Actor, answer: SellerAnswer): Promise<void> {
  const requested = c.requested_remedy;
  const ref = await orderRef(trx, c.order_id);
  if (answer.action === 'accept') {
    const moved = await moveCase(trx, env, c, 'accept_claim', actor, {
      reason: answer.note ?? null,
      patch: { agreed_remedy: JSON.stringify(requested), agreed_via: 'seller_accepted', agreed_at: env.at },
      data: { response: 'accepted', remedy: requested },
      outbox: { type: 'dispute.seller_responded', payload: { response: 'accepted', remedy: requested } },
    });
    await answerOpenProposals(trx, moved, 'accepted', env.at, ['request']);
    await recordSellerResponse(trx, moved, 'accepted', env.at);
    await carryOut(trx, env, moved, d, actor, 'other');
    return;
  }
  if (answer.action === 'offer') {
    assertMove(c, 'offer_remedy', actor);
    const remedy = checkDisputeRemedy(c, answer.remedy, { allowNoAction: false });
    if (sameRemedy(remedy, requested)) throw unprocessable('offer_same_as_claim', 'This is what the buyer asked for: accept the claim instead.', { field: 'remedy' });
    const moved = await moveCase(trx, env, c, 'offer_remedy', actor, {
      reason: answer.note ?? null,
      data: { response: 'offered', remedy },
      outbox: { type: 'dispute.seller_responded', payload: { response: 'offered', remedy } },
    });
    await answerOpenProposals(trx, moved, 'rejected', env.at, ['request']);
    await addProposal(trx, moved, { kind: 'counter', party: 'seller', authorId: actor.id, remedy, reason: answer.note ?? null, status: 'open' }, env.at);
    await recordSellerResponse(trx, moved, 'countered', env.at);
    await notifyParty(trx, moved, 'buyer', N.offerMade, env.at, { orderRef: ref, remedy: remedyText(moved, remedy), deadlineAt: moved.deadline_at?.toISOString() ?? null });
    return;
  }
  assertMove(c, 'contest', actor);
  if (!(CONTEST_REASONS as readonly string[]).includes(answer.reasonCode)) throw unprocessable('invalid_reason', 'Choose one of the listed reasons.', { field: 'reasonCode' });
  if (answer.reasonCode === 'other' && !answer.reason?.trim()) throw unprocessable('reason_required', 'Say why in a few words when the reason is “other”.', { field: 'reason' });
  // the files go in the thread; the reason is the refusal's, shown once
  if (answer.evidence?.length) await addEvidence(trx, env, c, d, actor, 'seller', { evidence: answer.evidence, note: null }, { notify: false });
  const moved = await moveCase(trx, env, c, 'contest', actor, {
    reason: answer.reason ?? null,
    data: { response: 'contested', reasonCode: answer.reasonCode, evidence: answer.evidence?.length ?? 0 },
    outbox: { type: 'dispute.seller_responded', payload: { response: 'contested', reasonCode: answer.reasonCode, reason: answer.reason ?? null } },
  });
  await trx.updateTable('disputes').set({ contest_reason: answer.reasonCode, contested_at: env.at, updated_at: env.at }).where('case_id', '=', c.id).execute();
  await answerOpenProposals(trx, moved, 'rejected', env.at, ['request']);
  await addProposal(trx, moved, { kind: 'refusal', party: 'seller', authorId: actor.id, remedy: null, reasonCode: answer.reasonCode, reason: answer.reason ?? null, status: 'final' }, env.at);
  await recordSellerResponse(trx, moved, 'refused', env.at);
  await notifyParty(trx, moved, 'buyer', N.contested, env.at, { orderRef: ref, reasonCode: answer.reasonCode, reason: answer.reason ?? null, deadlineAt: moved.deadline_at?.toISOString() ?? null });
}

// ---- evidence added later ------------------------------------------------------------------------------------------

/**
 * A party adds evidence to an open dispute (the buyer's missing video, the seller's packing photos), with a short
 * note in the thread. The buyer may give the scale reading again; the flags follow.
 */
export async function addEvidence(
  trx: Tx,
  env: CaseEnv,
  c: CaseRow,
  d: DisputeRow,
  actor: Actor,
  side: 'buyer' | 'seller',
  input: { evidence: EvidenceInput[]; note?: string | null },
  options: { notify?: boolean } = {},
): Promise<void> {
  if (c.resolved_at || c.status === 'agreed') throw conflict('dispute_resolved', 'The dispute is already resolved; evidence can no longer change it.');
  if (input.evidence.length === 0) throw unprocessable('evidence_required', 'Attach at least one file.', { field: 'evidence' });
  const messageId = await threadMessage(trx, c, actor, side, input.note?.trim() ?? '', env.at);
  const rows = await attachEvidence(trx, c, actor, side, input.evidence, messageId, env.at);
  await appendHistory(trx, { entityType: 'dispute_case', entityId: c.id, event: 'add_evidence', from: c.status, to: c.status, actor, data: { side, count: rows.length, kinds: rows.map((r) => r.kind), messageId }, sellerId: c.seller_id, at: env.at });
  if (side === 'buyer') {
    if (d.needs_video && rows.some((r) => r.kind === 'unboxing_video')) {
      await trx.updateTable('disputes').set({ needs_video: false, updated_at: env.at }).where('case_id', '=', c.id).execute();
    }
    const dups = await findDuplicates(trx, c, rows, env.at);
    if (dups.length) await reportDuplicates(env.ctx, trx, c, dups, env.policy.policy.cases.buyerRecord, env.at);
  }
  await enqueueOutbox(trx, { type: 'dispute.evidence_added', entityType: 'case', entityId: c.id, sellerId: c.seller_id, payload: { caseId: c.id, side, count: rows.length, kinds: rows.map((r) => r.kind) }, at: env.at });
  if (options.notify !== false) {
    await notifyParty(trx, c, side === 'buyer' ? 'seller' : 'buyer', N.evidenceAdded, env.at, { orderRef: await orderRef(trx, c.order_id), side, count: rows.length }, { email: false });
  }
}

// ---- the buyer's reply ---------------------------------------------------------------------------------------------

export async function acceptOffer(trx: Tx, env: CaseEnv, c: CaseRow, d: DisputeRow, actor: Actor): Promise<void> {
  assertMove(c, 'accept_offer', actor);
  const offer = await openProposal(trx, c, 'counter');
  if (!offer?.remedy) throw conflict('no_open_offer', 'There is no offer to accept.');
  const moved = await moveCase(trx, env, c, 'accept_offer', actor, {
    patch: { agreed_remedy: JSON.stringify(offer.remedy), agreed_via: 'counter_accepted', agreed_at: env.at },
    data: { remedy: offer.remedy, proposalId: offer.id },
    outbox: { type: 'dispute.offer_accepted', payload: { remedy: offer.remedy } },
  });
  await answerOpenProposals(trx, moved, 'accepted', env.at, ['counter']);
  await carryOut(trx, env, moved, d, actor, 'other');
}

/** The buyer drops the claim: nothing is owed, the record counts it as withdrawn. */
export async function withdraw(trx: Tx, env: CaseEnv, c: CaseRow, d: DisputeRow, actor: Actor, reason: string | null): Promise<void> {
  const remedy: Remedy = { type: 'no_action' };
  const moved = await moveCase(trx, env, c, 'withdraw', actor, {
    reason,
    patch: { agreed_remedy: JSON.stringify(remedy), agreed_via: 'buyer_accepted_as_is', agreed_at: env.at },
    data: { remedy },
    outbox: { type: 'dispute.withdrawn', payload: { reason } },
  });
  await answerOpenProposals(trx, moved, 'superseded', env.at);
  await carryOut(trx, env, moved, d, actor, 'withdrawn');
}

export async function requestMediation(trx: Tx, env: CaseEnv, c: CaseRow, d: DisputeRow, actor: Actor, reason: string | null, event: 'request_mediation' | 'mediation_on_silence' | 'refer_to_support' = 'request_mediation'): Promise<void> {
  const moved = await moveCase(trx, env, c, event, actor, {
    reason,
    patch: { escalated_at: env.at, escalated_by: actor.id, escalation_reason: reason },
    data: { by: event === 'request_mediation' ? (caseActor(actor, c).roles[0] ?? 'unknown') : event === 'refer_to_support' ? 'confiscation' : 'deadline' },
    outbox: { type: 'dispute.escalated', payload: { reason, onSilence: event === 'mediation_on_silence', confiscation: event === 'refer_to_support', tier: d.tier } },
  });
  await answerOpenProposals(trx, moved, 'rejected', env.at, ['counter']);
  const ref = await orderRef(trx, c.order_id);
  if (event === 'refer_to_support') {
    await notifyParty(trx, moved, 'support', N.confiscationToVerify, env.at, { orderRef: ref, insured: d.insured });
  } else {
    await notifyParty(trx, moved, 'support', N.escalated, env.at, { orderRef: ref, tier: d.tier, reason, onSilence: event === 'mediation_on_silence' });
  }
}

// ---- mediation and the one appeal ------------------------------------------------------------------------------------

export async function decide(trx: Tx, env: CaseEnv, c: CaseRow, d: DisputeRow, actor: Actor, input: { remedy: Remedy; reason: string; tier?: 1 | 2 | 3 }): Promise<void> {
  assertMove(c, 'decide_mediation', actor);
  const remedy = checkDisputeRemedy(c, input.remedy, { allowNoAction: true });
  const moved = await moveCase(trx, env, c, 'decide_mediation', actor, {
    reason: input.reason,
    patch: { decided_at: env.at, decided_by: actor.id, decision_reason: input.reason },
    data: { remedy, tier: input.tier ?? d.tier, recommendedTier: d.tier },
    outbox: { type: 'dispute.decided', payload: { remedy, reason: input.reason, tier: input.tier ?? d.tier, appealUntil: null } },
  });
  await trx
    .updateTable('disputes')
    .set({ mediator_id: actor.id, decision_remedy: JSON.stringify(remedy), decision_tier: input.tier ?? d.tier, updated_at: env.at })
    .where('case_id', '=', c.id)
    .execute();
  await addProposal(trx, moved, { kind: 'decision', party: 'support', authorId: actor.id, remedy, reason: input.reason, status: 'final' }, env.at);
  await notifyBoth(trx, moved, N.decided, env.at, { orderRef: await orderRef(trx, c.order_id), remedy: remedyText(moved, remedy), reason: input.reason, appealUntil: moved.deadline_at?.toISOString() ?? null });
}

/** Either side appeals the decision, once, within the window (the state's deadline). */
export async function appeal(trx: Tx, env: CaseEnv, c: CaseRow, d: DisputeRow, actor: Actor, reason: string): Promise<void> {
  if (d.appealed_at) throw conflict('already_appealed', 'This decision was already appealed; the appeal decision is final.', { appealedBy: d.appealed_side });
  assertMove(c, 'appeal', actor);
  const side = caseActor(actor, c).roles.includes('buyer') ? 'buyer' : 'seller';
  const moved = await moveCase(trx, env, c, 'appeal', actor, {
    reason,
    data: { side },
    outbox: { type: 'dispute.appealed', payload: { side, reason, mediatorId: d.mediator_id } },
  });
  await trx.updateTable('disputes').set({ appealed_by: actor.id, appealed_side: side, appealed_at: env.at, appeal_reason: reason, updated_at: env.at }).where('case_id', '=', c.id).execute();
  const data = { orderRef: await orderRef(trx, c.order_id), side, reason };
  await notifyParty(trx, moved, 'support', N.appealed, env.at, data);
  await notifyParty(trx, moved, side === 'buyer' ? 'seller' : 'buyer', N.appealed, env.at, data, { email: false });
}

export async function decideAppeal(trx: Tx, env: CaseEnv, c: CaseRow, d: DisputeRow, actor: Actor, input: { remedy: Remedy; reason: string }): Promise<void> {
  assertMove(c, 'decide_appeal', actor);
  if (actor.id !== null && actor.id === d.mediator_id) {
    throw forbidden('An appeal is decided by another agent than the one who decided the mediation.', 'appeal_needs_another_agent');
  }
  const remedy = checkDisputeRemedy(c, input.remedy, { allowNoAction: true });
  const outcome = sameRemedy(remedy, d.decision_remedy) ? 'upheld' : 'changed';
  const moved = await moveCase(trx, env, c, 'decide_appeal', actor, {
    reason: input.reason,
    patch: { agreed_remedy: JSON.stringify(remedy), agreed_via: 'mediation', agreed_at: env.at },
    data: { remedy, outcome, mediatorId: d.mediator_id },
    outbox: { type: 'dispute.appeal_decided', payload: { remedy, reason: input.reason, outcome } },
  });
  await trx
    .updateTable('disputes')
    .set({ appeal_decided_by: actor.id, appeal_decided_at: env.at, appeal_remedy: JSON.stringify(remedy), appeal_decision_reason: input.reason, appeal_outcome: outcome, updated_at: env.at })
    .where('case_id', '=', c.id)
    .execute();
  await addProposal(trx, moved, { kind: 'decision', party: 'support', authorId: actor.id, remedy, reason: input.reason, status: 'final' }, env.at);
  await notifyBoth(trx, moved, N.appealDecided, env.at, { orderRef: await orderRef(trx, c.order_id), remedy: remedyText(moved, remedy), reason: input.reason, outcome });
  await carryOut(trx, env, moved, await lockDispute(trx, c.id), actor, 'other');
}

// ---- carrying out what was agreed ----------------------------------------------------------------------------------

type How = 'withdrawn' | 'compensated' | 'other';

/** From `agreed`: the system carries the remedy out at once (a refund, a replacement order, or nothing). */
export async function carryOut(trx: Tx, env: CaseEnv, c: CaseRow, d: DisputeRow, actor: Actor, how: How): Promise<void> {
  const remedy = c.agreed_remedy;
  if (!remedy) throw new Error(`dispute ${c.id} agreed without a remedy`);
  // A full refund of an insured parcel confiscated by customs is the insurance's compensation, per the policy.
  if (how === 'other' && remedy.type === 'full_refund' && isInsuredConfiscation(d)) how = 'compensated';
  const ref = await orderRef(trx, c.order_id);
  await enqueueOutbox(trx, {
    type: 'dispute.agreed',
    entityType: 'case',
    entityId: c.id,
    sellerId: c.seller_id,
    payload: { id: c.id, type: c.type, orderId: c.order_id, remedy, via: c.agreed_via, how, claimAmount: c.claim_amount, currency: c.currency },
    at: env.at,
  });
  if (how !== 'withdrawn' && c.agreed_via !== 'mediation') await notifyBoth(trx, c, N.agreed, env.at, { orderRef: ref, remedy: remedyText(c, remedy) });
  await lockOrder(trx, c.order_id);
  switch (remedy.type) {
    case 'full_refund':
    case 'partial_refund': {
      const compensation = how === 'compensated' ? await compensationFor(trx, env, c) : null;
      const owed = compensation ?? owedToBuyer(remedy, c.claim_amount);
      const reason = compensation !== null ? 'insured_confiscation_compensation' : remedy.type === 'full_refund' ? 'dispute_full_refund' : 'dispute_partial_refund';
      const refunded = await refundForCase(trx, env, c, owed, reason, actor);
      const moved = await moveCase(trx, env, c, 'refund', systemActor, {
        patch: { refund_due: c.refund_due + refunded },
        data: { remedy, refunded, compensation },
        outbox: { type: 'case.resolved', payload: { remedy, refunded } },
      });
      if (remedy.type === 'full_refund') await refundItems(trx, env, moved, d);
      await finish(trx, env, moved, d, outcomeOf(c.requested_remedy, remedy, c.claim_amount, how), { refunded, compensation });
      return;
    }
    case 'replacement':
    case 'reshipment': {
      const replacement = await createReplacementOrder(trx, env, c, d, remedy.type);
      const moved = await moveCase(trx, env, c, 'order_replacement', systemActor, {
        data: { remedy, replacementOrderId: replacement.id },
        outbox: { type: 'dispute.replacement_ordered', payload: { remedy, replacementOrderId: replacement.id, replacementExternalId: replacement.externalId, dispatchDeadline: replacement.deadline.toISOString() } },
      });
      await trx.updateTable('disputes').set({ replacement_order_id: replacement.id, updated_at: env.at }).where('case_id', '=', c.id).execute();
      await notifyParty(trx, moved, 'seller', N.replacementOrdered, env.at, { orderRef: ref, replacementOrderId: replacement.id, replacementExternalId: replacement.externalId, deadlineAt: moved.deadline_at?.toISOString() ?? null });
      return;
    }
    default: {
      const moved = await moveCase(trx, env, c, 'close_without_refund', systemActor, { data: { remedy }, outbox: { type: 'case.resolved', payload: { remedy, refunded: 0 } } });
      await finish(trx, env, moved, d, outcomeOf(c.requested_remedy, remedy, c.claim_amount, how), { refunded: 0, compensation: null });
    }
  }
}

/** Resolved: the outcome for the buyer's record, the order released from the dispute, everyone told, closed once settled. */
async function finish(trx: Tx, env: CaseEnv, c: CaseRow, d: DisputeRow, outcome: DisputeOutcome, money: { refunded: number; compensation: number | null }): Promise<void> {
  await trx
    .updateTable('disputes')
    .set({ outcome, outcome_at: env.at, compensation_amount: money.compensation, updated_at: env.at })
    .where('case_id', '=', c.id)
    .execute();
  await recordDisputeClosed(trx, { orderId: c.order_id, at: env.at, caseId: c.id });
  const remedy = c.agreed_remedy;
  await enqueueOutbox(trx, {
    type: 'dispute.resolved',
    entityType: 'case',
    entityId: c.id,
    sellerId: c.seller_id,
    payload: { id: c.id, type: c.type, orderId: c.order_id, buyerId: c.buyer_id, remedy, outcome, refunded: money.refunded, compensation: money.compensation, replacementOrderId: d.replacement_order_id, currency: c.currency },
    at: env.at,
  });
  const data = { orderRef: await orderRef(trx, c.order_id), remedy: remedyText(c, remedy), refunded: money.refunded, currency: c.currency, outcome, replacementOrderId: d.replacement_order_id };
  await notifyBoth(trx, c, N.resolved, env.at, data);
  await closeIfSettled(trx, env, c);
}

/** Refunds what the case still owes, within what the order has left; returns the amount instructed. */
async function refundForCase(trx: Tx, env: CaseEnv, c: CaseRow, owed: number, reason: string, actor: Actor): Promise<number> {
  const payment = await trx.selectFrom('order_payments').select(['captured_amount', 'refunded_total']).where('order_id', '=', c.order_id).forUpdate().executeTakeFirstOrThrow();
  const already = (await caseRefundTotals(trx, c.id)).committed;
  const amount = refundAmount(owed, already, payment.captured_amount - payment.refunded_total);
  if (amount > 0) await requestRefund(trx, { orderId: c.order_id, amount, reason, caseId: c.id, actor, at: env.at });
  return amount;
}

/** An insured parcel confiscated by customs: the policy's share of what the buyer paid for the order. */
async function compensationFor(trx: Tx, env: CaseEnv, c: CaseRow): Promise<number> {
  const payment = await trx.selectFrom('order_payments').select('captured_amount').where('order_id', '=', c.order_id).executeTakeFirstOrThrow();
  return Math.floor((payment.captured_amount * env.policy.policy.cases.insuredConfiscationCompensationPercent) / 100);
}

const REFUNDABLE = new Set(['dispatched', 'received_at_warehouse', 'qc_passed', 'qc_failed', 'shipped_international', 'delivered']);

/** A full refund: the lines refunded whole leave the order; the order follows when none is left. */
async function refundItems(trx: Tx, env: CaseEnv, c: CaseRow, d: DisputeRow): Promise<void> {
  const items = await trx.selectFrom('order_items').select(['id', 'seller_id', 'status', 'quantity']).where('order_id', '=', c.order_id).execute();
  for (const a of d.items) {
    const item = items.find((i) => i.id === a.itemId);
    if (item && a.quantity >= item.quantity && REFUNDABLE.has(item.status)) {
      await moveItem(trx, item, 'refund', systemActor, env.at, { caseId: c.id, outcome: 'dispute_full_refund' });
    }
  }
  await settleOrderStatus(trx, c.order_id, env.at, null, { caseId: c.id, outcome: 'dispute_full_refund' });
}

// ---- the replacement order ----------------------------------------------------------------------------------------

/**
 * A replacement or reshipment is a new order of the affected units, paid (nothing captured: the buyer paid once),
 * from the same seller to the same buyer by the same shipping method. It is dispatched, received, inspected, shipped
 * and protected like any other order; the dispute resolves once the seller dispatches it.
 */
async function createReplacementOrder(trx: Tx, env: CaseEnv, c: CaseRow, d: DisputeRow, kind: 'replacement' | 'reshipment'): Promise<{ id: string; externalId: string; deadline: Date }> {
  const order = await trx.selectFrom('orders').selectAll().where('id', '=', c.order_id).executeTakeFirstOrThrow();
  const lines = await trx.selectFrom('order_items').selectAll().where('order_id', '=', order.id).orderBy('line_no').execute();
  const seller = await trx.selectFrom('sellers').select('country').where('id', '=', c.seller_id).executeTakeFirstOrThrow();
  const affected = d.items.flatMap((a) => {
    const line = lines.find((l) => l.id === a.itemId);
    return line ? [{ line, quantity: a.quantity }] : [];
  });
  const at = env.at;
  const id = newId('ord', at.getTime());
  const externalId = `${order.external_id}-R${c.id.slice(-6).toUpperCase()}`;
  const processingDays = env.policy.policy.fulfilment.processingBusinessDays;
  const deadline = addBusinessDays(at, processingDays, env.calendars(seller.country));
  const itemsTotal = affected.reduce((sum, a) => sum + a.quantity * a.line.unit_price, 0);
  const source = 'arbiter_dispute';
  const canonical = { source, externalId, replacementFor: order.id, caseId: c.id, items: affected.map((a) => [a.line.product_id, a.quantity, a.line.unit_price]) };
  await trx
    .insertInto('orders')
    .values({
      id,
      source,
      external_id: externalId,
      seller_id: order.seller_id,
      buyer_id: order.buyer_id,
      buyer_external_id: order.buyer_external_id,
      currency: order.currency,
      items_total: itemsTotal,
      shipping_carrier: order.shipping_carrier,
      shipping_service: order.shipping_service,
      status: 'paid',
      ingest_hash: createHash('sha256').update(JSON.stringify(canonical)).digest('hex'),
      paid_at: at,
      processing_days: processingDays,
      dispatch_deadline: deadline,
      dispatched_at: null,
      dispatched_late: null,
      tracking_valid_at: null,
      cancellation_requested_at: null,
      cancellation_reason: null,
      cancellation_outcome: null,
      cancellation_answered_at: null,
      cancellation_refusal_reason: null,
      cancelled_at: null,
      received_at_warehouse_at: null,
      qc_decided_at: null,
      shipped_international_at: null,
      delivered_at: null,
      completed_at: null,
      refunded_at: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await trx
    .insertInto('order_items')
    .values(
      affected.map((a, i) => ({
        id: newId('itm', at.getTime()),
        order_id: id,
        seller_id: order.seller_id,
        line_no: i + 1,
        product_id: a.line.product_id,
        name: a.line.name,
        sku: a.line.sku,
        quantity: a.quantity,
        unit_price: a.line.unit_price,
        status: 'paid' as const,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
  await trx
    .insertInto('order_payments')
    .values({ order_id: id, seller_id: order.seller_id, currency: order.currency, captured_amount: 0, method: kind, reference: `${kind}:${c.id}`, captured_at: at })
    .execute();
  const data = { source, externalId, itemsTotal, capturedAmount: 0, currency: order.currency, processingDays, dispatchDeadline: deadline.toISOString(), replacementFor: { orderId: order.id, caseId: c.id, kind }, policyVersion: env.policy.version };
  await appendHistory(trx, { entityType: 'order', entityId: id, event: 'create', from: null, to: 'paid', actor: systemActor, data, sellerId: order.seller_id, at });
  await enqueueOutbox(trx, {
    type: 'order.created',
    entityType: 'order',
    entityId: id,
    sellerId: order.seller_id,
    payload: { id, status: 'paid', sellerId: order.seller_id, buyerId: order.buyer_id, paidAt: at.toISOString(), ...data },
    at,
  });
  return { id, externalId, deadline };
}

const NOT_YET_DISPATCHED = new Set(['paid', 'cancellation_requested']);

/** The replacement left the seller: the dispute is resolved, the new order follows its own course. */
async function replacementDispatched(trx: Tx, env: CaseEnv, c: CaseRow, d: DisputeRow, orderStatus: string): Promise<void> {
  const moved = await moveCase(trx, env, c, 'replacement_dispatched', systemActor, {
    data: { replacementOrderId: d.replacement_order_id, orderStatus },
    outbox: { type: 'case.resolved', payload: { remedy: c.agreed_remedy, refunded: 0, replacementOrderId: d.replacement_order_id } },
  });
  await finish(trx, env, moved, d, outcomeOf(c.requested_remedy, c.agreed_remedy!, c.claim_amount, 'other'), { refunded: 0, compensation: null });
}

/** The seller did not dispatch the replacement in time: it is cancelled and the buyer refunded the goods' value. */
async function refundInsteadOfReplacement(trx: Tx, env: CaseEnv, c: CaseRow, d: DisputeRow): Promise<void> {
  if (d.replacement_order_id) {
    const r = await lockOrder(trx, d.replacement_order_id);
    if (r.status === 'paid' || r.status === 'cancellation_requested') {
      await applyTransition(trx, {
        machine: orderMachine,
        table: 'orders',
        id: r.id,
        event: 'cancel_by_platform',
        actor: systemActor,
        at: env.at,
        sellerId: r.seller_id,
        reason: 'The replacement was not dispatched in time; the buyer is refunded instead.',
        patch: { cancelled_at: env.at, cancellation_fault: 'seller' },
        data: { caseId: c.id },
        outbox: { type: 'order.cancelled', payload: { sellerId: r.seller_id, externalId: r.external_id, caseId: c.id, fault: 'seller' } },
      });
      const items = await trx.selectFrom('order_items').select(['id', 'seller_id']).where('order_id', '=', r.id).where('status', '=', 'paid').execute();
      for (const item of items) await applyTransition(trx, { machine: orderItemMachine, table: 'order_items', id: item.id, event: 'cancel', actor: systemActor, at: env.at, sellerId: item.seller_id, data: { caseId: c.id } });
    }
  }
  const remedy: Remedy = { type: 'full_refund' };
  await lockOrder(trx, c.order_id);
  const refunded = await refundForCase(trx, env, c, c.claim_amount, 'dispute_replacement_not_dispatched', systemActor);
  const moved = await moveCase(trx, env, c, 'refund_on_silence', systemActor, {
    patch: { refund_due: c.refund_due + refunded, agreed_remedy: JSON.stringify(remedy) },
    data: { replacementOrderId: d.replacement_order_id, refunded, previousRemedy: c.agreed_remedy },
    outbox: { type: 'case.resolved', payload: { remedy, refunded, replacementCancelled: d.replacement_order_id } },
  });
  await refundItems(trx, env, moved, d);
  await finish(trx, env, moved, d, 'buyer_won', { refunded, compensation: null });
}

/** Periodic: disputes waiting for a replacement whose order has been dispatched are resolved. */
export async function followReplacements(ctx: AppContext, limit = 200): Promise<number> {
  const rows = await ctx.db
    .selectFrom('cases')
    .innerJoin('disputes', 'disputes.case_id', 'cases.id')
    .innerJoin('orders', 'orders.id', 'disputes.replacement_order_id')
    .select(['cases.id'])
    .where('cases.status', '=', 'awaiting_replacement')
    .where('orders.status', 'not in', ['paid', 'cancellation_requested'])
    .limit(limit)
    .execute();
  let resolved = 0;
  for (const { id } of rows) {
    await ctx.db.transaction().execute(async (trx) => {
      const c = await trx.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!c || c.status !== 'awaiting_replacement') return;
      const d = await lockDispute(trx, c.id);
      const order = d.replacement_order_id ? await trx.selectFrom('orders').select('status').where('id', '=', d.replacement_order_id).executeTakeFirst() : undefined;
      if (!order || NOT_YET_DISPATCHED.has(order.status)) return;
      await replacementDispatched(trx, await taskEnv(ctx, trx), c, d, order.status);
      resolved++;
    });
  }
  return resolved;
}

// ---- deadlines ---------------------------------------------------------------------------------------------------

async function onDeadline(trx: Tx, env: CaseEnv, c: CaseRow, event: string): Promise<void> {
  const d = await lockDispute(trx, c.id);
  switch (event as DisputeEvent) {
    case 'grant_on_silence': {
      const requested = c.requested_remedy;
      const agreed = await moveCase(trx, env, c, 'grant_on_silence', systemActor, {
        patch: { agreed_remedy: JSON.stringify(requested), agreed_via: 'seller_silence', agreed_at: env.at },
        data: { remedy: requested, deadlineAt: c.deadline_at?.toISOString() ?? null },
        outbox: { type: 'dispute.seller_silence', payload: { remedy: requested, deadlineAt: c.deadline_at?.toISOString() ?? null } },
      });
      await answerOpenProposals(trx, agreed, 'accepted', env.at, ['request']);
      await recordSellerResponse(trx, agreed, 'silence', env.at);
      await carryOut(trx, env, agreed, d, systemActor, 'other');
      return;
    }
    case 'mediation_on_silence':
      await requestMediation(trx, env, c, d, systemActor, null, 'mediation_on_silence');
      return;
    case 'finalise_on_silence': {
      const remedy = d.decision_remedy;
      const agreed = await moveCase(trx, env, c, 'finalise_on_silence', systemActor, {
        patch: { agreed_remedy: JSON.stringify(remedy), agreed_via: 'mediation', agreed_at: env.at },
        data: { remedy, appealWindowEnded: c.deadline_at?.toISOString() ?? null },
        outbox: { type: 'dispute.decision_final', payload: { remedy } },
      });
      await carryOut(trx, env, agreed, d, systemActor, 'other');
      return;
    }
    case 'refund_on_silence': {
      const order = d.replacement_order_id ? await trx.selectFrom('orders').select('status').where('id', '=', d.replacement_order_id).executeTakeFirst() : undefined;
      if (order && !NOT_YET_DISPATCHED.has(order.status)) await replacementDispatched(trx, env, c, d, order.status);
      else await refundInsteadOfReplacement(trx, env, c, d);
      return;
    }
    default:
      throw new Error(`dispute: no expiry handling for ${event}`);
  }
}

export function isInsuredConfiscation(d: DisputeRow): boolean {
  return d.matrix_key === 'not_received.insured_confiscation';
}

registerCaseFlow('not_received', { onDeadline });
registerCaseFlow('missing_item', { onDeadline });
registerCaseFlow('damaged_item', { onDeadline });
registerCaseFlow('wrong_item', { onDeadline });
registerCaseFlow('not_as_described', { onDeadline });
