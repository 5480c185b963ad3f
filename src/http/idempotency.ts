import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: string | null;
  }
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * `Idempotency-Key` on any POST: the first response is stored and a repeat returns it unchanged
 * (with `idempotent-replayed: true`). The same key with a different body is a 422; a repeat arriving
 * while the first is still running is a 409.
 */
export function registerIdempotency(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('idempotencyKey', null);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.actor?.id) return;
    if (!KEY_PATTERN.test(key)) throw new AppError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1–200 visible ASCII characters.');
    const body = request.body && typeof (request.body as { pipe?: unknown }).pipe !== 'function' ? JSON.stringify(request.body) : '';
    const requestHash = createHash('sha256').update(`${request.method} ${request.url}\n${body}`).digest('hex');
    const actorId = request.actor.id;
    const inserted = await ctx.db
      .insertInto('idempotency_keys')
      .values({
        actor_id: actorId,
        key,
        method: request.method,
        path: request.url,
        request_hash: requestHash,
        status_code: null,
        response_body: null,
        created_at: ctx.clock.now(),
      })
      .onConflict((oc) => oc.columns(['actor_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) {
      request.idempotencyKey = key;
      return;
    }
    const first = await ctx.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('actor_id', '=', actorId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (first.request_hash !== requestHash) {
      throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request.');
    }
    if (first.status_code === null) {
      throw new AppError(409, 'idempotency_in_progress', 'The first request with this Idempotency-Key is still being processed.');
    }
    reply.header('idempotent-replayed', 'true');
    const contentType = first.status_code >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8';
    return reply.status(first.status_code).type(contentType).serializer((p: unknown) => JSON.stringify(p)).send(first.response_body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key || !request.actor?.id) return payload;
    request.idempotencyKey = null;
    const q = ctx.db.updateTable('idempotency_keys').where('actor_id', '=', request.actor.id).where('key', '=', key);
    if (reply.statusCode >= 500) {
      // A server failure changed nothing: let the client retry with the same key.
      await ctx.db.deleteFrom('idempotency_keys').where('actor_id', '=', request.actor.id).where('key', '=', key).execute();
      return payload;
    }
    let body: unknown = null;
    if (typeof payload === 'string') {
      try {
        body = JSON.parse(payload);
      } catch {
        body = payload;
      }
    }
    await q.set({ status_code: reply.statusCode, response_body: JSON.stringify(body) }).execute();
    return payload;
  });
}
