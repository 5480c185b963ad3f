import type { AppContext } from '../../context.js';
import { CARRIER_NAMES, type CarrierCode } from '../../domain/tracking/index.js';
import type { Actor } from '../../platform/actor.js';
import { visibleOrder } from '../orders/access.js';
import { protectionView, type ProtectionView } from './protection.js';

/**
 * The buyer-facing tracking of an order: one time-ordered list of everything that happened to it, from payment
 * through the seller's dispatch and the domestic carrier's scans, the warehouse receipt and QC, the international
 * parcel and its scans, to delivery and completion, with the protection countdown beside it.
 */

export type TrackingEventType =
  | 'paid'
  | 'cancellation_requested'
  | 'cancellation_refused'
  | 'cancellation_request_expired'
  | 'cancelled'
  | 'dispatched'
  | 'carrier_scan'
  | 'received_at_warehouse'
  | 'qc_passed'
  | 'qc_failed'
  | 'parcel_shipped'
  | 'parcel_scan'
  | 'delivered'
  | 'delivery_confirmed'
  | 'protection_extension_requested'
  | 'protection_extended'
  | 'protection_ended'
  | 'completed'
  | 'refunded';

export interface TrackingEvent {
  at: string;
  type: TrackingEventType;
  /** Who did it, when a person or system did: buyer, seller, qc_inspector, integration, system… */
  actorRole: string | null;
  data: Record<string, unknown>;
}

export interface OrderTracking {
  orderId: string;
  status: string;
  parcel: { id: string; status: string; carrier: string; carrierName: string; trackingNumber: string; insured: boolean } | null;
  protection: ProtectionView | null;
  events: TrackingEvent[];
}

/** History events of the order shown on the timeline, and the type each becomes (others come from their own tables). */
const FROM_HISTORY: Record<string, TrackingEventType> = {
  request_cancellation: 'cancellation_requested',
  refuse_cancellation: 'cancellation_refused',
  expire_cancellation_request: 'cancellation_request_expired',
  accept_cancellation: 'cancelled',
  cancel_on_silence: 'cancelled',
  pass_qc: 'qc_passed',
  fail_qc: 'qc_failed',
  deliver: 'delivered',
  confirm_delivery: 'delivery_confirmed',
  request_protection_extension: 'protection_extension_requested',
  extend_protection: 'protection_extended',
  end_protection: 'protection_ended',
  complete: 'completed',
  refund: 'refunded',
};

