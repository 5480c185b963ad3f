import type { Module } from '../http/types.js';
import { calendarModule } from './calendar/index.js';
import { enforcementModule } from './enforcement/index.js';
import { casesModule } from './cases/index.js';
import { disputesModule } from './disputes/index.js';
import { evaluationModule } from './evaluation/index.js';
import { identityModule } from './identity/index.js';
import { logisticsModule } from './logistics/index.js';
import { notificationsModule } from './notifications/index.js';
import { ordersModule } from './orders/index.js';
import { policyModule } from './policy/index.js';
import { qcModule } from './qc/index.js';
import { refundsModule } from './refunds/index.js';
import { reviewsModule } from './reviews/index.js';
import { searchModule } from './search/index.js';
import { sellersModule } from './sellers/index.js';
import { trackingModule } from './tracking/index.js';
import { trainingModule } from './training/index.js';
import { uploadsModule } from './uploads/index.js';
import { webhooksModule } from './webhooks/index.js';

/** Every area of the product, in the order their routes register and boot. */
export const modules: Module[] = [
  identityModule,
  policyModule,
  sellersModule,
  webhooksModule,
  notificationsModule,
  calendarModule,
  trackingModule,
  ordersModule,
  refundsModule,
  logisticsModule,
  qcModule,
  casesModule,
  uploadsModule,
  disputesModule,
  evaluationModule,
  enforcementModule,
  reviewsModule,
  searchModule,
  trainingModule,
];
