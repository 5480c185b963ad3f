import type { Json } from '../../db/tables/platform.js';
import { primaryRole, type Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/history.js';
import { newId } from '../../shared/ids.js';
import type { CanonicalOrder } from './input.js';

/**
 * The rows `appendHistory` and `enqueueOutbox` write, for many entities in one statement each. Batch ingest
 * creates thousands of orders per second, and one round trip per history row would be most of its time.
 */
export async function appendHistoryRows(
  trx: Tx,
  rows: { entityType: string; entityId: string; event: string; from: string | null; to: string; sellerId: string | null; data: Json; reason?: string | null }[],
  actor: Actor,
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('entity_history')
    .values(
      rows.map((r) => ({
        id: newId('evt', at.getTime()),
        entity_type: r.entityType,
        entity_id: r.entityId,
        event: r.event,
        from_state: r.from,
        to_state: r.to,
        actor_id: actor.id,
        actor_role: primaryRole(actor),
        reason: r.reason ?? null,
        data: JSON.stringify(r.data),
        seller_id: r.sellerId,
        at,
      })),
    )
    .execute();
}

export async function enqueueOutboxRows(
  trx: Tx,
  rows: { type: string; entityType: string; entityId: string; sellerId: string | null; payload: Json }[],
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('outbox')
    .values(
      rows.map((e) => ({
        id: newId('obx', at.getTime()),
        event_type: e.type,
        entity_type: e.entityType,
        entity_id: e.entityId,
        seller_id: e.sellerId,
        payload: JSON.stringify({ type: e.type, timestamp: at.toISOString(), data: e.payload }),
        created_at: at,
        dispatched_at: null,
      })),
    )
    .execute();
}

/** Stored orders in their canonical form, to name the fields a conflicting re-send differs in. */
export async function loadCanonicalOrders(trx: Tx, orderIds: string[]): Promise<Map<string, CanonicalOrder>> {
  const out = new Map<string, CanonicalOrder>();
  if (orderIds.length === 0) return out;
  const orders = await trx
    .selectFrom('orders')
    .innerJoin('order_payments', 'order_payments.order_id', 'orders.id')
    .select([
      'orders.id',
      'orders.source',
      'orders.external_id',
      'orders.buyer_external_id',
      'orders.seller_id',
      'orders.currency',
      'orders.shipping_carrier',
      'orders.shipping_service',
      'orders.paid_at',
      'order_payments.captured_amount',
      'order_payments.method',
      'order_payments.reference',
    ])
    .where('orders.id', 'in', orderIds)
    .execute();
  const items = await trx.selectFrom('order_items').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('line_no').execute();
  for (const o of orders) {
    out.set(o.id, {
      source: o.source,
      externalId: o.external_id,
      buyerExternalId: o.buyer_external_id ?? '',
      sellerId: o.seller_id,
      currency: o.currency,
      shippingCarrier: o.shipping_carrier,
      shippingService: o.shipping_service,
      paidAt: o.paid_at.toISOString(),
      paymentAmount: o.captured_amount,
      paymentMethod: o.method,
      paymentReference: o.reference,
      items: [],
    });
  }
  for (const i of items) {
    out.get(i.order_id)?.items.push({ productId: i.product_id, name: i.name, sku: i.sku, quantity: i.quantity, unitPrice: i.unit_price });
  }
  return out;
}
