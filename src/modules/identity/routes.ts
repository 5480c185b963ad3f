import { z } from 'zod';
import { SESSION_COOKIE, requireActor } from '../../http/auth.js';
import { IdParam, Paging, problemResponses, type ZodApp } from '../../http/types.js';
import { API_KEY_ROLES, USER_ROLES } from '../../db/tables/identity.js';
import type { AppContext } from '../../context.js';
import * as identity from './service.js';

const Email = z.email().max(254);
const Password = z.string().min(10, 'must be at least 10 characters').max(200);
const Locale = z.enum(['en', 'zh-CN']);

const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.enum(USER_ROLES)),
  locale: Locale,
  status: z.enum(['active', 'disabled']),
  createdAt: z.string(),
  sellers: z.array(z.object({ sellerId: z.string(), memberRole: z.enum(['owner', 'staff']), shopName: z.string(), status: z.string() })).optional(),
});

export function identityRoutes(app: ZodApp, ctx: AppContext) {
  const secureCookie = (proto: string) => proto === 'https' || ctx.config.publicUrl?.startsWith('https://') === true;

  app.post(
    '/api/v1/auth/login',
    {
      config: { rateLimit: { max: ctx.config.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie and returns the CSRF token for writes',
        body: z.object({ email: Email, password: z.string().min(1).max(200) }),
        response: { 200: z.object({ user: UserSchema, csrfToken: z.string(), expiresAt: z.string() }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const result = await identity.login(ctx, request.body);
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie(request.protocol),
        expires: result.expiresAt,
      });
      return { user: result.user, csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString() };
    },
  );

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await identity.logout(ctx, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get(
    '/api/v1/auth/me',
    { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: z.object({ user: UserSchema, csrfToken: z.string().nullable() }), ...problemResponses } } },
    async (request) => {
      const actor = requireActor(request);
      return { user: await identity.currentUser(ctx, actor), csrfToken: request.sessionCsrf };
    },
  );

  app.patch(
    '/api/v1/auth/me',
    { schema: { tags: ['auth'], summary: 'Change my language', body: z.object({ locale: Locale }), response: { 200: UserSchema, ...problemResponses } } },
    async (request) => identity.setOwnLocale(ctx, requireActor(request), request.body.locale),
  );

  app.post(
    '/api/v1/auth/register',
    {
      config: { rateLimit: { max: ctx.config.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Create a buyer or seller account',
        body: z.object({ email: Email, name: z.string().trim().min(1).max(120), password: Password, role: z.enum(['buyer', 'seller']), locale: Locale.optional() }),
        response: { 201: UserSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { role, ...rest } = request.body;
      const user = await identity.createUser(ctx, request.actor, { ...rest, roles: [role] });
      return reply.status(201).send(user);
    },
  );

  // ---- admin: users -----------------------------------------------------------------------
  app.get(
    '/api/v1/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'List users',
        querystring: Paging.extend({ q: z.string().max(100).optional(), role: z.enum(USER_ROLES).optional() }),
        response: { 200: z.object({ items: z.array(UserSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await identity.listUsers(ctx, requireActor(request), request.query) }),
  );

  app.post(
    '/api/v1/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a user with roles',
        body: z.object({ email: Email, name: z.string().trim().min(1).max(120), password: Password, roles: z.array(z.enum(USER_ROLES)).min(1), locale: Locale.optional() }),
        response: { 201: UserSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await identity.createUser(ctx, requireActor(request), request.body)),
  );

  app.patch(
    '/api/v1/admin/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change roles, status or name',
        params: IdParam(),
        body: z.object({ roles: z.array(z.enum(USER_ROLES)).min(1).optional(), status: z.enum(['active', 'disabled']).optional(), name: z.string().trim().min(1).max(120).optional() }),
        response: { 200: UserSchema, ...problemResponses },
      },
    },
    async (request) => identity.updateUser(ctx, requireActor(request), request.params.id, request.body),
  );

  // ---- admin: API keys ---------------------------------------------------------------------
  const ApiKeySchema = z.object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    roles: z.array(z.enum(API_KEY_ROLES)),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  });

  app.get(
    '/api/v1/admin/api-keys',
    { schema: { tags: ['admin'], summary: 'List API keys (secrets are never shown again)', response: { 200: z.object({ items: z.array(ApiKeySchema) }), ...problemResponses } } },
    async (request) => ({ items: await identity.listApiKeys(ctx, requireActor(request)) }),
  );

  app.post(
    '/api/v1/admin/api-keys',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an API key; the secret is in this response only',
        body: z.object({ name: z.string().trim().min(1).max(100), roles: z.array(z.enum(API_KEY_ROLES)).min(1) }),
        response: {
          201: z.object({ id: z.string(), name: z.string(), roles: z.array(z.enum(API_KEY_ROLES)), prefix: z.string(), secret: z.string(), createdAt: z.string() }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => reply.status(201).send(await identity.createApiKey(ctx, requireActor(request), request.body)),
  );

  app.post(
    '/api/v1/admin/api-keys/:id/revoke',
    { schema: { tags: ['admin'], summary: 'Revoke an API key', params: IdParam(), response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await identity.revokeApiKey(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
