import type { Selectable } from 'kysely';
import type { OrderTables } from '../../db/tables/orders.js';
import { orderItemMachine, orderMachine, type OrderItemEvent, type OrderItemStatus } from '../../domain/orders.js';
import { hasRole, type Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/history.js';
import { applyTransition } from '../../platform/transition.js';
import { forbidden } from '../../shared/errors.js';
import { isIntegration } from '../orders/access.js';
import { parcelMachine } from './rules.js';

export type OrderRow = Selectable<OrderTables['orders']>;

/** Warehouse work (receiving, building and shipping parcels): QC inspectors, and the platform's integration. */
export function requireWarehouse(actor: Actor): void {
  if (hasRole(actor, 'qc_inspector') || isIntegration(actor)) return;
  throw forbidden('Only warehouse staff may do this.');
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** Locks the order row; undefined when there is none. */
export function lockOrder(trx: Tx, orderId: string): Promise<OrderRow | undefined> {
  return trx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirst();
}

/** Moves the order's items that are at `from` with the event, each through its own transition. */
export async function moveItems(
  trx: Tx,
  order: { id: string; seller_id: string },
  from: OrderItemStatus,
  event: OrderItemEvent,
  actor: Actor,
  at: Date,
  data?: Record<string, unknown>,
): Promise<string[]> {
  const items = await trx.selectFrom('order_items').select('id').where('order_id', '=', order.id).where('status', '=', from).orderBy('line_no').execute();
  for (const item of items) {
    await applyTransition(trx, { machine: orderItemMachine, table: 'order_items', id: item.id, event, actor, at, sellerId: order.seller_id, data });
  }
  return items.map((i) => i.id);
}

export type DeliveryVia = 'carrier' | 'buyer' | 'protection_expired';

/** An order (and its items) reaches the buyer. `deliveredAt` is when it happened, `at` when it was recorded. */
export async function deliverOrder(
  trx: Tx,
  order: { id: string; seller_id: string; external_id: string; buyer_id: string },
  actor: Actor,
  at: Date,
  deliveredAt: Date,
  via: DeliveryVia,
  parcelId: string | null,
): Promise<void> {
  const data = { via, parcelId, deliveredAt: deliveredAt.toISOString() };
  await applyTransition(trx, {
    machine: orderMachine,
    table: 'orders',
    id: order.id,
    event: 'deliver',
    actor,
    at,
    sellerId: order.seller_id,
    patch: { delivered_at: deliveredAt },
    data,
    outbox: { type: 'order.delivered', payload: { sellerId: order.seller_id, buyerId: order.buyer_id, externalId: order.external_id, ...data } },
  });
  await moveItems(trx, order, 'shipped_international', 'deliver', actor, at, { via });
}

/** The parcel an order is in (not a cancelled one), if any. */
export async function liveParcelOf(trx: Tx, orderId: string): Promise<string | null> {
  const row = await trx.selectFrom('parcel_orders').select('parcel_id').where('order_id', '=', orderId).where('released_at', 'is', null).executeTakeFirst();
  return row?.parcel_id ?? null;
}

/**
 * Locks the parcel an order is in, before the order itself: every use-case locks parcel → order → protection,
 * so a buyer's confirmation and a carrier's delivery event for the same parcel queue instead of deadlocking.
 */
export async function lockParcelOfOrder(trx: Tx, orderId: string): Promise<string | null> {
  const parcelId = await liveParcelOf(trx, orderId);
  if (parcelId) await trx.selectFrom('parcels').select('id').where('id', '=', parcelId).forUpdate().execute();
  return parcelId;
}

/**
 * Once every order of an in-transit parcel has been delivered (or left the flow), the parcel is delivered too.
 * Used after a buyer's confirmation or the end of protection; a carrier's delivery event delivers it directly.
 */
export async function deliverParcelIfAllOrdersArrived(trx: Tx, parcelId: string, actor: Actor, at: Date, deliveredAt: Date): Promise<boolean> {
  const parcel = await trx.selectFrom('parcels').select(['id', 'status']).where('id', '=', parcelId).forUpdate().executeTakeFirst();
  if (!parcel || parcel.status !== 'in_transit') return false;
  const waiting = await trx
    .selectFrom('parcel_orders')
    .innerJoin('orders', 'orders.id', 'parcel_orders.order_id')
    .select('orders.id')
    .where('parcel_orders.parcel_id', '=', parcelId)
    .where('parcel_orders.released_at', 'is', null)
    .where('orders.status', '=', 'shipped_international')
    .executeTakeFirst();
  if (waiting) return false;
  await applyTransition(trx, {
    machine: parcelMachine,
    table: 'parcels',
    id: parcelId,
    event: 'deliver',
    actor,
    at,
    patch: { delivered_at: deliveredAt },
    data: { via: 'all_orders_delivered' },
    outbox: { type: 'parcel.delivered', payload: { deliveredAt: deliveredAt.toISOString(), via: 'all_orders_delivered' } },
  });
  return true;
}
