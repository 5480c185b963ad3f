import type { Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EvaluationTier } from '../../db/tables/evaluation.js';
import { dimensionLabel, metricLabel, tierLabel, type Locale } from '../../domain/evaluation/labels.js';
import { metricDefinition, type DimensionKey, type MetricKey } from '../../domain/evaluation/metrics.js';
import type { Scorecard } from '../../domain/evaluation/scoring.js';
import { windowsFor } from '../../domain/evaluation/windows.js';
import type { Policy } from '../../domain/policy.js';
import type { StoredPriors } from './repo.js';

type ScorecardRow = Selectable<Database['seller_scorecards']>;

export interface PresentedMetric {
  key: MetricKey;
  label: string;
  dimension: DimensionKey;
  kind: string;
  direction: string;
  active: boolean;
  definition: { numerator: string; denominator: string; windowBasis: string; note?: string };
  window: { from: string; to: string; days: number };
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  smoothed: number | null;
  interval: { low: number; high: number; level: number } | null;
  /** The platform average this metric was shrunk toward, and how many units' worth it counted for. */
  prior: { platformAverage: number; strength: number } | null;
  target: number;
  limit: number;
  meetsTarget: boolean | null;
  score: number | null;
  weight: number;
  contribution: number;
  potentialGain: number;
}

export interface PresentedScorecard {
  sellerId: string;
  externalId: string | null;
  shopName: string;
  sellerStatus: string;
  asOf: string;
  policyVersion: number;
  source: string;
  computedAt: string;
  /** The as-of day is over: a newer day's recompute has not run yet. */
  stale: boolean;
  score: number;
  tier: EvaluationTier;
  tierLabel: string;
  scoreTier: EvaluationTier;
  tierReasons: string[];
  previousTier: EvaluationTier | null;
  tierSince: string;
  verification: string;
  penalty: { points: number; deduction: number };
  dimensions: { key: DimensionKey; label: string; score: number | null; weight: number; contribution: number }[];
  metrics: PresentedMetric[];
  improve: { key: MetricKey; label: string; smoothed: number | null; target: number; potentialGain: number }[];
}

export function presentScorecard(p: {
  seller: { id: string; external_id: string | null; shop_name: string; status: string };
  row: ScorecardRow;
  card: Scorecard;
  policy: Policy;
  priors: StoredPriors;
  locale: Locale;
  now: Date;
}): PresentedScorecard {
  const { row, card, locale } = p;
  const windows = windowsFor(row.as_of, p.policy.evaluation);
  const level = p.policy.evaluation.intervalLevel;
  return {
    sellerId: p.seller.id,
    externalId: p.seller.external_id,
    shopName: p.seller.shop_name,
    sellerStatus: p.seller.status,
    asOf: row.as_of,
    policyVersion: row.policy_version,
    source: row.source,
    computedAt: new Date(row.computed_at).toISOString(),
    stale: p.now >= new Date(row.stale_after),
    score: row.score,
    tier: row.tier,
    tierLabel: tierLabel(row.tier, locale),
    scoreTier: card.scoreTier,
    tierReasons: row.tier_reasons,
    previousTier: row.previous_tier,
    tierSince: new Date(row.tier_since).toISOString(),
    verification: row.seller_state.verification,
    penalty: card.penalty,
    dimensions: card.dimensions.map((d) => ({ ...d, label: dimensionLabel(d.key, locale) })),
    metrics: card.metrics.map((m) => {
      const def = metricDefinition(m.key);
      const w = windows[m.key];
      const prior = p.priors[m.key];
      return {
        key: m.key,
        label: metricLabel(m.key, locale),
        dimension: m.dimension,
        kind: m.kind,
        direction: m.direction,
        active: m.active,
        definition: { numerator: def.numerator, denominator: def.denominator, windowBasis: def.windowBasis, ...(def.note ? { note: def.note } : {}) },
        window: { from: w.from, to: w.to, days: w.days },
        numerator: m.numerator,
        denominator: m.denominator,
        value: m.value,
        smoothed: m.smoothed,
        interval: m.interval ? { low: m.interval[0], high: m.interval[1], level } : null,
        prior: prior ? { platformAverage: def.kind === 'rating' ? 1 + 4 * prior.mean : prior.mean, strength: prior.strength } : null,
        target: m.target,
        limit: m.limit,
        meetsTarget: m.meetsTarget,
        score: m.score,
        weight: m.weight,
        contribution: m.contribution,
        potentialGain: m.potentialGain,
      };
    }),
    improve: card.improve.map((i) => ({ ...i, label: metricLabel(i.key, locale) })),
  };
}
