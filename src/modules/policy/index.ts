import type { Module } from '../../http/types.js';
import { ensureDefaultPolicy } from './service.js';

export const policyModule: Module = { name: 'policy', onBoot: ensureDefaultPolicy };
