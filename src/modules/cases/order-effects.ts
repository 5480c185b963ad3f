import { orderItemMachine, orderMachine, type OrderItemEvent, type OrderStatus } from '../../domain/orders.js';
import { systemActor, type Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/history.js';
import { applyTransition } from '../../platform/transition.js';

/**
 * What QC results and QC cases do to the order and its items. Items are inspected one by one; the order follows:
 * it fails QC when one of its items does, passes once every item still part of it passed, and is refunded when
 * none is left. All moves go through the order tables (src/domain/orders.ts).
 */

const GONE = new Set(['cancelled', 'refunded']);
const AFTER_DISPATCH: OrderStatus[] = ['dispatched', 'received_at_warehouse', 'qc_passed', 'qc_failed', 'shipped_international', 'delivered'];

export async function lockOrder(trx: Tx, orderId: string) {
  return trx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirstOrThrow();
}

export async function moveItem(trx: Tx, item: { id: string; seller_id: string }, event: OrderItemEvent, actor: Actor, at: Date, data: Record<string, unknown> = {}, reason?: string | null) {
  await applyTransition(trx, { machine: orderItemMachine, table: 'order_items', id: item.id, event, actor, at, sellerId: item.seller_id, data, reason: reason ?? null });
}

/**
 * Brings the (locked) order in line with its items after an inspection or a case outcome. `inspector` fires the
 * warehouse's own moves (pass_qc, fail_qc); a case outcome's moves are the system's.
 */
export async function settleOrderStatus(trx: Tx, orderId: string, at: Date, inspector: Actor | null, data: Record<string, unknown> = {}): Promise<OrderStatus> {
  const order = await trx.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
  const items = await trx.selectFrom('order_items').select(['status']).where('order_id', '=', orderId).execute();
  const remaining = items.filter((i) => !GONE.has(i.status));
  const base = { machine: orderMachine, table: 'orders', id: order.id, at, sellerId: order.seller_id, data } as const;
  const payload = { sellerId: order.seller_id, externalId: order.external_id, ...data };

  if (remaining.length === 0) {
    if (!AFTER_DISPATCH.includes(order.status)) return order.status;
    await applyTransition(trx, { ...base, event: 'refund', actor: systemActor, patch: { refunded_at: at }, outbox: { type: 'order.refunded', payload } });
    return 'refunded';
  }
  const anyFailed = remaining.some((i) => i.status === 'qc_failed');
  const allPassed = remaining.every((i) => i.status === 'qc_passed');
  if (order.status === 'received_at_warehouse' && inspector) {
    if (anyFailed) {
      await applyTransition(trx, { ...base, event: 'fail_qc', actor: inspector, patch: { qc_decided_at: at }, outbox: { type: 'order.qc_failed', payload } });
      return 'qc_failed';
    }
    if (allPassed) {
      await applyTransition(trx, { ...base, event: 'pass_qc', actor: inspector, patch: { qc_decided_at: at }, outbox: { type: 'order.qc_passed', payload } });
      return 'qc_passed';
    }
  }
  if (order.status === 'qc_failed' && allPassed) {
    await applyTransition(trx, { ...base, event: 'resolve_qc', actor: systemActor, patch: { qc_decided_at: at }, outbox: { type: 'order.qc_passed', payload } });
    return 'qc_passed';
  }
  return order.status;
}
