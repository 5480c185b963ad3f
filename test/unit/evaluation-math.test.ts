import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { credibleInterval, estimatePrior, posteriorMean, ratingMoments, type Prior } from '../../src/domain/evaluation/beta.js';
import { METRICS, type MetricKey } from '../../src/domain/evaluation/metrics.js';
import { EvaluationPolicySchema } from '../../src/domain/evaluation/policy.js';
import { estimatePriors } from '../../src/domain/evaluation/priors.js';
import { metricScore, scoreSeller, tierFor, type Counts, type SellerEvidence } from '../../src/domain/evaluation/scoring.js';
import { windowFor, windowsFor } from '../../src/domain/evaluation/windows.js';

const policy = EvaluationPolicySchema.parse({});

/** Deterministic PRNG (mulberry32) so the statistical checks never flake. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Gamma(k, 1) draw (Marsaglia–Tsang), for Beta draws in the prior estimation check. */
function gamma(k: number, rand: () => number): number {
  if (k < 1) return gamma(k + 1, rand) * Math.pow(rand(), 1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      const u1 = rand();
      const u2 = rand();
      x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}
const betaDraw = (a: number, b: number, rand: () => number) => {
  const x = gamma(a, rand);
  return x / (x + gamma(b, rand));
};

/**
 * The regularised incomplete beta by Simpson's rule: an independent check of the quantiles. When a < 1 the
 * substitution t = u^(1/a) removes the singularity at 0: ∫₀ˣ t^(a−1)(1−t)^(b−1) dt = (1/a) ∫₀^(x^a) (1 − u^(1/a))^(b−1) du.
 */
function betaCdf(x: number, a: number, b: number): number {
  const lnB = lgamma(a) + lgamma(b) - lgamma(a + b);
  const simpson = (f: (u: number) => number, top: number) => {
    const n = 20_000;
    const h = top / n;
    let s = f(0) + f(top);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(i * h);
    return (s * h) / 3;
  };
  if (a < 1) {
    const f = (u: number) => {
      const t = Math.pow(u, 1 / a);
      return t >= 1 ? 0 : Math.exp((b - 1) * Math.log1p(-t) - lnB);
    };
    return simpson(f, Math.pow(x, a)) / a;
  }
  return simpson((t) => (t <= 0 || t >= 1 ? 0 : Math.exp((a - 1) * Math.log(t) + (b - 1) * Math.log1p(-t) - lnB)), x);
}
function lgamma(z: number): number {
  // Lanczos approximation (g = 7), accurate to ~1e-13 for z > 0.5
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - lgamma(1 - z);
  z -= 1;
  let x = c[0];
  for (let i = 1; i < 9; i++) x += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(x);
}

const prior = (mean: number, strength: number, dispersion = 1): Prior => ({ mean, strength, dispersion });

describe('Beta shrinkage and credible intervals', () => {
  it('shrinks toward the platform mean by the prior strength: (x + μκ) / (n + κ)', () => {
    assert.equal(posteriorMean(prior(0.1, 20), 0, 0), 0.1);
    assert.ok(Math.abs(posteriorMean(prior(0.1, 20), 10, 5) - (5 + 2) / 30) < 1e-12);
    // lots of data: the seller's own rate dominates
    assert.ok(Math.abs(posteriorMean(prior(0.1, 20), 10_000, 5000) - 0.5) < 0.001);
  });

  it('matches closed-form Beta quantiles', () => {
    // Beta(1, 1) is uniform; Beta(a, 1) has quantile p^(1/a); Beta(1, b) has 1 − (1 − p)^(1/b)
    const q = (a: number, b: number, level: number) => credibleInterval({ mean: a / (a + b), strength: a + b, dispersion: 1 }, 0, 0, level);
    const [lo, hi] = q(1, 1, 0.9);
    assert.ok(Math.abs(lo - 0.05) < 1e-9 && Math.abs(hi - 0.95) < 1e-9);
    const [lo3, hi3] = q(3, 1, 0.9);
    assert.ok(Math.abs(lo3 - Math.pow(0.05, 1 / 3)) < 1e-9 && Math.abs(hi3 - Math.pow(0.95, 1 / 3)) < 1e-9);
    const [lo4, hi4] = q(1, 4, 0.8);
    assert.ok(Math.abs(lo4 - (1 - Math.pow(0.9, 1 / 4))) < 1e-9 && Math.abs(hi4 - (1 - Math.pow(0.1, 1 / 4))) < 1e-9);
  });

  it('gives quantiles whose CDF (integrated independently) is the tail probability, for skewed small-sample posteriors', () => {
    for (const [a, b] of [[0.4, 9.6], [2.5, 30], [7, 3], [0.8, 0.8], [41, 160]] as const) {
      const [lo, hi] = credibleInterval({ mean: a / (a + b), strength: a + b, dispersion: 1 }, 0, 0, 0.9);
      assert.ok(Math.abs(betaCdf(lo, a, b) - 0.05) < 2e-4, `Beta(${a}, ${b}) 5% quantile ${lo}: cdf ${betaCdf(lo, a, b)}`);
      assert.ok(Math.abs(betaCdf(hi, a, b) - 0.95) < 2e-4, `Beta(${a}, ${b}) 95% quantile ${hi}: cdf ${betaCdf(hi, a, b)}`);
    }
  });

  it('intervals contain the smoothed value and narrow as evidence grows', () => {
    const p = prior(0.08, 25);
    let width = Infinity;
    for (const n of [0, 3, 30, 300, 3000]) {
      const x = Math.round(n * 0.08);
      const [lo, hi] = credibleInterval(p, n, x, 0.9);
      const m = posteriorMean(p, n, x);
      assert.ok(lo <= m && m <= hi, `n=${n}: ${lo} ≤ ${m} ≤ ${hi}`);
      assert.ok(hi - lo < width, `n=${n} narrower than before`);
      width = hi - lo;
    }
  });

  it('estimates the prior from sellers drawn from a known Beta (empirical Bayes)', () => {
    const rand = rng(7);
    const trueMean = 0.1;
    const trueStrength = 30;
    const sellers = Array.from({ length: 3000 }, () => {
      const p = betaDraw(trueMean * trueStrength, (1 - trueMean) * trueStrength, rand);
      const n = 1 + Math.floor(rand() * rand() * 200); // many small sellers, a few large
      let x = 0;
      for (let i = 0; i < n; i++) if (rand() < p) x++;
      return { n, sum: x, sumSquares: x };
    });
    const est = estimatePrior(sellers, { minStrength: 1, maxStrength: 1000, defaultStrength: 10, minSellers: 20 })!;
    assert.equal(est.method, 'moments');
    assert.ok(Math.abs(est.mean - trueMean) < 0.01, `mean ${est.mean}`);
    assert.ok(est.strength > 20 && est.strength < 45, `strength ${est.strength}`);
  });

  it('uses the strongest prior when sellers differ no more than chance, the default when too few have data', () => {
    const rand = rng(3);
    const same = Array.from({ length: 500 }, () => {
      const n = 50;
      let x = 0;
      for (let i = 0; i < n; i++) if (rand() < 0.1) x++;
      return { n, sum: x, sumSquares: x };
    });
    const bounds = { minStrength: 2, maxStrength: 200, defaultStrength: 10, minSellers: 20 };
    assert.ok(estimatePrior(same, bounds)!.strength > 100);
    const few = estimatePrior(same.slice(0, 5), bounds)!;
    assert.equal(few.method, 'default');
    assert.equal(few.strength, 10);
    assert.equal(estimatePrior([], bounds), null);
  });

  it('gives ratings a dispersion below 1, so their intervals are narrower than a coin flip’s', () => {
    const rand = rng(11);
    const sellers = Array.from({ length: 200 }, () => {
      let n = 0;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < 40; i++) {
        const stars = rand() < 0.8 ? 4 + (rand() < 0.6 ? 1 : 0) : 1 + Math.floor(rand() * 3);
        n++;
        s += stars;
        s2 += stars * stars;
      }
      return ratingMoments(n, s, s2);
    });
    const bounds = { minStrength: 2, maxStrength: 200, defaultStrength: 10, minSellers: 20 };
    const rating = estimatePrior(sellers, bounds, 'rating')!;
    assert.ok(rating.dispersion < 1 && rating.dispersion > 0.05, `dispersion ${rating.dispersion}`);
    const [lo, hi] = credibleInterval(rating, 40, 30, 0.9);
    const [blo, bhi] = credibleInterval({ ...rating, dispersion: 1 }, 40, 30, 0.9);
    assert.ok(hi - lo < bhi - blo);
  });
});

