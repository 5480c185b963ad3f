import type { JSONColumnType } from 'kysely';
import type { Policy } from '../../domain/policy.js';
import type { Timestamp } from './platform.js';

export interface PolicyTables {
  policy_versions: {
    version: number;
    status: 'draft' | 'active' | 'retired';
    document: JSONColumnType<Policy>;
    note: string;
    created_by: string | null;
    created_at: Timestamp;
    activated_by: string | null;
    activated_at: Timestamp | null;
    retired_at: Timestamp | null;
  };
}
