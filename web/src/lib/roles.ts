import type { User, UserRole } from '../api/types';

export function hasRole(user: User | null | undefined, ...roles: UserRole[]): boolean {
  return !!user && user.roles.some((r) => roles.includes(r));
}

/** Roles that review sellers: compliance officers, and admins who oversee them. */
export const REVIEWER_ROLES: UserRole[] = ['compliance_officer', 'admin'];

/** Platform staff: they see every order. */
export const STAFF_ROLES: UserRole[] = ['qc_inspector', 'support_agent', 'compliance_officer', 'admin'];

/** The role shown beside the user's name: the most senior one. */
export function primaryRole(user: User): UserRole {
  const order: UserRole[] = ['admin', 'compliance_officer', 'support_agent', 'qc_inspector', 'seller', 'buyer'];
  return order.find((r) => user.roles.includes(r)) ?? user.roles[0];
}

/** Where a user lands after signing in. */
export function homePath(user: User): string {
  if (hasRole(user, 'compliance_officer')) return '/compliance/queue';
  if (hasRole(user, 'admin')) return '/admin/users';
  if (hasRole(user, 'seller')) return '/seller';
  if (hasRole(user, 'qc_inspector')) return '/warehouse/receive';
  if (hasRole(user, 'support_agent')) return '/support/queue';
  if (hasRole(user, 'buyer')) return '/orders';
  return '/welcome';
}
