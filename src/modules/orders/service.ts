import type { AppContext, DueTask } from '../../context.js';
import type { Json } from '../../db/tables/platform.js';
import { isLateDispatch, orderItemMachine, orderMachine, scannedInTime, shippingMethodDiffers, type OrderItemEvent, type SignalType } from '../../domain/orders.js';
import { validateTrackingNumber, type CarrierCode } from '../../domain/tracking/index.js';
import { systemActor, type Actor } from '../../platform/actor.js';
import { enqueueOutbox, type Tx } from '../../platform/history.js';
import { cancelTasks, scheduleTask } from '../../platform/tasks.js';
import { applyTransition } from '../../platform/transition.js';
import { conflict, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { activePolicy } from '../policy/service.js';
import { requestRefund } from '../refunds/service.js';
import { requireBuyerOf, requireSellerSide, visibleOrder } from './access.js';
import { getOrderDetail, type OrderDetail } from './views.js';

export const TASK_NO_SCAN_CHECK = 'order.no_scan_check';
export const TASK_CANCELLATION_SILENCE = 'order.cancellation_silence';

type OrderRow = Awaited<ReturnType<typeof visibleOrder>>;

/** Moves the order's items that are still at `from` along with the order. */
async function moveItems(trx: Tx, order: OrderRow, from: string, event: OrderItemEvent, actor: Actor, at: Date): Promise<void> {
  const items = await trx.selectFrom('order_items').select('id').where('order_id', '=', order.id).where('status', '=', from as never).orderBy('line_no').execute();
  for (const item of items) {
    await applyTransition(trx, { machine: orderItemMachine, table: 'order_items', id: item.id, event, actor, at, sellerId: order.seller_id });
  }
}

async function raiseSignal(
  trx: Tx,
  s: { type: SignalType; orderId: string; sellerId: string; shipmentId: string | null; evidence: Json; at: Date },
): Promise<string> {
  const id = newId('sig', s.at.getTime());
  await trx
    .insertInto('signals')
    .values({ id, type: s.type, order_id: s.orderId, seller_id: s.sellerId, shipment_id: s.shipmentId, evidence: JSON.stringify(s.evidence), created_at: s.at })
    .execute();
  await enqueueOutbox(trx, {
    type: 'order.signal_raised',
    entityType: 'order',
    entityId: s.orderId,
    sellerId: s.sellerId,
    payload: { signalId: id, type: s.type, orderId: s.orderId, sellerId: s.sellerId, shipmentId: s.shipmentId, evidence: s.evidence },
    at: s.at,
  });
  return id;
}

// ---- dispatch -------------------------------------------------------------------------------------------

export interface DispatchInput {
  carrier: CarrierCode;
  trackingNumber: string;
  service?: string;
}

/**
 * The seller hands the goods to a carrier. The tracking number is validated for the carrier; the dispatch is
 * recorded exactly (deadline and actual time, late or not); a check that the tracking gets a carrier scan is
 * scheduled; a carrier or service other than the buyer's choice, and a number already on another buyer's
 * order, raise signals.
 */
export async function dispatchOrder(ctx: AppContext, actor: Actor, orderId: string, input: DispatchInput): Promise<OrderDetail> {
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const order = await visibleOrder(trx, actor, orderId, { forUpdate: true });
    requireSellerSide(actor, order, { allowIntegration: true });
    const check = validateTrackingNumber(input.trackingNumber, input.carrier);
    if (!check.valid) {
      throw unprocessable('invalid_tracking_number', `The tracking number is not valid: ${check.reason}.`, {
        field: 'trackingNumber',
        reason: check.reason,
        carriers: check.carriers,
      });
    }
    const { version: policyVersion, policy } = await activePolicy(ctx, trx);
    const late = isLateDispatch(at, order.dispatch_deadline);
    const service = input.service?.trim() || null;
    await applyTransition(trx, {
      machine: orderMachine,
      table: 'orders',
      id: order.id,
      event: 'dispatch',
      actor,
      at,
      sellerId: order.seller_id,
      patch: { dispatched_at: at, dispatched_late: late },
      data: { carrier: input.carrier, service, trackingNumber: check.normalized, dispatchDeadline: order.dispatch_deadline.toISOString(), dispatchedAt: at.toISOString(), late },
      outbox: {
        type: 'order.dispatched',
        payload: {
          sellerId: order.seller_id,
          externalId: order.external_id,
          carrier: input.carrier,
          service,
          trackingNumber: check.normalized,
          dispatchedAt: at.toISOString(),
          dispatchDeadline: order.dispatch_deadline.toISOString(),
          late,
        },
      },
    });
    await moveItems(trx, order, 'paid', 'dispatch', actor, at);

    const shipmentId = newId('shp', at.getTime());
    await trx
      .insertInto('shipments')
      .values({
        id: shipmentId,
        order_id: order.id,
        seller_id: order.seller_id,
        buyer_id: order.buyer_id,
        carrier: input.carrier,
        service,
        tracking_number_entered: input.trackingNumber,
        tracking_number: check.normalized,
        dispatched_at: at,
        dispatch_deadline: order.dispatch_deadline,
        late,
        valid_tracking_at: null,
        last_scan_at: null,
        last_event_code: null,
        created_by: actor.id,
        created_at: at,
      })
      .execute();

    // Scans the carrier reported before the seller entered the number belong to this shipment.
    const earlier = await trx
      .updateTable('carrier_scans')
      .set({ shipment_id: shipmentId, order_id: order.id, seller_id: order.seller_id })
      .where('tracking_number', '=', check.normalized)
      .where('shipment_id', 'is', null)
      .returning(['occurred_at', 'event_code'])
      .execute();
    const others = await trx
      .selectFrom('shipments')
      .select(['valid_tracking_at', 'last_scan_at', 'last_event_code'])
      .where('tracking_number', '=', check.normalized)
      .where('id', '<>', shipmentId)
      .where('valid_tracking_at', 'is not', null)
      .execute();
    const scanTimes = [...earlier.map((s) => s.occurred_at), ...others.map((s) => s.valid_tracking_at!)];
    if (scanTimes.length > 0) {
      const first = new Date(Math.min(...scanTimes.map((d) => d.getTime())));
      const lastScan = [...earlier.map((s) => ({ at: s.occurred_at, code: s.event_code })), ...others.map((s) => ({ at: s.last_scan_at!, code: s.last_event_code! }))].sort(
        (a, b) => b.at.getTime() - a.at.getTime(),
      )[0];
      await trx.updateTable('shipments').set({ valid_tracking_at: first, last_scan_at: lastScan.at, last_event_code: lastScan.code }).where('id', '=', shipmentId).execute();
      await trx.updateTable('orders').set({ tracking_valid_at: first }).where('id', '=', order.id).execute();
    }

    await scheduleTask(trx, {
      kind: TASK_NO_SCAN_CHECK,
      entityType: 'shipment',
      entityId: shipmentId,
      dueAt: new Date(at.getTime() + policy.fulfilment.noScanDays * 86_400_000),
      payload: { orderId: order.id, noScanDays: policy.fulfilment.noScanDays, policyVersion },
      now: at,
    });

    const differs = shippingMethodDiffers({ carrier: order.shipping_carrier, service: order.shipping_service }, { carrier: input.carrier, service });
    if (differs.carrier || differs.service) {
      await raiseSignal(trx, {
        type: 'method_mismatch',
        orderId: order.id,
        sellerId: order.seller_id,
        shipmentId,
        evidence: {
          chosen: { carrier: order.shipping_carrier, service: order.shipping_service },
          used: { carrier: input.carrier, service },
          differs: [...(differs.carrier ? ['carrier'] : []), ...(differs.service ? ['service'] : [])],
        },
        at,
      });
    }

    const reused = await trx
      .selectFrom('shipments')
      .select(['order_id', 'seller_id', 'buyer_id', 'carrier', 'dispatched_at'])
      .where('tracking_number', '=', check.normalized)
      .where('buyer_id', '<>', order.buyer_id)
      .orderBy('dispatched_at')
      .limit(20)
      .execute();
    if (reused.length > 0) {
      await raiseSignal(trx, {
        type: 'tracking_reused',
        orderId: order.id,
        sellerId: order.seller_id,
        shipmentId,
        evidence: {
          trackingNumber: check.normalized,
          carrier: input.carrier,
          otherOrders: reused.map((r) => ({ orderId: r.order_id, sellerId: r.seller_id, carrier: r.carrier, dispatchedAt: r.dispatched_at.toISOString(), sameSeller: r.seller_id === order.seller_id })),
        },
        at,
      });
    }
  });
  return getOrderDetail(ctx, actor, orderId);
}

