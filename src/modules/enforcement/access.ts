import { hasRole, isMemberOf, isStaff, type Actor } from '../../platform/actor.js';
import { forbidden, notFound } from '../../shared/errors.js';

/**
 * Who may see and do what in enforcement. Compliance officers and admins enforce; a seller's members see their own
 * file and appeal; anything else the actor may not see is a 404.
 */

export function isOfficer(actor: Actor): boolean {
  return actor.kind === 'user' && hasRole(actor, 'compliance_officer', 'admin');
}

export function requireOfficer(actor: Actor): void {
  if (!isOfficer(actor)) throw forbidden('Only a compliance officer or an admin may do this.', 'officer_only');
}

export function requireAdmin(actor: Actor): void {
  if (!(actor.kind === 'user' && hasRole(actor, 'admin'))) throw forbidden('Only an admin may do this.', 'admin_only');
}

/** A seller's enforcement file: its members and compliance staff. */
export function assertCanSeeSellerFile(actor: Actor, sellerId: string): void {
  if (isMemberOf(actor, sellerId) || isOfficer(actor) || (isStaff(actor) && hasRole(actor, 'support_agent'))) return;
  throw notFound('Seller');
}

export function isOwnerOf(actor: Actor, sellerId: string): boolean {
  return actor.memberships.some((m) => m.sellerId === sellerId && m.memberRole === 'owner');
}

/** Integrations push listings and identity links; admins may too. */
export function requireIntegrationOrAdmin(actor: Actor): void {
  if ((actor.kind === 'api_key' && hasRole(actor, 'integration')) || (actor.kind === 'user' && hasRole(actor, 'admin'))) return;
  throw forbidden('Only the platform integration or an admin may send this.', 'integration_only');
}
