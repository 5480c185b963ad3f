import { sql } from 'kysely';
import type { AppContext, DueTask, TaskHandler } from '../../context.js';
import type { Locale, UserRole } from '../../db/tables/identity.js';
import {
  invitationExpiresAt,
  invitationMachine,
  invitationUsable,
  memberMachine,
  normaliseEmail,
  ROLES_BARRED_FROM_TEAMS,
} from '../../domain/seller-members.js';
import { nextState } from '../../domain/state-machine.js';
import { isMemberOf, systemActor, type Actor } from '../../platform/actor.js';
import { appendHistory, enqueueOutbox, type Tx } from '../../platform/history.js';
import { cancelTasks, scheduleTask } from '../../platform/tasks.js';
import { applyTransition } from '../../platform/transition.js';
import { AppError, conflict, forbidden, notFound, unauthenticated, validationError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { hashPassword, newSecret, sha256Hex } from '../identity/passwords.js';
import { emailAddress, notify } from '../notifications/index.js';
import { assertOwner, firersFor, isOfficer } from './access.js';
import * as repo from './repo.js';

/**
 * A seller's team (DESIGN §1, issue "seller (a member of a seller organisation, with owner/staff)"): the owner
 * invites staff by e-mail, the invitee accepts through a single-use link, the owner revokes an open invitation
 * or removes a member of staff. Staff do the day-to-day work (orders, cases); only the owner manages the team
 * and the verification application.
 */

export const TASK_INVITATION_EXPIRY = 'seller.invitation_expiry';
const INVITATION = 'seller_invitation';

type InvitationRow = Awaited<ReturnType<typeof findInvitation>>;

function findInvitation(db: AppContext['db'] | Tx, where: { id: string } | { tokenHash: string }) {
  let q = db.selectFrom('seller_invitations').selectAll();
  q = 'id' in where ? q.where('id', '=', where.id) : q.where('token_hash', '=', where.tokenHash);
  return q.executeTakeFirst();
}

function invitationView(r: NonNullable<InvitationRow>, now: Date, inviterName?: string | null) {
  const state = invitationUsable(r.status, r.expires_at, now);
  return {
    id: r.id,
    email: r.email,
    // A pending invitation past its time reads as expired before the scheduler gets to it.
    status: state === 'usable' ? ('pending' as const) : state,
    invitedBy: { id: r.invited_by, name: inviterName ?? null },
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    acceptedAt: r.accepted_at ? r.accepted_at.toISOString() : null,
  };
}

/** Team pages: another seller's people (and anyone else's) are simply not found. */
function assertMember(actor: Actor, sellerId: string): void {
  if (!isMemberOf(actor, sellerId) && !isOfficer(actor)) throw notFound('Seller');
}

/** Managing the team is the owner's; compliance may look but not change it. */
function assertManager(actor: Actor, sellerId: string): void {
  assertMember(actor, sellerId);
  if (actor.kind !== 'user' || !actor.id) throw unauthenticated();
  assertOwner(actor, sellerId);
}

// ---- the owner's side -------------------------------------------------------------------------

export async function getTeam(ctx: AppContext, actor: Actor, sellerId: string) {
  assertMember(actor, sellerId);
  if (!isOfficer(actor)) assertOwner(actor, sellerId);
  const seller = await repo.findSeller(ctx.db, sellerId);
  if (!seller) throw notFound('Seller');
  const now = ctx.clock.now();
  const [members, invitations] = await Promise.all([
    repo.members(ctx.db, sellerId),
    ctx.db
      .selectFrom('seller_invitations as i')
      .leftJoin('users as u', 'u.id', 'i.invited_by')
      .selectAll('i')
      .select('u.name as inviter_name')
      .where('i.seller_id', '=', sellerId)
      .where('i.status', '=', 'pending')
      .orderBy('i.created_at', 'desc')
      .execute(),
  ]);
  return {
    sellerId,
    shopName: seller.shop_name,
    members: members.map((m) => ({ userId: m.userId, name: m.name, email: m.email, memberRole: m.memberRole, since: m.since.toISOString() })),
    invitations: invitations.map((i) => invitationView(i, now, i.inviter_name)),
  };
}

export type TeamView = Awaited<ReturnType<typeof getTeam>>;

export async function inviteMember(ctx: AppContext, actor: Actor, sellerId: string, input: { email: string; locale?: Locale }) {
  assertManager(actor, sellerId);
  const email = normaliseEmail(input.email);
  const now = ctx.clock.now();
  const token = newSecret();
  const id = newId('inv', now.getTime());
  const expiresAt = invitationExpiresAt(now);
  const pending = () => conflict('invitation_pending', 'This address already has an open invitation; revoke it to send a new one.', { field: 'email' });
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const seller = await repo.findSeller(trx, sellerId);
      if (!seller) throw notFound('Seller');
      if (seller.status === 'banned') throw conflict('seller_banned', 'A banned seller cannot add people to its team.');
      const member = await trx
        .selectFrom('seller_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select('u.id')
        .where('m.seller_id', '=', sellerId)
        .where(sql<string>`lower(u.email)`, '=', email)
        .executeTakeFirst();
      if (member) throw conflict('already_member', 'This person is already on the team.', { field: 'email' });
      const open = await trx
        .selectFrom('seller_invitations')
        .selectAll()
        .where('seller_id', '=', sellerId)
        .where(sql<string>`lower(email)`, '=', email)
        .where('status', '=', 'pending')
        .forUpdate()
        .executeTakeFirst();
      if (open) {
        if (invitationUsable(open.status, open.expires_at, now) === 'usable') throw pending();
        // Its link no longer works; record that now rather than wait for the scheduler.
        await expireInvitation(trx, open, now);
        await cancelTasks(trx, INVITATION, open.id, now);
      }
      await trx
        .insertInto('seller_invitations')
        .values({
          id,
          seller_id: sellerId,
          email,
          token_hash: sha256Hex(token),
          status: 'pending',
          invited_by: actor.id!,
          locale: input.locale ?? 'zh-CN',
          created_at: now,
          expires_at: expiresAt,
          accepted_by: null,
          accepted_at: null,
          updated_at: now,
        })
        .execute();
      await appendHistory(trx, { entityType: INVITATION, entityId: id, event: 'invite', from: null, to: 'pending', actor, data: { email, expiresAt: expiresAt.toISOString() }, sellerId, at: now });
      await enqueueOutbox(trx, {
        type: 'seller.member_invited',
        entityType: INVITATION,
        entityId: id,
        sellerId,
        payload: { id, status: 'pending', sellerId, shopName: seller.shop_name, email, expiresAt: expiresAt.toISOString() },
        at: now,
      });
      await scheduleTask(trx, { kind: TASK_INVITATION_EXPIRY, entityType: INVITATION, entityId: id, dueAt: expiresAt, now });
      // Someone who already has an account reads it in their own language; a newcomer in the seller's choice.
      const account = await trx.selectFrom('users').select(['id', 'locale']).where(sql<string>`lower(email)`, '=', email).executeTakeFirst();
      await emailAddress(trx, {
        to: email,
        locale: account?.locale ?? input.locale ?? 'zh-CN',
        eventType: 'seller.member_invited',
        data: { shopName: seller.shop_name, inviterName: actor.name, expiresAt: expiresAt.toISOString() },
        // The only copy of the token outside the invitee's mailbox is this queued e-mail.
        link: `/invite/${token}`,
        at: now,
        userId: account?.id ?? null,
      });
    });
  } catch (err) {
    // Two invitations to the same address racing: the one-open-invitation index decides.
    if ((err as { code?: string }).code === '23505') throw pending();
    throw err;
  }
  const row = (await findInvitation(ctx.db, { id }))!;
  return invitationView(row, now, actor.name);
}

