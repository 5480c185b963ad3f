import { sql } from 'kysely';
import type { MetricSql, SourceSql } from './types.js';

/**
 * Metrics over quality control and cases (QC failures and disputes): inspections, the seller's answers to each
 * request, resolutions and dispute outcomes. Each counts what had happened by the as-of end.
 */

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** Inspections of what the seller dispatched (not of an exchange's replacement). */
export const qcSource: SourceSql = {
  sellerColumn: sql`q.seller_id`,
  from: () => sql`qc_reports q`,
  where: (minStart, env) => sql`q.subject = 'original' AND q.created_at < ${ts(env.end)} AND q.created_at >= ${ts(minStart)}`,
};

/** Each request to the seller (a case round) with its deadline and the seller's first answer. */
export const responsesSource: SourceSql = {
  sellerColumn: sql`f.seller_id`,
  from: () => sql`case_response_facts f`,
  where: (minStart, env) => sql`f.requested_at < ${ts(env.end)} AND f.requested_at >= ${ts(minStart)}`,
};

export const casesSource: SourceSql = {
  sellerColumn: sql`c.seller_id`,
  from: () => sql`cases c`,
  where: (minStart, env) => sql`c.resolved_at < ${ts(env.end)} AND c.resolved_at >= ${ts(minStart)}`,
};

export const disputesSource: SourceSql = {
  sellerColumn: sql`d.seller_id`,
  from: () => sql`disputes d`,
  where: (minStart, env) => sql`d.outcome_at < ${ts(env.end)} AND d.outcome_at >= ${ts(minStart)}`,
};

export const caseMetrics = {
  qc_failure_rate: {
    source: 'qc',
    aggregates: (w) => ({
      num: sql`count(DISTINCT q.order_id) FILTER (WHERE q.created_at >= ${ts(w.start)} AND q.result = 'fail')`,
      den: sql`count(DISTINCT q.order_id) FILTER (WHERE q.created_at >= ${ts(w.start)})`,
    }),
  },
  on_time_response_rate: {
    source: 'responses',
    aggregates: (w, env) => ({
      num: sql`count(*) FILTER (WHERE f.requested_at >= ${ts(w.start)} AND f.first_response_at < ${ts(env.end)} AND f.first_response_at <= f.due_at)`,
      den: sql`count(*) FILTER (WHERE f.requested_at >= ${ts(w.start)} AND (f.first_response_at < ${ts(env.end)} OR f.due_at < ${ts(env.end)}))`,
    }),
  },
  // Hours to the seller's first message or answer of each request, at most up to the as-of end: an answer not yet
  // given by then counts with the wait so far, once its deadline has passed (before that it may still come in time).
  median_first_response_hours: {
    source: 'responses',
    aggregates: (w, env) => {
      const counted = sql`f.requested_at >= ${ts(w.start)} AND (f.first_response_at < ${ts(env.end)} OR f.due_at < ${ts(env.end)})`;
      const hours = sql`(extract(epoch FROM LEAST(COALESCE(f.first_response_at, ${ts(env.end)}), ${ts(env.end)}) - f.requested_at) / 3600)::float8`;
      return {
        num: sql`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours}) FILTER (WHERE ${counted})`,
        den: sql`count(*) FILTER (WHERE ${counted})`,
      };
    },
  },
  resolved_without_mediation_rate: {
    source: 'cases',
    aggregates: (w) => ({
      num: sql`count(*) FILTER (WHERE c.resolved_at >= ${ts(w.start)} AND c.agreed_via IS DISTINCT FROM 'mediation' AND c.decided_by IS NULL)`,
      den: sql`count(*) FILTER (WHERE c.resolved_at >= ${ts(w.start)})`,
    }),
  },
  disputes_lost_rate: {
    source: 'disputes',
    aggregates: (w) => ({
      num: sql`count(*) FILTER (WHERE d.outcome_at >= ${ts(w.start)} AND d.outcome IN ('buyer_won', 'partly_won'))`,
      den: sql`count(*) FILTER (WHERE d.outcome_at >= ${ts(w.start)} AND d.outcome <> 'withdrawn')`,
    }),
  },
} satisfies Record<string, MetricSql>;
