import { sql } from 'kysely';
import { DAY_MS, onlySubjects, periodKey, tableExists, ts, type Detector } from './types.js';

/**
 * Dishonest buyers (seed 003: "dishonest sellers or consumers"): serial claims, and the same evidence file on claims
 * about different orders. Disproportionate demands are reported by the dispute cases (reportBuyerViolation).
 */
export const serialClaims: Detector = {
  rule: 'serial_claims',
  subject: 'buyer',
  async detect(db, { policy, now, subjects }) {
    if (!(await tableExists(db, 'cases'))) return [];
    const rule = policy.enforcement.buyerRules.serial_claims;
    const start = new Date(now.getTime() - rule.windowDays * DAY_MS);
    const rows = await sql<{ buyer_id: string; n: number; ids: string[] }>`
      SELECT c.buyer_id, count(*)::int AS n, (array_agg(c.id ORDER BY c.opened_at DESC))[1:50] AS ids
        FROM cases c
       WHERE c.opened_at >= ${ts(start)}::timestamptz AND c.opened_at < ${ts(now)}::timestamptz ${onlySubjects('c.buyer_id', subjects)}
       GROUP BY c.buyer_id
      HAVING count(*) >= ${rule.minClaims}`.execute(db);
    return rows.rows.map((r) => ({
      subjectType: 'buyer' as const,
      buyerId: r.buyer_id,
      rule: 'serial_claims',
      dedupeKey: `serial_claims:${r.buyer_id}:${periodKey(now, rule.windowDays)}`,
      summary: `${r.n} claims opened in ${rule.windowDays} days.`,
      evidence: { claims: Number(r.n), minClaims: rule.minClaims, windowDays: rule.windowDays, caseIds: r.ids },
      occurredAt: now,
    }));
  },
};

export const duplicateEvidence: Detector = {
  rule: 'duplicate_evidence',
  subject: 'buyer',
  async detect(db, { policy, now, subjects }) {
    if (!(await tableExists(db, 'case_attachments'))) return [];
    const since = new Date(now.getTime() - policy.enforcement.replayDays * DAY_MS);
    const rows = await sql<{ buyer_id: string; sha256: string; orders: string[]; cases: string[] }>`
      SELECT c.buyer_id, a.sha256, array_agg(DISTINCT c.order_id ORDER BY c.order_id) AS orders, array_agg(DISTINCT c.id ORDER BY c.id) AS cases
        FROM case_attachments a JOIN cases c ON c.id = a.case_id
       WHERE a.uploaded_by = c.buyer_id AND a.uploaded_at >= ${ts(since)}::timestamptz AND a.uploaded_at < ${ts(now)}::timestamptz
         ${onlySubjects('c.buyer_id', subjects)}
       GROUP BY c.buyer_id, a.sha256
      HAVING count(DISTINCT c.order_id) >= 2`.execute(db);
    return rows.rows.map((r) => ({
      subjectType: 'buyer' as const,
      buyerId: r.buyer_id,
      rule: 'duplicate_evidence',
      dedupeKey: `duplicate_evidence:${r.buyer_id}:${r.sha256}`,
      summary: `The same evidence file was attached to claims about ${r.orders.length} different orders.`,
      evidence: { sha256: r.sha256, orderIds: r.orders, caseIds: r.cases },
      occurredAt: now,
    }));
  },
};
