import type { Module } from '../../http/types.js';
import { registerEventTypes } from '../webhooks/event-types.js';
import { refundsRoutes } from './routes.js';

registerEventTypes({
  'refund.sent': 'The payment system reported a refund as sent.',
  'refund.settled': 'The payment system reported a refund as settled.',
  'refund.failed': 'The payment system reported a refund as failed; its amount is refundable again.',
});

export const refundsModule: Module = { name: 'refunds', routes: refundsRoutes };