export async function revokeInvitation(ctx: AppContext, actor: Actor, sellerId: string, invitationId: string) {
  assertManager(actor, sellerId);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const inv = await findInvitation(trx, { id: invitationId });
    if (!inv || inv.seller_id !== sellerId) throw notFound('Invitation');
    await applyTransition(trx, {
      machine: invitationMachine,
      table: 'seller_invitations',
      id: inv.id,
      event: 'revoke',
      actor,
      at: now,
      sellerId,
      data: { email: inv.email },
      outbox: { type: 'seller.invitation_revoked', payload: { sellerId, email: inv.email } },
    });
    await cancelTasks(trx, INVITATION, inv.id, now);
  });
  return invitationView((await findInvitation(ctx.db, { id: invitationId }))!, now);
}

/** Takes effect at once: every request resolves its memberships afresh, so the member's sessions lose the seller. */
export async function removeMember(ctx: AppContext, actor: Actor, sellerId: string, userId: string): Promise<void> {
  assertManager(actor, sellerId);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const seller = await repo.findSeller(trx, sellerId);
    const row = await trx
      .selectFrom('seller_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.member_role', 'u.email', 'u.name'])
      .where('m.seller_id', '=', sellerId)
      .where('m.user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!seller || !row) throw notFound('Member');
    // The table decides: the owner cannot be removed (409), staff can.
    const to = nextState(memberMachine, row.member_role, 'remove', firersFor(actor, sellerId));
    await trx.deleteFrom('seller_members').where('seller_id', '=', sellerId).where('user_id', '=', userId).execute();
    await appendHistory(trx, { entityType: 'seller_member', entityId: userId, event: 'remove', from: row.member_role, to, actor, data: { email: row.email, name: row.name }, sellerId, at: now });
    await enqueueOutbox(trx, {
      type: 'seller.member_removed',
      entityType: 'seller_member',
      entityId: userId,
      sellerId,
      payload: { id: userId, status: to, previousStatus: row.member_role, sellerId, shopName: seller.shop_name },
      at: now,
    });
    await notify(trx, { userIds: [userId], eventType: 'seller.member_removed', data: { shopName: seller.shop_name }, at: now });
  });
}

