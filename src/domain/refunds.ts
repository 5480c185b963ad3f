import { defineMachine } from './state-machine.js';

/**
 * The refund ledger (DESIGN §3 "Money"): each refund of an order is an instruction to the platform's payment
 * system, which confirms it through the API.
 *
 *   pending ──mark_sent──▶ sent ──settle──▶ settled
 *   pending | sent ──fail──▶ failed      (a failed refund frees its amount)
 *   pending ──settle──▶ settled          (the platform may confirm settlement directly)
 *
 * Per order, the sum of refunds that have not failed never exceeds the captured amount.
 */
export const REFUND_STATUSES = ['pending', 'sent', 'settled', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const REFUND_EVENTS = ['mark_sent', 'settle', 'fail'] as const;
export type RefundEvent = (typeof REFUND_EVENTS)[number];

export const refundMachine = defineMachine<RefundStatus, RefundEvent>('refund', REFUND_STATUSES, [
  { from: ['pending'], event: 'mark_sent', to: 'sent', by: ['integration'] },
  { from: ['pending', 'sent'], event: 'settle', to: 'settled', by: ['integration'] },
  { from: ['pending', 'sent'], event: 'fail', to: 'failed', by: ['integration'] },
]);

/** The platform confirms with the status reached; this is the event that leads there. */
export const CONFIRMATION_EVENT: Record<Exclude<RefundStatus, 'pending'>, RefundEvent> = {
  sent: 'mark_sent',
  settled: 'settle',
  failed: 'fail',
};

/** Refunds that count against the captured amount. */
export function countsAgainstCaptured(status: RefundStatus): boolean {
  return status !== 'failed';
}

/** What may still be refunded: captured minus every refund that has not failed. */
export function refundableRemainder(capturedAmount: number, refunds: { amount: number; status: RefundStatus }[]): number {
  const committed = refunds.filter((r) => countsAgainstCaptured(r.status)).reduce((sum, r) => sum + r.amount, 0);
  return capturedAmount - committed;
}
