import type { Module } from '../../http/types.js';
import { handleExpiry, handleExpiryWarning, TASK_EXPIRY, TASK_EXPIRY_WARNING } from './expiry.js';
import { handleInvitationExpiry, TASK_INVITATION_EXPIRY } from './members.js';
import { sellerRoutes } from './routes.js';
import './team-notices.js';
import { teamRoutes } from './team-routes.js';

export const sellersModule: Module = {
  name: 'sellers',
  routes: (app, ctx) => {
    sellerRoutes(app, ctx);
    teamRoutes(app, ctx);
  },
  taskHandlers: { [TASK_EXPIRY_WARNING]: handleExpiryWarning, [TASK_EXPIRY]: handleExpiry, [TASK_INVITATION_EXPIRY]: handleInvitationExpiry },
};
