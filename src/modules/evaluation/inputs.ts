import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * What the evaluation reads from areas that do not exist yet. Each is one set-based function so the area that
 * brings the facts changes only its body.
 */

/**
 * Active (unexpired) penalty points per seller on the as-of instant, for the given sellers or all (null). The
 * enforcement area adds penalty points; until it does, no seller has any and the map is empty (0 for everyone).
 */
export async function activePenaltyPoints(_db: Kysely<Database>, _sellerIds: string[] | null, _at: Date): Promise<Map<string, number>> {
  return new Map();
}

/**
 * Training modules each seller completed in the window. `available` is false while the platform has no training:
 * the improvement dimension then has no data and its weight goes to the other dimensions.
 */
export async function trainingCompleted(
  _db: Kysely<Database>,
  _sellerIds: string[] | null,
  _window: { start: Date; end: Date },
): Promise<{ available: boolean; counts: Map<string, number> }> {
  return { available: false, counts: new Map() };
}
