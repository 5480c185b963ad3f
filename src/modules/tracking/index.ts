import type { Module } from '../../http/types.js';
import { trackingRoutes } from './routes.js';

export const trackingModule: Module = { name: 'tracking', routes: trackingRoutes };