describe('metric scores against targets', () => {
  const late = METRICS.find((m) => m.key === 'late_shipment_rate')!;
  const tracking = METRICS.find((m) => m.key === 'valid_tracking_rate')!;
  const points = METRICS.find((m) => m.key === 'active_penalty_points')!;

  it('scores 100 at the best value, the policy score on target and 0 at the limit', () => {
    assert.equal(metricScore(late, { target: 0.04, limit: 0.2 }, 0, 80), 100);
    assert.ok(Math.abs(metricScore(late, { target: 0.04, limit: 0.2 }, 0.04, 80) - 80) < 1e-9);
    assert.ok(Math.abs(metricScore(late, { target: 0.04, limit: 0.2 }, 0.12, 80) - 40) < 1e-9);
    assert.equal(metricScore(late, { target: 0.04, limit: 0.2 }, 0.5, 80), 0);
    assert.equal(metricScore(tracking, { target: 0.95, limit: 0.75 }, 1, 80), 100);
    assert.ok(Math.abs(metricScore(tracking, { target: 0.95, limit: 0.75 }, 0.95, 80) - 80) < 1e-9);
    assert.equal(metricScore(tracking, { target: 0.95, limit: 0.75 }, 0.7, 80), 0);
    // a target that is the best value (no penalty points): 100 there, falling to 0 at the limit
    assert.equal(metricScore(points, { target: 0, limit: 15 }, 0, 80), 100);
    assert.equal(metricScore(points, { target: 0, limit: 15 }, 6, 80), 60);
  });

  it('is monotone in the value', () => {
    let prev = Infinity;
    for (let v = 0; v <= 0.3; v += 0.005) {
      const s = metricScore(late, { target: 0.04, limit: 0.2 }, v, 80);
      assert.ok(s <= prev);
      prev = s;
    }
  });
});

