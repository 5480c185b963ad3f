import { sql } from 'kysely';
import { countReaches, foldText } from '../../../domain/enforcement/detectors.js';
import { DAY_MS, onlySubjects, periodKey, ts, type Detector } from './types.js';

const STOCK_WORDS = ['stock', 'sold out', 'unavailable', 'discontinued', '缺货', '无货', '没货', '库存', '断货', '售罄', '停产'];

/** Listing goods the seller cannot supply (seed 002): cancellations through the seller's fault, counted. */
export const cannotSupply: Detector = {
  rule: 'cannot_supply',
  subject: 'seller',
  async detect(db, { policy, now, subjects }) {
    const rule = policy.enforcement.rules.cannot_supply;
    const start = new Date(now.getTime() - rule.windowDays * DAY_MS);
    const rows = await sql<{ seller_id: string; n: number; orders: { id: string; reason: string | null; refusal: string | null }[] }>`
      SELECT o.seller_id, count(*)::int AS n,
             (jsonb_agg(jsonb_build_object('id', o.id, 'reason', o.cancellation_reason, 'refusal', o.cancellation_refusal_reason) ORDER BY o.cancelled_at DESC)) AS orders
        FROM orders o
       WHERE o.cancellation_fault = 'seller' AND o.cancelled_at >= ${ts(start)}::timestamptz AND o.cancelled_at < ${ts(now)}::timestamptz
         ${onlySubjects('o.seller_id', subjects)}
       GROUP BY o.seller_id
      HAVING count(*) >= ${rule.minCancellations}`.execute(db);
    return rows.rows
      .filter((r) => countReaches(Number(r.n), rule.minCancellations))
      .map((r) => {
        const orders = (r.orders ?? []).slice(0, 50);
        const stock = orders.filter((o) => STOCK_WORDS.some((w) => foldText(`${o.reason ?? ''} ${o.refusal ?? ''}`).includes(w))).map((o) => o.id);
        return {
          subjectType: 'seller' as const,
          sellerId: r.seller_id,
          rule: 'cannot_supply',
          dedupeKey: `cannot_supply:${r.seller_id}:${periodKey(now, rule.windowDays)}`,
          summary: `${r.n} order(s) cancelled through the seller's fault in ${rule.windowDays} days${stock.length ? `, ${stock.length} naming missing stock` : ''}.`,
          evidence: { cancellations: Number(r.n), minCancellations: rule.minCancellations, windowDays: rule.windowDays, orderIds: orders.map((o) => o.id), stockOrderIds: stock },
          occurredAt: now,
        };
      });
  },
};
