import type { AppealStatus, BatchStatus, SanctionStatus, ViolationStatus } from '../../db/tables/enforcement.js';
import { defineMachine } from '../state-machine.js';

/**
 * Enforcement's transition tables (DESIGN §3): violations, sanctions, appeals and bulk batches. The scheduler
 * ('system') confirms clear-cut violations and moves sanctions when points expire; everything else is an officer's.
 */
const OFFICERS = ['compliance_officer', 'admin'] as const;
const ENFORCERS = [...OFFICERS, 'system'] as const;

export type ViolationEvent = 'confirm' | 'dismiss' | 'reverse';
export const violationMachine = defineMachine<ViolationStatus, ViolationEvent>('violation', ['proposed', 'confirmed', 'dismissed', 'reversed'], [
  { from: ['proposed'], event: 'confirm', to: 'confirmed', by: ENFORCERS },
  { from: ['proposed'], event: 'dismiss', to: 'dismissed', by: OFFICERS },
  // an upheld appeal or an undone batch
  { from: ['confirmed'], event: 'reverse', to: 'reversed', by: OFFICERS },
]);

export type SanctionEvent = 'lift' | 'expire';
export const sanctionMachine = defineMachine<SanctionStatus, SanctionEvent>('sanction', ['active', 'lifted', 'expired', 'rectified'], [
  { from: ['active'], event: 'lift', to: 'lifted', by: ENFORCERS },
  { from: ['active'], event: 'expire', to: 'expired', by: ENFORCERS },
]);

export type AppealEvent = 'uphold' | 'reject';
export const appealMachine = defineMachine<AppealStatus, AppealEvent>('appeal', ['submitted', 'upheld', 'rejected'], [
  { from: ['submitted'], event: 'uphold', to: 'upheld', by: OFFICERS },
  { from: ['submitted'], event: 'reject', to: 'rejected', by: OFFICERS },
]);

export type BatchEvent = 'apply' | 'discard' | 'undo';
export const batchMachine = defineMachine<BatchStatus, BatchEvent>('enforcement_batch', ['previewed', 'applied', 'undone', 'discarded'], [
  { from: ['previewed'], event: 'apply', to: 'applied', by: OFFICERS },
  { from: ['previewed'], event: 'discard', to: 'discarded', by: OFFICERS },
  { from: ['applied'], event: 'undo', to: 'undone', by: OFFICERS },
]);
