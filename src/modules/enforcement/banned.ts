import { sql } from 'kysely';
import { orderItemMachine, orderMachine } from '../../domain/orders.js';
import { systemActor } from '../../platform/actor.js';
import { cancelTasks } from '../../platform/tasks.js';
import { applyTransition } from '../../platform/transition.js';
import { notifyRoles } from '../notifications/service.js';
import { requestRefund } from '../refunds/service.js';
import { appendLog } from './ledger.js';
import type { Decision } from './sanctions.js';

/** States in which an order has left the seller's hands but not ended: it carries on to the buyer. */
const IN_TRANSIT = ['dispatched', 'received_at_warehouse', 'qc_passed', 'qc_failed', 'shipped_international', 'delivered'];

/**
 * A banned seller's open orders (DESIGN §1: nothing is lost). Orders not yet dispatched are cancelled by the
 * platform and refunded in full through the refund ledger, or — when the policy says so — held for support to
 * source elsewhere. Orders already on their way carry on under the buyer's protection as usual. Every open order
 * gets a row saying which, so support can account for each one.
 */
export async function handleBannedSellerOrders(d: Decision, sellerId: string, sanctionId: string | null): Promise<{ refunded: number; held: number; inTransit: number }> {
  const counts = { refunded: 0, held: 0, inTransit: 0 };
  if (!sanctionId) return counts;
  const orders = await d.trx
    .selectFrom('orders')
    .select(['id', 'status', 'external_id'])
    .where('seller_id', '=', sellerId)
    .where('status', 'in', ['paid', 'cancellation_requested', ...IN_TRANSIT] as never)
    .where('id', 'not in', d.trx.selectFrom('banned_seller_orders').select('order_id').where('seller_id', '=', sellerId))
    .orderBy('id')
    .forUpdate()
    .execute();
  const mode = d.policy.enforcement.bannedSellerOpenOrders;
  for (const o of orders) {
    let outcome: 'refunded' | 'awaiting_reassignment' | 'in_transit';
    let refundId: string | null = null;
    if (IN_TRANSIT.includes(o.status)) {
      outcome = 'in_transit';
      counts.inTransit++;
    } else if (mode === 'refund') {
      await applyTransition(d.trx, {
        machine: orderMachine,
        table: 'orders',
        id: o.id,
        event: 'cancel_by_platform',
        actor: systemActor,
        at: d.at,
        sellerId,
        reason: 'The seller was banned.',
        patch: { cancelled_at: d.at, cancellation_fault: 'seller' },
        data: { sanctionId },
        outbox: { type: 'order.cancelled', payload: { sellerId, externalId: o.external_id, outcome: 'seller_banned' } },
      });
      const items = await d.trx.selectFrom('order_items').select('id').where('order_id', '=', o.id).where('status', '=', 'paid').orderBy('line_no').execute();
      for (const item of items) {
        await applyTransition(d.trx, { machine: orderItemMachine, table: 'order_items', id: item.id, event: 'cancel', actor: systemActor, at: d.at, sellerId });
      }
      await cancelTasks(d.trx, 'order', o.id, d.at);
      const pay = await d.trx.selectFrom('order_payments').select(['captured_amount', 'refunded_total']).where('order_id', '=', o.id).executeTakeFirst();
      const remaining = pay ? Number(pay.captured_amount) - Number(pay.refunded_total) : 0;
      if (remaining > 0) refundId = (await requestRefund(d.trx, { orderId: o.id, amount: remaining, reason: 'seller_banned', actor: systemActor, at: d.at })).id;
      outcome = 'refunded';
      counts.refunded++;
    } else {
      outcome = 'awaiting_reassignment';
      counts.held++;
    }
    await d.trx.insertInto('banned_seller_orders').values({ order_id: o.id, seller_id: sellerId, sanction_id: sanctionId, outcome, refund_id: refundId, recorded_at: d.at }).execute();
  }
  if (orders.length > 0) {
    await appendLog(d.trx, { action: 'seller.open_orders_settled', entityType: 'seller', entityId: sellerId, subjectId: sellerId, actor: d.actor, policyVersion: d.version, payload: { sanctionId, mode, ...counts, orderIds: orders.map((o) => o.id) }, at: d.at });
    if (!d.quiet && counts.held > 0) {
      await notifyRoles(d.trx, { roles: ['support_agent'], eventType: 'enforcement.orders_awaiting_reassignment', data: { sellerId, orders: counts.held }, link: `/compliance/sellers/${sellerId}/enforcement`, at: d.at });
    }
  }
  return counts;
}

/** Orders a ban left for support: how many of each outcome, per seller (for the enforcement file). */
export async function bannedOrderSummary(db: Decision['trx'] | import('kysely').Kysely<import('../../db/schema.js').Database>, sellerId: string) {
  const rows = await sql<{ outcome: string; n: number }>`SELECT outcome, count(*)::int AS n FROM banned_seller_orders WHERE seller_id = ${sellerId} GROUP BY outcome`.execute(db);
  return Object.fromEntries(rows.rows.map((r) => [r.outcome, Number(r.n)]));
}