/** For the order's buyer, the seller's members, staff and integrations; a 404 for everyone else. */
export async function getOrderTracking(ctx: AppContext, actor: Actor, orderId: string): Promise<OrderTracking> {
  const db = ctx.db;
  const order = await visibleOrder(db, actor, orderId);
  const now = ctx.clock.now();
  const [shipments, receipt, history, link, protection] = await Promise.all([
    db.selectFrom('shipments').selectAll().where('order_id', '=', orderId).orderBy('dispatched_at').orderBy('id').execute(),
    db.selectFrom('warehouse_receipts').selectAll().where('order_id', '=', orderId).executeTakeFirst(),
    db.selectFrom('entity_history').selectAll().where('entity_type', '=', 'order').where('entity_id', '=', orderId).orderBy('at').orderBy('id').execute(),
    db
      .selectFrom('parcel_orders')
      .innerJoin('parcels', 'parcels.id', 'parcel_orders.parcel_id')
      .selectAll('parcels')
      .where('parcel_orders.order_id', '=', orderId)
      .where('parcel_orders.released_at', 'is', null)
      .executeTakeFirst(),
    db.selectFrom('order_protection').selectAll().where('order_id', '=', orderId).executeTakeFirst(),
  ]);
  const numbers = [...new Set(shipments.map((s) => s.tracking_number))];
  const [scans, photos, parcelEvents] = await Promise.all([
    numbers.length
      ? db.selectFrom('carrier_scans').selectAll().where('tracking_number', 'in', numbers).orderBy('occurred_at').orderBy('id').limit(500).execute()
      : Promise.resolve([]),
    receipt
      ? db.selectFrom('warehouse_receipt_photos').select(['id', 'media_type']).where('receipt_id', '=', receipt.id).orderBy('uploaded_at').orderBy('id').execute()
      : Promise.resolve([]),
    link ? db.selectFrom('parcel_events').selectAll().where('parcel_id', '=', link.id).orderBy('occurred_at').orderBy('id').limit(500).execute() : Promise.resolve([]),
  ]);

  // Equal times keep the order the records were written in: every id is a ULID, sortable by creation (a
  // carrier's delivered scan is stored before the delivery it causes).
  const entries: (TrackingEvent & { t: number; key: string })[] = [];
  const push = (at: Date, type: TrackingEventType, actorRole: string | null, data: Record<string, unknown>, recordId: string) =>
    entries.push({ at: at.toISOString(), type, actorRole, data, t: at.getTime(), key: recordId.slice(recordId.indexOf('_') + 1) });

  push(order.paid_at, 'paid', null, { currency: order.currency, itemsTotal: order.items_total, shippingMethod: { carrier: order.shipping_carrier, service: order.shipping_service } }, '');
  for (const s of shipments) {
    push(s.dispatched_at, 'dispatched', null, {
      shipmentId: s.id,
      carrier: s.carrier,
      carrierName: CARRIER_NAMES[s.carrier as CarrierCode] ?? s.carrier,
      service: s.service,
      trackingNumber: s.tracking_number,
      dispatchDeadline: s.dispatch_deadline.toISOString(),
      late: s.late,
    }, s.id);
  }
  for (const s of scans) {
    push(s.occurred_at, 'carrier_scan', 'carrier', { leg: 'domestic', carrier: s.carrier, trackingNumber: s.tracking_number, eventCode: s.event_code, description: s.description, location: s.location }, s.id);
  }
  if (receipt) {
    const receivedBy = history.find((h) => h.event === 'receive_at_warehouse')?.actor_role ?? null;
    push(receipt.received_at, 'received_at_warehouse', receivedBy, {
      receiptId: receipt.id,
      weightGrams: receipt.weight_grams,
      trackingNumber: receipt.tracking_number,
      notes: receipt.notes,
      photos: photos.map((p) => ({ id: p.id, mediaType: p.media_type, url: `/api/v1/warehouse/receipts/${receipt.id}/photos/${p.id}/file` })),
    }, receipt.id);
  }
  for (const h of history) {
    if (h.event === 'ship_international' && link) {
      push(h.at, 'parcel_shipped', h.actor_role, {
        parcelId: link.id,
        carrier: link.carrier,
        carrierName: CARRIER_NAMES[link.carrier as CarrierCode] ?? link.carrier,
        trackingNumber: link.tracking_number,
        insured: link.insured,
        declaredWeightGrams: link.declared_weight_grams,
        protectionEndsAt: (h.data as { protectionEndsAt?: string }).protectionEndsAt ?? null,
      }, h.id);
      continue;
    }
    const type = FROM_HISTORY[h.event];
    if (!type) continue;
    const data: Record<string, unknown> = { ...(h.data as Record<string, unknown>) };
    if (h.reason) data.reason = h.reason;
    // a delivery's own time is when it happened; the record may come later (a carrier event sent in a batch)
    const at = type === 'delivered' && typeof data.deliveredAt === 'string' ? new Date(data.deliveredAt) : h.at;
    push(at, type, h.actor_role, data, h.id);
  }
  for (const e of parcelEvents) {
    push(e.occurred_at, 'parcel_scan', 'carrier', { leg: 'international', parcelId: e.parcel_id, eventCode: e.event_code, description: e.description, location: e.location }, e.id);
  }
  entries.sort((a, b) => a.t - b.t || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  return {
    orderId: order.id,
    status: order.status,
    parcel: link
      ? {
          id: link.id,
          status: link.status,
          carrier: link.carrier,
          carrierName: CARRIER_NAMES[link.carrier as CarrierCode] ?? link.carrier,
          trackingNumber: link.tracking_number,
          insured: link.insured,
        }
      : null,
    protection: protection ? protectionView(protection, order.status, now) : null,
    events: entries.map(({ t: _t, key: _k, ...e }) => e),
  };
}
