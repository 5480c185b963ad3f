import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Json } from '../db/tables/platform.js';
import { newId } from '../shared/ids.js';
import { bulkInsert, type BulkColumn } from '../db/bulk-insert.js';
import { primaryRole, type Actor } from './actor.js';

export type Tx = Transaction<Database>;

export interface HistoryEntry {
  entityType: string;
  entityId: string;
  event: string;
  from: string | null;
  to: string;
  actor: Actor;
  reason?: string | null;
  data?: Json;
  sellerId?: string | null;
  at: Date;
}

/** Appends one row to the entity's history. Callers are inside the transaction that made the change. */
export async function appendHistory(trx: Tx, e: HistoryEntry): Promise<void> {
  await trx
    .insertInto('entity_history')
    .values({
      id: newId('evt', e.at.getTime()),
      entity_type: e.entityType,
      entity_id: e.entityId,
      event: e.event,
      from_state: e.from,
      to_state: e.to,
      actor_id: e.actor.id,
      actor_role: primaryRole(e.actor),
      reason: e.reason ?? null,
      data: JSON.stringify(e.data ?? {}),
      seller_id: e.sellerId ?? null,
      at: e.at,
    })
    .execute();
}

export interface OutboxEvent {
  type: string;
  entityType: string;
  entityId: string;
  sellerId?: string | null;
  payload: Json;
  at: Date;
}

/** Queues an event for webhooks and notifications, in the same transaction as the change. */
export async function enqueueOutbox(trx: Tx, e: OutboxEvent): Promise<string> {
  const id = newId('obx', e.at.getTime());
  await trx
    .insertInto('outbox')
    .values({
      id,
      event_type: e.type,
      entity_type: e.entityType,
      entity_id: e.entityId,
      seller_id: e.sellerId ?? null,
      payload: JSON.stringify({ type: e.type, timestamp: e.at.toISOString(), data: e.payload }),
      created_at: e.at,
      dispatched_at: null,
    })
    .execute();
  return id;
}

/**
 * The rows `appendHistory` and `enqueueOutbox` write, for many entities in one statement each. Batch ingest
 * creates thousands of orders per second, and one round trip per history row would be most of its time.
 */
export async function appendHistoryRows(
  trx: Tx,
  rows: { entityType: string; entityId: string; event: string; from: string | null; to: string; sellerId: string | null; data: Json; reason?: string | null }[],
  actor: Actor,
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const when = at.toISOString();
  const role = primaryRole(actor);
  await bulkInsert(
    'entity_history',
    HISTORY_COLUMNS,
    rows.map((r) => [newId('evt', at.getTime()), r.entityType, r.entityId, r.event, r.from, r.to, actor.id, role, r.reason ?? null, r.data, r.sellerId, when]),
  ).execute(trx);
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

export async function enqueueOutboxRows(
  trx: Tx,
  rows: { type: string; entityType: string; entityId: string; sellerId: string | null; payload: Json }[],
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const when = at.toISOString();
  await bulkInsert(
    'outbox',
    OUTBOX_COLUMNS,
    rows.map((e) => [newId('obx', at.getTime()), e.type, e.entityType, e.entityId, e.sellerId, { type: e.type, timestamp: when, data: e.payload }, when]),
  ).execute(trx);
}
