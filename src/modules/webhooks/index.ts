import type { Module } from '../../http/types.js';
import { deliverDueWebhooks, fanOutOutbox } from './dispatcher.js';
import { webhookRoutes } from './routes.js';

export { registerEventTypes } from './event-types.js';

/** Admin-registered endpoints, fed from the outbox: fan-out first, then the deliveries that are due. */
export const webhooksModule: Module = {
  name: 'webhooks',
  routes: webhookRoutes,
  periodic: [(ctx) => fanOutOutbox(ctx), (ctx) => deliverDueWebhooks(ctx)],
};
