import type { Kysely } from 'kysely';
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
 * Training modules each seller completed in the window. `available` is false while the platform has no training:
 * the improvement dimension then has no data and its weight goes to the other dimensions.
 */
export async function trainingCompleted(
  _db: Kysely<Database>,
  _sellerIds: readonly string[],
  _window: { start: Date; end: Date },
): Promise<{ available: boolean; counts: Map<string, number> }> {
  return { available: false, counts: new Map() };
}
