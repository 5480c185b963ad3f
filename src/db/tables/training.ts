import type { Timestamp } from './platform.js';

/**
 * Training completions (0016_training.sql): one row per seller and module version, written by the first passing
 * attempt. Modules and attempts are in visibility.ts; 0016 widens the module status to draft | published | archived.
 */
export interface TrainingTables {
  training_completions: {
    seller_id: string;
    module_id: string;
    module_version: number;
    attempt_id: string;
    user_id: string;
    completed_at: Timestamp;
  };
}
