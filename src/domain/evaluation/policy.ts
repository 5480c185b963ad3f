import { z } from 'zod';
import { DIMENSIONS, METRICS, type DimensionKey, type MetricDefinition, type MetricPolicyKey } from './metrics.js';

/**
 * The evaluation section of the policy document (DESIGN §5): per metric its target, the value that scores zero, its
 * window and weight; the dimensions' weights; the tiers; the prior's bounds. Every field has a default, so a policy
 * saved before a field existed still parses.
 */

const days = z.number().int().min(1).max(3650);

function metricSchema(d: MetricDefinition) {
  return z
    .object({
      target: z.number().min(0).max(1000).default(d.defaults.target),
      /** The value that scores 0 (beyond the target, on the bad side). */
      limit: z.number().min(0).max(1000).default(d.defaults.limit),
      windowDays: days.default(d.defaults.windowDays),
      /** Weight inside the dimension; 0 leaves the metric out of the score (it is still shown). */
      weight: z.number().min(0).max(100).default(d.defaults.weight),
    })
    .prefault({})
    .refine((m) => (d.direction === 'lower_better' ? m.limit > m.target : m.limit < m.target), {
      message: d.direction === 'lower_better' ? 'limit must be above the target' : 'limit must be below the target',
    });
}

const metricsShape = Object.fromEntries(METRICS.map((d) => [d.policyKey, metricSchema(d)])) as {
  [K in MetricPolicyKey]: ReturnType<typeof metricSchema>;
};

const DEFAULT_DIMENSION_WEIGHTS: Record<DimensionKey, number> = {
  verification: 10,
  quality: 25,
  fulfilment: 30,
  service: 20,
  compliance: 10,
  improvement: 5,
};

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const EvaluationPolicySchema = z
  .object({
    /**
     * The zone of the as-of date: a scorecard "as of D" counts what happened before midnight at the end of D here,
     * and its windows are whole days here. (An order's own calendar days — late delivery — use its source's zone.)
     */
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone').default('UTC'),
    metrics: z.object(metricsShape).prefault({}),
    /** Relative weights of the dimensions in the trust score (normalised over the dimensions that have data). */
    dimensionWeights: z
      .object(Object.fromEntries(DIMENSIONS.map((k) => [k, z.number().min(0).max(100).default(DEFAULT_DIMENSION_WEIGHTS[k])])) as Record<DimensionKey, z.ZodDefault<z.ZodNumber>>)
      .prefault({}),
    /** What a metric scores (0–100) when its smoothed value is exactly on target; 100 is the best value there is. */
    scoreAtTarget: z.number().min(1).max(99).default(80),
    /** Trust-score points taken off per active penalty point (on top of the compliance dimension). */
    penaltyPointDeduction: z.number().min(0).max(200).default(20),
    tiers: z
      .object({
        trusted: z.number().int().min(0).max(1000).default(800),
        good: z.number().int().min(0).max(1000).default(650),
        fair: z.number().int().min(0).max(1000).default(450),
        /** Trusted needs at least this many units paid in the order-defect window. */
        trustedMinUnits: z.number().int().min(0).max(100_000).default(10),
        /** Trusted needs no more than this many active penalty points. */
        trustedMaxPenaltyPoints: z.number().int().min(0).max(100).default(2),
        /** From this many active points the seller is at risk whatever the score. */
        atRiskPenaltyPoints: z.number().int().min(1).max(100).default(9),
      })
      .prefault({})
      .refine((t) => t.trusted > t.good && t.good > t.fair, { message: 'tiers must be trusted > good > fair' }),
    /** Bounds for the empirical-Bayes prior (pseudo-units of the platform average each rate is shrunk toward). */
    prior: z
      .object({
        minStrength: z.number().min(0.5).max(10_000).default(2),
        maxStrength: z.number().min(0.5).max(10_000).default(200),
        defaultStrength: z.number().min(0.5).max(10_000).default(10),
        /** Fewer sellers with data than this: the default strength is used instead of an estimate. */
        minSellers: z.number().int().min(2).max(100_000).default(20),
      })
      .prefault({})
      .refine((p) => p.minStrength <= p.defaultStrength && p.defaultStrength <= p.maxStrength, {
        message: 'prior strengths must be min ≤ default ≤ max',
      }),
    /** Level of the credible intervals shown beside each smoothed value. */
    intervalLevel: z.number().min(0.5).max(0.999).default(0.9),
    /** "Newly at risk" on the staff dashboard: became at risk within this many days. */
    newlyAtRiskDays: days.default(7),
    /** The buyer's window to review an order after delivery. */
    reviewWindowDays: days.default(60),
    /** Search rank multiplier for the trust score: relevance × (1 + boost × (score − 500) / 500). */
    searchTrustBoost: z.number().min(0).max(5).default(0.5),
  })
  .prefault({});

export type EvaluationPolicy = z.infer<typeof EvaluationPolicySchema>;
export type MetricPolicy = EvaluationPolicy['metrics'][MetricPolicyKey];
