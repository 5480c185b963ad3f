import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Json } from '../db/tables/platform.js';
import { newId } from '../shared/ids.js';
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
