import { credibleInterval, posteriorMean, ratingMoments, unitToStars, type Prior } from './beta.js';
import { DIMENSIONS, METRICS, isSmoothed, type DimensionKey, type MetricDefinition, type MetricKey } from './metrics.js';
import type { EvaluationPolicy, MetricPolicy } from './policy.js';

/**
 * From a seller's counts to metric scores (0–100) against the policy's targets, dimension scores (0–100), the trust
 * score (0–1000) and the tier. Pure: the same evidence, priors and policy always give the same scorecard, so a
 * stored scorecard can be explained again later from what it stored.
 */

export const TIERS = ['at_risk', 'fair', 'good', 'trusted'] as const;
export type Tier = (typeof TIERS)[number];

export type VerificationState = 'verified' | 'reverification' | 'unverified';

/**
 * A metric's counts: numerator, denominator and (ratings) the sum of squared stars. For a median, `num` holds the
 * median itself and `den` the number of units it is the median of.
 */
export interface Counts {
  num: number;
  den: number;
  sq?: number;
}

export interface SellerEvidence {
  sellerId: string;
  /** The seller account's status (active, restricted, suspended, banned, …). */
  status: string;
  verification: VerificationState;
  counts: Partial<Record<MetricKey, Counts>>;
  penaltyPoints: number;
  /** Training modules completed in the window; null while the platform has no training. */
  trainingCompleted: number | null;
}

export type PriorSet = Partial<Record<MetricKey, Prior>>;

export interface MetricResult {
  key: MetricKey;
  dimension: DimensionKey;
  kind: MetricDefinition['kind'];
  direction: MetricDefinition['direction'];
  /** Counted on the platform and weighted: takes part in the score. */
  active: boolean;
  numerator: number | null;
  denominator: number | null;
  /** The raw value: a rate, a mean of stars, a count, or 1 / 0.5 / 0 for verification. */
  value: number | null;
  /** After shrinkage toward the platform average (rates and ratings); the raw value otherwise. */
  smoothed: number | null;
  /** Credible interval of the smoothed value (rates and ratings, when explained). */
  interval: [number, number] | null;
  target: number;
  limit: number;
  windowDays: number;
  meetsTarget: boolean | null;
  /** 0–100 against the target; null when inactive. */
  score: number | null;
  /** Share of the trust score this metric carries (its dimension's share × its share in the dimension). */
  weight: number;
  /** Trust-score points this metric contributes. */
  contribution: number;
  /** Trust-score points gained if the metric reached its target (0 when it meets it or has no evidence). */
  potentialGain: number;
}

export interface DimensionResult {
  key: DimensionKey;
  score: number | null;
  /** Normalised weight in the trust score (0–1; 0 when the dimension has no data). */
  weight: number;
  contribution: number;
}

export interface Scorecard {
  sellerId: string;
  score: number;
  tier: Tier;
  /** The tier the score alone gives, and why the final tier is lower. */
  scoreTier: Tier;
  tierReasons: string[];
  dimensions: DimensionResult[];
  metrics: MetricResult[];
  penalty: { points: number; deduction: number };
  /** Metrics below target, biggest effect on the score first. */
  improve: { key: MetricKey; smoothed: number | null; target: number; potentialGain: number }[];
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
/** Stored values are rounded so the full and incremental computations write identical numbers. */
export function roundValue(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1e9) / 1e9;
}

/** A metric's score for a value: 100 at the best value, `atTarget` on target, 0 at the limit and beyond. */
export function metricScore(
  def: Pick<MetricDefinition, 'direction' | 'best'>,
  cfg: { target: number; limit: number },
  value: number,
  scoreAtTarget: number,
): number {
  const { target, limit } = cfg;
  const best = def.best;
  const atTarget = target === best ? 100 : scoreAtTarget;
  let s: number;
  if (def.direction === 'lower_better') {
    if (value <= target) s = target === best ? 100 : 100 - ((100 - atTarget) * (value - best)) / (target - best);
    else s = (atTarget * (limit - value)) / (limit - target);
  } else if (value >= target) {
    s = best === target ? 100 : atTarget + ((100 - atTarget) * (value - target)) / (best - target);
  } else {
    s = (atTarget * (value - limit)) / (target - limit);
  }
  return Math.min(100, Math.max(0, s));
}

export function meetsTarget(def: Pick<MetricDefinition, 'direction'>, target: number, value: number): boolean {
  return def.direction === 'lower_better' ? value <= target : value >= target;
}

export function verificationValue(v: VerificationState): number {
  return v === 'verified' ? 1 : v === 'reverification' ? 0.5 : 0;
}

export function verificationState(status: string, verifiedAt: Date | string | null): VerificationState {
  if (status === 'reverification') return 'reverification';
  if (status === 'pending_verification' || !verifiedAt) return 'unverified';
  return 'verified';
}

function tierOfScore(score: number, t: EvaluationPolicy['tiers']): Tier {
  if (score >= t.trusted) return 'trusted';
  if (score >= t.good) return 'good';
  if (score >= t.fair) return 'fair';
  return 'at_risk';
}

