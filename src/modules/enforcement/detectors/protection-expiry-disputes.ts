import { sql } from 'kysely';
import { DAY_MS, onlySubjects, ts, type Detector } from './types.js';

/**
 * Seed 002: two or more disputes in the last month caused by an expiring protection period restrict the seller's
 * small parcels. The logistics module records each dispute opened near the end of protection.
 */
export const protectionExpiryDisputes: Detector = {
  rule: 'protection_expiry_disputes',
  subject: 'seller',
  async detect(db, { policy, now, subjects }) {
    const cfg = policy.enforcement.smallParcelRestriction;
    const start = new Date(now.getTime() - cfg.windowDays * DAY_MS);
    const rows = await sql<{ seller_id: string; n: number; openings: { id: string; orderId: string; openedAt: string }[] }>`
      SELECT d.seller_id, count(*)::int AS n,
             jsonb_agg(jsonb_build_object('id', d.id, 'orderId', d.order_id, 'openedAt', d.opened_at) ORDER BY d.opened_at, d.id) AS openings
        FROM protection_dispute_openings d
       WHERE d.opened_near_protection_expiry AND d.opened_at >= ${ts(start)}::timestamptz AND d.opened_at < ${ts(now)}::timestamptz
         ${onlySubjects('d.seller_id', subjects)}
       GROUP BY d.seller_id
      HAVING count(*) >= ${cfg.disputes}`.execute(db);
    return rows.rows.map((r) => {
      const last = r.openings[r.openings.length - 1];
      return {
        subjectType: 'seller' as const,
        sellerId: r.seller_id,
        rule: 'protection_expiry_disputes',
        // a further dispute while the count stays reached renews the restriction
        dedupeKey: `protection_expiry_disputes:${r.seller_id}:${last.id}`,
        summary: `${r.n} disputes in ${cfg.windowDays} days opened as the buyer's protection was running out.`,
        evidence: { disputes: Number(r.n), threshold: cfg.disputes, windowDays: cfg.windowDays, openings: r.openings },
        directSanction: 'small_parcel_restriction' as const,
        occurredAt: new Date(last.openedAt),
      };
    });
  },
};
