import { firersOf, hasRole, isMemberOf, isStaff, type Actor } from '../../platform/actor.js';
import { forbidden, notFound } from '../../shared/errors.js';

/**
 * Who may see and do what with a seller's verification. Anything the actor may not see is a 404 so that
 * existence never leaks; a visible thing the actor may not change is a 403.
 */

export function isOfficer(actor: Actor): boolean {
  return hasRole(actor, 'compliance_officer', 'admin');
}

export function isOwner(actor: Actor, sellerId: string): boolean {
  return actor.memberships.some((m) => m.sellerId === sellerId && m.memberRole === 'owner');
}

/** Profile and timeline: the seller's own members and any staff. */
export function canSeeSeller(actor: Actor, sellerId: string): boolean {
  return isMemberOf(actor, sellerId) || isStaff(actor);
}

/** The application and its documents (identity papers): members, compliance officers and admins only. */
export function canSeeVerification(actor: Actor, sellerId: string): boolean {
  return isMemberOf(actor, sellerId) || isOfficer(actor);
}

export function assertCanSeeSeller(actor: Actor, sellerId: string): void {
  if (!canSeeSeller(actor, sellerId)) throw notFound('Seller');
}

export function assertCanSeeVerification(actor: Actor, sellerId: string, what = 'Seller'): void {
  if (!canSeeVerification(actor, sellerId)) throw notFound(what);
}

export function assertOwner(actor: Actor, sellerId: string): void {
  if (!isOwner(actor, sellerId)) throw forbidden("Only the seller's owner may do this.", 'owner_only');
}

export function assertOfficer(actor: Actor): void {
  if (!isOfficer(actor)) throw forbidden('Only a compliance officer or an admin may do this.', 'officer_only');
}

/**
 * The firers this actor counts as for this seller's tables: the `seller` role acts only on the seller the
 * actor owns, staff roles act everywhere.
 */
export function firersFor(actor: Actor, sellerId: string): string[] {
  const owner = isOwner(actor, sellerId);
  return firersOf(actor).filter((f) => f !== 'seller' || owner);
}
