import { DISPUTE_CASE_DEFINITIONS, type DisputeType } from './dispute.js';
import { qcFailureCase } from './qc-failure.js';
import type { CaseType, CaseTypeDefinition } from './types.js';

/** Every case type the engine runs, by name. The dispute types of the next issue are added here. */
export const CASE_TYPE_DEFINITIONS: Record<CaseType, CaseTypeDefinition> = {
  qc_failure: qcFailureCase as unknown as CaseTypeDefinition,
  ...(DISPUTE_CASE_DEFINITIONS as unknown as Record<DisputeType, CaseTypeDefinition>),
};

export function caseTypeDefinition(type: CaseType): CaseTypeDefinition {
  const def = CASE_TYPE_DEFINITIONS[type];
  if (!def) throw new Error(`unknown case type ${type}`);
  return def;
}

export * from './types.js';
