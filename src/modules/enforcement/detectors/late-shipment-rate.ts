import { sql } from 'kysely';
import { rateBreach } from '../../../domain/enforcement/detectors.js';
import { DAY_MS, onlySubjects, periodKey, ts, type Detector } from './types.js';

/** Late shipment rate (DESIGN §5, Amazon LSR): dispatched after the deadline / orders due in the window. */
export const lateShipmentRate: Detector = {
  rule: 'late_shipment_rate',
  subject: 'seller',
  async detect(db, { policy, now, subjects }) {
    const rule = policy.enforcement.rules.late_shipment_rate;
    const start = new Date(now.getTime() - rule.windowDays * DAY_MS);
    const rows = await sql<{ seller_id: string; num: number; den: number }>`
      SELECT o.seller_id, count(*) FILTER (WHERE o.dispatched_at > o.dispatch_deadline)::int AS num, count(*)::int AS den
        FROM orders o
       WHERE o.dispatch_deadline >= ${ts(start)}::timestamptz AND o.dispatch_deadline < ${ts(now)}::timestamptz
         AND o.dispatched_at IS NOT NULL AND o.dispatched_at < ${ts(now)}::timestamptz ${onlySubjects('o.seller_id', subjects)}
       GROUP BY o.seller_id
      HAVING count(*) >= ${rule.minOrders}`.execute(db);
    return rows.rows.flatMap((r) => {
      const b = rateBreach(Number(r.num), Number(r.den), rule);
      if (!b) return [];
      return [
        {
          subjectType: 'seller' as const,
          sellerId: r.seller_id,
          rule: 'late_shipment_rate',
          dedupeKey: `late_shipment_rate:${r.seller_id}:${periodKey(now, rule.windowDays)}`,
          summary: `Late shipment rate ${(b.rate * 100).toFixed(1)} % over ${b.windowDays} days (${b.num} of ${b.den} orders), above ${(b.maxRate * 100).toFixed(1)} %.`,
          evidence: { ...b, windowStart: start.toISOString(), windowEnd: now.toISOString() },
          occurredAt: now,
        },
      ];
    });
  },
};
