import { estimatePrior, ratingMoments, type EstimatedPrior, type Moments } from './beta.js';
import { METRICS, isSmoothed, type MetricKey } from './metrics.js';
import type { EvaluationPolicy } from './policy.js';
import type { Counts, PriorSet } from './scoring.js';

/** A metric's counts as moments on the 0–1 scale (rates: Bernoulli units; ratings: rescaled stars). */
export function momentsOf(kind: 'rate' | 'rating', c: Counts): Moments {
  return kind === 'rating' ? ratingMoments(c.den, c.num, c.sq ?? 0) : { n: c.den, sum: c.num, sumSquares: c.num };
}

/**
 * The platform's prior for every rate and rating, estimated from all sellers' counts. A metric no seller has a unit
 * of gets no prior (it is not scored).
 */
export function estimatePriors(
  sellers: Iterable<{ counts: Partial<Record<MetricKey, Counts>> }>,
  policy: Pick<EvaluationPolicy, 'prior'>,
): Partial<Record<MetricKey, EstimatedPrior>> {
  const list = [...sellers];
  const out: Partial<Record<MetricKey, EstimatedPrior>> = {};
  for (const def of METRICS) {
    if (!isSmoothed(def)) continue;
    const kind = def.kind as 'rate' | 'rating';
    const moments = list.map((s) => s.counts[def.key]).filter((c): c is Counts => !!c && c.den > 0).map((c) => momentsOf(kind, c));
    const prior = estimatePrior(moments, policy.prior, kind);
    if (prior) out[def.key] = prior;
  }
  return out;
}

export function asPriorSet(priors: Partial<Record<MetricKey, EstimatedPrior>>): PriorSet {
  return priors;
}
