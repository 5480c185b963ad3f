import { sql } from 'kysely';
import type { MetricSql, SourceSql } from './types.js';
import type { MetricWindow } from '../../../domain/evaluation/windows.js';

/**
 * Metrics over reviews created in the window. A review of an order counts for every seller in it (an imported
 * multi-seller order has one review row per seller's part). Removed reviews do not count; reviews held for
 * moderation do (their stars are the buyer's, only the text waits).
 */

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

export const reviewsSource: SourceSql = {
  sellerColumn: sql`r.seller_id`,
  from: () => sql`reviews r`,
  where: (minStart, env) => sql`r.status <> 'removed' AND r.created_at < ${ts(env.end)} AND r.created_at >= ${ts(minStart)}`,
};

// The source's WHERE already keeps reviews created before the as-of end (every window's end).
const created = (w: MetricWindow) => sql`r.created_at >= ${ts(w.start)}`;

/** Mean of a 1–5 column: Σ stars / ratings given, with Σ stars² for the spread. */
function rating(column: string): MetricSql {
  const c = sql.raw(`r.${column}`);
  return {
    source: 'reviews',
    aggregates: (w) => ({
      num: sql`COALESCE(sum(${c}) FILTER (WHERE ${created(w)}), 0)`,
      den: sql`count(${c}) FILTER (WHERE ${created(w)})`,
      sq: sql`COALESCE(sum(${c} * ${c}) FILTER (WHERE ${created(w)}), 0)`,
    }),
  };
}

export const reviewMetrics = {
  negative_review_rate: {
    source: 'reviews',
    aggregates: (w) => ({
      num: sql`count(*) FILTER (WHERE ${created(w)} AND r.overall <= 2)`,
      den: sql`count(*) FILTER (WHERE ${created(w)})`,
    }),
  },
  average_rating: rating('overall'),
  item_as_described_rating: rating('item_as_described'),
  communication_rating: rating('communication'),
  shipping_speed_rating: rating('shipping_speed'),
} satisfies Record<string, MetricSql>;
