import type { RawBuilder } from 'kysely';
import { bulkInsert, type BulkColumn } from '../../db/bulk-insert.js';
import type { Json } from '../../db/tables/platform.js';
import { primaryRole, type Actor } from '../../platform/actor.js';
import { newId } from '../../shared/ids.js';

/**
 * The history and outbox rows of `appendHistoryRows` / `enqueueOutboxRows` (src/platform/history.ts), as INSERT
 * statements to embed in a larger one: batch ingest writes an order chunk's orders, items, payments, history and
 * outbox in a single statement (data-modifying CTEs), because on a loaded server each round trip waits for the
 * CPU as long as a statement takes to run. Same columns and same payload shape as the platform helpers.
 */

export interface HistoryRow {
  entityType: string;
  entityId: string;
  event: string;
  from: string | null;
  to: string;
  sellerId: string | null;
  data: Json;
  reason?: string | null;
}

export interface OutboxRow {
  type: string;
  entityType: string;
  entityId: string;
  sellerId: string | null;
  payload: Json;
}

const HISTORY_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'entity_type', type: 'text' },
  { name: 'entity_id', type: 'text' },
  { name: 'event', type: 'text' },
  { name: 'from_state', type: 'text' },
  { name: 'to_state', type: 'text' },
  { name: 'actor_id', type: 'text' },
  { name: 'actor_role', type: 'text' },
  { name: 'reason', type: 'text' },
  { name: 'data', type: 'jsonb' },
  { name: 'seller_id', type: 'text' },
  { name: 'at', type: 'timestamptz' },
];

const OUTBOX_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'event_type', type: 'text' },
  { name: 'entity_type', type: 'text' },
  { name: 'entity_id', type: 'text' },
  { name: 'seller_id', type: 'text' },
  { name: 'payload', type: 'jsonb' },
  { name: 'created_at', type: 'timestamptz' },
];

/** INSERT of history rows; `tail` may filter them (`WHERE entity_id IN (…)`). */
export function historyInsert(rows: HistoryRow[], actor: Actor, at: Date, tail?: RawBuilder<unknown>) {
  const when = at.toISOString();
  const role = primaryRole(actor);
  return bulkInsert(
    'entity_history',
    HISTORY_COLUMNS,
    rows.map((r) => [newId('evt', at.getTime()), r.entityType, r.entityId, r.event, r.from, r.to, actor.id, role, r.reason ?? null, r.data, r.sellerId, when]),
    tail,
  );
}

/** INSERT of outbox rows; `tail` may filter them. */
export function outboxInsert(rows: OutboxRow[], at: Date, tail?: RawBuilder<unknown>) {
  const when = at.toISOString();
  return bulkInsert(
    'outbox',
    OUTBOX_COLUMNS,
    rows.map((e) => [newId('obx', at.getTime()), e.type, e.entityType, e.entityId, e.sellerId, { type: e.type, timestamp: when, data: e.payload }, when]),
    tail,
  );
}
