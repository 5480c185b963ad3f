import type { MetricKey } from '../../../domain/evaluation/metrics.js';
import { caseMetrics, casesSource, disputesSource, qcSource, responsesSource } from './cases.js';
import { orderMetrics, ordersSource } from './orders.js';
import { reviewMetrics, reviewsSource } from './reviews.js';
import type { MetricSql, SourceKey, SourceSql } from './types.js';

/**
 * How each counted metric (rates and ratings) is computed, keyed like its definition in
 * src/domain/evaluation/metrics.ts. A new metric is one definition there and one entry here; a metric over a new
 * table (cases) also adds its source once.
 */
export const METRIC_SQL = { ...orderMetrics, ...reviewMetrics, ...caseMetrics } satisfies Partial<Record<MetricKey, MetricSql>>;

export const SOURCES: Record<SourceKey, SourceSql> = {
  orders: ordersSource,
  reviews: reviewsSource,
  qc: qcSource,
  responses: responsesSource,
  cases: casesSource,
  disputes: disputesSource,
};

export type CountedMetricKey = keyof typeof METRIC_SQL;
export const COUNTED_METRICS = Object.keys(METRIC_SQL) as CountedMetricKey[];
