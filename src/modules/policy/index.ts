import type { Module } from '../../http/types.js';
import { policyRoutes } from './routes.js';
import { ensureDefaultPolicy } from './service.js';

/** The versioned policy document: drafts, the dry run, activation. */
export const policyModule: Module = { name: 'policy', onBoot: ensureDefaultPolicy, routes: policyRoutes };
