import type { ParcelStatus } from '../../db/tables/logistics.js';
import { defineMachine } from '../../domain/state-machine.js';

/**
 * Pure rules of the logistics area: the international parcel's transition table and the protection-period
 * arithmetic. No I/O. (Kept beside the module while the area is young; it belongs in src/domain/ with the
 * other state tables.)
 *
 *   created ──ship──▶ in_transit ──deliver──▶ delivered
 *   created ──cancel──▶ cancelled            (its orders are released and may go into another parcel)
 */
export const PARCEL_STATUSES = ['created', 'in_transit', 'delivered', 'cancelled'] as const satisfies readonly ParcelStatus[];
export const PARCEL_EVENTS = ['ship', 'deliver', 'cancel'] as const;
export type ParcelEvent = (typeof PARCEL_EVENTS)[number];

export const parcelMachine = defineMachine<ParcelStatus, ParcelEvent>('parcel', PARCEL_STATUSES, [
  { from: ['created'], event: 'ship', to: 'in_transit', by: ['qc_inspector', 'integration'] },
  { from: ['created'], event: 'cancel', to: 'cancelled', by: ['qc_inspector', 'admin', 'integration'] },
  // a carrier's delivery event, the buyer's confirmation of every order in it, or the end of protection
  { from: ['in_transit'], event: 'deliver', to: 'delivered', by: ['integration', 'buyer', 'system'] },
]);

export const DAY_MS = 86_400_000;

/**
 * A dispute opened this many days or fewer before the protection period ends counts as opened because the
 * period was about to expire (seed 002's small-parcel rule counts these). A named constant rather than a policy
 * field for now; the enforcement issue may move it into the policy document beside smallParcelRestriction.
 */
export const NEAR_PROTECTION_EXPIRY_DAYS = 5;

/** The carrier event code that means the parcel reached the buyer. */
export const DELIVERED_EVENT_CODE = 'delivered';

/** Heaviest parcel or receipt weight accepted, in grams (1 tonne: anything above is a typo). */
export const MAX_WEIGHT_GRAMS = 1_000_000;

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** Whole days left until `endsAt`, rounded up (a period ending in 2 hours has 1 day left); 0 once past. */
export function daysLeft(now: Date, endsAt: Date): number {
  const ms = endsAt.getTime() - now.getTime();
  return ms <= 0 ? 0 : Math.ceil(ms / DAY_MS);
}

/**
 * Whether a dispute opened at `openedAt` was opened close to the end of protection: at most `nearDays` before
 * it ends and not after (a dispute opened after the end was not rushed by it).
 */
export function openedNearProtectionExpiry(openedAt: Date, protectionEndsAt: Date | null, nearDays = NEAR_PROTECTION_EXPIRY_DAYS): boolean {
  if (!protectionEndsAt) return false;
  const before = protectionEndsAt.getTime() - openedAt.getTime();
  return before >= 0 && before <= nearDays * DAY_MS;
}

/** Carrier event codes are stored lower-case with underscores: "Out for delivery" → "out_for_delivery". */
export function normalizeEventCode(code: string): string {
  return code
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}
