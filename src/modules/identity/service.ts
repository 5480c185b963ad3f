import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Locale, Role, UserRole } from '../../db/tables/identity.js';
import { hasRole, type Actor } from '../../platform/actor.js';
import { appendHistory } from '../../platform/history.js';
import { AppError, conflict, forbidden, notFound, unauthenticated } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { hashPassword, newSecret, sha256Hex, verifyPassword } from './passwords.js';

export const SESSION_DAYS = 14;
const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;
const LOGIN_FAILURE_LIMIT = 5;

export interface UserView {
  id: string;
  email: string;
  name: string;
  roles: UserRole[];
  locale: Locale;
  status: 'active' | 'disabled';
  createdAt: string;
  sellers: { sellerId: string; memberRole: 'owner' | 'staff'; shopName: string; status: string }[];
}

async function loadMemberships(ctx: AppContext, userId: string) {
  return ctx.db
    .selectFrom('seller_members')
    .innerJoin('sellers', 'sellers.id', 'seller_members.seller_id')
    .select(['seller_members.seller_id as sellerId', 'seller_members.member_role as memberRole', 'sellers.shop_name as shopName', 'sellers.status'])
    .where('seller_members.user_id', '=', userId)
    .orderBy('seller_members.created_at')
    .execute();
}

async function userView(ctx: AppContext, userId: string): Promise<UserView> {
  const u = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!u) throw notFound('User');
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    roles: u.roles,
    locale: u.locale,
    status: u.status,
    createdAt: u.created_at.toISOString(),
    sellers: await loadMemberships(ctx, u.id),
  };
}

export async function createUser(
  ctx: AppContext,
  actor: Actor | null,
  input: { email: string; name: string; password: string; roles: UserRole[]; locale?: Locale },
): Promise<UserView> {
  const selfService = input.roles.every((r) => r === 'buyer' || r === 'seller');
  if (!selfService && !(actor && hasRole(actor, 'admin'))) throw forbidden('Only an admin may create staff accounts.');
  const now = ctx.clock.now();
  const email = input.email.trim().toLowerCase();
  const id = newId('usr', now.getTime());
  const passwordHash = await hashPassword(input.password);
  // Sellers read Chinese by default; everyone else English, unless they chose.
  const locale = input.locale ?? (input.roles.includes('seller') ? 'zh-CN' : 'en');
  await ctx.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where(sql`lower(email)`, '=', email).executeTakeFirst();
    if (taken) throw conflict('email_taken', 'An account with this e-mail already exists.', { field: 'email' });
    await trx
      .insertInto('users')
      .values({ id, email, name: input.name.trim(), password_hash: passwordHash, roles: input.roles, locale, status: 'active', created_at: now, updated_at: now })
      .execute();
    await appendHistory(trx, {
      entityType: 'user',
      entityId: id,
      event: 'create',
      from: null,
      to: 'active',
      actor: actor ?? { kind: 'user', id, name: input.name, roles: input.roles, memberships: [], locale },
      data: { roles: input.roles },
      at: now,
    });
  });
  return userView(ctx, id);
}

export async function login(
  ctx: AppContext,
  input: { email: string; password: string },
): Promise<{ token: string; csrfToken: string; expiresAt: Date; user: UserView }> {
  const now = ctx.clock.now();
  const email = input.email.trim().toLowerCase();
  const recentFailures = await ctx.db
    .selectFrom('login_failures')
    .select(sql<number>`count(*)`.as('n'))
    .where('email', '=', email)
    .where('at', '>', new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS))
    .executeTakeFirstOrThrow();
  if (recentFailures.n >= LOGIN_FAILURE_LIMIT) {
    throw new AppError(429, 'too_many_attempts', 'Too many failed sign-ins for this account; wait 15 minutes and try again.');
  }
  const user = await ctx.db.selectFrom('users').selectAll().where(sql`lower(email)`, '=', email).executeTakeFirst();
  const ok = user ? await verifyPassword(input.password, user.password_hash) : false;
  if (!user || !ok || user.status !== 'active') {
    await ctx.db.insertInto('login_failures').values({ email, at: now }).execute();
    throw new AppError(401, 'invalid_credentials', 'E-mail or password is wrong.');
  }
  await ctx.db.deleteFrom('login_failures').where('email', '=', email).execute();
  const token = newSecret();
  const csrfToken = newSecret(24);
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await ctx.db
    .insertInto('sessions')
    .values({ token_hash: sha256Hex(token), id: newId('ses', now.getTime()), user_id: user.id, csrf_token: csrfToken, created_at: now, expires_at: expiresAt, revoked_at: null })
    .execute();
  return { token, csrfToken, expiresAt, user: await userView(ctx, user.id) };
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.updateTable('sessions').set({ revoked_at: ctx.clock.now() }).where('token_hash', '=', sha256Hex(token)).execute();
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
}

