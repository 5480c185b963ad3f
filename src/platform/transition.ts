import { sql } from 'kysely';
import type { Json } from '../db/tables/platform.js';
import { nextState, type StateMachine } from '../domain/state-machine.js';
import { notFound } from '../shared/errors.js';
import { firersOf, type Actor } from './actor.js';
import { appendHistory, enqueueOutbox, type Tx } from './history.js';

export interface TransitionCommand<S extends string, E extends string> {
  machine: StateMachine<S, E>;
  /** The table holding the entity, with `id` and `status` columns. */
  table: string;
  id: string;
  event: E;
  actor: Actor;
  at: Date;
  reason?: string | null;
  sellerId?: string | null;
  /** Other columns to set with the new status. */
  patch?: Record<string, unknown>;
  data?: Json;
  /** Event published to webhooks and notifications; its payload gets the new status added. */
  outbox?: { type: string; payload: Json };
  /** Touch `updated_at` (tables that have one). */
  touch?: boolean;
}

export interface TransitionResult<S extends string> {
  from: S;
  to: S;
}

/**
 * The one way a status changes (DESIGN §3): lock the row, check the table, write the change, append history
 * and an outbox row — all inside the caller's transaction.
 */
export async function applyTransition<S extends string, E extends string>(
  trx: Tx,
  cmd: TransitionCommand<S, E>,
): Promise<TransitionResult<S>> {
  const locked = await sql<{ status: S }>`SELECT status FROM ${sql.table(cmd.table)} WHERE id = ${cmd.id} FOR UPDATE`.execute(trx);
  const row = locked.rows[0];
  if (!row) throw notFound(cmd.machine.entity.replace(/_/g, ' '));
  const from = row.status;
  const to = nextState(cmd.machine, from, cmd.event, firersOf(cmd.actor));

  const set: Record<string, unknown> = { ...cmd.patch, status: to };
  if (cmd.touch !== false) set.updated_at = cmd.at;
  // The table name is dynamic; the column values still go through parameters.
  await (trx as unknown as Tx).updateTable(cmd.table as 'sellers').set(set as never).where('id', '=', cmd.id).execute();

  await appendHistory(trx, {
    entityType: cmd.machine.entity,
    entityId: cmd.id,
    event: cmd.event,
    from,
    to,
    actor: cmd.actor,
    reason: cmd.reason,
    data: cmd.data,
    sellerId: cmd.sellerId,
    at: cmd.at,
  });
  if (cmd.outbox) {
    await enqueueOutbox(trx, {
      type: cmd.outbox.type,
      entityType: cmd.machine.entity,
      entityId: cmd.id,
      sellerId: cmd.sellerId,
      payload: { id: cmd.id, status: to, previousStatus: from, ...cmd.outbox.payload },
      at: cmd.at,
    });
  }
  return { from, to };
}
