import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { runDueTasks } from '../jobs/scheduler.js';
import type { ManualClock } from '../shared/clock.js';

/**
 * A demo story is a set of steps at points in time, played in time order on a manual clock. Between two steps the
 * scheduler runs every stored task at its own due time, so deadlines, silences and warnings land where real use
 * would put them and carry the dates it would give them.
 */
export interface DemoStep {
  at: number;
  label: string;
  run: () => Promise<void>;
}

export class DemoTimeline {
  private readonly steps: (DemoStep & { seq: number })[] = [];

  /** `name` prefixes a failing step's error, so a broken demo says which story and step broke. */
  constructor(
    private readonly ctx: AppContext,
    private readonly clock: ManualClock,
    private readonly name: string,
  ) {}

  /** A step at an absolute time (ms); steps at the same time run in the order they were added. */
  add(at: number, label: string, run: () => Promise<void>): void {
    this.steps.push({ at, label, run, seq: this.steps.length });
  }

  addAll(steps: DemoStep[]): void {
    for (const s of steps) this.add(s.at, s.label, s.run);
  }

  /** Plays every step, then the tasks falling due up to `until`, and leaves the clock at `until`. */
  async playUntil(until: number): Promise<void> {
    const ordered = [...this.steps].sort((a, b) => a.at - b.at || a.seq - b.seq);
    for (const s of ordered) {
      await runTasksUntil(this.ctx, this.clock, s.at);
      // A step never moves the clock back: tasks run up to its time, never past it.
      this.clock.set(new Date(Math.max(s.at, this.clock.now().getTime())));
      try {
        await s.run();
      } catch (err) {
        throw new Error(`${this.name}, step "${s.label}": ${(err as Error).message}`, { cause: err });
      }
    }
    await runTasksUntil(this.ctx, this.clock, until);
    this.clock.set(new Date(until));
  }
}

/** Runs each stored task due up to `until` with the clock at its due time (a deadline is met when it is due). */
export async function runTasksUntil(ctx: AppContext, clock: ManualClock, until: number): Promise<void> {
  for (;;) {
    const next = await ctx.db
      .selectFrom('scheduled_tasks')
      .select(sql<Date | null>`min(due_at)`.as('due'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    const due = next?.due ? new Date(next.due).getTime() : null;
    if (due === null || due > until) return;
    clock.set(new Date(Math.max(due, clock.now().getTime())));
    if ((await runDueTasks(ctx)) === 0) return;
  }
}
