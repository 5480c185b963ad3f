import type { AppContext } from '../../context.js';
import type { Module } from '../../http/types.js';
import { registerEventTypes } from '../webhooks/event-types.js';
import { evaluationRoutes } from './routes.js';
import { processDirtySellers, runQueuedRuns, scheduleDaily } from './service.js';

registerEventTypes({
  'seller.tier_changed': "A seller's evaluation tier changed (trusted, good, fair, at risk); the score and the reasons are included.",
});

/** A periodic job never fails the scheduler's tick: errors are logged and the next tick tries again. */
const safely = (name: string, job: (ctx: AppContext) => Promise<unknown>) => async (ctx: AppContext) => {
  try {
    await job(ctx);
  } catch (err) {
    ctx.log.error({ err, job: name }, 'evaluation job failed');
  }
};

export const evaluationModule: Module = {
  name: 'evaluation',
  routes: evaluationRoutes,
  periodic: [
    // events → the affected sellers' scorecards within a tick
    safely('incremental', (ctx) => processDirtySellers(ctx)),
    // once a day: yesterday's snapshot, today's priors and a full recompute; plus runs an admin requested
    safely('daily', async (ctx) => {
      await scheduleDaily(ctx);
      await runQueuedRuns(ctx);
    }),
  ],
};
