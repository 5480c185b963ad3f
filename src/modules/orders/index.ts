import type { Module } from '../../http/types.js';
import { ordersRoutes } from './routes.js';
import { TASK_CANCELLATION_SILENCE, TASK_NO_SCAN_CHECK, runCancellationSilence, runNoScanCheck } from './service.js';

export const ordersModule: Module = {
  name: 'orders',
  routes: ordersRoutes,
  taskHandlers: {
    [TASK_NO_SCAN_CHECK]: runNoScanCheck,
    [TASK_CANCELLATION_SILENCE]: runCancellationSilence,
  },
};