function rank(t: Tier): number {
  return TIERS.indexOf(t);
}

/** The tier: from the score, then capped by verification, enforcement state and evidence. */
export function tierFor(
  input: { score: number; status: string; verification: VerificationState; penaltyPoints: number; units: number },
  tiers: EvaluationPolicy['tiers'],
): { tier: Tier; scoreTier: Tier; reasons: string[] } {
  const scoreTier = tierOfScore(input.score, tiers);
  const caps: [Tier, string][] = [];
  if (input.status === 'banned') caps.push(['at_risk', 'banned']);
  if (input.status === 'suspended') caps.push(['at_risk', 'suspended']);
  if (input.penaltyPoints >= tiers.atRiskPenaltyPoints) caps.push(['at_risk', 'penalty_points']);
  if (input.status === 'restricted') caps.push(['fair', 'restricted']);
  if (input.verification === 'unverified') caps.push(['fair', 'not_verified']);
  if (input.verification === 'reverification') caps.push(['good', 'reverification']);
  if (input.penaltyPoints > tiers.trustedMaxPenaltyPoints && input.penaltyPoints < tiers.atRiskPenaltyPoints) caps.push(['good', 'penalty_points']);
  if (input.units < tiers.trustedMinUnits) caps.push(['good', 'few_orders']);
  let tier = scoreTier;
  const reasons: string[] = [];
  for (const [cap, reason] of caps) {
    if (rank(cap) < rank(scoreTier)) reasons.push(reason);
    if (rank(cap) < rank(tier)) tier = cap;
  }
  return { tier, scoreTier, reasons: [...new Set(reasons)] };
}

interface Evaluated {
  def: MetricDefinition;
  active: boolean;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  smoothed: number | null;
  interval: [number, number] | null;
  hasEvidence: boolean;
  score: number | null;
}

// The bulk recompute scores every seller: these functions avoid closures and spreads in the per-metric path.
function evaluated(
  def: MetricDefinition,
  active: boolean,
  numerator: number | null,
  denominator: number | null,
  value: number | null,
  smoothed: number | null,
  interval: [number, number] | null,
  hasEvidence: boolean,
  score: number | null,
): Evaluated {
  return { def, active, numerator, denominator, value, smoothed, interval, hasEvidence, score };
}

function toScale(kind: MetricDefinition['kind'], u: number): number {
  return kind === 'rating' ? unitToStars(u) : u;
}

const NO_COUNTS: Counts = { num: 0, den: 0, sq: 0 };

function evaluateMetric(
  def: MetricDefinition,
  e: SellerEvidence,
  cfg: { target: number; limit: number },
  prior: Prior | undefined,
  policy: EvaluationPolicy,
  explain: boolean,
): Evaluated {
  if (def.kind === 'state') {
    const value = verificationValue(e.verification);
    return evaluated(def, true, value, null, value, value, null, true, metricScore(def, cfg, value, policy.scoreAtTarget));
  }
  if (def.kind === 'count') {
    const value = def.key === 'active_penalty_points' ? e.penaltyPoints : e.trainingCompleted;
    if (value === null) return evaluated(def, false, null, null, null, null, null, false, null);
    return evaluated(def, true, value, null, value, value, null, true, metricScore(def, cfg, value, policy.scoreAtTarget));
  }
  const c = e.counts[def.key as MetricKey] ?? NO_COUNTS;
  if (def.kind === 'median') {
    // No prior to fall back on: without units there is nothing to score, and the weight goes to the dimension's others.
    if (c.den <= 0) return evaluated(def, false, null, 0, null, null, null, false, null);
    const median = roundValue(c.num)!;
    return evaluated(def, true, null, c.den, median, median, null, true, metricScore(def, cfg, median, policy.scoreAtTarget));
  }
  const value = c.den > 0 ? c.num / c.den : null;
  // Nobody on the platform has a unit of this metric: it is shown, not scored.
  if (!prior) return evaluated(def, false, c.num, c.den, value, value, null, c.den > 0, null);
  let n = c.den;
  let sum = c.num;
  if (def.kind === 'rating') {
    const m = ratingMoments(c.den, c.num, c.sq ?? 0);
    n = m.n;
    sum = m.sum;
  }
  const smoothed = toScale(def.kind, posteriorMean(prior, n, sum));
  let interval: [number, number] | null = null;
  if (explain) {
    const ci = credibleInterval(prior, n, sum, policy.intervalLevel);
    interval = [toScale(def.kind, ci[0]), toScale(def.kind, ci[1])];
  }
  return evaluated(def, true, c.num, c.den, value, smoothed, interval, c.den > 0, metricScore(def, cfg, smoothed, policy.scoreAtTarget));
}

