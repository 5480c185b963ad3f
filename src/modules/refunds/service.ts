import type { AppContext } from '../../context.js';
import { CONFIRMATION_EVENT, refundMachine, type RefundStatus } from '../../domain/refunds.js';
import { hasRole, type Actor } from '../../platform/actor.js';
import { appendHistory, enqueueOutbox, type Tx } from '../../platform/history.js';
import { applyTransition } from '../../platform/transition.js';
import { forbidden, notFound, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { canSeeOrder, isIntegration, visibleOrder } from '../orders/access.js';

export interface RefundView {
  id: string;
  orderId: string;
  amount: number;
  currency: string;
  reason: string;
  caseId: string | null;
  status: RefundStatus;
  paymentReference: string;
  providerReference: string | null;
  failureReason: string | null;
  requestedBy: string | null;
  requestedAt: string;
  sentAt: string | null;
  settledAt: string | null;
  failedAt: string | null;
}

type RefundRow = {
  id: string;
  order_id: string;
  amount: number;
  currency: string;
  reason: string;
  case_id: string | null;
  status: RefundStatus;
  payment_reference: string;
  provider_reference: string | null;
  failure_reason: string | null;
  requested_by: string | null;
  requested_at: Date;
  sent_at: Date | null;
  settled_at: Date | null;
  failed_at: Date | null;
};

export function refundView(r: RefundRow): RefundView {
  return {
    id: r.id,
    orderId: r.order_id,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    caseId: r.case_id,
    status: r.status,
    paymentReference: r.payment_reference,
    providerReference: r.provider_reference,
    failureReason: r.failure_reason,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    settledAt: r.settled_at?.toISOString() ?? null,
    failedAt: r.failed_at?.toISOString() ?? null,
  };
}

export interface RefundRequest {
  orderId: string;
  /** Minor units of the order's currency; more than zero. */
  amount: number;
  reason: string;
  /** The QC or dispute case that decided the refund, if any. */
  caseId?: string | null;
  actor: Actor;
  at: Date;
}

/**
 * Records a refund of an order and instructs the platform's payment system (`refund.requested` webhook with the
 * original payment reference). The one way money goes back to a buyer: QC and dispute cases call this inside
 * their own transaction. The order's payment row is locked first, so concurrent requests queue; the sum of
 * refunds that have not failed never exceeds the captured amount (and the database refuses it if it would).
 */
export async function requestRefund(trx: Tx, req: RefundRequest): Promise<RefundView> {
  if (!Number.isSafeInteger(req.amount) || req.amount <= 0) {
    throw unprocessable('invalid_refund_amount', 'A refund is a whole, positive number of minor units.', { field: 'amount' });
  }
  const payment = await trx.selectFrom('order_payments').selectAll().where('order_id', '=', req.orderId).forUpdate().executeTakeFirst();
  if (!payment) throw notFound('Order');
  const remaining = payment.captured_amount - payment.refunded_total;
  if (req.amount > remaining) {
    throw unprocessable(
      'refund_exceeds_captured',
      `At most ${remaining} (minor units of ${payment.currency}) can still be refunded on this order.`,
      { field: 'amount', remainingAmount: remaining, capturedAmount: payment.captured_amount, refundedTotal: payment.refunded_total, currency: payment.currency },
    );
  }
  const order = await trx.selectFrom('orders').select(['external_id', 'source', 'buyer_id']).where('id', '=', req.orderId).executeTakeFirstOrThrow();
  const id = newId('ref', req.at.getTime());
  const row = await trx
    .insertInto('refunds')
    .values({
      id,
      order_id: req.orderId,
      seller_id: payment.seller_id,
      amount: req.amount,
      currency: payment.currency,
      reason: req.reason,
      case_id: req.caseId ?? null,
      status: 'pending',
      payment_reference: payment.reference,
      provider_reference: null,
      failure_reason: null,
      requested_by: req.actor.id,
      requested_at: req.at,
      sent_at: null,
      settled_at: null,
      failed_at: null,
      updated_at: req.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendHistory(trx, {
    entityType: 'refund',
    entityId: id,
    event: 'request',
    from: null,
    to: 'pending',
    actor: req.actor,
    reason: req.reason,
    data: { orderId: req.orderId, amount: req.amount, currency: payment.currency, caseId: req.caseId ?? null },
    sellerId: payment.seller_id,
    at: req.at,
  });
  await enqueueOutbox(trx, {
    type: 'refund.requested',
    entityType: 'refund',
    entityId: id,
    sellerId: payment.seller_id,
    payload: {
      id,
      orderId: req.orderId,
      orderExternalId: order.external_id,
      source: order.source,
      amount: req.amount,
      currency: payment.currency,
      reason: req.reason,
      caseId: req.caseId ?? null,
      paymentReference: payment.reference,
      paymentMethod: payment.method,
    },
    at: req.at,
  });
  return refundView(row);
}

/** Staff refund an order by hand (goodwill, corrections): support agents and admins. */
export async function requestRefundByStaff(
  ctx: AppContext,
  actor: Actor,
  orderId: string,
  input: { amount: number; reason: string; caseId?: string },
): Promise<RefundView> {
  const at = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await visibleOrder(trx, actor, orderId);
    if (!hasRole(actor, 'support_agent', 'admin')) throw forbidden('Only support agents and admins may refund an order by hand.');
    return requestRefund(trx, { orderId, amount: input.amount, reason: input.reason, caseId: input.caseId ?? null, actor, at });
  });
}

/**
 * The platform's payment system reports where a refund stands. Repeating the status the refund already has
 * changes nothing (webhook retries are safe); a move the table does not allow is a 409.
 */
export async function confirmRefund(
  ctx: AppContext,
  actor: Actor,
  refundId: string,
  input: { status: Exclude<RefundStatus, 'pending'>; providerReference?: string; failureReason?: string },
): Promise<RefundView> {
  if (!isIntegration(actor)) {
    const exists = await ctx.db.selectFrom('refunds').innerJoin('orders', 'orders.id', 'refunds.order_id').select(['orders.buyer_id', 'orders.seller_id']).where('refunds.id', '=', refundId).executeTakeFirst();
    if (!exists || !canSeeOrder(actor, exists)) throw notFound('Refund');
    throw forbidden('Only the platform integration confirms refunds.');
  }
  const at = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('refunds').select(['order_id', 'status']).where('id', '=', refundId).executeTakeFirst();
    if (!current) throw notFound('Refund');
    // Same lock order as requestRefund (payment, then refund), so the two never deadlock.
    await trx.selectFrom('order_payments').select('order_id').where('order_id', '=', current.order_id).forUpdate().execute();
    const locked = await trx.selectFrom('refunds').selectAll().where('id', '=', refundId).forUpdate().executeTakeFirstOrThrow();
    if (locked.status === input.status) return refundView(locked);
    const patch: Record<string, unknown> = {};
    if (input.providerReference) patch.provider_reference = input.providerReference;
    if (input.status === 'sent') patch.sent_at = at;
    if (input.status === 'settled') patch.settled_at = at;
    if (input.status === 'failed') {
      patch.failed_at = at;
      patch.failure_reason = input.failureReason ?? null;
    }
    await applyTransition(trx, {
      machine: refundMachine,
      table: 'refunds',
      id: refundId,
      event: CONFIRMATION_EVENT[input.status],
      actor,
      at,
      sellerId: locked.seller_id,
      reason: input.failureReason ?? null,
      patch,
      data: { providerReference: input.providerReference ?? null },
      outbox: {
        type: `refund.${input.status}`,
        payload: { orderId: locked.order_id, amount: locked.amount, currency: locked.currency, providerReference: input.providerReference ?? locked.provider_reference },
      },
    });
    return refundView(await trx.selectFrom('refunds').selectAll().where('id', '=', refundId).executeTakeFirstOrThrow());
  });
}

