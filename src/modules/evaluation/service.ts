import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/schema.js';
import type { EvaluationTier } from '../../db/tables/evaluation.js';
import { addDays, isValidDay } from '../../domain/calendar/zoned-time.js';
import { METRICS, type MetricKey } from '../../domain/evaluation/metrics.js';
import { scoreSeller } from '../../domain/evaluation/scoring.js';
import { today } from '../../domain/evaluation/windows.js';
import { DEFAULT_POLICY, PolicySchema, type Policy, type PolicyInForce } from '../../domain/policy.js';
import { hasRole, isMemberOf, isStaff, type Actor } from '../../platform/actor.js';
import { badRequest, forbidden, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { activePolicy } from '../policy/service.js';
import { count, estimateFrom, evaluate, lacksPriors, score, sellerState, storedEvidence, type EvaluationRun } from './engine.js';
import { presentScorecard, type PresentedScorecard } from './presenters.js';
import * as repo from './repo.js';

/**
 * Seller evaluation use-cases: the full recompute (scheduled daily, or requested by an admin as a run with progress),
 * the incremental recompute of sellers whose facts changed, and the scorecard, history and dashboards.
 *
 * Priors: each as-of day and policy version has one set of platform priors, estimated by the day's first full
 * computation (or the first incremental one, if it comes first) and kept for the day, so every scorecard of a day —
 * full or incremental — is shrunk toward the same average and the two computations give identical numbers.
 */

const WRITE_CHUNK = 5000;
const DIRTY_BATCH = 500;
/** A running recompute that has not reported for this long is taken over by another replica. */
const RUN_STALE_MS = 10 * 60_000;

export function todayFor(ctx: Pick<AppContext, 'clock'>, policy: Policy): string {
  return today(ctx.clock.now(), policy.evaluation.timeZone);
}

async function policyOfVersion(db: Kysely<Database>, version: number): Promise<Policy> {
  if (version === 0) return DEFAULT_POLICY;
  const row = await db.selectFrom('policy_versions').select('document').where('version', '=', version).executeTakeFirst();
  return row ? PolicySchema.parse(row.document) : DEFAULT_POLICY;
}

function writesOf(run: EvaluationRun): repo.ScorecardWrite[] {
  return run.sellers.map((s) => ({
    card: s.card,
    counts: s.seller.counts,
    state: sellerState(s.seller, s.evidence.penaltyPoints, s.evidence.trainingCompleted),
  }));
}

// ---- full recompute ---------------------------------------------------------------------------

export interface RecomputeProgress {
  phase: 'counting' | 'scoring' | 'writing' | 'done';
  done: number;
  total: number;
}

export interface RecomputeReport {
  asOf: string;
  policyVersion: number;
  sellers: number;
  written: number;
  snapshots: number;
  tierChanges: number;
  priorsRefreshed: boolean;
  timings: { countMs: number; scoreMs: number; writeMs: number; totalMs: number };
}

/**
 * Recomputes every seller with set-based SQL (one aggregate statement per source table) and writes the current
 * scorecards and/or the day's snapshots in bulk chunks.
 */
export async function recomputeAll(
  ctx: AppContext,
  opts: { asOf?: string; refreshPriors?: boolean; current?: boolean; snapshot?: boolean; onProgress?: (p: RecomputeProgress) => Promise<void> | void } = {},
): Promise<RecomputeReport> {
  const t0 = performance.now();
  const pif = await activePolicy(ctx);
  const asOf = opts.asOf ?? todayFor(ctx, pif.policy);
  const current = opts.current ?? true;
  await opts.onProgress?.({ phase: 'counting', done: 0, total: 0 });
  const counted = await count(ctx.db, { asOf, policy: pif.policy, sellerIds: null });
  const t1 = performance.now();
  // The day's stored priors, unless asked to refresh them or a metric now has data it had none of when they were
  // estimated; then every seller's counts give new ones (this run rewrites every scorecard with them).
  const stored = await repo.loadPriors(ctx.db, asOf, pif.version);
  let priors: repo.StoredPriors;
  let priorsRefreshed = false;
  if (stored && !opts.refreshPriors && !lacksPriors(stored, counted)) priors = stored;
  else {
    priorsRefreshed = true;
    priors = await repo.storePriors(ctx.db, {
      asOf,
      policyVersion: pif.version,
      priors: estimateFrom(counted),
      sellers: counted.sellers.length,
      at: ctx.clock.now(),
      replace: true,
    });
  }
  const run = score(counted, priors);
  const writes = writesOf(run);
  const t2 = performance.now();
  const meta: repo.WriteMeta = {
    asOf,
    policyVersion: pif.version,
    priorsOn: asOf,
    source: 'full',
    factsAt: run.factsAt,
    computedAt: ctx.clock.now(),
    staleAfter: run.env.end,
  };
  let written = 0;
  let snapshots = 0;
  let tierChanges = 0;
  await opts.onProgress?.({ phase: 'writing', done: 0, total: writes.length });
  for (let i = 0; i < writes.length; i += WRITE_CHUNK) {
    const part = writes.slice(i, i + WRITE_CHUNK);
    await ctx.db.transaction().execute(async (trx) => {
      if (current) {
        const r = await repo.writeCurrent(trx, part, meta);
        written += r.written;
        tierChanges += r.changes.length;
      }
      if (opts.snapshot) snapshots += await repo.writeSnapshots(trx, part, meta);
    });
    await opts.onProgress?.({ phase: 'writing', done: Math.min(writes.length, i + part.length), total: writes.length });
  }
  const t3 = performance.now();
  await opts.onProgress?.({ phase: 'done', done: writes.length, total: writes.length });
  return {
    asOf,
    policyVersion: pif.version,
    sellers: writes.length,
    written,
    snapshots,
    tierChanges,
    priorsRefreshed,
    timings: { countMs: Math.round(t1 - t0), scoreMs: Math.round(t2 - t1), writeMs: Math.round(t3 - t2), totalMs: Math.round(t3 - t0) },
  };
}

// ---- incremental ------------------------------------------------------------------------------

/**
 * Recomputes the given sellers inside the caller's transaction with the same statement as the full recompute,
 * restricted to them, and the day's priors.
 */
export async function recomputeSellers(
  ctx: AppContext,
  trx: Kysely<Database>,
  sellerIds: string[],
  source: 'incremental' | 'on_demand' = 'incremental',
): Promise<{ written: number; tierChanges: repo.TierChange[] }> {
  if (sellerIds.length === 0) return { written: 0, tierChanges: [] };
  const pif = await activePolicy(ctx, trx);
  const asOf = todayFor(ctx, pif.policy);
  const counted = await count(trx, { asOf, policy: pif.policy, sellerIds });
  let priors = await repo.loadPriors(trx, asOf, pif.version);
  if (!priors || lacksPriors(priors, counted)) {
    // The day's first computation, or a metric with its first data of the day: estimate from every seller.
    const all = await count(trx, { asOf, policy: pif.policy, sellerIds: null });
    const incomplete = priors !== null;
    priors = await repo.storePriors(trx, {
      asOf,
      policyVersion: pif.version,
      priors: estimateFrom(all),
      sellers: all.sellers.length,
      at: ctx.clock.now(),
      replace: incomplete,
    });
    // Sellers scored earlier today used the smaller set: score them all again with this one.
    if (incomplete) await repo.markAllDirty(trx);
  }
  const run = score(counted, priors);
  const r = await repo.writeCurrent(trx, writesOf(run), {
    asOf,
    policyVersion: pif.version,
    priorsOn: asOf,
    source,
    factsAt: run.factsAt,
    computedAt: ctx.clock.now(),
    staleAfter: run.env.end,
  });
  return { written: r.written, tierChanges: r.changes };
}

/** Periodic job: recomputes the sellers whose facts changed (marked by outbox events and reviews). */
export async function processDirtySellers(ctx: AppContext, maxBatches = 20): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await ctx.db.transaction().execute(async (trx) => {
      const ids = await repo.claimDirtySellers(trx, DIRTY_BATCH);
      if (ids.length === 0) return 0;
      await recomputeSellers(ctx, trx, ids, 'incremental');
      return ids.length;
    });
    if (n === 0) break;
    total += n;
  }
  return total;
}

