import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { loadSessions, resolveApiKey, sessionActor, type SessionRow } from '../modules/identity/service.js';
import { sha256Hex } from '../modules/identity/passwords.js';
import { Batcher } from '../shared/batch.js';
import { hasRole, type Actor } from '../platform/actor.js';
import type { Role } from '../db/tables/identity.js';
import { AppError, forbidden, unauthenticated } from '../shared/errors.js';

export const SESSION_COOKIE = 'arbiter_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** Set when the actor came from a session cookie: writes must then carry this CSRF token. */
    sessionCsrf: string | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Resolves who is calling (API key or session cookie) and enforces CSRF for cookie-authenticated writes. */
export function authenticate(ctx: AppContext) {
  // Concurrent requests' sessions are looked up together, one round trip for many (see Batcher).
  const sessions = new Batcher<string, SessionRow>((hashes) => loadSessions(ctx, hashes), { concurrency: 4, maxBatch: 200 });
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    request.actor = null;
    request.sessionCsrf = null;
    const authz = request.headers.authorization;
    if (authz) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      const actor = m ? await resolveApiKey(ctx, m[1]) : null;
      if (!actor) throw new AppError(401, 'invalid_api_key', 'The API key is not valid or has been revoked.');
      request.actor = actor;
      return;
    }
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token) return;
    const now = ctx.clock.now();
    const row = await sessions.load(sha256Hex(token));
    const session = row ? sessionActor(row, now) : null;
    if (!session) return;
    request.actor = session.actor;
    request.sessionCsrf = session.csrfToken;
    if (UNSAFE.has(request.method) && !isCsrfExempt(request.url)) checkCsrf(ctx, request, session.csrfToken);
  };
}

function isCsrfExempt(url: string): boolean {
  // Signing in replaces the session; its own rate limit and password check protect it.
  return url.startsWith('/api/v1/auth/login');
}

function checkCsrf(ctx: AppContext, request: FastifyRequest, expected: string) {
  const origin = request.headers.origin;
  if (origin) {
    const host = request.headers['x-forwarded-host'] ?? request.headers.host;
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    const allowed = new Set([host, ctx.config.publicUrl ? new URL(ctx.config.publicUrl).host : undefined].filter(Boolean));
    if (!originHost || !allowed.has(originHost)) {
      throw new AppError(403, 'csrf_origin_mismatch', 'The request came from another site.');
    }
  }
  if (request.headers['x-csrf-token'] !== expected) {
    throw new AppError(403, 'csrf_token_invalid', 'The x-csrf-token header is missing or wrong; sign in again.');
  }
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}

export function requireRoles(request: FastifyRequest, ...roles: Role[]): Actor {
  const actor = requireActor(request);
  if (!hasRole(actor, ...roles)) throw forbidden();
  return actor;
}
