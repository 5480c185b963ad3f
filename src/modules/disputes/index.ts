import type { Module } from '../../http/types.js';
import './flow.js';
import { followReplacements } from './flow.js';
import { disputesRoutes } from './routes.js';
import './templates.js';

/**
 * Post-delivery disputes (seed 004) as case types of the case engine: the engine runs their deadlines
 * (`case.deadline`, through the flow registered in flow.ts) and closes them once their refunds settle; this module
 * follows replacement orders until the seller dispatches them.
 */
export const disputesModule: Module = {
  name: 'disputes',
  routes: disputesRoutes,
  periodic: [followReplacements],
};
