import { sql } from 'kysely';
import { DAY_MS, onlySubjects, periodKey, ts, type Detector } from './types.js';

/**
 * Refusing to ship (seed 003): orders still not dispatched `overdueDays` after their deadline, and orders cancelled
 * because the seller never answered, counted in the window.
 */
export const shippingRefusal: Detector = {
  rule: 'shipping_refusal',
  subject: 'seller',
  async detect(db, { policy, now, subjects }) {
    const rule = policy.enforcement.rules.shipping_refusal;
    const start = new Date(now.getTime() - rule.windowDays * DAY_MS);
    const overdueBefore = new Date(now.getTime() - rule.overdueDays * DAY_MS);
    const rows = await sql<{ seller_id: string; overdue: string[]; silent: string[] }>`
      SELECT o.seller_id,
             array_agg(o.id ORDER BY o.id) FILTER (WHERE o.status = 'paid' AND o.dispatch_deadline < ${ts(overdueBefore)}::timestamptz) AS overdue,
             array_agg(o.id ORDER BY o.id) FILTER (WHERE o.cancellation_outcome = 'silence') AS silent
        FROM orders o
       WHERE o.dispatch_deadline >= ${ts(start)}::timestamptz AND o.dispatch_deadline < ${ts(now)}::timestamptz
         AND ((o.status = 'paid' AND o.dispatch_deadline < ${ts(overdueBefore)}::timestamptz)
              OR (o.cancellation_outcome = 'silence' AND o.cancelled_at < ${ts(now)}::timestamptz))
         ${onlySubjects('o.seller_id', subjects)}
       GROUP BY o.seller_id
      HAVING count(*) >= ${rule.minOrders}`.execute(db);
    return rows.rows.map((r) => {
      const overdue = r.overdue ?? [];
      const silent = r.silent ?? [];
      return {
        subjectType: 'seller' as const,
        sellerId: r.seller_id,
        rule: 'shipping_refusal',
        dedupeKey: `shipping_refusal:${r.seller_id}:${periodKey(now, rule.windowDays)}`,
        summary: `${overdue.length} order(s) not dispatched ${rule.overdueDays}+ days past the deadline and ${silent.length} cancelled on the seller's silence in ${rule.windowDays} days.`,
        evidence: { overdueOrderIds: overdue.slice(0, 50), silenceCancelledOrderIds: silent.slice(0, 50), overdueDays: rule.overdueDays, windowDays: rule.windowDays },
        occurredAt: now,
      };
    });
  },
};
