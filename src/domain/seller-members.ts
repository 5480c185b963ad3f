import type { InvitationStatus } from '../db/tables/sellers.js';
import { defineMachine } from './state-machine.js';

/**
 * A seller's team: the owner invites staff by e-mail, the invitee accepts with a single-use link, the owner
 * revokes an open invitation or removes a member of staff. The tables below are the only moves.
 */

const SELLER = ['seller'] as const;
const SYSTEM = ['system'] as const;

// ---- invitation -------------------------------------------------------------------------------

export const INVITATION_STATES = ['pending', 'accepted', 'revoked', 'expired'] as const satisfies readonly InvitationStatus[];
export type InvitationEvent = 'accept' | 'revoke' | 'expire';

export const invitationMachine = defineMachine<InvitationStatus, InvitationEvent>('seller_invitation', INVITATION_STATES, [
  // The invitee holds the seller role by the time they accept (a new account gets it; an existing one is given it).
  { from: ['pending'], event: 'accept', to: 'accepted', by: SELLER },
  { from: ['pending'], event: 'revoke', to: 'revoked', by: SELLER },
  { from: ['pending'], event: 'expire', to: 'expired', by: SYSTEM },
]);

/** How long an invitation link works. A week covers a holiday without leaving links usable for long. */
export const INVITATION_TTL_DAYS = 7;

export function invitationExpiresAt(now: Date): Date {
  return new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000);
}

/** A link whose time has passed is refused at once, even before the scheduler marks it expired. */
export function invitationUsable(status: InvitationStatus, expiresAt: Date, now: Date): 'usable' | 'expired' | 'accepted' | 'revoked' {
  if (status === 'pending') return now.getTime() >= expiresAt.getTime() ? 'expired' : 'usable';
  return status;
}

// ---- membership -------------------------------------------------------------------------------

export type MemberState = 'owner' | 'staff' | 'removed';
export const MEMBER_STATES = ['owner', 'staff', 'removed'] as const satisfies readonly MemberState[];

/** The owner is the organisation's holder and cannot be removed; staff can. */
export const memberMachine = defineMachine<MemberState, 'remove'>('seller_member', MEMBER_STATES, [{ from: ['staff'], event: 'remove', to: 'removed', by: SELLER }]);

/** Accounts of platform staff never join a seller: reviewing or inspecting one's own shop is a conflict. */
export const ROLES_BARRED_FROM_TEAMS = ['qc_inspector', 'support_agent', 'compliance_officer', 'admin'] as const;

/** E-mail addresses compare case-insensitively and without surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
