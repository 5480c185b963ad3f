import { sql } from 'kysely';
import type { MetricSql, MetricEnv, SourceSql } from './types.js';
import type { MetricWindow } from '../../../domain/evaluation/windows.js';

/**
 * Metrics over orders. The unit is one seller's part of one order (an `orders` row). Every condition also requires
 * the fact to have happened before the as-of end, so a scorecard as of a past day ignores what came later.
 */

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

export const ordersSource: SourceSql = {
  sellerColumn: sql`o.seller_id`,
  // A defect is a negative review (one review per order), a chargeback or a dispute lost; dsp: the order's disputes.
  from: (env: MetricEnv) => sql`orders o
    LEFT JOIN evaluation_order_sources src ON src.source = o.source
    LEFT JOIN reviews neg ON neg.order_id = o.id AND neg.overall <= 2 AND neg.status <> 'removed' AND neg.created_at < ${ts(env.end)}
    LEFT JOIN (SELECT DISTINCT order_id FROM refunds WHERE reason = 'chargeback' AND status <> 'failed' AND requested_at < ${ts(env.end)}) cb
      ON cb.order_id = o.id
    LEFT JOIN (SELECT d.order_id, bool_or(d.outcome IN ('buyer_won', 'partly_won') AND d.outcome_at < ${ts(env.end)}) AS lost
               FROM disputes d JOIN cases c ON c.id = d.case_id WHERE c.opened_at < ${ts(env.end)} GROUP BY d.order_id) dsp
      ON dsp.order_id = o.id`,
  where: (minStart: Date) =>
    sql`(o.dispatch_deadline >= ${ts(minStart)} OR o.dispatched_at >= ${ts(minStart)} OR o.paid_at >= ${ts(minStart)} OR o.delivered_at >= ${ts(minStart)})`,
};

const inWindow = (column: string, w: MetricWindow) => sql`${sql.raw(column)} >= ${ts(w.start)} AND ${sql.raw(column)} < ${ts(w.end)}`;
/**
 * When the tracking was shown to work: its first carrier scan or the parcel's arrival at the warehouse; for a source
 * that records no carrier scans, the delivery.
 */
const trackingValidAt = sql`LEAST(o.tracking_valid_at, o.received_at_warehouse_at, CASE WHEN src.carrier_scans IS FALSE THEN o.delivered_at END)`;

export const orderMetrics = {
  late_shipment_rate: {
    source: 'orders',
    aggregates: (w) => ({
      num: sql`count(*) FILTER (WHERE ${inWindow('o.dispatch_deadline', w)} AND o.dispatched_at < ${ts(w.end)} AND o.dispatched_at > o.dispatch_deadline)`,
      den: sql`count(*) FILTER (WHERE ${inWindow('o.dispatch_deadline', w)} AND o.dispatched_at < ${ts(w.end)})`,
    }),
  },
  valid_tracking_rate: {
    source: 'orders',
    aggregates: (w, env) => {
      const graceEnd = new Date(w.end.getTime() - env.trackingGraceDays * 86_400_000);
      return {
        num: sql`count(*) FILTER (WHERE ${inWindow('o.dispatched_at', w)} AND ${trackingValidAt} < ${ts(w.end)})`,
        den: sql`count(*) FILTER (WHERE ${inWindow('o.dispatched_at', w)} AND (${trackingValidAt} < ${ts(w.end)} OR o.dispatched_at <= ${ts(graceEnd)}))`,
      };
    },
  },
  seller_cancellation_rate: {
    source: 'orders',
    aggregates: (w) => ({
      num: sql`count(*) FILTER (WHERE ${inWindow('o.paid_at', w)} AND o.cancellation_fault = 'seller' AND o.cancelled_at < ${ts(w.end)})`,
      den: sql`count(*) FILTER (WHERE ${inWindow('o.paid_at', w)})`,
    }),
  },
  late_delivery_rate: {
    source: 'orders',
    aggregates: (w, env) => ({
      num: sql`count(*) FILTER (WHERE ${inWindow('o.delivered_at', w)} AND o.estimated_delivery_on IS NOT NULL
        AND (o.delivered_at AT TIME ZONE COALESCE(src.time_zone, ${env.defaultTimeZone}))::date > o.estimated_delivery_on)`,
      den: sql`count(*) FILTER (WHERE ${inWindow('o.delivered_at', w)} AND o.estimated_delivery_on IS NOT NULL)`,
    }),
  },
  order_defect_rate: {
    source: 'orders',
    aggregates: (w) => ({
      num: sql`count(*) FILTER (WHERE ${inWindow('o.paid_at', w)} AND (neg.order_id IS NOT NULL OR cb.order_id IS NOT NULL OR dsp.lost))`,
      den: sql`count(*) FILTER (WHERE ${inWindow('o.paid_at', w)})`,
    }),
  },
  dispute_rate: {
    source: 'orders',
    aggregates: (w) => ({
      num: sql`count(*) FILTER (WHERE ${inWindow('o.delivered_at', w)} AND dsp.order_id IS NOT NULL)`,
      den: sql`count(*) FILTER (WHERE ${inWindow('o.delivered_at', w)})`,
    }),
  },
} satisfies Record<string, MetricSql>;