/** Due `noScanDays` after dispatch: no carrier scan by then raises a fictitious-dispatch signal. */
export async function runNoScanCheck(ctx: AppContext, trx: Tx, task: DueTask): Promise<void> {
  const shipment = await trx.selectFrom('shipments').selectAll().where('id', '=', task.entityId).executeTakeFirst();
  if (!shipment) return;
  const noScanDays = Number(task.payload.noScanDays ?? (await activePolicy(ctx, trx)).policy.fulfilment.noScanDays);
  if (scannedInTime(shipment.dispatched_at, shipment.valid_tracking_at, noScanDays)) return;
  await raiseSignal(trx, {
    type: 'fictitious_dispatch_suspected',
    orderId: shipment.order_id,
    sellerId: shipment.seller_id,
    shipmentId: shipment.id,
    evidence: {
      rule: 'no_scan_after_dispatch',
      carrier: shipment.carrier,
      trackingNumber: shipment.tracking_number,
      dispatchedAt: shipment.dispatched_at.toISOString(),
      noScanDays,
      checkedAt: ctx.clock.now().toISOString(),
      firstScanAt: shipment.valid_tracking_at?.toISOString() ?? null,
      policyVersion: task.payload.policyVersion ?? null,
    },
    at: ctx.clock.now(),
  });
}