// ---- the invitee's side -----------------------------------------------------------------------

async function invitationByToken(ctx: AppContext, token: string) {
  const inv = await findInvitation(ctx.db, { tokenHash: sha256Hex(token) });
  if (!inv) throw notFound('Invitation');
  return inv;
}

/** What the invitation page shows before anyone signs in: the shop, the address, and whether it still works. */
export async function previewInvitation(ctx: AppContext, token: string) {
  const inv = await invitationByToken(ctx, token);
  const seller = (await repo.findSeller(ctx.db, inv.seller_id))!;
  const account = await ctx.db.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', inv.email).executeTakeFirst();
  const state = invitationUsable(inv.status, inv.expires_at, ctx.clock.now());
  return {
    shopName: seller.shop_name,
    email: inv.email,
    status: state === 'usable' ? ('pending' as const) : state,
    expiresAt: inv.expires_at.toISOString(),
    // Whoever holds the link received it at this address, so saying an account exists tells them nothing new.
    accountExists: Boolean(account),
    locale: inv.locale,
  };
}

function gone(state: 'expired' | 'accepted' | 'revoked'): AppError {
  const messages = {
    expired: ['invitation_expired', 'This invitation has expired; ask the shop owner for a new one.'],
    accepted: ['invitation_used', 'This invitation has already been used.'],
    revoked: ['invitation_revoked', 'The shop owner withdrew this invitation.'],
  } as const;
  return new AppError(410, messages[state][0], messages[state][1]);
}

export interface AcceptInput {
  token: string;
  name?: string;
  password?: string;
}

/**
 * Accepts an invitation. Signed in: the seller is added to the current account. Not signed in: an account is
 * created for the invited address with the name and password given. Either way in one transaction with the
 * invitation's transition, so a link works once.
 */
