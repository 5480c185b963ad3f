import type { Selectable } from 'kysely';
import type { CaseTables, QcIssue } from '../../db/tables/cases.js';
import { afterReceiptEvent, carryOutEvent, possibleRemedies, type QcFailureEvent, type RefusalReason } from '../../domain/cases/qc-failure.js';
import { renderQcFindings, renderRemedy, type Bilingual } from '../../domain/cases/render.js';
import { normalizeRemedy, owedToBuyer, refundAmount, remedyProblem, sameRemedy, type Remedy } from '../../domain/cases/remedies.js';
import { validateTrackingNumber, type CarrierCode } from '../../domain/tracking/index.js';
import { systemActor, type Actor } from '../../platform/actor.js';
import { enqueueOutbox, type Tx } from '../../platform/history.js';
import { conflict, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { requestRefund } from '../refunds/service.js';
import { caseActor, type CaseRow } from './access.js';
import { assertMove, caseRefundTotals, closeIfSettled, moveCase, notifyParty, openCase, registerCaseFlow, type CaseEnv } from './engine.js';
import { issueReturnLabel } from './labels.js';
import { lockOrder, moveItem, settleOrderStatus } from './order-effects.js';
import { addProposal, answerOpenProposals, openProposal, recordResponseRequested, recordSellerResponse } from './proposals.js';
import { CASE_NOTIFICATIONS as N } from './templates.js';

/**
 * What the moves of a QC-failure case mean (src/domain/cases/qc-failure.ts has the table): each function gets the
 * case locked by the caller, inside the caller's transaction, and leaves it in its next state with the money,
 * the goods, the label, the outbox and the notifications that go with it.
 */

type ReportRow = Selectable<CaseTables['qc_reports']>;

const remedyText = (c: CaseRow, r: Remedy | null): Bilingual | null => (r ? renderRemedy(r, { currency: c.currency, claimAmount: c.claim_amount }) : null);

async function itemName(trx: Tx, c: CaseRow): Promise<string> {
  if (!c.order_item_id) return '';
  const item = await trx.selectFrom('order_items').select('name').where('id', '=', c.order_item_id).executeTakeFirst();
  return item?.name ?? '';
}

function checkRemedy(c: CaseRow, remedy: Remedy): Remedy {
  const r = normalizeRemedy(remedy);
  const problem = remedyProblem(r, c.claim_amount);
  if (problem) throw unprocessable(problem.code, problem.message, { field: problem.field, claimAmount: c.claim_amount, currency: c.currency });
  if (!possibleRemedies('warehouse').includes(r.type)) {
    throw unprocessable('remedy_not_for_case_type', `${r.type.replace(/_/g, ' ')} is not a remedy for a QC failure: choose ${possibleRemedies('warehouse').join(', ')}.`, { field: 'remedy.type', possible: possibleRemedies(c.item_location) });
  }
  const possible = possibleRemedies(c.item_location);
  if (!possible.includes(r.type)) {
    throw unprocessable('remedy_not_possible', `The goods are already back with the seller: only ${possible.join(' or ')} remain possible.`, { field: 'remedy.type', possible });
  }
  return r;
}

// ---- opening -------------------------------------------------------------------------------------------------

/** A failed inspection of an original item opens the case; the buyer is asked to choose a remedy. */
export async function openQcFailureCase(trx: Tx, env: CaseEnv, report: ReportRow, item: { id: string; name: string; quantity: number; unit_price: number }, currency: string, actor: Actor): Promise<CaseRow> {
  const claimAmount = item.quantity * item.unit_price;
  const c = await openCase(
    trx,
    env,
    {
      type: 'qc_failure',
      orderId: report.order_id,
      orderItemId: report.order_item_id,
      sellerId: report.seller_id,
      buyerId: report.buyer_id,
      currency,
      claimAmount,
      qcReportId: report.id,
      reason: report.notes,
      data: { qcReportId: report.id, severity: report.severity, issues: report.issues.map((i: QcIssue) => i.type) },
      payload: { qcReportId: report.id, severity: report.severity, issues: report.issues.map((i: QcIssue) => i.type) },
    },
    actor,
  );
  const findings = renderQcFindings({ result: 'fail', severity: report.severity, issues: report.issues, measurements: report.measurements });
  await notifyParty(trx, c, 'buyer', N.qcFailed, env.at, { itemName: item.name, deadlineAt: c.deadline_at?.toISOString() ?? null, findings, silence: env.policy.policy.cases.buyerQcSilence });
  return c;
}

// ---- the buyer's choice ----------------------------------------------------------------------------------------

export async function chooseRemedy(trx: Tx, env: CaseEnv, c: CaseRow, actor: Actor, input: { remedy: Remedy; note?: string | null }): Promise<void> {
  assertMove(c, input.remedy.type === 'accept_as_is' ? 'accept_as_is' : 'choose_remedy', actor);
  const remedy = checkRemedy(c, input.remedy);
  if (remedy.type === 'accept_as_is') {
    await answerOpenProposals(trx, c, 'rejected', env.at);
    const agreed = await moveCase(trx, env, c, 'accept_as_is', actor, {
      reason: input.note ?? null,
      patch: { agreed_remedy: JSON.stringify(remedy), agreed_via: 'buyer_accepted_as_is', agreed_at: env.at },
      data: { remedy },
      outbox: { type: 'case.remedy_chosen', payload: { remedy } },
    });
    await carryOut(trx, env, agreed, actor);
    return;
  }
  const moved = await moveCase(trx, env, c, 'choose_remedy', actor, {
    reason: input.note ?? null,
    patch: { requested_remedy: JSON.stringify(remedy) },
    data: { remedy },
    outbox: { type: 'case.remedy_chosen', payload: { remedy } },
  });
  await addProposal(trx, moved, { kind: 'request', party: 'buyer', authorId: actor.id, remedy, reason: input.note ?? null, status: 'open' }, env.at);
  await askSeller(trx, env, moved, remedy);
}

async function askSeller(trx: Tx, env: CaseEnv, c: CaseRow, remedy: Remedy): Promise<void> {
  await recordResponseRequested(trx, env, c);
  await notifyParty(trx, c, 'seller', N.remedyRequested, env.at, { itemName: await itemName(trx, c), remedy: remedyText(c, remedy), deadlineAt: c.deadline_at?.toISOString() ?? null });
}

// ---- the seller's answer -----------------------------------------------------------------------------------------

export type SellerAnswer =
  | { action: 'accept'; note?: string | null }
  | { action: 'counter'; remedy: Remedy; note?: string | null }
  | { action: 'refuse'; reasonCode: RefusalReason; reason?: string | null };

export async function respond(trx: Tx, env: CaseEnv, c: CaseRow, actor: Actor, answer: SellerAnswer): Promise<void> {
  const requested = c.requested_remedy;
  assertMove(c, answer.action === 'accept' ? 'accept_request' : answer.action, actor);
  if (answer.action === 'accept') {
    const moved = await moveCase(trx, env, c, 'accept_request', actor, {
      reason: answer.note ?? null,
      patch: { agreed_remedy: JSON.stringify(requested), agreed_via: 'seller_accepted', agreed_at: env.at },
      data: { response: 'accepted', remedy: requested },
      outbox: { type: 'case.seller_responded', payload: { response: 'accepted', remedy: requested } },
    });
    await answerOpenProposals(trx, moved, 'accepted', env.at, ['request']);
    await recordSellerResponse(trx, moved, 'accepted', env.at);
    await carryOut(trx, env, moved, actor);
    return;
  }
  if (answer.action === 'counter') {
    const remedy = checkRemedy(c, answer.remedy);
    if (sameRemedy(remedy, requested)) throw unprocessable('counter_same_as_request', 'This is what the buyer asked for: accept the request instead.', { field: 'remedy' });
    if (remedy.type === 'accept_as_is') throw unprocessable('counter_is_refusal', 'Proposing no remedy at all is a refusal: refuse with a reason instead.', { field: 'remedy.type' });
    const moved = await moveCase(trx, env, c, 'counter', actor, {
      reason: answer.note ?? null,
      data: { response: 'countered', remedy },
      outbox: { type: 'case.seller_responded', payload: { response: 'countered', remedy } },
    });
    await answerOpenProposals(trx, moved, 'rejected', env.at, ['request']);
    await addProposal(trx, moved, { kind: 'counter', party: 'seller', authorId: actor.id, remedy, reason: answer.note ?? null, status: 'open' }, env.at);
    await recordSellerResponse(trx, moved, 'countered', env.at);
    await notifyParty(trx, moved, 'buyer', N.counterOffered, env.at, { itemName: await itemName(trx, moved), remedy: remedyText(moved, remedy), deadlineAt: moved.deadline_at?.toISOString() ?? null });
    return;
  }
  if (answer.reasonCode === 'other' && !answer.reason?.trim()) throw unprocessable('reason_required', 'Say why in a few words when the reason is “other”.', { field: 'reason' });
  const moved = await moveCase(trx, env, c, 'refuse', actor, {
    reason: answer.reason ?? null,
    data: { response: 'refused', reasonCode: answer.reasonCode },
    outbox: { type: 'case.seller_responded', payload: { response: 'refused', reasonCode: answer.reasonCode, reason: answer.reason ?? null } },
  });
  await answerOpenProposals(trx, moved, 'rejected', env.at, ['request']);
  await addProposal(trx, moved, { kind: 'refusal', party: 'seller', authorId: actor.id, remedy: null, reasonCode: answer.reasonCode, reason: answer.reason ?? null, status: 'final' }, env.at);
  await recordSellerResponse(trx, moved, 'refused', env.at);
  await notifyParty(trx, moved, 'buyer', N.sellerRefused, env.at, { itemName: await itemName(trx, moved), reasonCode: answer.reasonCode, reason: answer.reason ?? null, deadlineAt: moved.deadline_at?.toISOString() ?? null });
}

export async function acceptCounter(trx: Tx, env: CaseEnv, c: CaseRow, actor: Actor): Promise<void> {
  const counter = await openProposal(trx, c, 'counter');
  const moved = await moveCase(trx, env, c, 'accept_counter', actor, {
    patch: counter ? { agreed_remedy: JSON.stringify(counter.remedy), agreed_via: 'counter_accepted', agreed_at: env.at } : {},
    data: { remedy: counter?.remedy ?? null, proposalId: counter?.id ?? null },
    outbox: { type: 'case.counter_accepted', payload: { remedy: counter?.remedy ?? null } },
  });
  if (!counter) throw conflict('no_open_counter_offer', 'There is no counter-offer to accept.');
  await answerOpenProposals(trx, moved, 'accepted', env.at, ['counter']);
  await carryOut(trx, env, moved, actor);
}

// ---- support -----------------------------------------------------------------------------------------------------

export async function escalate(trx: Tx, env: CaseEnv, c: CaseRow, actor: Actor, reason: string | null, event: 'escalate' | 'escalate_on_silence' = 'escalate'): Promise<void> {
  const moved = await moveCase(trx, env, c, event, actor, {
    reason,
    patch: { escalated_at: env.at, escalated_by: actor.id, escalation_reason: reason },
    data: { by: event === 'escalate' ? caseActor(actor, c).roles[0] ?? 'unknown' : 'deadline' },
    outbox: { type: 'case.escalated', payload: { reason, onSilence: event === 'escalate_on_silence' } },
  });
  await answerOpenProposals(trx, moved, 'rejected', env.at, ['counter']);
  await notifyParty(trx, moved, 'support', N.escalated, env.at, { itemName: await itemName(trx, moved), reason, onSilence: event === 'escalate_on_silence' });
}

export async function decide(trx: Tx, env: CaseEnv, c: CaseRow, actor: Actor, input: { remedy: Remedy; reason: string }): Promise<void> {
  assertMove(c, 'decide', actor);
  const remedy = checkRemedy(c, input.remedy);
  const moved = await moveCase(trx, env, c, 'decide', actor, {
    reason: input.reason,
    patch: { agreed_remedy: JSON.stringify(remedy), agreed_via: 'mediation', agreed_at: env.at, decided_at: env.at, decided_by: actor.id, decision_reason: input.reason },
    data: { remedy },
    outbox: { type: 'case.decided', payload: { remedy, reason: input.reason } },
  });
  await addProposal(trx, moved, { kind: 'decision', party: 'support', authorId: actor.id, remedy, reason: input.reason, status: 'final' }, env.at);
  const data = { itemName: await itemName(trx, moved), remedy: remedyText(moved, remedy), reason: input.reason };
  await notifyParty(trx, moved, 'buyer', N.decided, env.at, data);
  await notifyParty(trx, moved, 'seller', N.decided, env.at, data);
  await carryOut(trx, env, moved, actor);
}

// ---- carrying out what was agreed ---------------------------------------------------------------------------------

/** From `agreed`: the system carries the remedy out at once (a label, a refund, or the item ships on). */
async function carryOut(trx: Tx, env: CaseEnv, c: CaseRow, actor: Actor): Promise<void> {
  const remedy = c.agreed_remedy;
  if (!remedy) throw new Error(`case ${c.id} agreed without a remedy`);
  await enqueueOutbox(trx, {
    type: 'case.agreed',
    entityType: 'case',
    entityId: c.id,
    sellerId: c.seller_id,
    payload: { id: c.id, type: c.type, orderId: c.order_id, orderItemId: c.order_item_id, remedy, via: c.agreed_via, round: c.round, claimAmount: c.claim_amount, currency: c.currency },
    at: env.at,
  });
  if (remedy.type === 'exchange' && remedy.priceDifference?.owedBy === 'buyer') {
    // The platform collects what the buyer owes before the replacement leaves; Arbiter only records it.
    await enqueueOutbox(trx, {
      type: 'case.price_difference_due',
      entityType: 'case',
      entityId: c.id,
      sellerId: c.seller_id,
      payload: { id: c.id, orderId: c.order_id, buyerId: c.buyer_id, amount: remedy.priceDifference.amount, currency: c.currency },
      at: env.at,
    });
  }
  const data = { itemName: await itemName(trx, c), remedy: remedyText(c, remedy), via: c.agreed_via };
  if (c.agreed_via !== 'mediation') {
    await notifyParty(trx, c, 'buyer', N.agreed, env.at, data);
    await notifyParty(trx, c, 'seller', N.agreed, env.at, data);
  }
  await perform(trx, env, c, carryOutEvent(remedy, c.item_location), actor);
}

async function perform(trx: Tx, env: CaseEnv, c: CaseRow, event: QcFailureEvent, actor: Actor): Promise<void> {
  const remedy = c.agreed_remedy!;
  switch (event) {
    case 'accept_item': {
      await lockOrder(trx, c.order_id);
      const moved = await moveCase(trx, env, c, 'accept_item', systemActor, { data: { remedy }, outbox: { type: 'case.resolved', payload: { remedy, refunded: 0 } } });
      await keepItem(trx, env, moved, 'accepted_as_is');
      await notifyParty(trx, moved, 'buyer', N.resolved, env.at, { itemName: await itemName(trx, moved), remedy: remedyText(moved, remedy), refunded: 0, currency: moved.currency });
      await closeIfSettled(trx, env, moved);
      return;
    }
    case 'refund_partial':
    case 'refund_return': {
      const amount = await refundForCase(trx, env, c, owedToBuyer(remedy, c.claim_amount), event === 'refund_partial' ? 'qc_failure_partial_refund' : 'qc_failure_return', actor);
      const moved = await moveCase(trx, env, c, event, systemActor, {
        patch: { refund_due: c.refund_due + amount },
        data: { remedy, refunded: amount },
        outbox: { type: 'case.resolved', payload: { remedy, refunded: amount } },
      });
      if (event === 'refund_partial') await keepItem(trx, env, moved, 'partial_refund');
      else await refundItem(trx, env, moved);
      await notifyParty(trx, moved, 'buyer', N.resolved, env.at, { itemName: await itemName(trx, moved), remedy: remedyText(moved, remedy), refunded: amount, currency: moved.currency });
      await closeIfSettled(trx, env, moved);
      return;
    }
    case 'issue_return_label': {
      const label = await issueReturnLabel(trx, c, env.at);
      const moved = await moveCase(trx, env, c, 'issue_return_label', systemActor, {
        data: { labelId: label.id, addressSource: label.address_source },
        outbox: { type: 'return_label.issued', payload: { labelId: label.id, remedy, addressSource: label.address_source, labelUrl: `/api/v1/cases/${c.id}/return-label` } },
      });
      const data = { itemName: await itemName(trx, moved), remedy: remedyText(moved, remedy), labelId: label.id };
      await notifyParty(trx, moved, 'warehouse', N.labelIssued, env.at, data);
      if (label.address_source === 'seller_profile') await notifyParty(trx, moved, 'seller', N.returnAddressMissing, env.at, data);
      return;
    }
    case 'await_replacement': {
      const moved = await moveCase(trx, env, c, 'await_replacement', systemActor, { data: { remedy }, outbox: { type: 'case.replacement_requested', payload: { remedy } } });
      await notifyParty(trx, moved, 'seller', N.replacementRequested, env.at, { itemName: await itemName(trx, moved), remedy: remedyText(moved, remedy), deadlineAt: moved.deadline_at?.toISOString() ?? null });
      return;
    }
    default:
      throw new Error(`not a carry-out step: ${event}`);
  }
}

/** Refunds what the case still owes the buyer, within what the order has left; returns the amount instructed. */
async function refundForCase(trx: Tx, env: CaseEnv, c: CaseRow, owed: number, reason: string, actor: Actor): Promise<number> {
  await lockOrder(trx, c.order_id);
  const payment = await trx.selectFrom('order_payments').select(['captured_amount', 'refunded_total']).where('order_id', '=', c.order_id).forUpdate().executeTakeFirstOrThrow();
  const already = (await caseRefundTotals(trx, c.id)).committed;
  const amount = refundAmount(owed, already, payment.captured_amount - payment.refunded_total);
  if (amount > 0) await requestRefund(trx, { orderId: c.order_id, amount, reason, caseId: c.id, actor, at: env.at });
  return amount;
}

/** The buyer keeps the item (as it is, partly refunded, or replaced): it passes QC and ships on with its order. */
async function keepItem(trx: Tx, env: CaseEnv, c: CaseRow, outcome: string): Promise<void> {
  if (!c.order_item_id) return;
  await lockOrder(trx, c.order_id);
  const item = await trx.selectFrom('order_items').select(['id', 'seller_id', 'status']).where('id', '=', c.order_item_id).executeTakeFirstOrThrow();
  if (item.status === 'qc_failed') await moveItem(trx, item, 'resolve_qc', systemActor, env.at, { caseId: c.id, outcome });
  await settleOrderStatus(trx, c.order_id, env.at, null, { caseId: c.id, outcome });
}

/** The item went back to the seller and was refunded: it leaves the order. */
async function refundItem(trx: Tx, env: CaseEnv, c: CaseRow): Promise<void> {
  if (!c.order_item_id) return;
  const item = await trx.selectFrom('order_items').select(['id', 'seller_id', 'status']).where('id', '=', c.order_item_id).executeTakeFirstOrThrow();
  if (item.status !== 'refunded') await moveItem(trx, item, 'refund', systemActor, env.at, { caseId: c.id, outcome: 'returned_for_refund' });
  await settleOrderStatus(trx, c.order_id, env.at, null, { caseId: c.id, outcome: 'returned_for_refund' });
}

// ---- the return leg ------------------------------------------------------------------------------------------------

export interface TrackingInput {
  carrier: CarrierCode;
  trackingNumber: string;
}

function checkTracking(input: TrackingInput): string {
  const check = validateTrackingNumber(input.trackingNumber, input.carrier);
  if (!check.valid) {
    throw unprocessable('invalid_tracking_number', `The tracking number is not valid: ${check.reason}.`, { field: 'trackingNumber', reason: check.reason, carriers: check.carriers });
  }
  return check.normalized;
}

/** The warehouse hands the return to a carrier with the label; only a case with an approved return can ship one. */
export async function shipReturn(trx: Tx, env: CaseEnv, c: CaseRow, actor: Actor, input: TrackingInput): Promise<void> {
  assertMove(c, 'ship_return', actor);
  const label = await trx.selectFrom('return_labels').select('id').where('case_id', '=', c.id).where('round', '=', c.round).executeTakeFirst();
  const number = checkTracking(input);
  const moved = await moveCase(trx, env, c, 'ship_return', actor, {
    patch: { item_location: 'in_return' },
    data: { carrier: input.carrier, trackingNumber: number },
    outbox: { type: 'case.return_shipped', payload: { carrier: input.carrier, trackingNumber: number } },
  });
  await trx
    .insertInto('case_shipments')
    .values({
      id: newId('csh', env.at.getTime()),
      case_id: c.id,
      seller_id: c.seller_id,
      round: c.round,
      direction: 'return_to_seller',
      label_id: label?.id ?? null,
      carrier: input.carrier,
      tracking_number_entered: input.trackingNumber,
      tracking_number: number,
      shipped_at: env.at,
      shipped_by: actor.id,
      delivered_at: null,
      received_at: null,
      received_via: null,
      last_event_code: null,
      last_event_at: null,
      created_at: env.at,
    })
    .execute();
  await notifyParty(trx, moved, 'seller', N.returnShipped, env.at, { itemName: await itemName(trx, moved), carrier: input.carrier, trackingNumber: number });
}

export interface CarrierEventInput {
  eventCode: string;
  occurredAt: Date;
  description?: string;
  location?: string;
}

export const DELIVERED_CODE = 'delivered';

/** A carrier event of the return. The delivery scan starts the seller's time to confirm receipt. */
export async function recordReturnEvent(trx: Tx, env: CaseEnv, c: CaseRow, actor: Actor, input: CarrierEventInput): Promise<{ duplicate: boolean }> {
  const shipment = await trx
    .selectFrom('case_shipments')
    .selectAll()
    .where('case_id', '=', c.id)
    .where('direction', '=', 'return_to_seller')
    .orderBy('round', 'desc')
    .executeTakeFirst();
  if (!shipment) throw conflict('no_return_shipment', 'This case has no return on its way: the warehouse ships it first.');
  const code = input.eventCode.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const inserted = await trx
    .insertInto('case_shipment_events')
    .values({
      id: newId('scn', env.at.getTime()),
      shipment_id: shipment.id,
      case_id: c.id,
      event_code: code,
      description: input.description ?? '',
      location: input.location ?? '',
      occurred_at: input.occurredAt,
      received_at: env.at,
    })
    .onConflict((oc) => oc.columns(['shipment_id', 'event_code', 'occurred_at']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return { duplicate: true };
  if (!shipment.last_event_at || shipment.last_event_at.getTime() <= input.occurredAt.getTime()) {
    await trx.updateTable('case_shipments').set({ last_event_code: code, last_event_at: input.occurredAt }).where('id', '=', shipment.id).execute();
  }
  if (code === DELIVERED_CODE && shipment.round === c.round && c.status === 'return_in_transit') {
    await trx.updateTable('case_shipments').set({ delivered_at: input.occurredAt }).where('id', '=', shipment.id).execute();
    const moved = await moveCase(trx, env, c, 'record_return_delivery', actor, {
      patch: { item_location: 'seller' },
      deadlineStart: input.occurredAt,
      data: { deliveredAt: input.occurredAt.toISOString(), trackingNumber: shipment.tracking_number },
      outbox: { type: 'case.return_delivered', payload: { deliveredAt: input.occurredAt.toISOString(), trackingNumber: shipment.tracking_number } },
    });
    await notifyParty(trx, moved, 'seller', N.returnDelivered, env.at, { itemName: await itemName(trx, moved), deadlineAt: moved.deadline_at?.toISOString() ?? null });
  } else if (code === DELIVERED_CODE && !shipment.delivered_at) {
    await trx.updateTable('case_shipments').set({ delivered_at: input.occurredAt }).where('id', '=', shipment.id).execute();
  }
  return { duplicate: false };
}

/** The seller has the goods back (confirmed, or assumed on silence): the refund, or the replacement, follows. */
export async function receiveReturn(trx: Tx, env: CaseEnv, c: CaseRow, actor: Actor, via: 'seller_confirmed' | 'assumed'): Promise<void> {
  const moved = await moveCase(trx, env, c, via === 'assumed' ? 'assume_receipt' : 'confirm_receipt', actor, {
    patch: { item_location: 'seller' },
    data: { via },
    outbox: { type: 'case.return_received', payload: { via } },
  });
  await trx
    .updateTable('case_shipments')
    .set({ received_at: env.at, received_via: via })
    .where('case_id', '=', c.id)
    .where('round', '=', c.round)
    .where('direction', '=', 'return_to_seller')
    .where('received_at', 'is', null)
    .execute();
  await perform(trx, env, moved, afterReceiptEvent(moved.agreed_remedy!), actor);
}

// ---- the exchange's replacement ----------------------------------------------------------------------------------

export async function shipReplacement(trx: Tx, env: CaseEnv, c: CaseRow, actor: Actor, input: TrackingInput): Promise<void> {
  assertMove(c, 'ship_replacement', actor);
  const number = checkTracking(input);
  const moved = await moveCase(trx, env, c, 'ship_replacement', actor, {
    data: { carrier: input.carrier, trackingNumber: number },
    outbox: { type: 'case.replacement_shipped', payload: { carrier: input.carrier, trackingNumber: number } },
  });
  await trx
    .insertInto('case_shipments')
    .values({
      id: newId('csh', env.at.getTime()),
      case_id: c.id,
      seller_id: c.seller_id,
      round: c.round,
      direction: 'replacement_to_warehouse',
      label_id: null,
      carrier: input.carrier,
      tracking_number_entered: input.trackingNumber,
      tracking_number: number,
      shipped_at: env.at,
      shipped_by: actor.id,
      delivered_at: null,
      received_at: null,
      received_via: null,
      last_event_code: null,
      last_event_at: null,
      created_at: env.at,
    })
    .execute();
  await notifyParty(trx, moved, 'warehouse', N.replacementShipped, env.at, { itemName: await itemName(trx, moved), carrier: input.carrier, trackingNumber: number });
}

/**
 * The warehouse inspected the replacement (the report is already written, linked to the case). A pass resolves the
 * case (refunding a price difference the seller owes); a fail starts a new round: the buyer chooses again.
 */
export async function inspectReplacement(trx: Tx, env: CaseEnv, c: CaseRow, actor: Actor, report: ReportRow): Promise<void> {
  await trx
    .updateTable('case_shipments')
    .set({ received_at: env.at, received_via: 'warehouse_inspected' })
    .where('case_id', '=', c.id)
    .where('round', '=', c.round)
    .where('direction', '=', 'replacement_to_warehouse')
    .where('received_at', 'is', null)
    .execute();
  const remedy = c.agreed_remedy!;
  if (report.result === 'pass') {
    const amount = await refundForCase(trx, env, c, owedToBuyer(remedy, c.claim_amount), 'qc_exchange_price_difference', actor);
    const moved = await moveCase(trx, env, c, 'pass_replacement_qc', actor, {
      patch: { item_location: 'warehouse', refund_due: c.refund_due + amount },
      data: { qcReportId: report.id, refunded: amount },
      outbox: { type: 'case.resolved', payload: { remedy, refunded: amount, qcReportId: report.id } },
    });
    await keepItem(trx, env, moved, 'replaced');
    await notifyParty(trx, moved, 'buyer', N.resolved, env.at, { itemName: await itemName(trx, moved), remedy: remedyText(moved, remedy), refunded: amount, currency: moved.currency });
    await closeIfSettled(trx, env, moved);
    return;
  }
  const moved = await moveCase(trx, env, c, 'fail_replacement_qc', actor, {
    patch: { item_location: 'warehouse', round: c.round + 1, requested_remedy: null, agreed_remedy: null, agreed_via: null, agreed_at: null },
    data: { qcReportId: report.id, previousRemedy: remedy },
    outbox: { type: 'case.replacement_failed_qc', payload: { qcReportId: report.id, severity: report.severity, issues: report.issues.map((i) => i.type) } },
  });
  const findings = renderQcFindings({ result: 'fail', severity: report.severity, issues: report.issues, measurements: report.measurements });
  await notifyParty(trx, moved, 'buyer', N.replacementFailed, env.at, { itemName: await itemName(trx, moved), findings, deadlineAt: moved.deadline_at?.toISOString() ?? null });
  await notifyParty(trx, moved, 'seller', N.replacementFailed, env.at, { itemName: await itemName(trx, moved), findings }, { email: false });
}

// ---- deadlines ---------------------------------------------------------------------------------------------------

async function onDeadline(trx: Tx, env: CaseEnv, c: CaseRow, event: string): Promise<void> {
  switch (event as QcFailureEvent) {
    case 'request_on_silence': {
      const remedy: Remedy = { type: 'return_for_refund' };
      const moved = await moveCase(trx, env, c, 'request_on_silence', systemActor, {
        patch: { requested_remedy: JSON.stringify(remedy) },
        data: { remedy, policy: 'cases.buyerQcSilence' },
        outbox: { type: 'case.remedy_chosen', payload: { remedy, onSilence: true } },
      });
      await addProposal(trx, moved, { kind: 'request', party: 'system', authorId: null, remedy, status: 'open' }, env.at);
      await askSeller(trx, env, moved, remedy);
      return;
    }
    case 'accept_on_silence': {
      const remedy: Remedy = { type: 'accept_as_is' };
      const agreed = await moveCase(trx, env, c, 'accept_on_silence', systemActor, {
        patch: { agreed_remedy: JSON.stringify(remedy), agreed_via: 'buyer_silence', agreed_at: env.at },
        data: { remedy, policy: 'cases.buyerQcSilence' },
        outbox: { type: 'case.remedy_chosen', payload: { remedy, onSilence: true } },
      });
      await carryOut(trx, env, agreed, systemActor);
      return;
    }
    case 'grant_on_silence': {
      const requested = c.requested_remedy;
      const agreed = await moveCase(trx, env, c, 'grant_on_silence', systemActor, {
        patch: { agreed_remedy: JSON.stringify(requested), agreed_via: 'seller_silence', agreed_at: env.at },
        data: { remedy: requested, deadlineAt: c.deadline_at?.toISOString() ?? null },
        outbox: { type: 'case.seller_silence', payload: { remedy: requested, deadlineAt: c.deadline_at?.toISOString() ?? null } },
      });
      await answerOpenProposals(trx, agreed, 'accepted', env.at, ['request']);
      await recordSellerResponse(trx, agreed, 'silence', env.at);
      await carryOut(trx, env, agreed, systemActor);
      return;
    }
    case 'escalate_on_silence':
      await escalate(trx, env, c, systemActor, null, 'escalate_on_silence');
      return;
    case 'assume_receipt':
      await receiveReturn(trx, env, c, systemActor, 'assumed');
      return;
    default:
      throw new Error(`qc_failure: no expiry handling for ${event}`);
  }
}

registerCaseFlow('qc_failure', { onDeadline });

