import { sql } from 'kysely';
import { findAbuse } from './abuse-words.js';
import { DAY_MS, onlySubjects, tableExists, ts, type Detector } from './types.js';

/**
 * Abusive or belligerent messages to buyers (seed 003), in English and Chinese: what the seller wrote in case
 * threads, in a refusal to cancel, and in replies to reviews.
 */
export const abusiveMessages: Detector = {
  rule: 'abusive_message',
  subject: 'seller',
  async detect(db, { policy, now, subjects }) {
    const since = new Date(now.getTime() - policy.enforcement.replayDays * DAY_MS);
    const parts = [
      sql`SELECT 'order_cancellation' AS source, o.id AS id, o.seller_id, o.cancellation_refusal_reason AS body, o.cancellation_answered_at AS at
            FROM orders o
           WHERE o.cancellation_refusal_reason IS NOT NULL AND o.cancellation_answered_at >= ${ts(since)}::timestamptz
             AND o.cancellation_answered_at < ${ts(now)}::timestamptz ${onlySubjects('o.seller_id', subjects)}`,
      sql`SELECT 'review_reply' AS source, r.id AS id, r.seller_id, r.seller_reply AS body, r.seller_replied_at AS at
            FROM reviews r
           WHERE r.seller_reply IS NOT NULL AND r.seller_replied_at >= ${ts(since)}::timestamptz
             AND r.seller_replied_at < ${ts(now)}::timestamptz ${onlySubjects('r.seller_id', subjects)}`,
    ];
    if (await tableExists(db, 'case_messages')) {
      parts.push(sql`SELECT 'case_message' AS source, m.id AS id, m.seller_id, m.body, m.created_at AS at
                       FROM case_messages m
                      WHERE m.author_role = 'seller' AND m.created_at >= ${ts(since)}::timestamptz
                        AND m.created_at < ${ts(now)}::timestamptz ${onlySubjects('m.seller_id', subjects)}`);
    }
    const rows = await sql<{ source: string; id: string; seller_id: string; body: string; at: Date }>`${sql.join(parts, sql` UNION ALL `)}`.execute(db);
    const proposals = [];
    for (const m of rows.rows) {
      const found = findAbuse(m.body);
      if (found.length === 0) continue;
      proposals.push({
        subjectType: 'seller' as const,
        sellerId: m.seller_id,
        rule: 'abusive_message',
        dedupeKey: `abusive_message:${m.source}:${m.id}`,
        summary: `Abusive words in a message to a buyer: ${found.map((f) => f.term).join(', ')}.`,
        evidence: { source: m.source, id: m.id, text: m.body.slice(0, 2000), terms: found, at: new Date(m.at).toISOString() },
        occurredAt: new Date(m.at),
      });
    }
    return proposals;
  },
};