function evidence(id: string, counts: Partial<Record<MetricKey, Counts>>, extra: Partial<SellerEvidence> = {}): SellerEvidence {
  return { sellerId: id, status: 'active', verification: 'verified', counts, penaltyPoints: 0, trainingCompleted: null, ...extra };
}

/** Orders-based counts for a seller with n units and a bad rate r on every order metric. */
function orderCounts(n: number, bad: number, reviews = n): Partial<Record<MetricKey, Counts>> {
  const neg = Math.round((bad / Math.max(1, n)) * reviews);
  return {
    late_shipment_rate: { num: bad, den: n },
    valid_tracking_rate: { num: n - Math.round(bad / 2), den: n },
    seller_cancellation_rate: { num: Math.round(bad / 4), den: n },
    late_delivery_rate: { num: bad, den: n },
    order_defect_rate: { num: neg, den: n },
    negative_review_rate: { num: neg, den: reviews },
    average_rating: { num: 5 * reviews - 3 * neg, den: reviews, sq: 25 * (reviews - neg) + 4 * neg },
  };
}

describe('a seller with 3 orders is neither top nor bottom', () => {
  it('ranks between large sellers with genuinely good and bad records, whether its 3 orders went well or badly', () => {
    const sellers: SellerEvidence[] = [];
    const rand = rng(5);
    // 60 established sellers, 40–400 orders each, bad rates spread from 1 % to 40 %
    for (let i = 0; i < 60; i++) {
      const n = 40 + Math.floor(rand() * 360);
      const rate = 0.01 + (0.39 * i) / 59;
      sellers.push(evidence(`big-${i}`, orderCounts(n, Math.round(n * rate))));
    }
    sellers.push(evidence('lucky-3', orderCounts(3, 0)));
    sellers.push(evidence('unlucky-3', orderCounts(3, 3)));
    const priors = estimatePriors(sellers, policy);
    const scored = sellers.map((s) => scoreSeller(s, { policy, priors })).sort((a, b) => b.score - a.score);
    const rankOf = (id: string) => scored.findIndex((s) => s.sellerId === id);
    const n = scored.length;
    for (const id of ['lucky-3', 'unlucky-3']) {
      const r = rankOf(id);
      assert.ok(r >= 5 && r <= n - 6, `${id} ranks ${r + 1} of ${n}: must not be among the top or bottom five`);
    }
    // evidence still counts: the lucky small seller ranks above the unlucky one
    assert.ok(rankOf('lucky-3') < rankOf('unlucky-3'));
    // the raw rates would have put them at the very extremes
    const lucky = scored.find((s) => s.sellerId === 'lucky-3')!.metrics.find((m) => m.key === 'late_shipment_rate')!;
    assert.equal(lucky.value, 0);
    assert.ok(lucky.smoothed! > 0.02);
  });
});

