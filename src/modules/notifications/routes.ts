import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { IdParam, Paging, problemResponses, type ZodApp } from '../../http/types.js';
import type { AppContext } from '../../context.js';
import * as notifications from './service.js';

const NotificationSchema = z.object({
  id: z.string(),
  eventType: z.string(),
  title: z.string().describe("Rendered in the reader's language"),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  link: z.string().nullable().describe('A console path or an absolute URL'),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const EmailStatus = z.enum(['pending', 'sent', 'failed', 'captured']);

const EmailSchema = z.object({
  id: z.string(),
  to: z.string(),
  userId: z.string().nullable(),
  notificationId: z.string().nullable(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  link: z.string().nullable(),
  status: EmailStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

const BooleanQuery = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export function notificationRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first, with the number unread',
        querystring: Paging.extend({ unread: BooleanQuery.optional() }),
        response: { 200: z.object({ items: z.array(NotificationSchema), unreadCount: z.number().int() }), ...problemResponses },
      },
    },
    async (request) => notifications.listMine(ctx, requireActor(request), request.query),
  );

  app.post(
    '/api/v1/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark all my notifications read',
        response: { 200: z.object({ updated: z.number().int(), unreadCount: z.number().int() }), ...problemResponses },
      },
    },
    async (request) => notifications.markAllRead(ctx, requireActor(request)),
  );

  app.post(
    '/api/v1/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of my notifications read',
        params: IdParam(),
        response: { 200: NotificationSchema.extend({ unreadCount: z.number().int() }), ...problemResponses },
      },
    },
    async (request) => notifications.markRead(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/admin/email-outbox',
    {
      schema: {
        tags: ['notifications', 'admin'],
        summary: 'E-mails sent, queued or captured (kept here when no SMTP server is configured)',
        querystring: Paging.extend({ status: EmailStatus.optional(), to: z.string().max(254).optional() }),
        response: { 200: z.object({ items: z.array(EmailSchema), smtpConfigured: z.boolean() }), ...problemResponses },
      },
    },
    async (request) => notifications.listEmails(ctx, requireActor(request), request.query),
  );
}
