import type { Role } from '../db/tables/identity.js';

/** Who is acting: a signed-in user, an integration's API key, or the scheduler. */
export interface Actor {
  kind: 'user' | 'api_key' | 'system';
  id: string | null;
  name: string;
  roles: Role[];
  /** Seller organisations the user is a member of, with the member's role there. */
  memberships: { sellerId: string; memberRole: 'owner' | 'staff' }[];
  locale: 'en' | 'zh-CN';
}

export const systemActor: Actor = { kind: 'system', id: null, name: 'Arbiter', roles: [], memberships: [], locale: 'en' };

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

export const STAFF_ROLES: Role[] = ['qc_inspector', 'support_agent', 'compliance_officer', 'admin'];

export function isStaff(actor: Actor): boolean {
  return hasRole(actor, ...STAFF_ROLES);
}

export function isMemberOf(actor: Actor, sellerId: string): boolean {
  return actor.memberships.some((m) => m.sellerId === sellerId);
}

/** The names a transition table's `by` column matches against. */
export function firersOf(actor: Actor): string[] {
  if (actor.kind === 'system') return ['system'];
  if (actor.kind === 'api_key') return [...actor.roles, 'integration'];
  return [...actor.roles];
}

/** The role recorded in history: the most specific role that fits. */
export function primaryRole(actor: Actor): string {
  if (actor.kind === 'system') return 'system';
  if (actor.kind === 'api_key') return 'integration';
  return actor.roles[0] ?? 'unknown';
}
