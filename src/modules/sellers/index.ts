import type { Module } from '../../http/types.js';
import { handleExpiry, handleExpiryWarning, TASK_EXPIRY, TASK_EXPIRY_WARNING } from './expiry.js';
import { sellerRoutes } from './routes.js';

export const sellersModule: Module = {
  name: 'sellers',
  routes: sellerRoutes,
  taskHandlers: { [TASK_EXPIRY_WARNING]: handleExpiryWarning, [TASK_EXPIRY]: handleExpiry },
};
