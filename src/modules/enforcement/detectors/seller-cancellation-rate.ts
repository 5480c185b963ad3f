import { sql } from 'kysely';
import { rateBreach } from '../../../domain/enforcement/detectors.js';
import { DAY_MS, onlySubjects, periodKey, ts, type Detector } from './types.js';

/** Seller-fault cancellation rate: orders paid in the window that were cancelled through the seller's fault. */
export const sellerCancellationRate: Detector = {
  rule: 'seller_cancellation_rate',
  subject: 'seller',
  async detect(db, { policy, now, subjects }) {
    const rule = policy.enforcement.rules.seller_cancellation_rate;
    const start = new Date(now.getTime() - rule.windowDays * DAY_MS);
    const rows = await sql<{ seller_id: string; num: number; den: number }>`
      SELECT o.seller_id, count(*) FILTER (WHERE o.cancellation_fault = 'seller' AND o.cancelled_at < ${ts(now)}::timestamptz)::int AS num, count(*)::int AS den
        FROM orders o
       WHERE o.paid_at >= ${ts(start)}::timestamptz AND o.paid_at < ${ts(now)}::timestamptz ${onlySubjects('o.seller_id', subjects)}
       GROUP BY o.seller_id
      HAVING count(*) >= ${rule.minOrders} AND count(*) FILTER (WHERE o.cancellation_fault = 'seller') > 0`.execute(db);
    return rows.rows.flatMap((r) => {
      const b = rateBreach(Number(r.num), Number(r.den), rule);
      if (!b) return [];
      return [
        {
          subjectType: 'seller' as const,
          sellerId: r.seller_id,
          rule: 'seller_cancellation_rate',
          dedupeKey: `seller_cancellation_rate:${r.seller_id}:${periodKey(now, rule.windowDays)}`,
          summary: `Seller-fault cancellation rate ${(b.rate * 100).toFixed(1)} % over ${b.windowDays} days (${b.num} of ${b.den} orders), above ${(b.maxRate * 100).toFixed(1)} %.`,
          evidence: { ...b, windowStart: start.toISOString(), windowEnd: now.toISOString() },
          occurredAt: now,
        },
      ];
    });
  },
};
