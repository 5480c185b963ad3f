import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { StoredMetric, StoredSellerState } from '../../db/tables/evaluation.js';
import { METRICS, type MetricKey } from '../../domain/evaluation/metrics.js';
import type { EvaluationPolicy } from '../../domain/evaluation/policy.js';
import { estimatePriors } from '../../domain/evaluation/priors.js';
import { scoreSeller, verificationState, type Counts, type Scorecard, type SellerEvidence } from '../../domain/evaluation/scoring.js';
import { asOfEnd, windowsFor, type MetricWindow } from '../../domain/evaluation/windows.js';
import type { Policy } from '../../domain/policy.js';
import { activePenaltyPoints, trainingCompleted } from './inputs.js';
import { countMetrics, type SellerCounts, type StoredPriors } from './repo.js';
import type { MetricEnv } from './metrics/types.js';

/**
 * The evaluation pipeline shared by every path (full recompute, incremental, CLI, on-demand): count the metrics in
 * SQL, read the seller's state and the inputs of other areas, then score in the domain.
 */

export interface Evaluated {
  seller: SellerCounts;
  evidence: SellerEvidence;
  card: Scorecard;
}

export interface EvaluationRun {
  asOf: string;
  windows: Record<MetricKey, MetricWindow>;
  env: MetricEnv;
  factsAt: Date;
  priors: StoredPriors;
  sellers: Evaluated[];
}

export function environment(asOf: string, policy: Policy): MetricEnv {
  return {
    end: asOfEnd(asOf, policy.evaluation.timeZone),
    defaultTimeZone: policy.evaluation.timeZone,
    trackingGraceDays: policy.fulfilment.noScanDays,
  };
}

export function sellerState(s: Pick<SellerCounts, 'status' | 'verifiedAt'>, points: number, training: number | null): StoredSellerState {
  return { status: s.status, verification: verificationState(s.status, s.verifiedAt), penaltyPoints: points, trainingCompleted: training };
}

export function evidenceOf(sellerId: string, state: StoredSellerState, counts: Partial<Record<MetricKey, Counts>>): SellerEvidence {
  return { sellerId, status: state.status, verification: state.verification, counts, penaltyPoints: state.penaltyPoints, trainingCompleted: state.trainingCompleted };
}

export interface Counted {
  asOf: string;
  policy: EvaluationPolicy;
  windows: Record<MetricKey, MetricWindow>;
  env: MetricEnv;
  factsAt: Date;
  sellers: { seller: SellerCounts; evidence: SellerEvidence }[];
}

/** Counts the metrics of the given sellers (null: all) as of a day and reads their state: the evidence. */
export async function count(
  db: Kysely<Database>,
  opts: { asOf: string; policy: Policy; sellerIds: string[] | null; windowDays?: number },
): Promise<Counted> {
  const ev: EvaluationPolicy = opts.windowDays ? withWindowDays(opts.policy.evaluation, opts.windowDays) : opts.policy.evaluation;
  const windows = windowsFor(opts.asOf, ev);
  const env = environment(opts.asOf, opts.policy);
  const { factsAt, sellers } = await countMetrics(db, { windows, env, sellerIds: opts.sellerIds });
  const ids = sellers.map((s) => s.sellerId);
  const points = await activePenaltyPoints(db, ids, env.end);
  const training = await trainingCompleted(db, ids, windows.training_completed);
  return {
    asOf: opts.asOf,
    policy: ev,
    windows,
    env,
    factsAt,
    sellers: sellers.map((s) => {
      const state = sellerState(s, points.get(s.sellerId) ?? 0, training.available ? (training.counts.get(s.sellerId) ?? 0) : null);
      return { seller: s, evidence: evidenceOf(s.sellerId, state, s.counts) };
    }),
  };
}

/** The platform priors estimated from counted evidence (which must be every seller's). */
export function estimateFrom(counted: Counted): StoredPriors {
  return estimatePriors(counted.sellers.map((s) => s.evidence), counted.policy);
}

/** Whether some counted metric has data among these sellers but no prior in the set (it had none when estimated). */
export function lacksPriors(priors: StoredPriors, counted: Counted): boolean {
  return METRICS.some((m) => (m.kind === 'rate' || m.kind === 'rating') && !priors[m.key] && counted.sellers.some((s) => (s.evidence.counts[m.key]?.den ?? 0) > 0));
}

/** Scores counted evidence with the given priors. */
export function score(counted: Counted, priors: StoredPriors, explain = false): EvaluationRun {
  return {
    asOf: counted.asOf,
    windows: counted.windows,
    env: counted.env,
    factsAt: counted.factsAt,
    priors,
    sellers: counted.sellers.map((s) => ({ ...s, card: scoreSeller(s.evidence, { policy: counted.policy, priors, explain }) })),
  };
}

/** Counts and scores in one go; 'estimate' estimates the priors from the sellers counted (then all of them). */
export async function evaluate(
  db: Kysely<Database>,
  opts: { asOf: string; policy: Policy; sellerIds: string[] | null; priors: StoredPriors | 'estimate'; windowDays?: number; explain?: boolean },
): Promise<EvaluationRun> {
  const counted = await count(db, opts);
  return score(counted, opts.priors === 'estimate' ? estimateFrom(counted) : opts.priors, opts.explain);
}

/** The policy with every metric's window set to `days` (the CLI's --window-days). */
export function withWindowDays(ev: EvaluationPolicy, days: number): EvaluationPolicy {
  const metrics = Object.fromEntries(Object.entries(ev.metrics).map(([k, m]) => [k, { ...m, windowDays: days }])) as EvaluationPolicy['metrics'];
  return { ...ev, metrics };
}

/** A stored scorecard's evidence, to explain it again with the priors and policy it was computed with. */
export function storedEvidence(sellerId: string, metrics: Record<string, StoredMetric>, state: StoredSellerState): SellerEvidence {
  const counts: Partial<Record<MetricKey, Counts>> = {};
  for (const def of METRICS) {
    const m = metrics[def.key];
    // A median is stored as its value (the smoothed column, unsmoothed) and its count.
    if (m && def.kind === 'median') {
      if (m.den !== null && m.den > 0 && m.smoothed !== null) counts[def.key] = { num: m.smoothed, den: m.den };
      continue;
    }
    if (!m || (def.kind !== 'rate' && def.kind !== 'rating') || m.num === null || m.den === null) continue;
    counts[def.key] = m.sq !== undefined ? { num: m.num, den: m.den, sq: m.sq } : { num: m.num, den: m.den };
  }
  return evidenceOf(sellerId, state, counts);
}
