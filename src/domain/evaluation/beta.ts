import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';

/**
 * Small samples must not decide (DESIGN §4). Every rate is a Beta-binomial: a seller's true rate p is drawn from
 * the platform's Beta prior with mean μ and strength κ (α = μκ, β = (1 − μ)κ, "κ units' worth of the platform
 * average"), and the seller's x bad units out of n update it to Beta(α + x, β + n − x). The smoothed value is the
 * posterior mean (x + μκ) / (n + κ); the interval is the equal-tailed credible interval of that posterior.
 *
 * Ratings (1–5 stars) use the same machinery on the rescaled value y = (stars − 1) / 4 ∈ [0, 1]. A star rating
 * varies less within a seller than a coin flip does, so its Beta is moment-matched: the pseudo-counts are divided
 * by φ = σ²_within / (μ(1 − μ)) ≤ 1, which keeps the posterior mean and narrows the interval to the rating's own
 * spread. For rates φ = 1.
 *
 * The prior is estimated from the sellers themselves (empirical Bayes, method of moments): μ is the pooled platform
 * value, and κ = σ²_within / τ²_between, where τ² is the spread of the sellers' true values once the sampling noise
 * of small sellers is taken out (the one-way ANOVA estimator for unequal group sizes).
 */

export interface Prior {
  /** Platform mean on the 0–1 scale. */
  mean: number;
  /** Pseudo-units the prior is worth. */
  strength: number;
  /** Within-seller variance relative to a Bernoulli's with the same mean (1 for rates). */
  dispersion: number;
}

export interface EstimatedPrior extends Prior {
  /** Sellers with at least one unit, and units in all. */
  sellers: number;
  units: number;
  /** How κ was found: estimated from the spread, or the policy default for too few sellers. */
  method: 'moments' | 'default';
}

/** A seller's evidence on the 0–1 scale: n units, their sum and sum of squares. */
export interface Moments {
  n: number;
  sum: number;
  sumSquares: number;
}

export interface PriorBounds {
  minStrength: number;
  maxStrength: number;
  /** Used when fewer than `minSellers` sellers have data. */
  defaultStrength: number;
  minSellers: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Empirical-Bayes prior from every seller's moments; null when no seller has a unit (the metric is inactive). */
export function estimatePrior(sellers: Iterable<Moments>, bounds: PriorBounds, kind: 'rate' | 'rating' = 'rate'): EstimatedPrior | null {
  let k = 0;
  let N = 0;
  let S = 0;
  let sumN2 = 0;
  let withinSS = 0;
  const groups: Moments[] = [];
  for (const g of sellers) {
    if (!(g.n > 0)) continue;
    k++;
    N += g.n;
    S += g.sum;
    sumN2 += g.n * g.n;
    // Σ (y − ȳ_i)² inside the seller; never below 0 through rounding
    withinSS += Math.max(0, g.sumSquares - (g.sum * g.sum) / g.n);
    groups.push(g);
  }
  if (N === 0) return null;
  // When no unit on the platform is bad (or none good), half a unit of the other kind keeps the prior a proper
  // Beta: a seller with no bad unit yet is not certain never to have one.
  const mean = S <= 0 ? 0.5 / (N + 1) : S >= N ? (N + 0.5) / (N + 1) : S / N;
  const bernoulli = mean * (1 - mean);
  const sigma2 = N > k ? withinSS / (N - k) : bernoulli;
  const dispersion = kind === 'rate' || bernoulli <= 0 ? 1 : clamp(sigma2 / bernoulli, 0.05, 1);

  if (k < bounds.minSellers || N <= k) {
    return { mean, strength: bounds.defaultStrength, dispersion, sellers: k, units: N, method: 'default' };
  }
  let between = 0;
  for (const g of groups) {
    const d = g.sum / g.n - mean;
    between += g.n * d * d;
  }
  const effectiveN = N - sumN2 / N;
  const tau2 = effectiveN > 0 ? (between - (k - 1) * sigma2) / effectiveN : 0;
  let strength: number;
  if (!(tau2 > 0)) strength = bounds.maxStrength;
  else if (!(sigma2 > 0)) strength = bounds.minStrength;
  else strength = clamp(sigma2 / tau2, bounds.minStrength, bounds.maxStrength);
  return { mean, strength, dispersion, sellers: k, units: N, method: 'moments' };
}

/** The posterior's Beta parameters (already divided by the dispersion). */
export function posteriorParams(prior: Prior, n: number, sum: number): { a: number; b: number } {
  const phi = prior.dispersion > 0 ? prior.dispersion : 1;
  // A prior mean of exactly 0 or 1 would give a degenerate Beta; keep a sliver of mass on the other side.
  const mean = clamp(prior.mean, 1e-9, 1 - 1e-9);
  return { a: (mean * prior.strength + sum) / phi, b: ((1 - mean) * prior.strength + (n - sum)) / phi };
}

export function posteriorMean(prior: Prior, n: number, sum: number): number {
  return (prior.mean * prior.strength + sum) / (prior.strength + n);
}

// Many sellers share the same counts; quantiles are memoised per (a, b, level).
const cache = new Map<string, [number, number]>();
const CACHE_LIMIT = 200_000;

/** Equal-tailed credible interval of the posterior, on the 0–1 scale. */
export function credibleInterval(prior: Prior, n: number, sum: number, level = 0.9): [number, number] {
  const { a, b } = posteriorParams(prior, n, sum);
  const key = `${a}|${b}|${level}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const tail = (1 - level) / 2;
  const lo = betaQuantile(tail, a, b);
  const hi = betaQuantile(1 - tail, a, b);
  const out: [number, number] = [Number.isFinite(lo) ? lo : 0, Number.isFinite(hi) ? hi : 1];
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, out);
  return out;
}

/** Stars (1–5) to the 0–1 scale and back. */
export const starsToUnit = (stars: number) => (stars - 1) / 4;
export const unitToStars = (u: number) => 1 + 4 * u;

/**
 * A rating metric's raw sums (Σ stars, Σ stars², count) as moments on the 0–1 scale:
 * Σy = (Σs − n)/4, Σy² = (Σs² − 2Σs + n)/16.
 */
export function ratingMoments(n: number, sumStars: number, sumSquaresStars: number): Moments {
  return { n, sum: (sumStars - n) / 4, sumSquares: (sumSquaresStars - 2 * sumStars + n) / 16 };
}
