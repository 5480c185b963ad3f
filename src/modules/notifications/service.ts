import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Locale, UserRole } from '../../db/tables/identity.js';
import type { EmailStatus } from '../../db/tables/notifications.js';
import type { Json } from '../../db/tables/platform.js';
import { hasRole, type Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/history.js';
import { forbidden, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { finishEmail, renderEmail, renderNotification } from './templates.js';

export interface NotifyInput {
  userIds: readonly string[];
  /** Usually the outbox event type of the same change, e.g. `seller.revision_requested`. */
  eventType: string;
  /** Structured facts the wording is rendered from (shop name, document kind, reason…). */
  data?: Json;
  /** A path in the console (`/sellers/sel_…`) or an absolute http(s) URL. */
  link?: string | null;
  /** When it happened: pass `ctx.clock.now()`. */
  at?: Date;
  /** Also e-mail each recipient (default true). */
  email?: boolean;
}

function checkLink(link: string | null | undefined) {
  if (link && !(link.startsWith('/') && !link.startsWith('//')) && !/^https?:\/\//.test(link)) {
    throw new Error(`notification link must be a console path or an http(s) URL, got ${link}`);
  }
}

/**
 * Tells people about something that happened, inside the caller's transaction: a console notification for
 * each active user among `userIds` (unknown or disabled users are skipped) and, unless `email: false`, an
 * e-mail in their language queued in `email_outbox`. Returns the notification ids.
 */
export async function notify(trx: Tx, input: NotifyInput): Promise<string[]> {
  checkLink(input.link);
  const ids = [...new Set(input.userIds)];
  if (ids.length === 0) return [];
  const at = input.at ?? new Date();
  const data = input.data ?? {};
  const link = input.link ?? null;
  const users = await trx
    .selectFrom('users')
    .select(['id', 'email', 'locale'])
    .where('id', 'in', ids)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  if (users.length === 0) return [];
  const rows = users.map((u) => ({ user: u, id: newId('ntf', at.getTime()) }));
  await trx
    .insertInto('notifications')
    .values(rows.map((r) => ({ id: r.id, user_id: r.user.id, event_type: input.eventType, data: JSON.stringify(data), link, created_at: at, read_at: null })))
    .execute();
  if (input.email !== false) {
    await trx
      .insertInto('email_outbox')
      .values(
        rows.map((r) => {
          const mail = renderEmail(input.eventType, data, r.user.locale, link !== null);
          return {
            id: emailId(at),
            notification_id: r.id,
            user_id: r.user.id,
            to_address: r.user.email,
            subject: mail.subject,
            text_body: mail.text,
            html_body: mail.html,
            link,
            status: 'pending' as const,
            attempts: 0,
            next_attempt_at: at,
            created_at: at,
          };
        }),
      )
      .execute();
  }
  return rows.map((r) => r.id);
}

/** `notify` for every active user holding one of `roles` (e.g. all compliance officers). */
export async function notifyRoles(trx: Tx, input: Omit<NotifyInput, 'userIds'> & { roles: readonly UserRole[] }): Promise<string[]> {
  const { roles, ...rest } = input;
  if (roles.length === 0) return [];
  const users = await trx
    .selectFrom('users')
    .select('id')
    .where('status', '=', 'active')
    .where(sql<boolean>`roles && ${sql.val([...roles])}::text[]`)
    .execute();
  return notify(trx, { ...rest, userIds: users.map((u) => u.id) });
}

/**
 * An e-mail to an address that may have no account yet (an invitation), queued in `email_outbox` like every
 * other e-mail and rendered from the event's registered wording in `locale`. No console notification.
 */
export async function emailAddress(trx: Tx, input: { to: string; locale: Locale; eventType: string; data?: Json; link?: string | null; at: Date; userId?: string | null }): Promise<string> {
  checkLink(input.link);
  const link = input.link ?? null;
  const mail = renderEmail(input.eventType, input.data ?? {}, input.locale, link !== null);
  const id = emailId(input.at);
  await trx
    .insertInto('email_outbox')
    .values({
      id,
      notification_id: null,
      user_id: input.userId ?? null,
      to_address: input.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      link,
      status: 'pending',
      attempts: 0,
      next_attempt_at: input.at,
      created_at: input.at,
    })
    .execute();
  return id;
}

/** E-mail rows are `eml_…`, sortable like every other id. */
function emailId(at: Date): string {
  return `eml_${newId('ntf', at.getTime()).slice('ntf_'.length)}`;
}

// ---- the signed-in user's notifications --------------------------------------------------------

export interface NotificationView {
  id: string;
  eventType: string;
  title: string;
  body: string;
  data: Json;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

function requireUser(actor: Actor): string {
  if (actor.kind !== 'user' || !actor.id) throw forbidden('Notifications belong to signed-in users, not API keys.');
  return actor.id;
}

function view(
  row: { id: string; event_type: string; data: Json; link: string | null; created_at: Date; read_at: Date | null },
  locale: Locale,
): NotificationView {
  const { title, body } = renderNotification(row.event_type, row.data, locale);
  return {
    id: row.id,
    eventType: row.event_type,
    title,
    body,
    data: row.data,
    link: row.link,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}

async function unreadCount(ctx: AppContext, userId: string): Promise<number> {
  const r = await ctx.db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listMine(
  ctx: AppContext,
  actor: Actor,
  filter: { unread?: boolean; limit: number; offset: number },
): Promise<{ items: NotificationView[]; unreadCount: number }> {
  const userId = requireUser(actor);
  let q = ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (filter.unread) q = q.where('read_at', 'is', null);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
  return { items: rows.map((r) => view(r, actor.locale)), unreadCount: await unreadCount(ctx, userId) };
}

export async function markRead(ctx: AppContext, actor: Actor, id: string): Promise<NotificationView & { unreadCount: number }> {
  const userId = requireUser(actor);
  const now = ctx.clock.now();
  // Scoped to the reader: another user's id is simply not found.
  await ctx.db.updateTable('notifications').set({ read_at: now }).where('id', '=', id).where('user_id', '=', userId).where('read_at', 'is', null).execute();
  const row = await ctx.db.selectFrom('notifications').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!row) throw notFound('Notification');
  return { ...view(row, actor.locale), unreadCount: await unreadCount(ctx, userId) };
}

export async function markAllRead(ctx: AppContext, actor: Actor): Promise<{ updated: number; unreadCount: number }> {
  const userId = requireUser(actor);
  const res = await ctx.db
    .updateTable('notifications')
    .set({ read_at: ctx.clock.now() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return { updated: Number(res.numUpdatedRows), unreadCount: await unreadCount(ctx, userId) };
}

// ---- admin: the e-mails --------------------------------------------------------------------------

export interface EmailView {
  id: string;
  to: string;
  userId: string | null;
  notificationId: string | null;
  subject: string;
  text: string;
  html: string;
  link: string | null;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export async function listEmails(
  ctx: AppContext,
  actor: Actor,
  filter: { status?: EmailStatus; to?: string; limit: number; offset: number },
): Promise<{ items: EmailView[]; smtpConfigured: boolean }> {
  if (!hasRole(actor, 'admin')) throw forbidden('Only an admin may read the e-mail outbox.');
  let q = ctx.db.selectFrom('email_outbox').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.to) q = q.where(sql`lower(to_address)`, '=', filter.to.trim().toLowerCase());
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
  return {
    smtpConfigured: Boolean(ctx.config.smtpUrl),
    items: rows.map((r) => {
      const { text, html } = finishEmail({ text: r.text_body, html: r.html_body, link: r.link }, ctx.config.publicUrl);
      return {
        id: r.id,
        to: r.to_address,
        userId: r.user_id,
        notificationId: r.notification_id,
        subject: r.subject,
        text,
        html,
        link: r.link,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
        createdAt: r.created_at.toISOString(),
        sentAt: r.sent_at ? r.sent_at.toISOString() : null,
      };
    }),
  };
}