export interface RefundLedger {
  orderId: string;
  currency: string;
  capturedAmount: number;
  /** Refunds that have not failed: pending + sent + settled. */
  refundedTotal: number;
  remainingAmount: number;
  refunds: RefundView[];
}

export async function ledgerOf(db: Tx | AppContext['db'], orderId: string): Promise<RefundLedger | null> {
  const payment = await db.selectFrom('order_payments').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  if (!payment) return null;
  const refunds = await db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).orderBy('requested_at').orderBy('id').execute();
  return {
    orderId,
    currency: payment.currency,
    capturedAmount: payment.captured_amount,
    refundedTotal: payment.refunded_total,
    remainingAmount: payment.captured_amount - payment.refunded_total,
    refunds: refunds.map(refundView),
  };
}

export async function getLedger(ctx: AppContext, actor: Actor, orderId: string): Promise<RefundLedger> {
  await visibleOrder(ctx.db, actor, orderId);
  const ledger = await ledgerOf(ctx.db, orderId);
  if (!ledger) throw notFound('Order');
  return ledger;
}

export async function getRefund(ctx: AppContext, actor: Actor, refundId: string): Promise<RefundView> {
  const row = await ctx.db.selectFrom('refunds').selectAll().where('id', '=', refundId).executeTakeFirst();
  if (!row) throw notFound('Refund');
  await visibleOrder(ctx.db, actor, row.order_id).catch(() => {
    throw notFound('Refund');
  });
  return refundView(row);
}