function byGain(a: { potentialGain: number; key: string }, b: { potentialGain: number; key: string }): number {
  return b.potentialGain - a.potentialGain || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * The scorecard of one seller. `priors` holds the platform prior of each rate and rating that has data on the
 * platform (others are shown but not scored). Intervals are computed only with `explain` (they cost a Beta quantile
 * each; the bulk recompute does not need them).
 */
export function scoreSeller(
  e: SellerEvidence,
  opts: { policy: EvaluationPolicy; priors: PriorSet; explain?: boolean; units?: number },
): Scorecard {
  const policy = opts.policy;
  const explain = opts.explain ?? false;
  const evs: Evaluated[] = [];
  const cfgs: MetricPolicy[] = [];
  for (const def of METRICS as readonly MetricDefinition[]) {
    const cfg = policy.metrics[def.policyKey as keyof EvaluationPolicy['metrics']];
    const ev = evaluateMetric(def, e, cfg, opts.priors[def.key as MetricKey], policy, explain);
    // a weight of 0 keeps the metric visible but out of the score
    if (cfg.weight <= 0) ev.active = false;
    evs.push(ev);
    cfgs.push(cfg);
  }

  // Dimension scores: weighted mean of their active metrics; shares of the dimensions that have data.
  const dimScore: (number | null)[] = [];
  const dimWeightSum: number[] = [];
  let totalDimWeight = 0;
  for (let d = 0; d < DIMENSIONS.length; d++) {
    let ws = 0;
    let acc = 0;
    for (let i = 0; i < evs.length; i++) {
      const ev = evs[i];
      if (ev.def.dimension !== DIMENSIONS[d] || !ev.active || ev.score === null) continue;
      ws += cfgs[i].weight;
      acc += cfgs[i].weight * ev.score;
    }
    dimScore.push(ws > 0 ? acc / ws : null);
    dimWeightSum.push(ws);
    if (ws > 0) totalDimWeight += policy.dimensionWeights[DIMENSIONS[d]];
  }
  const dimensions: DimensionResult[] = [];
  let raw = 0;
  for (let d = 0; d < DIMENSIONS.length; d++) {
    const s = dimScore[d];
    const share = s !== null && totalDimWeight > 0 ? policy.dimensionWeights[DIMENSIONS[d]] / totalDimWeight : 0;
    if (s !== null) raw += 10 * share * s;
    dimensions.push({ key: DIMENSIONS[d], score: s === null ? null : round(s, 2), weight: round(share, 6), contribution: s === null ? 0 : round(10 * share * s, 2) });
  }
  const deduction = policy.penaltyPointDeduction * Math.max(0, e.penaltyPoints);
  const score = Math.round(Math.min(1000, Math.max(0, raw - deduction)));

  const metrics: MetricResult[] = [];
  const improve: Scorecard['improve'] = [];
  for (let i = 0; i < evs.length; i++) {
    const ev = evs[i];
    const cfg = cfgs[i];
    const d = DIMENSIONS.indexOf(ev.def.dimension);
    const ds = dimScore[d];
    const dimShare = ds !== null && totalDimWeight > 0 ? policy.dimensionWeights[ev.def.dimension] / totalDimWeight : 0;
    const weight = ev.active && ds !== null && ev.score !== null ? dimShare * (cfg.weight / dimWeightSum[d]) : 0;
    const atTarget = cfg.target === ev.def.best ? 100 : policy.scoreAtTarget;
    const meets = ev.smoothed === null ? null : meetsTarget(ev.def, cfg.target, ev.smoothed);
    const gain = ev.active && ev.hasEvidence && ev.score !== null && meets === false ? 10 * weight * Math.max(0, atTarget - ev.score) : 0;
    const m: MetricResult = {
      key: ev.def.key as MetricKey,
      dimension: ev.def.dimension,
      kind: ev.def.kind,
      direction: ev.def.direction,
      active: ev.active,
      numerator: ev.numerator,
      denominator: ev.denominator,
      value: roundValue(ev.value),
      smoothed: roundValue(ev.smoothed),
      interval: ev.interval ? [roundValue(ev.interval[0])!, roundValue(ev.interval[1])!] : null,
      target: cfg.target,
      limit: cfg.limit,
      windowDays: cfg.windowDays,
      meetsTarget: meets,
      score: ev.score === null ? null : round(ev.score, 2),
      weight: round(weight, 6),
      contribution: ev.score === null ? 0 : round(10 * weight * ev.score, 2),
      potentialGain: round(gain, 2),
    };
    metrics.push(m);
    if (m.potentialGain > 0) improve.push({ key: m.key, smoothed: m.smoothed, target: m.target, potentialGain: m.potentialGain });
  }
  improve.sort(byGain);

  const units = opts.units ?? e.counts.order_defect_rate?.den ?? 0;
  const t = tierFor({ score, status: e.status, verification: e.verification, penaltyPoints: e.penaltyPoints, units }, policy.tiers);
  return {
    sellerId: e.sellerId,
    score,
    tier: t.tier,
    scoreTier: t.scoreTier,
    tierReasons: t.reasons,
    dimensions,
    metrics,
    penalty: { points: e.penaltyPoints, deduction: round(deduction, 2) },
    improve,
  };
}

export function isSmoothedKey(key: MetricKey): boolean {
  return isSmoothed(METRICS.find((m) => m.key === key)!);
}