/** A live session as stored: its user and the user's seller memberships. */
export interface SessionRow {
  token_hash: string;
  expires_at: Date;
  id: string;
  name: string;
  roles: UserRole[];
  locale: Locale;
  csrf_token: string;
  memberships: { sellerId: string; memberRole: 'owner' | 'staff' }[];
}

/**
 * The sessions with these token hashes that are not revoked and whose user is active, in one round trip: the
 * session, its user and the user's seller memberships. Expiry is left to the caller, who knows its own now.
 */
export async function loadSessions(ctx: AppContext, tokenHashes: string[]): Promise<Map<string, SessionRow>> {
  const { rows } = await sql<SessionRow>`
    SELECT s.token_hash, s.expires_at, u.id, u.name, u.roles, u.locale, s.csrf_token,
      COALESCE((SELECT json_agg(json_build_object('sellerId', m.seller_id, 'memberRole', m.member_role) ORDER BY m.created_at)
                FROM seller_members m WHERE m.user_id = u.id), '[]'::json) AS memberships
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = ANY(${tokenHashes}::text[]) AND s.revoked_at IS NULL AND u.status = 'active'`.execute(ctx.db);
  return new Map(rows.map((r) => [r.token_hash, r]));
}

/** A session row as the actor of one request (each request gets its own objects). */
export function sessionActor(row: SessionRow, now: Date): ResolvedSession | null {
  if (!(row.expires_at.getTime() > now.getTime())) return null;
  return {
    actor: { kind: 'user', id: row.id, name: row.name, roles: [...row.roles], memberships: row.memberships.map((m) => ({ ...m })), locale: row.locale },
    csrfToken: row.csrf_token,
  };
}

export async function resolveSession(ctx: AppContext, token: string): Promise<ResolvedSession | null> {
  const now = ctx.clock.now();
  const hash = sha256Hex(token);
  const row = (await loadSessions(ctx, [hash])).get(hash);
  return row ? sessionActor(row, now) : null;
}

export async function resolveApiKey(ctx: AppContext, secret: string): Promise<Actor | null> {
  const key = await ctx.db.selectFrom('api_keys').selectAll().where('secret_hash', '=', sha256Hex(secret)).executeTakeFirst();
  if (!key || key.revoked_at) return null;
  const now = ctx.clock.now();
  // Recording use once a minute is enough and keeps hot integrations from writing on every call.
  if (!key.last_used_at || now.getTime() - key.last_used_at.getTime() > 60_000) {
    await ctx.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', key.id).execute();
  }
  return { kind: 'api_key', id: key.id, name: key.name, roles: key.roles, memberships: [], locale: 'en' };
}

export async function currentUser(ctx: AppContext, actor: Actor): Promise<UserView> {
  if (actor.kind !== 'user' || !actor.id) throw unauthenticated();
  return userView(ctx, actor.id);
}

export async function setOwnLocale(ctx: AppContext, actor: Actor, locale: Locale): Promise<UserView> {
  if (actor.kind !== 'user' || !actor.id) throw unauthenticated();
  await ctx.db.updateTable('users').set({ locale, updated_at: ctx.clock.now() }).where('id', '=', actor.id).execute();
  return userView(ctx, actor.id);
}

// ---- administration -------------------------------------------------------------------------

function requireAdmin(actor: Actor) {
  if (!hasRole(actor, 'admin')) throw forbidden('Only an admin may manage accounts and keys.');
}

