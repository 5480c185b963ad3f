import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export type Json = Record<string, unknown>;
/** timestamptz: written as Date or ISO string, read as Date. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** date: 'YYYY-MM-DD' both ways. */
export type DateString = string;

export interface PlatformTables {
  schema_migrations: { version: string; applied_at: Generated<Date> };
  entity_history: {
    id: string;
    entity_type: string;
    entity_id: string;
    event: string;
    from_state: string | null;
    to_state: string;
    actor_id: string | null;
    actor_role: string;
    reason: string | null;
    data: JSONColumnType<Json>;
    seller_id: string | null;
    at: Timestamp;
  };
  outbox: {
    id: string;
    event_type: string;
    entity_type: string;
    entity_id: string;
    seller_id: string | null;
    payload: JSONColumnType<Json>;
    created_at: Timestamp;
    dispatched_at: Timestamp | null;
  };
  scheduled_tasks: {
    id: string;
    kind: string;
    entity_type: string;
    entity_id: string;
    due_at: Timestamp;
    status: Generated<'pending' | 'done' | 'cancelled' | 'failed'>;
    attempts: Generated<number>;
    last_error: string | null;
    payload: JSONColumnType<Json>;
    created_at: Timestamp;
    finished_at: Timestamp | null;
  };
  blobs: { sha256: string; size_bytes: number; media_type: string; created_at: Timestamp };
  idempotency_keys: {
    actor_id: string;
    key: string;
    method: string;
    path: string;
    request_hash: string;
    status_code: number | null;
    response_body: JSONColumnType<object> | null;
    created_at: Timestamp;
  };
}
