import { defineMachine } from '../../domain/state-machine.js';

export type TrainingModuleStatus = 'draft' | 'published' | 'archived';
export type TrainingModuleEvent = 'publish' | 'archive';

/** Who writes training: compliance officers and admins. */
export const TRAINING_EDITORS = ['compliance_officer', 'admin'] as const;

/**
 * A module is drafted, then published to sellers; archiving hides it (completions already made still count), and
 * an archived module can be published again.
 */
export const trainingModuleMachine = defineMachine<TrainingModuleStatus, TrainingModuleEvent>('training_module', ['draft', 'published', 'archived'], [
  { from: ['draft', 'archived'], event: 'publish', to: 'published', by: TRAINING_EDITORS },
  { from: ['draft', 'published'], event: 'archive', to: 'archived', by: TRAINING_EDITORS },
]);