describe('dimensions, trust score and tiers', () => {
  const perfect = orderCounts(200, 0);

  it('combines dimensions with their weights, renormalised over the dimensions that have data', () => {
    const priors = estimatePriors([evidence('a', perfect), evidence('b', orderCounts(200, 40))], policy);
    const card = scoreSeller(evidence('a', perfect), { policy, priors });
    const improvement = card.dimensions.find((d) => d.key === 'improvement')!;
    // no training on the platform: the dimension has no data and no weight
    assert.equal(improvement.score, null);
    assert.equal(improvement.weight, 0);
    const total = card.dimensions.reduce((s, d) => s + d.weight, 0);
    assert.ok(Math.abs(total - 1) < 1e-5, `weights add up to ${total}`);
    const fromDims = card.dimensions.reduce((s, d) => s + d.contribution, 0);
    assert.ok(Math.abs(fromDims - card.score) <= 1, `${fromDims} vs ${card.score}`);
    const fromMetrics = card.metrics.reduce((s, m) => s + m.contribution, 0);
    assert.ok(Math.abs(fromMetrics - card.score) <= 1, `${fromMetrics} vs ${card.score}`);
    assert.ok(card.score > 850, `perfect record scores ${card.score}`);
  });

  it('takes penalty points off the score and out of the compliance dimension', () => {
    const priors = estimatePriors([evidence('a', perfect), evidence('b', orderCounts(200, 40))], policy);
    const clean = scoreSeller(evidence('a', perfect), { policy, priors });
    const penalised = scoreSeller(evidence('a', perfect, { penaltyPoints: 3 }), { policy, priors });
    assert.equal(penalised.penalty.deduction, 60);
    const compliance = penalised.dimensions.find((d) => d.key === 'compliance')!;
    assert.equal(compliance.score, 80);
    assert.ok(clean.score - penalised.score >= 60);
  });

  it('lists the metrics below target, biggest effect on the score first', () => {
    const counts = { ...orderCounts(300, 3), late_shipment_rate: { num: 60, den: 300 }, seller_cancellation_rate: { num: 15, den: 300 } };
    const others = Array.from({ length: 30 }, (_, i) => evidence(`o${i}`, orderCounts(100, i)));
    const priors = estimatePriors([...others, evidence('x', counts)], policy);
    const card = scoreSeller(evidence('x', counts), { policy, priors });
    const keys = card.improve.map((i) => i.key);
    assert.equal(keys[0], 'late_shipment_rate');
    assert.ok(keys.includes('seller_cancellation_rate'));
    for (let i = 1; i < card.improve.length; i++) assert.ok(card.improve[i - 1].potentialGain >= card.improve[i].potentialGain);
    // exactly the metrics below target with evidence are listed
    assert.deepEqual(new Set(keys), new Set(card.metrics.filter((m) => m.meetsTarget === false && m.denominator).map((m) => m.key)));
  });

  const tiers = policy.tiers;
  const base = { status: 'active', verification: 'verified' as const, penaltyPoints: 0, units: 100 };

  it('follows the score', () => {
    assert.equal(tierFor({ ...base, score: 850 }, tiers).tier, 'trusted');
    assert.equal(tierFor({ ...base, score: 700 }, tiers).tier, 'good');
    assert.equal(tierFor({ ...base, score: 500 }, tiers).tier, 'fair');
    assert.equal(tierFor({ ...base, score: 300 }, tiers).tier, 'at_risk');
  });

  it('never trusts a seller that is not verified, suspended, banned, penalised or new', () => {
    assert.deepEqual(tierFor({ ...base, score: 950, verification: 'unverified' }, tiers), { tier: 'fair', scoreTier: 'trusted', reasons: ['not_verified'] });
    assert.equal(tierFor({ ...base, score: 950, verification: 'reverification' }, tiers).tier, 'good');
    assert.deepEqual(tierFor({ ...base, score: 950, status: 'suspended' }, tiers), { tier: 'at_risk', scoreTier: 'trusted', reasons: ['suspended'] });
    assert.equal(tierFor({ ...base, score: 950, status: 'banned' }, tiers).tier, 'at_risk');
    assert.equal(tierFor({ ...base, score: 950, status: 'restricted' }, tiers).tier, 'fair');
    assert.equal(tierFor({ ...base, score: 950, penaltyPoints: 3 }, tiers).tier, 'good');
    assert.equal(tierFor({ ...base, score: 950, penaltyPoints: 9 }, tiers).tier, 'at_risk');
    assert.deepEqual(tierFor({ ...base, score: 950, units: 3 }, tiers), { tier: 'good', scoreTier: 'trusted', reasons: ['few_orders'] });
    // a cap above the score's tier changes nothing and is not a reason
    assert.deepEqual(tierFor({ ...base, score: 300, verification: 'unverified' }, tiers), { tier: 'at_risk', scoreTier: 'at_risk', reasons: [] });
  });
});

