import type { Module } from '../../http/types.js';
import { refundsRoutes } from './routes.js';

export const refundsModule: Module = { name: 'refunds', routes: refundsRoutes };
