import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { pendingMigrations } from '../db/migrate.js';
import { authenticate } from './auth.js';
import { registerIdempotency } from './idempotency.js';
import { errorHandler, problem, sendProblem } from './problem.js';
import { serializerCompiler } from './serializer.js';
import type { Module, ZodApp } from './types.js';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Media types accepted as a raw streamed body (file uploads). Everything else is JSON or a 415. */
const UPLOAD_TYPES = ['application/octet-stream', 'application/pdf', 'text/plain'];
const UPLOAD_TYPE_PATTERN = /^(image|video)\/[\w.+-]+$/;

/** One log line per request, written when it completes: the request, its status and the time it took. */
class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export async function buildApp(ctx: AppContext, modules: Module[]): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as unknown as FastifyBaseLogger,
    logController: new RequestLog(),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !fs.existsSync(WEB_DIST)) {
      return sendProblem(reply, problem(404, 'route_not_found', `No route ${request.method} ${request.url.split('?')[0]}.`));
    }
    // The console is a single-page app: unknown paths are its routes.
    return reply.type('text/html').sendFile('index.html');
  });

  // Uploads stream straight to storage; the handler reads `request.body` as a stream.
  app.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));
  app.addContentTypeParser(UPLOAD_TYPE_PATTERN, (_request, payload, done) => done(null, payload));

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Arbiter API',
        version: '1.0.0',
        description:
          'Trust and resolution engine: seller verification, orders and logistics, QC failures, disputes, refunds, scorecards and enforcement. ' +
          'Integrations authenticate with `Authorization: Bearer <API key>`; the console uses a session cookie plus the `x-csrf-token` header.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'arbiter_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionCsrf', null);
  app.addHook('onRequest', authenticate(ctx));
  registerIdempotency(app, ctx);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok', time: ctx.clock.now().toISOString() }));
  app.get('/ready', { schema: { hide: true } }, async (_request, reply) => {
    try {
      const pending = await pendingMigrations(ctx.handle);
      const ready = pending.length === 0;
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'migrating', database: ctx.handle.engine, pendingMigrations: pending });
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: ctx.handle.engine, pendingMigrations: [] });
    }
  });

  for (const m of modules) m.routes?.(app as unknown as ZodApp, ctx);

  if (fs.existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: 'index.html' });
  }
  return app as unknown as FastifyInstance;
}
