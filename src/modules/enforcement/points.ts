import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * Penalty points in force. The one function seller evaluation reads points through:
 * `activePenaltyPoints(db, sellerIds, asOf)` → Map(sellerId → points). Works for buyers' ids too.
 */
export async function activePenaltyPoints(db: Kysely<Database>, subjectIds: readonly string[], asOf: Date): Promise<Map<string, number>> {
  const out = new Map<string, number>(subjectIds.map((id) => [id, 0]));
  if (subjectIds.length === 0) return out;
  const at = asOf.toISOString();
  // Points counted from confirmation until expiry; a violation reversed later still counted before its reversal.
  const rows = await sql<{ subject_id: string; points: number }>`
    SELECT subject_id, sum(points)::int AS points FROM violations
     WHERE subject_id = ANY(${sql.val([...subjectIds])}::text[])
       AND (status = 'confirmed' OR (status = 'reversed' AND reversed_at > ${at}::timestamptz))
       AND decided_at <= ${at}::timestamptz AND points_expire_at > ${at}::timestamptz
     GROUP BY subject_id`.execute(db);
  for (const r of rows.rows) out.set(r.subject_id, Number(r.points));
  return out;
}

export async function activePointsOf(db: Kysely<Database>, subjectId: string, asOf: Date): Promise<number> {
  return (await activePenaltyPoints(db, [subjectId], asOf)).get(subjectId) ?? 0;
}
