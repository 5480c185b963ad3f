import type { Module } from '../../http/types.js';
import { logisticsRoutes } from './routes.js';
import { TASK_PROTECTION_END, runProtectionEnd } from './service.js';
import './templates.js';

export { recordDisputeClosed, recordDisputeOpened, NEAR_PROTECTION_EXPIRY_DAYS } from './service.js';

/** From the warehouse to the buyer's door: receipts, QC pass, international parcels, protection periods. */
export const logisticsModule: Module = {
  name: 'logistics',
  routes: logisticsRoutes,
  taskHandlers: { [TASK_PROTECTION_END]: runProtectionEnd },
};
