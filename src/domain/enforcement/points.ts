/**
 * Penalty points (DESIGN §5): a confirmed violation carries points from its rule, counted until they expire. Pure:
 * the same violations and instant always give the same total.
 */

export const DAY_MS = 86_400_000;

export interface PointsEntry {
  points: number;
  /** When the violation was confirmed (points count from then). */
  confirmedAt: Date;
  /** When its points stop counting. */
  expiresAt: Date;
}

/** When points confirmed at `confirmedAt` expire under a policy keeping them `expireDays`. */
export function pointsExpireAt(confirmedAt: Date, expireDays: number): Date {
  return new Date(confirmedAt.getTime() + expireDays * DAY_MS);
}

export function isActiveAt(e: PointsEntry, asOf: Date): boolean {
  return e.confirmedAt.getTime() <= asOf.getTime() && asOf.getTime() < e.expiresAt.getTime();
}

/** Points in force at `asOf`. */
export function activePoints(entries: readonly PointsEntry[], asOf: Date): number {
  let sum = 0;
  for (const e of entries) if (isActiveAt(e, asOf)) sum += e.points;
  return sum;
}

/** The next moment the total changes by expiry, and by how much (for "points with expiry" on the seller's page). */
export function expirySchedule(entries: readonly PointsEntry[], asOf: Date): { at: Date; points: number }[] {
  const by = new Map<number, number>();
  for (const e of entries) if (isActiveAt(e, asOf)) by.set(e.expiresAt.getTime(), (by.get(e.expiresAt.getTime()) ?? 0) + e.points);
  return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([t, p]) => ({ at: new Date(t), points: p }));
}