describe('windows', () => {
  it('counts the N whole days ending with the as-of day, in the evaluation time zone', () => {
    const w = windowFor('2026-03-31', 30, 'UTC');
    assert.equal(w.from, '2026-03-02');
    assert.equal(w.start.toISOString(), '2026-03-02T00:00:00.000Z');
    assert.equal(w.end.toISOString(), '2026-04-01T00:00:00.000Z');
    const sh = windowFor('2026-03-31', 1, 'Asia/Shanghai');
    assert.equal(sh.start.toISOString(), '2026-03-30T16:00:00.000Z');
    assert.equal(sh.end.toISOString(), '2026-03-31T16:00:00.000Z');
  });

  it('takes each metric’s window from the policy, or one for all', () => {
    const ws = windowsFor('2026-03-31', policy);
    assert.equal(ws.late_shipment_rate.days, 30);
    assert.equal(ws.order_defect_rate.days, 60);
    const all = windowsFor('2026-03-31', { ...policy, metrics: Object.fromEntries(Object.entries(policy.metrics).map(([k, m]) => [k, { ...m, windowDays: 7 }])) as typeof policy.metrics });
    assert.ok(Object.values(all).every((w) => w.days === 7));
  });

  it('rejects a policy whose limit is on the wrong side of the target', () => {
    assert.throws(() => EvaluationPolicySchema.parse({ metrics: { lateShipmentRate: { target: 0.1, limit: 0.05 } } }));
    assert.throws(() => EvaluationPolicySchema.parse({ tiers: { trusted: 500, good: 600 } }));
    assert.equal(EvaluationPolicySchema.parse({ metrics: { lateShipmentRate: { target: 0.05 } } }).metrics.lateShipmentRate.limit, 0.2);
  });
});