export async function acceptInvitation(ctx: AppContext, actor: Actor | null, input: AcceptInput) {
  const peek = await invitationByToken(ctx, input.token);
  if (actor && (actor.kind !== 'user' || !actor.id)) throw forbidden('Invitations are accepted by people, not API keys.', 'user_only');
  if (actor && (input.password !== undefined || input.name !== undefined)) {
    throw conflict('signed_in', 'You are signed in: the invitation joins this account. Sign out first to create a new account.');
  }
  if (!actor) {
    const missing = [...(input.name ? [] : ['name']), ...(input.password ? [] : ['password'])];
    if (missing.length) throw validationError(missing.map((field) => ({ field, message: 'is required' })));
  }
  const passwordHash = actor ? null : await hashPassword(input.password!);
  const now = ctx.clock.now();
  let result: { userId: string; email: string; newAccount: boolean } | null = null;
  const sellerId = peek.seller_id;

  await ctx.db.transaction().execute(async (trx) => {
    const inv = await trx.selectFrom('seller_invitations').selectAll().where('id', '=', peek.id).forUpdate().executeTakeFirst();
    if (!inv) throw notFound('Invitation');
    const state = invitationUsable(inv.status, inv.expires_at, now);
    if (state !== 'usable') throw gone(state);
    const seller = (await repo.findSeller(trx, sellerId))!;
    if (seller.status === 'banned') throw conflict('seller_banned', 'This seller has been banned and cannot take on staff.');

    let acceptor: Actor;
    if (actor) {
      const user = await trx.selectFrom('users').select(['id', 'email', 'name', 'roles', 'locale', 'status']).where('id', '=', actor.id!).forUpdate().executeTakeFirst();
      if (!user || user.status !== 'active') throw unauthenticated();
      if (user.roles.some((r) => (ROLES_BARRED_FROM_TEAMS as readonly string[]).includes(r))) {
        throw conflict('staff_account', 'A platform staff account cannot join a seller; use a separate account.');
      }
      const already = await trx.selectFrom('seller_members').select('member_role').where('seller_id', '=', sellerId).where('user_id', '=', user.id).executeTakeFirst();
      if (already) throw conflict('already_member', 'You are already on this seller’s team.');
      let roles: UserRole[] = user.roles;
      if (!roles.includes('seller')) {
        // Working for a seller needs the seller role; a buyer account keeps buying as well.
        roles = [...roles, 'seller'];
        await trx.updateTable('users').set({ roles, updated_at: now }).where('id', '=', user.id).execute();
        await appendHistory(trx, { entityType: 'user', entityId: user.id, event: 'update', from: user.status, to: user.status, actor, data: { rolesBefore: user.roles, rolesAfter: roles, invitationId: inv.id }, at: now });
      }
      acceptor = { ...actor, roles, memberships: [...actor.memberships, { sellerId, memberRole: 'staff' }] };
      result = { userId: user.id, email: user.email, newAccount: false };
    } else {
      const taken = await trx.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', inv.email).executeTakeFirst();
      if (taken) throw conflict('email_taken', 'An account with this e-mail already exists; sign in to join with it.', { field: 'email' });
      const userId = newId('usr', now.getTime());
      const name = input.name!.trim();
      await trx
        .insertInto('users')
        .values({ id: userId, email: inv.email, name, password_hash: passwordHash!, roles: ['seller'], locale: inv.locale, status: 'active', created_at: now, updated_at: now })
        .execute();
      acceptor = { kind: 'user', id: userId, name, roles: ['seller'], memberships: [{ sellerId, memberRole: 'staff' }], locale: inv.locale };
      await appendHistory(trx, { entityType: 'user', entityId: userId, event: 'create', from: null, to: 'active', actor: acceptor, data: { roles: ['seller'], invitationId: inv.id }, at: now });
      result = { userId, email: inv.email, newAccount: true };
    }

    await trx.insertInto('seller_members').values({ seller_id: sellerId, user_id: acceptor.id!, member_role: 'staff', created_at: now }).execute();
    await appendHistory(trx, { entityType: 'seller_member', entityId: acceptor.id!, event: 'join', from: null, to: 'staff', actor: acceptor, data: { invitationId: inv.id, email: result!.email }, sellerId, at: now });
    await applyTransition(trx, {
      machine: invitationMachine,
      table: 'seller_invitations',
      id: inv.id,
      event: 'accept',
      actor: acceptor,
      at: now,
      sellerId,
      patch: { accepted_by: acceptor.id, accepted_at: now },
      outbox: { type: 'seller.member_joined', payload: { sellerId, shopName: seller.shop_name, userId: acceptor.id, memberRole: 'staff' } },
    });
    await cancelTasks(trx, INVITATION, inv.id, now);
    const owners = await trx.selectFrom('seller_members').select('user_id').where('seller_id', '=', sellerId).where('member_role', '=', 'owner').execute();
    await notify(trx, { userIds: owners.map((o) => o.user_id), eventType: 'seller.member_joined', data: { shopName: seller.shop_name, memberName: acceptor.name }, link: '/seller/team', at: now });
  });
  const seller = (await repo.findSeller(ctx.db, sellerId))!;
  return { sellerId, shopName: seller.shop_name, memberRole: 'staff' as const, ...result! };
}

// ---- expiry -----------------------------------------------------------------------------------

async function expireInvitation(trx: Tx, inv: { id: string; seller_id: string }, now: Date): Promise<void> {
  await applyTransition(trx, { machine: invitationMachine, table: 'seller_invitations', id: inv.id, event: 'expire', actor: systemActor, at: now, sellerId: inv.seller_id });
}

export const handleInvitationExpiry: TaskHandler = async (ctx: AppContext, trx: Tx, task: DueTask) => {
  const inv = await trx.selectFrom('seller_invitations').select(['id', 'seller_id', 'status']).where('id', '=', task.entityId).forUpdate().executeTakeFirst();
  // Accepted or revoked meanwhile: nothing left to expire.
  if (!inv || inv.status !== 'pending') return;
  await expireInvitation(trx, inv, ctx.clock.now());
};
