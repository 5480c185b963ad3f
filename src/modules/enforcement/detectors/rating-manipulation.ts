import { sql } from 'kysely';
import { topRatingBurst } from '../../../domain/enforcement/detectors.js';
import { DAY_MS, onlySubjects, periodKey, ts, type Detector, type Proposal } from './types.js';

/**
 * Rating manipulation (seed 002: fake transactions and rating cheating): reviews from buyers linked to the seller by
 * a shared address, payment instrument or device (party_links), and bursts of five-star ratings from new accounts.
 */
export const ratingManipulation: Detector = {
  rule: 'rating_manipulation',
  subject: 'seller',
  async detect(db, { policy, now, subjects }) {
    const rule = policy.enforcement.rules.rating_manipulation;
    const start = new Date(now.getTime() - rule.windowDays * DAY_MS);
    const proposals: Proposal[] = [];

    const linked = await sql<{ seller_id: string; reviews: { reviewId: string; buyerId: string; kinds: string[]; stars: number }[] }>`
      SELECT seller_id, jsonb_agg(jsonb_build_object('reviewId', review_id, 'buyerId', buyer_id, 'kinds', kinds, 'stars', overall) ORDER BY review_id) AS reviews
        FROM (SELECT r.seller_id, r.id AS review_id, r.buyer_id, r.overall, array_agg(DISTINCT b.kind ORDER BY b.kind) AS kinds
                FROM reviews r
                JOIN party_links b ON b.party_type = 'buyer' AND b.party_id = r.buyer_id
                JOIN party_links s ON s.party_type = 'seller' AND s.party_id = r.seller_id AND s.kind = b.kind AND s.value_hash = b.value_hash
               WHERE r.created_at >= ${ts(start)}::timestamptz AND r.created_at < ${ts(now)}::timestamptz AND r.status <> 'removed'
                 ${onlySubjects('r.seller_id', subjects)}
               GROUP BY r.seller_id, r.id, r.buyer_id, r.overall) x
       GROUP BY seller_id
      HAVING count(*) >= ${rule.minLinkedReviews}`.execute(db);
    for (const r of linked.rows) {
      proposals.push({
        subjectType: 'seller',
        sellerId: r.seller_id,
        rule: 'rating_manipulation',
        dedupeKey: `rating_manipulation:linked:${r.seller_id}:${periodKey(now, rule.windowDays)}`,
        summary: `${r.reviews.length} review(s) from buyers who share an address, payment instrument or device with the seller.`,
        evidence: { kind: 'linked_reviewers', reviews: r.reviews.slice(0, 50), windowDays: rule.windowDays },
        occurredAt: now,
      });
    }

    const candidates = await sql<{ id: string; seller_id: string; buyer_id: string; created_at: Date; overall: number; age_days: number }>`
      SELECT r.id, r.seller_id, r.buyer_id, r.created_at, r.overall,
             extract(epoch FROM (r.created_at - u.created_at)) / 86400 AS age_days
        FROM reviews r JOIN users u ON u.id = r.buyer_id
       WHERE r.overall = 5 AND r.created_at >= ${ts(start)}::timestamptz AND r.created_at < ${ts(now)}::timestamptz AND r.status <> 'removed'
         AND r.created_at - u.created_at < make_interval(days => ${rule.newAccountDays})
         ${onlySubjects('r.seller_id', subjects)}
       ORDER BY r.seller_id, r.created_at`.execute(db);
    const bySeller = new Map<string, typeof candidates.rows>();
    for (const c of candidates.rows) bySeller.set(c.seller_id, [...(bySeller.get(c.seller_id) ?? []), c]);
    for (const [sellerId, list] of bySeller) {
      if (list.length < rule.burstReviews) continue;
      const burst = topRatingBurst(
        list.map((c) => ({ id: c.id, buyerId: c.buyer_id, at: new Date(c.created_at), stars: Number(c.overall), accountAgeDays: Number(c.age_days) })),
        rule,
      );
      if (!burst) continue;
      proposals.push({
        subjectType: 'seller',
        sellerId,
        rule: 'rating_manipulation',
        dedupeKey: `rating_manipulation:burst:${sellerId}:${burst[0].id}`,
        summary: `${burst.length} five-star reviews within ${rule.burstHours} hours from accounts younger than ${rule.newAccountDays} days.`,
        evidence: {
          kind: 'new_account_burst',
          reviews: burst.map((b) => ({ reviewId: b.id, buyerId: b.buyerId, at: b.at.toISOString(), accountAgeDays: Math.round(b.accountAgeDays * 10) / 10 })),
          burstHours: rule.burstHours,
          newAccountDays: rule.newAccountDays,
        },
        occurredAt: burst[burst.length - 1].at,
      });
    }
    return proposals;
  },
};
