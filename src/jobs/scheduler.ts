import { sql } from 'kysely';
import type { AppContext, DueTask } from '../context.js';

const MAX_ATTEMPTS = 8;

/**
 * Runs stored tasks whose time has come. Each task runs in its own transaction with the row claimed
 * FOR UPDATE SKIP LOCKED, so any number of replicas share the work and a task is never run twice.
 * Tasks that fell due while the server was down are simply due now.
 */
export async function runDueTasks(ctx: AppContext, limit = 100): Promise<number> {
  let ran = 0;
  while (ran < limit) {
    const claimed = await runOneDueTask(ctx);
    if (claimed === 'none') break;
    ran++;
  }
  return ran;
}

async function runOneDueTask(ctx: AppContext): Promise<'ran' | 'failed' | 'none'> {
  const now = ctx.clock.now();
  let claimedTask: DueTask | null = null;
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const row = (
        await sql<{ id: string; kind: string; entity_type: string; entity_id: string; due_at: Date; payload: Record<string, unknown> }>`
          SELECT id, kind, entity_type, entity_id, due_at, payload FROM scheduled_tasks
          WHERE status = 'pending' AND due_at <= ${now}
          ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(trx)
      ).rows[0];
      if (!row) return 'none' as const;
      claimedTask = {
        id: row.id,
        kind: row.kind,
        entityType: row.entity_type,
        entityId: row.entity_id,
        dueAt: row.due_at,
        payload: row.payload ?? {},
      };
      const handler = ctx.taskHandlers.get(row.kind);
      if (!handler) throw new Error(`no handler for task kind ${row.kind}`);
      await handler(ctx, trx, claimedTask);
      await trx
        .updateTable('scheduled_tasks')
        .set({ status: 'done', finished_at: now, attempts: sql`attempts + 1` })
        .where('id', '=', row.id)
        .execute();
      return 'ran' as const;
    });
  } catch (err) {
    const task = claimedTask as DueTask | null;
    if (!task) throw err;
    // The handler's work rolled back; record the failure and retry later with backoff.
    ctx.log.warn({ err, taskId: task.id, kind: task.kind }, 'scheduled task failed');
    await ctx.db
      .updateTable('scheduled_tasks')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_error: String((err as Error)?.message ?? err).slice(0, 500),
        status: sql`CASE WHEN attempts + 1 >= ${MAX_ATTEMPTS} THEN 'failed' ELSE 'pending' END`,
        due_at: sql`${now}::timestamptz + (interval '30 seconds' * power(2, attempts))`,
      }))
      .where('id', '=', task.id)
      .execute();
    return 'failed';
  }
}

export interface Scheduler {
  /** One pass over everything due: tasks, then the periodic jobs. */
  tick(): Promise<void>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

export type PeriodicJob = (ctx: AppContext) => Promise<unknown>;

export function createScheduler(ctx: AppContext, periodic: PeriodicJob[]): Scheduler {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const tick = async () => {
    await runDueTasks(ctx);
    for (const job of periodic) await job(ctx);
  };

  const loop = (intervalMs: number) => {
    if (stopped) return;
    running = tick()
      .catch((err) => ctx.log.error({ err }, 'scheduler tick failed'))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(() => loop(intervalMs), intervalMs);
      });
  };

  return {
    tick,
    start(intervalMs = 1000) {
      stopped = false;
      loop(intervalMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}
