import type { SellerStatus } from '../../db/tables/sellers.js';
import type { BuyerSanction, EnforcementPolicy, Sanction } from './policy.js';

/**
 * The sanction ladder (DESIGN §5: tiers at 3/6/9/12/15 with growing restrictions, ban at the top) and what the
 * sanctions in force mean for the seller account. Pure.
 */

/** Sanctions from least to most severe. */
export const SANCTION_ORDER: readonly Sanction[] = ['warning', 'no_promotions', 'search_demotion', 'listing_limit', 'small_parcel_restriction', 'suspension', 'ban'];

export function severity(s: Sanction): number {
  return SANCTION_ORDER.indexOf(s);
}

export interface Rung {
  points: number;
  sanction: Sanction;
  rectifyDays?: number;
}

/** Every rung reached by `points`: the sanctions the ladder keeps in force together. */
export function rungsReached(points: number, ladder: readonly Rung[]): Rung[] {
  const reached = new Map<Sanction, Rung>();
  for (const r of ladder) if (points >= r.points && !reached.has(r.sanction)) reached.set(r.sanction, r);
  return [...reached.values()];
}

export function ladderSanctions(points: number, ladder: readonly Rung[]): Sanction[] {
  return rungsReached(points, ladder).map((r) => r.sanction);
}

/** The next rung above the current points, so the seller sees how far the next step is. */
export function nextRung(points: number, ladder: readonly Rung[]): Rung | null {
  return ladder.find((r) => r.points > points) ?? null;
}

export function buyerLadderSanctions(points: number, ladder: EnforcementPolicy['buyerLadder']): BuyerSanction[] {
  return [...new Set(ladder.filter((r) => points >= r.points).map((r) => r.sanction))];
}

/** Sanctions that restrict what the seller may do (the account shows as restricted). */
const RESTRICTING: readonly Sanction[] = ['no_promotions', 'search_demotion', 'listing_limit', 'small_parcel_restriction'];

/**
 * The account status the sanctions in force call for: banned, suspended, restricted, or active. Statuses the
 * enforcement does not own (pending verification, reverification) stay as they are, except that a ban always wins.
 */
export function statusFor(current: SellerStatus, inForce: readonly Sanction[]): SellerStatus {
  if (inForce.includes('ban')) return 'banned';
  if (current === 'pending_verification' || current === 'reverification') return current;
  if (current === 'banned') return current; // only an appeal or an undo lifts a ban, and it says where to go
  if (inForce.includes('suspension')) return 'suspended';
  if (inForce.some((s) => RESTRICTING.includes(s))) return 'restricted';
  return 'active';
}

/** The account event that moves `from` to `to` (the seller machine's vocabulary). */
export function statusEvent(from: SellerStatus, to: SellerStatus): 'ban' | 'suspend' | 'restrict' | 'reinstate' | 'lift_ban' | null {
  if (from === to) return null;
  if (to === 'banned') return 'ban';
  if (to === 'suspended') return 'suspend';
  if (to === 'restricted') return 'restrict';
  if (to === 'active') return from === 'banned' ? 'lift_ban' : 'reinstate';
  return null;
}

/** What each sanction does, for the seller's page and the API (both languages are rendered by the console). */
export const SANCTION_EFFECTS: Record<Sanction, string> = {
  warning: 'A warning: rectify before the deadline shown.',
  no_promotions: 'No promotions or campaigns while in force.',
  search_demotion: 'Listings rank lower in search; not on the trusted list.',
  listing_limit: 'Active listings are capped by the policy; new listings above the cap are refused.',
  small_parcel_restriction: 'Orders shipped as small parcels are refused for the restriction period.',
  suspension: 'Listings hidden and new orders refused until the points fall below the threshold or an appeal succeeds.',
  ban: 'The account is closed: listings hidden, new orders refused, open orders refunded or reassigned.',
};

/** Whether order intake may take an order for a seller in this state (pure check the orders module calls). */
export function intakeRefusal(
  status: string,
  inForce: readonly Sanction[],
  shippingService: string,
  smallParcelServices: readonly string[],
): { code: string; message: string } | null {
  if (status !== 'active' && status !== 'restricted') {
    return { code: 'seller_not_active', message: `The seller is ${status.replace(/_/g, ' ')} and may not take orders.` };
  }
  if (inForce.includes('suspension') || inForce.includes('ban')) return { code: 'seller_not_active', message: 'The seller is suspended and may not take orders.' };
  if (inForce.includes('small_parcel_restriction') && smallParcelServices.includes(shippingService.trim().toLowerCase())) {
    return { code: 'small_parcel_restricted', message: 'The seller may not ship small parcels while the small-parcel restriction is in force.' };
  }
  return null;
}
