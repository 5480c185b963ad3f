import type { AppContext } from '../../context.js';
import { businessDaysBetween } from '../../domain/calendar/business-days.js';
import type { OrderItemStatus, OrderStatus, SignalType } from '../../domain/orders.js';
import { hasRole, isStaff, type Actor } from '../../platform/actor.js';
import { ledgerOf, type RefundView } from '../refunds/service.js';
import { seesEverything, visibleOrder } from './access.js';
import { loadSellerCalendars, type SellerCalendars } from './calendars.js';

export interface OrderSummary {
  id: string;
  source: string;
  externalId: string;
  status: OrderStatus;
  sellerId: string;
  buyerId: string;
  currency: string;
  itemsTotal: number;
  shippingMethod: { carrier: string; service: string };
  paidAt: string;
  processingDays: number;
  dispatchDeadline: string;
  /** Business days until the dispatch deadline on the seller's calendar (negative when overdue); null once dispatched. */
  businessDaysLeft: number | null;
  overdue: boolean;
  dispatchedAt: string | null;
  dispatchedLate: boolean | null;
  trackingValidAt: string | null;
  cancellation: {
    requestedAt: string;
    reason: string | null;
    outcome: 'accepted' | 'refused' | 'silence' | null;
    answeredAt: string | null;
    refusalReason: string | null;
  } | null;
  cancelledAt: string | null;
  receivedAtWarehouseAt: string | null;
  shippedInternationalAt: string | null;
  deliveredAt: string | null;
  completedAt: string | null;
  refundedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

type OrderRow = Awaited<ReturnType<typeof visibleOrder>> & { seller_country?: string };

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function orderSummary(o: OrderRow, calendars: SellerCalendars | null, now: Date, country: string): OrderSummary {
  const awaitingDispatch = o.status === 'paid' || o.status === 'cancellation_requested';
  return {
    id: o.id,
    source: o.source,
    externalId: o.external_id,
    status: o.status,
    sellerId: o.seller_id,
    buyerId: o.buyer_id,
    currency: o.currency,
    itemsTotal: o.items_total,
    shippingMethod: { carrier: o.shipping_carrier, service: o.shipping_service },
    paidAt: o.paid_at.toISOString(),
    processingDays: o.processing_days,
    dispatchDeadline: o.dispatch_deadline.toISOString(),
    businessDaysLeft: awaitingDispatch && calendars ? businessDaysBetween(now, o.dispatch_deadline, calendars(country)) : null,
    overdue: awaitingDispatch && now.getTime() > o.dispatch_deadline.getTime(),
    dispatchedAt: iso(o.dispatched_at),
    dispatchedLate: o.dispatched_late,
    trackingValidAt: iso(o.tracking_valid_at),
    cancellation: o.cancellation_requested_at
      ? {
          requestedAt: o.cancellation_requested_at.toISOString(),
          reason: o.cancellation_reason,
          outcome: o.cancellation_outcome,
          answeredAt: iso(o.cancellation_answered_at),
          refusalReason: o.cancellation_refusal_reason,
        }
      : null,
    cancelledAt: iso(o.cancelled_at),
    receivedAtWarehouseAt: iso(o.received_at_warehouse_at),
    shippedInternationalAt: iso(o.shipped_international_at),
    deliveredAt: iso(o.delivered_at),
    completedAt: iso(o.completed_at),
    refundedAt: iso(o.refunded_at),
    createdAt: o.created_at.toISOString(),
    updatedAt: o.updated_at.toISOString(),
  };
}

export interface OrderListFilter {
  status?: OrderStatus;
  sellerId?: string;
  buyerId?: string;
  externalId?: string;
  source?: string;
  needsDispatch?: boolean;
  limit: number;
  offset: number;
}

/**
 * Orders the actor may see: staff and integrations all; buyers their own; seller members their sellers'.
 * `needsDispatch` lists the orders still to be dispatched, soonest deadline first.
 */
export async function listOrders(ctx: AppContext, actor: Actor, f: OrderListFilter): Promise<OrderSummary[]> {
  let q = ctx.db.selectFrom('orders').innerJoin('sellers', 'sellers.id', 'orders.seller_id').selectAll('orders').select('sellers.country as seller_country');
  if (!seesEverything(actor)) {
    const sellerIds = actor.memberships.map((m) => m.sellerId);
    const mine = actor.kind === 'user' && actor.id && hasRole(actor, 'buyer') ? actor.id : null;
    if (!mine && sellerIds.length === 0) return [];
    q = q.where((eb) =>
      eb.or([...(mine ? [eb('orders.buyer_id', '=', mine)] : []), ...(sellerIds.length ? [eb('orders.seller_id', 'in', sellerIds)] : [])]),
    );
  }
  if (f.sellerId) q = q.where('orders.seller_id', '=', f.sellerId);
  if (f.buyerId) q = q.where('orders.buyer_id', '=', f.buyerId);
  if (f.externalId) q = q.where('orders.external_id', '=', f.externalId);
  if (f.source) q = q.where('orders.source', '=', f.source);
  if (f.needsDispatch) {
    q = q.where('orders.status', '=', 'paid').orderBy('orders.dispatch_deadline').orderBy('orders.id');
  } else {
    if (f.status) q = q.where('orders.status', '=', f.status);
    // ids are time-ordered: newest first without a sort
    q = q.orderBy('orders.id', 'desc');
  }
  const rows = await q.limit(f.limit).offset(f.offset).execute();
  const calendars = rows.some((r) => r.status === 'paid' || r.status === 'cancellation_requested') ? await loadSellerCalendars(ctx.db) : null;
  const now = ctx.clock.now();
  return rows.map((r) => orderSummary(r, calendars, now, r.seller_country));
}

export interface OrderDetail extends OrderSummary {
  items: { id: string; lineNo: number; productId: string; name: string; sku: string | null; quantity: number; unitPrice: number; status: OrderItemStatus }[];
  payment: {
    capturedAmount: number;
    currency: string;
    method: string;
    reference: string;
    capturedAt: string;
    refundedTotal: number;
    remainingAmount: number;
  };
  refunds: RefundView[];
  shipments: {
    id: string;
    carrier: string;
    service: string | null;
    trackingNumber: string;
    dispatchedAt: string;
    dispatchDeadline: string;
    late: boolean;
    validTrackingAt: string | null;
    lastScanAt: string | null;
    lastEventCode: string | null;
  }[];
  scans: { id: string; carrier: string; trackingNumber: string; eventCode: string; description: string; location: string; occurredAt: string; receivedAt: string }[];
  /** Staff only (enforcement evidence); absent for others. */
  signals?: { id: string; type: SignalType; shipmentId: string | null; evidence: Record<string, unknown>; createdAt: string }[];
  timeline: { id: string; entityType: string; entityId: string; event: string; from: string | null; to: string; actorRole: string; reason: string | null; data: Record<string, unknown>; at: string }[];
}

export async function getOrderDetail(ctx: AppContext, actor: Actor, orderId: string): Promise<OrderDetail> {
  const db = ctx.db;
  const order = await visibleOrder(db, actor, orderId);
  const seller = await db.selectFrom('sellers').select('country').where('id', '=', order.seller_id).executeTakeFirstOrThrow();
  const awaiting = order.status === 'paid' || order.status === 'cancellation_requested';
  const calendars = awaiting ? await loadSellerCalendars(db) : null;
  const [items, ledger, shipments] = await Promise.all([
    db.selectFrom('order_items').selectAll().where('order_id', '=', orderId).orderBy('line_no').execute(),
    ledgerOf(db, orderId),
    db.selectFrom('shipments').selectAll().where('order_id', '=', orderId).orderBy('dispatched_at').execute(),
  ]);
  const numbers = [...new Set(shipments.map((s) => s.tracking_number))];
  const [scans, latest] = numbers.length
    ? await Promise.all([
        db.selectFrom('carrier_scans').selectAll().where('tracking_number', 'in', numbers).orderBy('occurred_at').orderBy('id').limit(500).execute(),
        // The latest scan of each number, from the scans themselves (scan ingest writes a shipment only when its
        // tracking becomes valid).
        db
          .selectFrom('carrier_scans')
          .distinctOn('tracking_number')
          .select(['tracking_number', 'occurred_at', 'event_code'])
          .where('tracking_number', 'in', numbers)
          .orderBy('tracking_number')
          .orderBy('occurred_at', 'desc')
          .orderBy('id', 'desc')
          .execute(),
      ])
    : [[], []];
  const latestOf = new Map(latest.map((l) => [l.tracking_number, l]));
  const signals = isStaff(actor) ? await db.selectFrom('signals').selectAll().where('order_id', '=', orderId).orderBy('created_at').execute() : null;
  const refundIds = ledger?.refunds.map((r) => r.id) ?? [];
  const entityIds = [orderId, ...items.map((i) => i.id), ...refundIds];
  const history = await db
    .selectFrom('entity_history')
    .selectAll()
    .where('entity_type', 'in', ['order', 'order_item', 'refund'])
    .where('entity_id', 'in', entityIds)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const payment = await db.selectFrom('order_payments').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow();
  return {
    ...orderSummary(order, calendars, ctx.clock.now(), seller.country),
    items: items.map((i) => ({ id: i.id, lineNo: i.line_no, productId: i.product_id, name: i.name, sku: i.sku, quantity: i.quantity, unitPrice: i.unit_price, status: i.status })),
    payment: {
      capturedAmount: payment.captured_amount,
      currency: payment.currency,
      method: payment.method,
      reference: payment.reference,
      capturedAt: payment.captured_at.toISOString(),
      refundedTotal: payment.refunded_total,
      remainingAmount: payment.captured_amount - payment.refunded_total,
    },
    refunds: ledger?.refunds ?? [],
    shipments: shipments.map((s) => ({
      id: s.id,
      carrier: s.carrier,
      service: s.service,
      trackingNumber: s.tracking_number,
      dispatchedAt: s.dispatched_at.toISOString(),
      dispatchDeadline: s.dispatch_deadline.toISOString(),
      late: s.late,
      validTrackingAt: iso(s.valid_tracking_at),
      lastScanAt: iso(latestOf.get(s.tracking_number)?.occurred_at ?? s.last_scan_at),
      lastEventCode: latestOf.get(s.tracking_number)?.event_code ?? s.last_event_code,
    })),
    scans: scans.map((s) => ({
      id: s.id,
      carrier: s.carrier,
      trackingNumber: s.tracking_number,
      eventCode: s.event_code,
      description: s.description,
      location: s.location,
      occurredAt: s.occurred_at.toISOString(),
      receivedAt: s.received_at.toISOString(),
    })),
    ...(signals ? { signals: signals.map((s) => ({ id: s.id, type: s.type, shipmentId: s.shipment_id, evidence: s.evidence, createdAt: s.created_at.toISOString() })) } : {}),
    timeline: history.map((h) => ({
      id: h.id,
      entityType: h.entity_type,
      entityId: h.entity_id,
      event: h.event,
      from: h.from_state,
      to: h.to_state,
      actorRole: h.actor_role,
      reason: h.reason,
      data: h.data,
      at: h.at.toISOString(),
    })),
  };
}
