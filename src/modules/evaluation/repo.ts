import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EvaluationTier, ScorecardSource, StoredMetric, StoredSellerState } from '../../db/tables/evaluation.js';
import type { EstimatedPrior } from '../../domain/evaluation/beta.js';
import type { MetricKey } from '../../domain/evaluation/metrics.js';
import type { Counts, Scorecard } from '../../domain/evaluation/scoring.js';
import type { MetricWindow } from '../../domain/evaluation/windows.js';
import { newId } from '../../shared/ids.js';
import { COUNTED_METRICS, METRIC_SQL, SOURCES } from './metrics/registry.js';
import type { MetricAggregates, MetricEnv, MetricSql, SourceKey } from './metrics/types.js';

/** SQL of the evaluation: the set-based count of every metric, priors, scorecards, snapshots, dirty marks, runs. */

type Db = Kysely<Database>;

export interface SellerCounts {
  sellerId: string;
  externalId: string | null;
  status: string;
  verifiedAt: Date | null;
  counts: Partial<Record<MetricKey, Counts>>;
}

const alias = (key: string, part: string) => sql.raw(`"${key}__${part}"`);
/** Each counted metric's result columns, named once (the full recompute reads 10,000 rows of them). */
const COLUMN_NAMES = COUNTED_METRICS.map((k) => [k, `${k}__num`, `${k}__den`, `${k}__sq`] as const);

/** The statement `countMetrics` runs (exported for EXPLAIN and the benchmark). */
export function metricsStatement(opts: { windows: Record<MetricKey, MetricWindow>; env: MetricEnv; sellerIds: string[] | null }): RawBuilder<Record<string, unknown>> {
  const filter = (column: RawBuilder<unknown>) => (opts.sellerIds ? sql`${column} = ANY(${opts.sellerIds}::text[])` : sql`TRUE`);
  const bySource = new Map<SourceKey, (typeof COUNTED_METRICS)[number][]>();
  for (const key of COUNTED_METRICS) {
    const src = METRIC_SQL[key].source as SourceKey;
    bySource.set(src, [...(bySource.get(src) ?? []), key]);
  }
  const ctes: RawBuilder<unknown>[] = [];
  const selects: RawBuilder<unknown>[] = [];
  const joins: RawBuilder<unknown>[] = [];
  for (const [source, keys] of bySource) {
    const src = SOURCES[source];
    const minStart = new Date(Math.min(...keys.map((k) => opts.windows[k].start.getTime())));
    const cols: RawBuilder<unknown>[] = [];
    const name = sql.raw(`m_${source}`);
    for (const key of keys) {
      const agg: MetricAggregates = (METRIC_SQL[key] as MetricSql).aggregates(opts.windows[key], opts.env);
      cols.push(sql`${agg.num} AS ${alias(key, 'num')}`, sql`${agg.den} AS ${alias(key, 'den')}`);
      selects.push(sql`COALESCE(${name}.${alias(key, 'num')}, 0) AS ${alias(key, 'num')}`, sql`COALESCE(${name}.${alias(key, 'den')}, 0) AS ${alias(key, 'den')}`);
      if (agg.sq) {
        cols.push(sql`${agg.sq} AS ${alias(key, 'sq')}`);
        selects.push(sql`COALESCE(${name}.${alias(key, 'sq')}, 0) AS ${alias(key, 'sq')}`);
      }
    }
    ctes.push(sql`${name} AS (
      SELECT ${src.sellerColumn} AS seller_id, ${sql.join(cols)}
      FROM ${src.from(opts.env)}
      WHERE ${src.where(minStart, opts.env)} AND ${filter(src.sellerColumn)}
      GROUP BY 1)`);
    joins.push(sql`LEFT JOIN ${name} ON ${name}.seller_id = s.id`);
  }
  return sql<Record<string, unknown>>`
    WITH ${sql.join(ctes)}
    SELECT s.id AS seller_id, s.external_id, s.status, s.verified_at, statement_timestamp() AS facts_at, ${sql.join(selects)}
    FROM sellers s ${sql.join(joins, sql` `)}
    WHERE ${filter(sql`s.id`)}
    ORDER BY s.id`;
}

/**
 * Runs the count with PostgreSQL's JIT compilation off, then restores the transaction's setting. The statement has
 * hundreds of filtered aggregates: compiling them cost more than a second of a three-second full count on the
 * benchmark's 1,000,000 orders, more than it saved.
 */