// ---- cancellation before dispatch -----------------------------------------------------------------------

/** The buyer asks to cancel a paid order before dispatch. The seller answers before the dispatch deadline. */
export async function requestCancellation(ctx: AppContext, actor: Actor, orderId: string, input: { reason: string }): Promise<OrderDetail> {
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const order = await visibleOrder(trx, actor, orderId, { forUpdate: true });
    requireBuyerOf(actor, order);
    if (order.cancellation_outcome === 'refused' && order.status === 'paid') {
      throw conflict('cancellation_already_refused', 'The seller already refused to cancel this order; it will be dispatched.');
    }
    const { version: policyVersion, policy } = await activePolicy(ctx, trx);
    await applyTransition(trx, {
      machine: orderMachine,
      table: 'orders',
      id: order.id,
      event: 'request_cancellation',
      actor,
      at,
      reason: input.reason,
      sellerId: order.seller_id,
      patch: { cancellation_requested_at: at, cancellation_reason: input.reason, cancellation_outcome: null, cancellation_answered_at: null },
      data: { dispatchDeadline: order.dispatch_deadline.toISOString(), silence: policy.fulfilment.cancellationSilence, policyVersion },
      outbox: { type: 'order.cancellation_requested', payload: { sellerId: order.seller_id, externalId: order.external_id, reason: input.reason, answerBy: order.dispatch_deadline.toISOString() } },
    });
    await scheduleTask(trx, {
      kind: TASK_CANCELLATION_SILENCE,
      entityType: 'order',
      entityId: order.id,
      dueAt: order.dispatch_deadline.getTime() > at.getTime() ? order.dispatch_deadline : at,
      payload: { silence: policy.fulfilment.cancellationSilence, policyVersion },
      now: at,
    });
  });
  return getOrderDetail(ctx, actor, orderId);
}

