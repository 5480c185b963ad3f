import type { Module } from '../../http/types.js';
import { registerEventTypes } from '../webhooks/event-types.js';
import { ordersRoutes } from './routes.js';
import { TASK_CANCELLATION_SILENCE, TASK_NO_SCAN_CHECK, runCancellationSilence, runNoScanCheck } from './service.js';

registerEventTypes({
  'order.cancellation_requested': 'The buyer asked to cancel an order before dispatch; the seller answers before the dispatch deadline.',
  'order.cancellation_refused': 'The seller refused a cancellation request and must dispatch by the deadline.',
  'order.cancellation_expired': 'A cancellation request went unanswered and the policy keeps the order.',
  'order.tracking_valid': "An order's tracking number got its first carrier scan.",
  'order.signal_raised': 'A fact for enforcement: method mismatch, reused tracking number, or no carrier scan after dispatch.',
});

export const ordersModule: Module = {
  name: 'orders',
  routes: ordersRoutes,
  taskHandlers: {
    [TASK_NO_SCAN_CHECK]: runNoScanCheck,
    [TASK_CANCELLATION_SILENCE]: runCancellationSilence,
  },
};