export async function listUsers(ctx: AppContext, actor: Actor, filter: { q?: string; role?: UserRole; limit: number; offset: number }) {
  requireAdmin(actor);
  let q = ctx.db.selectFrom('users').select(['id', 'email', 'name', 'roles', 'locale', 'status', 'created_at']);
  if (filter.q) q = q.where((eb) => eb.or([eb('email', 'ilike', `%${filter.q}%`), eb('name', 'ilike', `%${filter.q}%`)]));
  if (filter.role) q = q.where(sql<boolean>`${filter.role} = ANY(roles)`);
  const rows = await q.orderBy('created_at', 'desc').limit(filter.limit).offset(filter.offset).execute();
  return rows.map((u) => ({ id: u.id, email: u.email, name: u.name, roles: u.roles, locale: u.locale, status: u.status, createdAt: u.created_at.toISOString() }));
}

export async function updateUser(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  patch: { roles?: UserRole[]; status?: 'active' | 'disabled'; name?: string },
): Promise<UserView> {
  requireAdmin(actor);
  if (userId === actor.id && (patch.status === 'disabled' || (patch.roles && !patch.roles.includes('admin')))) {
    throw conflict('cannot_demote_self', 'You cannot remove your own admin role or disable yourself.');
  }
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('users').select(['roles', 'status']).where('id', '=', userId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('User');
    await trx
      .updateTable('users')
      .set({ ...(patch.roles ? { roles: patch.roles } : {}), ...(patch.status ? { status: patch.status } : {}), ...(patch.name ? { name: patch.name } : {}), updated_at: now })
      .where('id', '=', userId)
      .execute();
    if (patch.status === 'disabled') {
      await trx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
    }
    await appendHistory(trx, {
      entityType: 'user',
      entityId: userId,
      event: 'update',
      from: before.status,
      to: patch.status ?? before.status,
      actor,
      data: { rolesBefore: before.roles, rolesAfter: patch.roles ?? before.roles },
      at: now,
    });
  });
  return userView(ctx, userId);
}

export async function createApiKey(ctx: AppContext, actor: Actor, input: { name: string; roles: Role[] }) {
  requireAdmin(actor);
  const now = ctx.clock.now();
  const secret = `ak_${newSecret(30)}`;
  const id = newId('key', now.getTime());
  await ctx.db
    .insertInto('api_keys')
    .values({ id, name: input.name, prefix: secret.slice(0, 10), secret_hash: sha256Hex(secret), roles: input.roles, created_by: actor.id!, created_at: now, last_used_at: null, revoked_at: null })
    .execute();
  return { id, name: input.name, roles: input.roles, prefix: secret.slice(0, 10), secret, createdAt: now.toISOString() };
}

export async function listApiKeys(ctx: AppContext, actor: Actor) {
  requireAdmin(actor);
  const rows = await ctx.db.selectFrom('api_keys').selectAll().orderBy('created_at', 'desc').execute();
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    roles: k.roles,
    createdAt: k.created_at.toISOString(),
    lastUsedAt: k.last_used_at?.toISOString() ?? null,
    revokedAt: k.revoked_at?.toISOString() ?? null,
  }));
}

export async function revokeApiKey(ctx: AppContext, actor: Actor, keyId: string) {
  requireAdmin(actor);
  const res = await ctx.db
    .updateTable('api_keys')
    .set({ revoked_at: ctx.clock.now() })
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) {
    const exists = await ctx.db.selectFrom('api_keys').select('id').where('id', '=', keyId).executeTakeFirst();
    if (!exists) throw notFound('API key');
    throw conflict('already_revoked', 'This API key is already revoked.');
  }
}

/** Creates the configured admin on first start, when no admin exists yet. */
export async function ensureAdmin(ctx: AppContext, admin: { email: string; password: string }): Promise<boolean> {
  const existing = await ctx.db.selectFrom('users').select('id').where(sql<boolean>`'admin' = ANY(roles)`).executeTakeFirst();
  if (existing) return false;
  const system: Actor = { kind: 'system', id: null, name: 'Arbiter', roles: ['admin'], memberships: [], locale: 'en' };
  await createUser(ctx, system, { email: admin.email, name: 'Administrator', password: admin.password, roles: ['admin'] });
  return true;
}