async function cancelWithFullRefund(
  trx: Tx,
  order: OrderRow,
  event: 'accept_cancellation' | 'cancel_on_silence',
  outcome: 'accepted' | 'silence',
  actor: Actor,
  at: Date,
): Promise<void> {
  await applyTransition(trx, {
    machine: orderMachine,
    table: 'orders',
    id: order.id,
    event,
    actor,
    at,
    sellerId: order.seller_id,
    reason: order.cancellation_reason,
    // The buyer asked and the seller agreed: the buyer's cancellation. Unanswered until the deadline: the seller's.
    patch: { cancellation_outcome: outcome, cancellation_answered_at: at, cancelled_at: at, cancellation_fault: outcome === 'accepted' ? 'buyer' : 'seller' },
    data: { outcome },
    outbox: { type: 'order.cancelled', payload: { sellerId: order.seller_id, externalId: order.external_id, outcome, reason: order.cancellation_reason } },
  });
  await moveItems(trx, order, 'paid', 'cancel', actor, at);
  await cancelTasks(trx, 'order', order.id, at, TASK_CANCELLATION_SILENCE);
  const payment = await trx.selectFrom('order_payments').select(['captured_amount', 'refunded_total']).where('order_id', '=', order.id).executeTakeFirstOrThrow();
  const remaining = payment.captured_amount - payment.refunded_total;
  if (remaining > 0) {
    await requestRefund(trx, { orderId: order.id, amount: remaining, reason: outcome === 'accepted' ? 'cancelled_by_seller_agreement' : 'cancelled_seller_did_not_answer', actor, at });
  }
}

/** The seller agrees: the order is cancelled and the buyer refunded in full through the ledger. */
export async function acceptCancellation(ctx: AppContext, actor: Actor, orderId: string): Promise<OrderDetail> {
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const order = await visibleOrder(trx, actor, orderId, { forUpdate: true });
    requireSellerSide(actor, order);
    await cancelWithFullRefund(trx, order, 'accept_cancellation', 'accepted', actor, at);
  });
  return getOrderDetail(ctx, actor, orderId);
}

/** The seller refuses with a reason and must then dispatch by the deadline. */
export async function refuseCancellation(ctx: AppContext, actor: Actor, orderId: string, input: { reason: string }): Promise<OrderDetail> {
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const order = await visibleOrder(trx, actor, orderId, { forUpdate: true });
    requireSellerSide(actor, order);
    await applyTransition(trx, {
      machine: orderMachine,
      table: 'orders',
      id: order.id,
      event: 'refuse_cancellation',
      actor,
      at,
      reason: input.reason,
      sellerId: order.seller_id,
      patch: { cancellation_outcome: 'refused', cancellation_answered_at: at, cancellation_refusal_reason: input.reason },
      data: { dispatchDeadline: order.dispatch_deadline.toISOString() },
      outbox: { type: 'order.cancellation_refused', payload: { sellerId: order.seller_id, externalId: order.external_id, reason: input.reason, dispatchBy: order.dispatch_deadline.toISOString() } },
    });
    await cancelTasks(trx, 'order', order.id, at, TASK_CANCELLATION_SILENCE);
  });
  return getOrderDetail(ctx, actor, orderId);
}

/** The dispatch deadline passed with the request unanswered: the policy decides (default: cancel and refund). */
export async function runCancellationSilence(ctx: AppContext, trx: Tx, task: DueTask): Promise<void> {
  const order = await trx.selectFrom('orders').selectAll().where('id', '=', task.entityId).forUpdate().executeTakeFirst();
  if (!order || order.status !== 'cancellation_requested') return;
  const at = ctx.clock.now();
  const silence = String(task.payload.silence ?? (await activePolicy(ctx, trx)).policy.fulfilment.cancellationSilence);
  if (silence === 'cancel_with_refund') {
    await cancelWithFullRefund(trx, order, 'cancel_on_silence', 'silence', systemActor, at);
  } else {
    await applyTransition(trx, {
      machine: orderMachine,
      table: 'orders',
      id: order.id,
      event: 'expire_cancellation_request',
      actor: systemActor,
      at,
      sellerId: order.seller_id,
      patch: { cancellation_outcome: 'silence', cancellation_answered_at: at },
      data: { silence },
      outbox: { type: 'order.cancellation_expired', payload: { sellerId: order.seller_id, externalId: order.external_id } },
    });
  }
}