// ---- runs: requested and daily full recomputes ------------------------------------------------

export interface RunView {
  id: string;
  kind: 'full' | 'daily';
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  asOf: string;
  options: Record<string, unknown>;
  phase: string | null;
  done: number;
  total: number;
  result: Record<string, unknown> | null;
  error: string | null;
  requestedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

type RunRow = Awaited<ReturnType<typeof loadRun>>;

async function loadRun(db: Kysely<Database>, id: string) {
  return db.selectFrom('evaluation_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

function presentRun(r: NonNullable<RunRow>): RunView {
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    asOf: r.as_of,
    options: r.options ?? {},
    phase: r.phase,
    done: r.done,
    total: r.total,
    result: r.result ?? null,
    error: r.error,
    requestedBy: r.requested_by,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}

const runners = new WeakMap<AppContext, Promise<void>>();

/** Starts running queued recomputes in the background (one runner per process; the scheduler also runs them). */
export function kickRuns(ctx: AppContext): void {
  if (runners.has(ctx)) return;
  const p = runQueuedRuns(ctx)
    .then(() => undefined)
    .catch((err) => ctx.log.error({ err }, 'evaluation recompute failed'))
    .finally(() => runners.delete(ctx));
  runners.set(ctx, p);
}

/** Resolves when this process's background recompute (if any) is over. */
export async function idle(ctx: AppContext): Promise<void> {
  await runners.get(ctx);
}

export async function requestRecompute(
  ctx: AppContext,
  actor: Actor,
  input: { asOf?: string; refreshPriors?: boolean; snapshot?: boolean },
): Promise<RunView> {
  if (!hasRole(actor, 'admin')) throw forbidden('Only an admin may recompute the scorecards.');
  const pif = await activePolicy(ctx);
  const todayDay = todayFor(ctx, pif.policy);
  const asOf = input.asOf ?? todayDay;
  if (!isValidDay(asOf)) throw badRequest('invalid_as_of', 'asOf must be a calendar day YYYY-MM-DD.');
  if (asOf > todayDay) throw badRequest('as_of_in_future', `asOf ${asOf} is after today (${todayDay}).`);
  const now = ctx.clock.now();
  const id = newId('tsk', now.getTime());
  await ctx.db
    .insertInto('evaluation_runs')
    .values({
      id,
      kind: 'full',
      status: 'queued',
      as_of: asOf,
      options: JSON.stringify({ refreshPriors: input.refreshPriors ?? true, snapshot: input.snapshot ?? asOf !== todayDay }),
      phase: null,
      result: null,
      error: null,
      requested_by: actor.id,
      created_at: now,
      started_at: null,
      heartbeat_at: null,
      finished_at: null,
    })
    .execute();
  kickRuns(ctx);
  return presentRun((await loadRun(ctx.db, id))!);
}

export async function getRun(ctx: AppContext, actor: Actor, id: string): Promise<RunView> {
  if (!hasRole(actor, 'admin')) throw notFound('Recompute run');
  const row = await loadRun(ctx.db, id);
  if (!row) throw notFound('Recompute run');
  return presentRun(row);
}

export async function listRuns(ctx: AppContext, actor: Actor, limit = 20): Promise<RunView[]> {
  if (!hasRole(actor, 'admin')) throw forbidden('Only an admin may see recompute runs.');
  const rows = await ctx.db.selectFrom('evaluation_runs').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(presentRun);
}

/** Periodic job: queues the day's run (snapshot of yesterday, fresh priors and scorecards for today) once a day. */
export async function scheduleDaily(ctx: AppContext): Promise<void> {
  const pif = await activePolicy(ctx);
  const day = todayFor(ctx, pif.policy);
  const now = ctx.clock.now();
  const inserted = await sql<{ id: string }>`
    INSERT INTO evaluation_runs (id, kind, status, as_of, options, created_at)
    VALUES (${newId('tsk', now.getTime())}, 'daily', 'queued', ${day}::date, '{}'::jsonb, ${now.toISOString()}::timestamptz)
    ON CONFLICT (as_of) WHERE kind = 'daily' DO NOTHING
    RETURNING id`.execute(ctx.db);
  if (inserted.rows.length > 0) ctx.log.info({ asOf: day }, 'daily evaluation queued');
}

/** Runs queued recomputes until none is left; any replica may, each run is claimed by one. */
export async function runQueuedRuns(ctx: AppContext): Promise<number> {
  let ran = 0;
  for (;;) {
    const now = ctx.clock.now();
    const id = await repo.claimQueuedRun(ctx.db, now, new Date(now.getTime() - RUN_STALE_MS));
    if (!id) return ran;
    ran++;
    const run = (await loadRun(ctx.db, id))!;
    const progress = async (phase: string, p: RecomputeProgress) => {
      await ctx.db
        .updateTable('evaluation_runs')
        .set({ phase: `${phase}:${p.phase}`, done: p.done, total: p.total, heartbeat_at: ctx.clock.now() })
        .where('id', '=', id)
        .execute();
    };
    try {
      const result: Record<string, unknown> = {};
      if (run.kind === 'daily') {
        const yesterday = addDays(run.as_of, -1);
        result.snapshot = await recomputeAll(ctx, { asOf: yesterday, current: false, snapshot: true, onProgress: (p) => progress(`snapshot ${yesterday}`, p) });
        result.current = await recomputeAll(ctx, { asOf: run.as_of, refreshPriors: true, current: true, onProgress: (p) => progress(`current ${run.as_of}`, p) });
      } else {
        const opts = run.options as { refreshPriors?: boolean; snapshot?: boolean };
        const pif = await activePolicy(ctx);
        const isToday = run.as_of === todayFor(ctx, pif.policy);
        result.recompute = await recomputeAll(ctx, {
          asOf: run.as_of,
          refreshPriors: opts.refreshPriors ?? true,
          current: isToday,
          snapshot: opts.snapshot ?? !isToday,
          onProgress: (p) => progress('recompute', p),
        });
      }
      await ctx.db
        .updateTable('evaluation_runs')
        .set({ status: 'succeeded', phase: 'done', result: JSON.stringify(result), finished_at: ctx.clock.now(), heartbeat_at: ctx.clock.now() })
        .where('id', '=', id)
        .execute();
    } catch (err) {
      ctx.log.error({ err, runId: id }, 'evaluation run failed');
      await ctx.db
        .updateTable('evaluation_runs')
        .set({ status: 'failed', error: String((err as Error)?.message ?? err).slice(0, 500), finished_at: ctx.clock.now() })
        .where('id', '=', id)
        .execute();
    }
  }
}

// ---- reading ----------------------------------------------------------------------------------

function assertCanSeeScorecard(actor: Actor, sellerId: string): void {
  if (!(isMemberOf(actor, sellerId) || isStaff(actor))) throw notFound('Seller');
}

function assertStaff(actor: Actor): void {
  if (!isStaff(actor)) throw forbidden('Only platform staff may see the evaluation dashboards.');
}

async function loadSeller(db: Kysely<Database>, sellerId: string) {
  return db.selectFrom('sellers').select(['id', 'external_id', 'shop_name', 'status']).where('id', '=', sellerId).executeTakeFirst();
}

async function loadScorecardRow(db: Kysely<Database>, sellerId: string) {
  return db.selectFrom('seller_scorecards').selectAll().where('seller_id', '=', sellerId).executeTakeFirst();
}

/**
 * The seller's scorecard with every number explained: re-derived from the stored counts with the priors and the
 * policy version it was computed with (so it matches the stored score), in the reader's language. A seller never
 * scored yet is scored now.
 */
export async function getScorecard(ctx: AppContext, actor: Actor, sellerId: string): Promise<PresentedScorecard> {
  assertCanSeeScorecard(actor, sellerId);
  const seller = await loadSeller(ctx.db, sellerId);
  if (!seller) throw notFound('Seller');
  let row = await loadScorecardRow(ctx.db, sellerId);
  if (!row) {
    await ctx.db.transaction().execute((trx) => recomputeSellers(ctx, trx, [sellerId], 'on_demand'));
    row = await loadScorecardRow(ctx.db, sellerId);
    if (!row) throw notFound('Seller');
  }
  const policy = await policyOfVersion(ctx.db, row.policy_version);
  const priors = (await repo.loadPriors(ctx.db, row.priors_on, row.policy_version)) ?? {};
  const card = scoreSeller(storedEvidence(sellerId, row.metrics, row.seller_state), { policy: policy.evaluation, priors, explain: true });
  return presentScorecard({ seller, row, card, policy, priors, locale: actor.locale, now: ctx.clock.now() });
}

export interface HistoryPoint {
  asOf: string;
  score: number;
  tier: EvaluationTier;
  policyVersion: number;
  dimensions: Record<string, number | null>;
  metrics: Record<string, number | null>;
}

/** Daily snapshots for the trend chart, oldest first, and the current scorecard's headline. */
export async function scorecardHistory(ctx: AppContext, actor: Actor, sellerId: string, days: number) {
  assertCanSeeScorecard(actor, sellerId);
  const seller = await loadSeller(ctx.db, sellerId);
  if (!seller) throw notFound('Seller');
  const pif = await activePolicy(ctx);
  const from = addDays(todayFor(ctx, pif.policy), -days);
  const rows = await ctx.db
    .selectFrom('seller_scorecard_snapshots')
    .select(['as_of', 'score', 'tier', 'policy_version', 'dimension_keys', 'dimension_scores', 'metric_keys', 'smoothed'])
    .where('seller_id', '=', sellerId)
    .where('as_of', '>=', from)
    .orderBy('as_of')
    .execute();
  const current = await loadScorecardRow(ctx.db, sellerId);
  return {
    sellerId,
    from,
    points: rows.map(
      (r): HistoryPoint => ({
        asOf: r.as_of,
        score: r.score,
        tier: r.tier,
        policyVersion: r.policy_version,
        dimensions: repo.dimensionsOf(r),
        metrics: Object.fromEntries(r.metric_keys.map((k, i) => [k, r.smoothed[i]])),
      }),
    ),
    current: current ? { asOf: current.as_of, score: current.score, tier: current.tier, computedAt: new Date(current.computed_at).toISOString() } : null,
  };
}

const BUCKET = 100;

/** Staff dashboard: today's score distribution and tiers, the daily trend of scores and of each metric's platform average. */
export async function distribution(ctx: AppContext, actor: Actor, days: number) {
  assertStaff(actor);
  const pif = await activePolicy(ctx);
  const day = todayFor(ctx, pif.policy);
  const from = addDays(day, -days);
  const buckets = await sql<{ bucket: number; n: number }>`
    SELECT LEAST(score / ${BUCKET}, ${1000 / BUCKET - 1}) AS bucket, count(*) AS n FROM seller_scorecard_records GROUP BY 1 ORDER BY 1`.execute(ctx.db);
  const tiers = await sql<{ tier: EvaluationTier; n: number; avg: number }>`
    SELECT tier, count(*) AS n, avg(score)::float8 AS avg FROM seller_scorecard_records GROUP BY tier`.execute(ctx.db);
  const trend = await sql<{ as_of: string; sellers: number; avg: number; at_risk: number; trusted: number }>`
    SELECT as_of, count(*) AS sellers, avg(score)::float8 AS avg,
      count(*) FILTER (WHERE tier = 'at_risk') AS at_risk, count(*) FILTER (WHERE tier = 'trusted') AS trusted
    FROM seller_scorecard_snapshots WHERE as_of >= ${from}::date GROUP BY as_of ORDER BY as_of`.execute(ctx.db);
  const priors = await repo.priorTrend(ctx.db, from, pif.version);
  const counts = new Map(buckets.rows.map((b) => [Number(b.bucket), Number(b.n)]));
  const tierCounts = Object.fromEntries(['trusted', 'good', 'fair', 'at_risk'].map((t) => [t, 0])) as Record<EvaluationTier, number>;
  let sellers = 0;
  let sum = 0;
  for (const t of tiers.rows) {
    tierCounts[t.tier] = Number(t.n);
    sellers += Number(t.n);
    sum += Number(t.avg) * Number(t.n);
  }
  return {
    asOf: day,
    sellers,
    averageScore: sellers ? Math.round((sum / sellers) * 10) / 10 : null,
    buckets: Array.from({ length: 1000 / BUCKET }, (_, i) => ({ from: i * BUCKET, to: i === 1000 / BUCKET - 1 ? 1000 : (i + 1) * BUCKET - 1, count: counts.get(i) ?? 0 })),
    tiers: tierCounts,
    scoreTrend: trend.rows.map((r) => ({
      asOf: r.as_of,
      sellers: Number(r.sellers),
      averageScore: Math.round(Number(r.avg) * 10) / 10,
      atRisk: Number(r.at_risk),
      trusted: Number(r.trusted),
    })),
    metricTrends: METRICS.filter((m) => m.kind === 'rate' || m.kind === 'rating').map((m) => ({
      key: m.key as MetricKey,
      points: priors
        .map((p) => {
          const prior = (p.priors as repo.StoredPriors)[m.key as MetricKey];
          if (!prior) return null;
          return { asOf: p.as_of, platformAverage: m.kind === 'rating' ? 1 + 4 * prior.mean : prior.mean, sellers: prior.sellers, units: prior.units };
        })
        .filter((x): x is NonNullable<typeof x> => x !== null),
    })),
  };
}

/** Staff dashboard: sellers at risk now, those who became at risk recently first, with what pulls them down. */
export async function atRisk(ctx: AppContext, actor: Actor, opts: { days?: number; newlyOnly: boolean; limit: number; offset: number }) {
  assertStaff(actor);
  const pif = await activePolicy(ctx);
  const days = opts.days ?? pif.policy.evaluation.newlyAtRiskDays;
  const since = new Date(ctx.clock.now().getTime() - days * 86_400_000);
  const newly = (tierSince: Date, previous: string | null) => previous !== null && previous !== 'at_risk' && new Date(tierSince) >= since;
  let q = ctx.db
    .selectFrom('seller_scorecards as c')
    .innerJoin('sellers as s', 's.id', 'c.seller_id')
    .where('c.tier', '=', 'at_risk');
  if (opts.newlyOnly) q = q.where('c.tier_since', '>=', since).where('c.previous_tier', 'is not', null).where('c.previous_tier', '<>', 'at_risk');
  const total = Number((await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .select(['c.seller_id', 's.external_id', 's.shop_name', 's.status', 'c.score', 'c.tier_reasons', 'c.previous_tier', 'c.tier_since', 'c.as_of',
      'c.policy_version', 'c.priors_on', 'c.metrics', 'c.seller_state'])
    .orderBy('c.tier_since', 'desc')
    .orderBy('c.score')
    .orderBy('c.seller_id')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  const policies = new Map<number, Policy>();
  const priorSets = new Map<string, repo.StoredPriors>();
  const sellers = [];
  for (const r of rows) {
    if (!policies.has(r.policy_version)) policies.set(r.policy_version, await policyOfVersion(ctx.db, r.policy_version));
    const pk = `${r.priors_on}|${r.policy_version}`;
    if (!priorSets.has(pk)) priorSets.set(pk, (await repo.loadPriors(ctx.db, r.priors_on, r.policy_version)) ?? {});
    const card = scoreSeller(storedEvidence(r.seller_id, r.metrics, r.seller_state), { policy: policies.get(r.policy_version)!.evaluation, priors: priorSets.get(pk)! });
    sellers.push({
      sellerId: r.seller_id,
      externalId: r.external_id,
      shopName: r.shop_name,
      status: r.status,
      score: r.score,
      previousTier: r.previous_tier,
      tierSince: new Date(r.tier_since).toISOString(),
      newlyAtRisk: newly(r.tier_since, r.previous_tier),
      reasons: r.tier_reasons,
      asOf: r.as_of,
      improve: card.improve.slice(0, 3),
    });
  }
  return { days, total, sellers };
}

// ---- the CLI's view ---------------------------------------------------------------------------

/**
 * Every seller's scorecard as of a day, computed now without storing anything (the priors estimated from the same
 * counts), with intervals. `windowDays` sets every metric's window.
 */
export async function computeScorecards(ctx: AppContext, opts: { asOf?: string; windowDays?: number }) {
  const pif = await activePolicy(ctx);
  const asOf = opts.asOf ?? todayFor(ctx, pif.policy);
  if (!isValidDay(asOf)) throw badRequest('invalid_as_of', 'asOf must be a calendar day YYYY-MM-DD.');
  const run = await evaluate(ctx.db, { asOf, policy: pif.policy, sellerIds: null, priors: 'estimate', windowDays: opts.windowDays, explain: true });
  return { asOf, policyVersion: pif.version, run };
}
