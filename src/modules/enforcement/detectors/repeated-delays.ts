import { sql } from 'kysely';
import { countReaches } from '../../../domain/enforcement/detectors.js';
import { DAY_MS, onlySubjects, periodKey, ts, type Detector } from './types.js';

/** Repeated delays (seed 003): late dispatches counted, so a small seller who is always late is seen too. */
export const repeatedDelays: Detector = {
  rule: 'repeated_delays',
  subject: 'seller',
  async detect(db, { policy, now, subjects }) {
    const rule = policy.enforcement.rules.repeated_delays;
    const start = new Date(now.getTime() - rule.windowDays * DAY_MS);
    const rows = await sql<{ seller_id: string; late: number; ids: string[] }>`
      SELECT o.seller_id, count(*)::int AS late, (array_agg(o.id ORDER BY o.dispatched_at DESC))[1:20] AS ids
        FROM orders o
       WHERE o.dispatched_late AND o.dispatched_at >= ${ts(start)}::timestamptz AND o.dispatched_at < ${ts(now)}::timestamptz
         ${onlySubjects('o.seller_id', subjects)}
       GROUP BY o.seller_id
      HAVING count(*) >= ${rule.minLate}`.execute(db);
    return rows.rows
      .filter((r) => countReaches(Number(r.late), rule.minLate))
      .map((r) => ({
        subjectType: 'seller' as const,
        sellerId: r.seller_id,
        rule: 'repeated_delays',
        dedupeKey: `repeated_delays:${r.seller_id}:${periodKey(now, rule.windowDays)}`,
        summary: `${r.late} late dispatches in ${rule.windowDays} days (the rule allows fewer than ${rule.minLate}).`,
        evidence: { lateDispatches: Number(r.late), minLate: rule.minLate, windowDays: rule.windowDays, recentOrderIds: r.ids },
        occurredAt: now,
      }));
  },
};
