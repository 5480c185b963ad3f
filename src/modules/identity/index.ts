import type { Module } from '../../http/types.js';
import { identityRoutes } from './routes.js';

export const identityModule: Module = { name: 'identity', routes: identityRoutes };
