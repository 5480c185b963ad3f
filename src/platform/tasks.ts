import type { Json } from '../db/tables/platform.js';
import { newId } from '../shared/ids.js';
import type { Tx } from './history.js';

/** Stores a deadline or other due work; the scheduler runs it at `dueAt`, or as soon as it is back up. */
export async function scheduleTask(
  trx: Tx,
  task: { kind: string; entityType: string; entityId: string; dueAt: Date; payload?: Json; now: Date },
): Promise<string> {
  const id = newId('tsk', task.now.getTime());
  await trx
    .insertInto('scheduled_tasks')
    .values({
      id,
      kind: task.kind,
      entity_type: task.entityType,
      entity_id: task.entityId,
      due_at: task.dueAt,
      payload: JSON.stringify(task.payload ?? {}),
      created_at: task.now,
      last_error: null,
      finished_at: null,
    })
    .execute();
  return id;
}

/** Cancels the pending tasks of an entity (of one kind, or all). */
export async function cancelTasks(trx: Tx, entityType: string, entityId: string, now: Date, kind?: string): Promise<void> {
  let q = trx
    .updateTable('scheduled_tasks')
    .set({ status: 'cancelled', finished_at: now })
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .where('status', '=', 'pending');
  if (kind) q = q.where('kind', '=', kind);
  await q.execute();
}