async function withoutJit<R>(trx: Db, statement: RawBuilder<R>) {
  const before = await sql<{ jit: string }>`SELECT current_setting('jit') AS jit, set_config('jit', 'off', true)`.execute(trx);
  const result = await statement.execute(trx);
  await sql`SELECT set_config('jit', ${before.rows[0].jit}, true)`.execute(trx);
  return result;
}

/**
 * Every counted metric of every seller (or of the given sellers) in one statement: one aggregate per source table
 * (orders, reviews) grouped by seller, joined to the sellers. The full recompute and the incremental one run this
 * same statement; only the seller filter differs, so they count exactly alike.
 */
export async function countMetrics(
  db: Db,
  opts: { windows: Record<MetricKey, MetricWindow>; env: MetricEnv; sellerIds: string[] | null },
): Promise<{ factsAt: Date; sellers: SellerCounts[] }> {
  const statement = metricsStatement(opts);
  const result = db.isTransaction ? await withoutJit(db, statement) : await db.transaction().execute((trx) => withoutJit(trx, statement));
  let factsAt: Date | null = null;
  const sellers = result.rows.map((r) => {
    factsAt ??= new Date(r.facts_at as Date);
    const counts: Partial<Record<MetricKey, Counts>> = {};
    for (const [key, num, den, sq] of COLUMN_NAMES) {
      const c: Counts = { num: Number(r[num]), den: Number(r[den]) };
      if (sq in r) c.sq = Number(r[sq]);
      counts[key] = c;
    }
    return {
      sellerId: r.seller_id as string,
      externalId: (r.external_id as string | null) ?? null,
      status: r.status as string,
      verifiedAt: (r.verified_at as Date | null) ?? null,
      counts,
    };
  });
  if (!factsAt) factsAt = (await sql<{ t: Date }>`SELECT statement_timestamp() AS t`.execute(db)).rows[0].t;
  return { factsAt: new Date(factsAt), sellers };
}

// ---- priors -----------------------------------------------------------------------------------

export type StoredPriors = Partial<Record<MetricKey, EstimatedPrior>>;

export async function loadPriors(db: Db, asOf: string, policyVersion: number): Promise<StoredPriors | null> {
  const row = await db
    .selectFrom('evaluation_priors')
    .select('priors')
    .where('as_of', '=', asOf)
    .where('policy_version', '=', policyVersion)
    .executeTakeFirst();
  return row ? (row.priors as StoredPriors) : null;
}

/** Stores the day's priors; with `replace` false an existing row wins (and is returned), so concurrent writers agree. */
export async function storePriors(
  db: Db,
  p: { asOf: string; policyVersion: number; priors: StoredPriors; sellers: number; at: Date; replace: boolean },
): Promise<StoredPriors> {
  const q = db.insertInto('evaluation_priors').values({
    as_of: p.asOf,
    policy_version: p.policyVersion,
    priors: JSON.stringify(p.priors),
    sellers: p.sellers,
    computed_at: p.at,
  });
  if (p.replace) {
    await q
      .onConflict((oc) => oc.columns(['as_of', 'policy_version']).doUpdateSet({ priors: JSON.stringify(p.priors), sellers: p.sellers, computed_at: p.at }))
      .execute();
    return p.priors;
  }
  await q.onConflict((oc) => oc.columns(['as_of', 'policy_version']).doNothing()).execute();
  return (await loadPriors(db, p.asOf, p.policyVersion)) ?? p.priors;
}

export async function priorTrend(db: Db, fromDay: string, policyVersion: number | null) {
  let q = db.selectFrom('evaluation_priors').select(['as_of', 'policy_version', 'priors', 'sellers']).where('as_of', '>=', fromDay);
  if (policyVersion !== null) q = q.where('policy_version', '=', policyVersion);
  return q.orderBy('as_of').execute();
}

// ---- scorecards -------------------------------------------------------------------------------

export interface ScorecardWrite {
  card: Scorecard;
  counts: Partial<Record<MetricKey, Counts>>;
  state: StoredSellerState;
}

export interface WriteMeta {
  asOf: string;
  policyVersion: number;
  priorsOn: string;
  source: ScorecardSource;
  factsAt: Date;
  computedAt: Date;
  staleAfter: Date;
}

/** A scorecard row's per-metric arrays as one record per metric. */
export function storedMetricsOf(row: {
  metric_keys: string[];
  numerators: (number | null)[];
  denominators: (number | null)[];
  smoothed: (number | null)[];
}): Record<string, StoredMetric> {
  const out: Record<string, StoredMetric> = {};
  row.metric_keys.forEach((key, i) => {
    out[key] = { num: row.numerators[i], den: row.denominators[i], smoothed: row.smoothed[i] };
  });
  return out;
}

