import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { activePenaltyPoints as enforcementPoints } from '../enforcement/points.js';

/**
 * What the evaluation reads from other areas, each through one set-based function so the area that owns the facts
 * changes only its body.
 */

/** Active (unexpired, confirmed) penalty points per seller at the as-of instant, from enforcement. */
export async function activePenaltyPoints(db: Kysely<Database>, sellerIds: readonly string[], at: Date): Promise<Map<string, number>> {
  return enforcementPoints(db, sellerIds, at);
}

/**
 * Training modules each seller completed in the window: distinct modules with a completion (the first pass of a module
 * version) made in it, so passing a module again, or a new version of it, never counts the module twice. `available`
 * is false while the platform has never published training: the improvement dimension then has no data and its
 * weight goes to the other dimensions.
 */
export async function trainingCompleted(
  db: Kysely<Database>,
  sellerIds: readonly string[],
  window: { start: Date; end: Date },
): Promise<{ available: boolean; counts: Map<string, number> }> {
  const published = await db
    .selectFrom('training_modules')
    .select('id')
    .where('status', '<>', 'draft' as never)
    .limit(1)
    .executeTakeFirst();
  if (!published || sellerIds.length === 0) return { available: published !== undefined, counts: new Map() };
  const rows = await db
    .selectFrom('training_completions')
    .select(['seller_id', (eb) => eb.fn.count<number>(sql`DISTINCT module_id`).as('modules')])
    .where('seller_id', '=', sql<string>`ANY(${[...sellerIds]}::text[])`)
    .where('completed_at', '>=', window.start)
    .where('completed_at', '<', window.end)
    .groupBy('seller_id')
    .execute();
  return { available: true, counts: new Map(rows.map((r) => [r.seller_id, Number(r.modules)])) };
}
