import type { RawBuilder } from 'kysely';
import type { MetricKey } from '../../../domain/evaluation/metrics.js';
import type { MetricWindow } from '../../../domain/evaluation/windows.js';

/** What every metric's SQL may use: the as-of end, the default zone, the policy's no-scan grace. */
export interface MetricEnv {
  end: Date;
  /** Zone for order sources without their own (policy evaluation.timeZone). */
  defaultTimeZone: string;
  /** Days a dispatched unit may go without a carrier scan before it counts against valid tracking. */
  trackingGraceDays: number;
}

/** Aggregate expressions over one source's rows, for one metric: numerator, denominator, (ratings) Σ stars². */
export interface MetricAggregates {
  num: RawBuilder<unknown>;
  den: RawBuilder<unknown>;
  sq?: RawBuilder<unknown>;
}

export type SourceKey = 'orders' | 'reviews' | 'qc' | 'responses' | 'cases' | 'disputes';

/** One metric's SQL: which source's rows it aggregates, and how. */
export interface MetricSql {
  source: SourceKey;
  aggregates(w: MetricWindow, env: MetricEnv): MetricAggregates;
}

/**
 * A table the metrics aggregate over, grouped by seller: the FROM clause with any joins (alias fixed by the source),
 * the seller column, and the condition that keeps only rows that can fall in some window starting at `minStart`
 * and ending at env.end (so an index can help).
 */
export interface SourceSql {
  sellerColumn: RawBuilder<unknown>;
  from(env: MetricEnv): RawBuilder<unknown>;
  where(minStart: Date, env: MetricEnv): RawBuilder<unknown>;
}

export type MetricSqlRegistry = Partial<Record<MetricKey, MetricSql>>;