export function stateOf(row: { seller_status: string; verification: StoredSellerState['verification']; penalty_points: number; training_completed: number | null }): StoredSellerState {
  return { status: row.seller_status, verification: row.verification, penaltyPoints: row.penalty_points, trainingCompleted: row.training_completed };
}

export function dimensionsOf(row: { dimension_keys: string[]; dimension_scores: (number | null)[] }): Record<string, number | null> {
  return Object.fromEntries(row.dimension_keys.map((k, i) => [k, row.dimension_scores[i]]));
}

export interface TierChange {
  sellerId: string;
  from: EvaluationTier;
  to: EvaluationTier;
  score: number;
  reasons: string[];
}

/**
 * The per-metric numbers of every scorecard in a write, as one flat float8[] literal per column (row after row,
 * `width` values each; NaN stands for null, as a literal with NULLs cannot be sliced in constant time). Built by
 * hand: a full recompute writes every seller, and one long literal parses far faster than an array per row.
 */
function flat(writes: ScorecardWrite[], width: number, pick: (w: ScorecardWrite) => readonly (number | null)[]): string {
  let out = '{';
  let first = true;
  for (const w of writes) {
    const row = pick(w);
    if (row.length !== width) throw new Error(`scorecard of ${w.card.sellerId} has ${row.length} values, expected ${width}`);
    for (let i = 0; i < width; i++) {
      const v = row[i];
      // String concatenation: no array of a million parts to join.
      out += (first ? '' : ',') + (v === null || v === undefined || !Number.isFinite(v) ? 'NaN' : String(v));
      first = false;
    }
  }
  return out + '}';
}

/** The columns of a bulk write: per-row scalars as arrays, per-metric values as flat literals sliced in SQL. */
function columns(writes: ScorecardWrite[]) {
  const metricKeys = writes[0].card.metrics.map((m) => m.key as string);
  const dimensionKeys = writes[0].card.dimensions.map((d) => d.key as string);
  const mk = metricKeys.length;
  const dk = dimensionKeys.length;
  return {
    metricKeys,
    dimensionKeys,
    mk,
    dk,
    ids: writes.map((w) => w.card.sellerId),
    scores: writes.map((w) => w.card.score),
    tiers: writes.map((w) => w.card.tier),
    reasons: writes.map((w) => w.card.tierReasons.join(',')),
    status: writes.map((w) => w.state.status),
    verification: writes.map((w) => w.state.verification),
    points: writes.map((w) => w.state.penaltyPoints),
    training: writes.map((w) => w.state.trainingCompleted),
    nums: flat(writes, mk, (w) => w.card.metrics.map((m) => m.numerator)),
    dens: flat(writes, mk, (w) => w.card.metrics.map((m) => m.denominator)),
    smoothed: flat(writes, mk, (w) => w.card.metrics.map((m) => m.smoothed)),
    dims: flat(writes, dk, (w) => w.card.dimensions.map((d) => d.score)),
  };
}

type Columns = ReturnType<typeof columns>;

/**
 * The rows of a bulk write as a query: the flat literals parsed once (a materialised CTE), then sliced per row.
 * Columns: seller_id, score, tier, reasons, status, verification, points, training, nums, dens, smoothed, dims.
 */
function inputRows(c: Columns) {
  const slice = (col: string, width: number) =>
    sql`array_replace(p.${sql.raw(col)}[(x.ord - 1) * ${width}::int + 1 : x.ord * ${width}::int], 'NaN'::float8, NULL)`;
  return sql`
    p AS MATERIALIZED (SELECT ${c.nums}::float8[] AS nums, ${c.dens}::float8[] AS dens, ${c.smoothed}::float8[] AS smoothed, ${c.dims}::float8[] AS dims),
    input AS (
      SELECT x.seller_id, x.score, x.tier, CASE WHEN x.reasons = '' THEN '{}'::text[] ELSE string_to_array(x.reasons, ',') END AS reasons,
        x.status, x.verification, x.points, x.training,
        ${slice('nums', c.mk)} AS nums, ${slice('dens', c.mk)} AS dens, ${slice('smoothed', c.mk)} AS smoothed, ${slice('dims', c.dk)} AS dims
      FROM unnest(${c.ids}::text[], ${c.scores}::int[], ${c.tiers}::text[], ${c.reasons}::text[], ${c.status}::text[], ${c.verification}::text[],
        ${c.points}::int[], ${c.training}::int[]) WITH ORDINALITY AS x(seller_id, score, tier, reasons, status, verification, points, training, ord)
      CROSS JOIN p)`;
}

