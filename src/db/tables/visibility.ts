import type { ColumnType } from 'kysely';
import type { Timestamp } from './platform.js';

/** A jsonb column written as JSON text and read back parsed. */
type JsonOf<T> = ColumnType<T, string, string>;

/** Training modules and attempts (0015_visibility.sql). Review moderation columns are added to `reviews`. */
export interface VisibilityTables {
  training_modules: {
    id: string;
    slug: string;
    title_en: string;
    title_zh: string;
    summary_en: string;
    summary_zh: string;
    content_en: string;
    content_zh: string;
    questions: JsonOf<unknown>;
    pass_mark: string | number;
    position: number;
    status: 'active' | 'archived';
    version: number;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  training_attempts: {
    id: string;
    module_id: string;
    module_version: number;
    user_id: string;
    seller_id: string | null;
    answers: JsonOf<unknown>;
    correct: number;
    total: number;
    score: string | number;
    passed: boolean;
    created_at: Timestamp;
  };
}
