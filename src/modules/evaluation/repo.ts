import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EvaluationTier, ScorecardSource, StoredMetric, StoredSellerState } from '../../db/tables/evaluation.js';
import type { Json } from '../../db/tables/platform.js';
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

/**
 * Every counted metric of every seller (or of the given sellers) in one statement: one aggregate per source table
 * (orders, reviews) grouped by seller, joined to the sellers. The full recompute and the incremental one run this
 * same statement; only the seller filter differs, so they count exactly alike.
 */
export async function countMetrics(
  db: Db,
  opts: { windows: Record<MetricKey, MetricWindow>; env: MetricEnv; sellerIds: string[] | null },
): Promise<{ factsAt: Date; sellers: SellerCounts[] }> {
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
  const result = await sql<Record<string, unknown>>`
    WITH ${sql.join(ctes)}
    SELECT s.id AS seller_id, s.external_id, s.status, s.verified_at, statement_timestamp() AS facts_at, ${sql.join(selects)}
    FROM sellers s ${sql.join(joins, sql` `)}
    WHERE ${filter(sql`s.id`)}
    ORDER BY s.id`.execute(db);

  let factsAt: Date | null = null;
  const sellers = result.rows.map((r) => {
    factsAt ??= new Date(r.facts_at as Date);
    const counts: Partial<Record<MetricKey, Counts>> = {};
    for (const key of COUNTED_METRICS) {
      const c: Counts = { num: Number(r[`${key}__num`]), den: Number(r[`${key}__den`]) };
      if (`${key}__sq` in r) c.sq = Number(r[`${key}__sq`]);
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

export function storedMetrics(w: ScorecardWrite): Record<string, StoredMetric> {
  const out: Record<string, StoredMetric> = {};
  for (const m of w.card.metrics) {
    const c = w.counts[m.key];
    const entry: StoredMetric = { num: m.numerator, den: m.denominator, smoothed: m.smoothed, score: m.score };
    if (c?.sq !== undefined) entry.sq = c.sq;
    out[m.key] = entry;
  }
  return out;
}

export function storedDimensions(card: Scorecard): Record<string, number | null> {
  return Object.fromEntries(card.dimensions.map((d) => [d.key, d.score]));
}

export interface TierChange {
  sellerId: string;
  from: EvaluationTier;
  to: EvaluationTier;
  score: number;
  reasons: string[];
}

/**
 * Writes current scorecards in one statement, keeping a newer read: a row whose stored facts were read later than
 * these is left alone. Tier changes get a history row and a `seller.tier_changed` event.
 */
export async function writeCurrent(trx: Db, writes: ScorecardWrite[], meta: WriteMeta): Promise<{ written: number; changes: TierChange[] }> {
  if (writes.length === 0) return { written: 0, changes: [] };
  const ids = writes.map((w) => w.card.sellerId);
  const existing = await sql<{ seller_id: string; tier: EvaluationTier; previous_tier: EvaluationTier | null; tier_since: Date; facts_at: Date }>`
    SELECT seller_id, tier, previous_tier, tier_since, facts_at FROM seller_scorecards
    WHERE seller_id = ANY(${ids}::text[]) ORDER BY seller_id FOR UPDATE`.execute(trx);
  const byId = new Map(existing.rows.map((r) => [r.seller_id, r]));
  const changes: TierChange[] = [];
  const rows: Json[] = [];
  for (const w of writes) {
    const old = byId.get(w.card.sellerId);
    if (old && new Date(old.facts_at) > meta.factsAt) continue;
    let previousTier = old?.previous_tier ?? null;
    let tierSince = old ? new Date(old.tier_since) : meta.computedAt;
    if (old && old.tier !== w.card.tier) {
      previousTier = old.tier;
      tierSince = meta.computedAt;
      changes.push({ sellerId: w.card.sellerId, from: old.tier, to: w.card.tier, score: w.card.score, reasons: w.card.tierReasons });
    }
    rows.push({
      seller_id: w.card.sellerId,
      score: w.card.score,
      tier: w.card.tier,
      tier_reasons: w.card.tierReasons,
      previous_tier: previousTier,
      tier_since: tierSince.toISOString(),
      dimensions: storedDimensions(w.card),
      metrics: storedMetrics(w),
      seller_state: w.state,
    });
  }
  if (rows.length === 0) return { written: 0, changes };
  const t = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const res = await sql`
    INSERT INTO seller_scorecards (seller_id, as_of, policy_version, priors_on, score, tier, tier_reasons, previous_tier, tier_since,
      dimensions, metrics, seller_state, source, facts_at, computed_at, stale_after)
    SELECT x.seller_id, ${meta.asOf}::date, ${meta.policyVersion}::int, ${meta.priorsOn}::date, x.score, x.tier, x.tier_reasons, x.previous_tier,
      x.tier_since, x.dimensions, x.metrics, x.seller_state, ${meta.source}, ${t(meta.factsAt)}, ${t(meta.computedAt)}, ${t(meta.staleAfter)}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(seller_id text, score int, tier text, tier_reasons jsonb, previous_tier text,
      tier_since timestamptz, dimensions jsonb, metrics jsonb, seller_state jsonb)
    ON CONFLICT (seller_id) DO UPDATE SET
      as_of = EXCLUDED.as_of, policy_version = EXCLUDED.policy_version, priors_on = EXCLUDED.priors_on, score = EXCLUDED.score,
      tier = EXCLUDED.tier, tier_reasons = EXCLUDED.tier_reasons, previous_tier = EXCLUDED.previous_tier, tier_since = EXCLUDED.tier_since,
      dimensions = EXCLUDED.dimensions, metrics = EXCLUDED.metrics, seller_state = EXCLUDED.seller_state, source = EXCLUDED.source,
      facts_at = EXCLUDED.facts_at, computed_at = EXCLUDED.computed_at, stale_after = EXCLUDED.stale_after
    WHERE seller_scorecards.facts_at <= EXCLUDED.facts_at`.execute(trx);
  if (changes.length > 0) await recordTierChanges(trx, changes, meta);
  return { written: Number(res.numAffectedRows ?? rows.length), changes };
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
  const rows = writes.map((w) => ({
    seller_id: w.card.sellerId,
    score: w.card.score,
    tier: w.card.tier,
    dimensions: storedDimensions(w.card),
    metrics: storedMetrics(w),
    seller_state: w.state,
  }));
  await sql`
    INSERT INTO seller_scorecard_snapshots (seller_id, as_of, policy_version, priors_on, score, tier, dimensions, metrics, seller_state, source, computed_at)
    SELECT x.seller_id, ${meta.asOf}::date, ${meta.policyVersion}::int, ${meta.priorsOn}::date, x.score, x.tier, x.dimensions, x.metrics, x.seller_state,
      ${meta.source}, ${meta.computedAt.toISOString()}::timestamptz
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(seller_id text, score int, tier text, dimensions jsonb, metrics jsonb, seller_state jsonb)
    ON CONFLICT (seller_id, as_of) DO UPDATE SET
      policy_version = EXCLUDED.policy_version, priors_on = EXCLUDED.priors_on, score = EXCLUDED.score, tier = EXCLUDED.tier,
      dimensions = EXCLUDED.dimensions, metrics = EXCLUDED.metrics, seller_state = EXCLUDED.seller_state, source = EXCLUDED.source,
      computed_at = EXCLUDED.computed_at`.execute(trx);
  return rows.length;
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