/** Every writer of scorecards holds this lock for its transaction, so old tiers read in a statement stay true. */
async function lockScorecards(trx: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(7261012)`.execute(trx);
}

/**
 * Writes current scorecards in one statement, keeping a newer read: a row whose stored facts were read later than
 * these is left alone. The statement reports the tier changes against the tiers it replaced; they get a history row
 * and a `seller.tier_changed` event.
 */
export async function writeCurrent(trx: Db, writes: ScorecardWrite[], meta: WriteMeta): Promise<{ written: number; changes: TierChange[] }> {
  if (writes.length === 0) return { written: 0, changes: [] };
  const c = columns(writes);
  const t = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  await lockScorecards(trx);
  const res = await sql<{ seller_id: string; from_tier: EvaluationTier | null; to_tier: EvaluationTier }>`
    WITH ${inputRows(c)},
    old AS (SELECT r.seller_id, r.tier FROM seller_scorecard_records r WHERE r.seller_id = ANY(${c.ids}::text[])),
    up AS (
      INSERT INTO seller_scorecard_records (seller_id, as_of, policy_version, priors_on, score, tier, tier_reasons, previous_tier, tier_since,
        seller_status, verification, penalty_points, training_completed, metric_keys, numerators, denominators, smoothed,
        dimension_keys, dimension_scores, source, facts_at, computed_at, stale_after)
      SELECT i.seller_id, ${meta.asOf}::date, ${meta.policyVersion}::int, ${meta.priorsOn}::date, i.score, i.tier, i.reasons, NULL,
        ${t(meta.computedAt)}, i.status, i.verification, i.points, i.training, ${c.metricKeys}::text[], i.nums, i.dens, i.smoothed,
        ${c.dimensionKeys}::text[], i.dims, ${meta.source}, ${t(meta.factsAt)}, ${t(meta.computedAt)}, ${t(meta.staleAfter)}
      FROM input i
      ON CONFLICT (seller_id) DO UPDATE SET
        as_of = EXCLUDED.as_of, policy_version = EXCLUDED.policy_version, priors_on = EXCLUDED.priors_on, score = EXCLUDED.score,
        tier = EXCLUDED.tier, tier_reasons = EXCLUDED.tier_reasons,
        previous_tier = CASE WHEN seller_scorecard_records.tier <> EXCLUDED.tier THEN seller_scorecard_records.tier ELSE seller_scorecard_records.previous_tier END,
        tier_since = CASE WHEN seller_scorecard_records.tier <> EXCLUDED.tier THEN EXCLUDED.computed_at ELSE seller_scorecard_records.tier_since END,
        seller_status = EXCLUDED.seller_status, verification = EXCLUDED.verification, penalty_points = EXCLUDED.penalty_points,
        training_completed = EXCLUDED.training_completed, metric_keys = EXCLUDED.metric_keys, numerators = EXCLUDED.numerators,
        denominators = EXCLUDED.denominators, smoothed = EXCLUDED.smoothed, dimension_keys = EXCLUDED.dimension_keys,
        dimension_scores = EXCLUDED.dimension_scores, source = EXCLUDED.source, facts_at = EXCLUDED.facts_at,
        computed_at = EXCLUDED.computed_at, stale_after = EXCLUDED.stale_after
      WHERE seller_scorecard_records.facts_at <= EXCLUDED.facts_at
      RETURNING seller_id, tier)
    SELECT up.seller_id, old.tier AS from_tier, up.tier AS to_tier FROM up LEFT JOIN old ON old.seller_id = up.seller_id`.execute(trx);
  const byId = new Map(writes.map((w) => [w.card.sellerId, w.card]));
  const changes: TierChange[] = [];
  for (const r of res.rows) {
    if (!r.from_tier || r.from_tier === r.to_tier) continue;
    const card = byId.get(r.seller_id)!;
    changes.push({ sellerId: r.seller_id, from: r.from_tier, to: r.to_tier, score: card.score, reasons: card.tierReasons });
  }
  changes.sort((a, b) => (a.sellerId < b.sellerId ? -1 : 1));
  if (changes.length > 0) await recordTierChanges(trx, changes, meta);
  return { written: res.rows.length, changes };
}

async function recordTierChanges(trx: Db, changes: TierChange[], meta: WriteMeta): Promise<void> {
  const at = meta.computedAt;
  const history = changes.map((c) => ({
    id: newId('evt', at.getTime()),
    entity_type: 'seller_scorecard',
    entity_id: c.sellerId,
    event: 'tier_changed',
    from_state: c.from,
    to_state: c.to,
    actor_id: null,
    actor_role: 'system',
    reason: c.reasons.length ? c.reasons.join(', ') : null,
    data: JSON.stringify({ score: c.score, asOf: meta.asOf, policyVersion: meta.policyVersion, source: meta.source }),
    seller_id: c.sellerId,
    at,
  }));
  await trx.insertInto('entity_history').values(history).execute();
  await trx
    .insertInto('outbox')
    .values(
      changes.map((c) => ({
        id: newId('obx', at.getTime()),
        event_type: 'seller.tier_changed',
        entity_type: 'seller',
        entity_id: c.sellerId,
        seller_id: c.sellerId,
        payload: JSON.stringify({
          type: 'seller.tier_changed',
          timestamp: at.toISOString(),
          data: { sellerId: c.sellerId, from: c.from, to: c.to, score: c.score, reasons: c.reasons, asOf: meta.asOf, policyVersion: meta.policyVersion },
        }),
        created_at: at,
        dispatched_at: null,
      })),
    )
    .execute();
}

/** The day's snapshot of each seller (the trend chart's points); a later run of the same day replaces it. */
export async function writeSnapshots(trx: Db, writes: ScorecardWrite[], meta: WriteMeta): Promise<number> {
  if (writes.length === 0) return 0;
  const c = columns(writes);
  await sql`
    WITH ${inputRows(c)}
    INSERT INTO seller_scorecard_snapshots (seller_id, as_of, policy_version, priors_on, score, tier, tier_reasons, seller_status, verification,
      penalty_points, training_completed, metric_keys, numerators, denominators, smoothed, dimension_keys, dimension_scores, source, computed_at)
    SELECT i.seller_id, ${meta.asOf}::date, ${meta.policyVersion}::int, ${meta.priorsOn}::date, i.score, i.tier, i.reasons, i.status, i.verification,
      i.points, i.training, ${c.metricKeys}::text[], i.nums, i.dens, i.smoothed, ${c.dimensionKeys}::text[], i.dims, ${meta.source},
      ${meta.computedAt.toISOString()}::timestamptz
    FROM input i
    ON CONFLICT (seller_id, as_of) DO UPDATE SET
      policy_version = EXCLUDED.policy_version, priors_on = EXCLUDED.priors_on, score = EXCLUDED.score, tier = EXCLUDED.tier,
      tier_reasons = EXCLUDED.tier_reasons, seller_status = EXCLUDED.seller_status, verification = EXCLUDED.verification,
      penalty_points = EXCLUDED.penalty_points, training_completed = EXCLUDED.training_completed, metric_keys = EXCLUDED.metric_keys,
      numerators = EXCLUDED.numerators, denominators = EXCLUDED.denominators, smoothed = EXCLUDED.smoothed,
      dimension_keys = EXCLUDED.dimension_keys, dimension_scores = EXCLUDED.dimension_scores, source = EXCLUDED.source,
      computed_at = EXCLUDED.computed_at`.execute(trx);
  return writes.length;
}

// ---- dirty sellers ----------------------------------------------------------------------------

/** Takes up to `limit` marks (oldest first, skipping marks another replica holds) and returns their sellers. */
export async function claimDirtySellers(trx: Db, limit: number): Promise<string[]> {
  const res = await sql<{ seller_id: string }>`
    DELETE FROM evaluation_dirty_sellers WHERE ctid IN (
      SELECT ctid FROM evaluation_dirty_sellers ORDER BY marked_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING seller_id`.execute(trx);
  return [...new Set(res.rows.map((r) => r.seller_id))].sort();
}

export async function markAllDirty(db: Db): Promise<void> {
  await sql`INSERT INTO evaluation_dirty_sellers (seller_id) SELECT id FROM sellers`.execute(db);
}

export async function countDirty(db: Db): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(DISTINCT seller_id) AS n FROM evaluation_dirty_sellers`.execute(db);
  return Number(r.rows[0].n);
}

// ---- runs -------------------------------------------------------------------------------------

export async function claimQueuedRun(db: Db, now: Date, staleBefore: Date) {
  // A run whose replica stopped beating is taken over.
  const res = await sql<{ id: string }>`
    UPDATE evaluation_runs SET status = 'running', started_at = COALESCE(started_at, ${now.toISOString()}::timestamptz),
      heartbeat_at = ${now.toISOString()}::timestamptz
    WHERE id = (
      SELECT id FROM evaluation_runs
      WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < ${staleBefore.toISOString()}::timestamptz)
      ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id`.execute(db);
  return res.rows[0]?.id ?? null;
}
