import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { IdParam, Paging, problemResponses, type ZodApp } from '../../http/types.js';
import type { AppContext } from '../../context.js';
import * as webhooks from './service.js';

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

const Url = z
  .string()
  .trim()
  .max(2000)
  .refine(isHttpUrl, { message: 'must be an http:// or https:// URL' })
  .transform((v) => v.replace(/^https?:/i, (scheme) => scheme.toLowerCase()));
const Description = z.string().trim().max(500);
const EventTypes = z
  .array(z.string().trim().min(1).max(100))
  .min(1, 'name at least one event type, or "*" for all')
  .max(100)
  .describe("Exact event types, families such as 'seller.*', or '*' for all");

const Stats = z.object({ pending: z.number().int(), succeeded: z.number().int(), failed: z.number().int() });

const EndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  stats: Stats,
});

const EndpointWithSecret = EndpointSchema.extend({
  secret: z.string().describe('The Standard Webhooks signing secret (whsec_…); shown in this response only'),
});

const DeliveryStatus = z.enum(['pending', 'succeeded', 'failed']);

const DeliverySchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventType: z.string(),
  outboxId: z.string().describe('Also the webhook-id header: the same for every attempt of one event'),
  status: DeliveryStatus,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastDurationMs: z.number().int().nullable(),
  lastAttemptAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  succeededAt: z.string().nullable(),
});

export function webhookRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/api/v1/admin/webhook-event-types',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'The event types endpoints can subscribe to',
        response: { 200: z.object({ items: z.array(z.object({ type: z.string(), description: z.string() })) }), ...problemResponses },
      },
    },
    async (request) => ({ items: webhooks.eventTypes(requireActor(request)) }),
  );

  app.get(
    '/api/v1/admin/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'List webhook endpoints with their delivery counts',
        response: { 200: z.object({ items: z.array(EndpointSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await webhooks.listEndpoints(ctx, requireActor(request)) }),
  );

  app.post(
    '/api/v1/admin/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Register an endpoint; the signing secret is in this response only',
        body: z.object({ url: Url, description: Description.optional(), eventTypes: EventTypes }),
        response: { 201: EndpointWithSecret, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await webhooks.createEndpoint(ctx, requireActor(request), request.body)),
  );

  app.get(
    '/api/v1/admin/webhooks/:id',
    { schema: { tags: ['webhooks'], summary: 'One webhook endpoint', params: IdParam(), response: { 200: EndpointSchema, ...problemResponses } } },
    async (request) => webhooks.getEndpoint(ctx, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/admin/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Change the URL, description, event types, or enable/disable the endpoint',
        params: IdParam(),
        body: z.object({ url: Url.optional(), description: Description.optional(), eventTypes: EventTypes.optional(), enabled: z.boolean().optional() }),
        response: { 200: EndpointSchema, ...problemResponses },
      },
    },
    async (request) => webhooks.updateEndpoint(ctx, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/admin/webhooks/:id/rotate-secret',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Replace the signing secret; the new one is in this response only and signs every delivery from now on',
        params: IdParam(),
        response: { 200: EndpointWithSecret, ...problemResponses },
      },
    },
    async (request) => webhooks.rotateSecret(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/admin/webhooks/:id/test',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Queue a webhook.test event for this endpoint only',
        params: IdParam(),
        response: { 202: z.object({ outboxId: z.string(), delivery: DeliverySchema }), ...problemResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await webhooks.sendTestEvent(ctx, requireActor(request), request.params.id)),
  );

  app.get(
    '/api/v1/admin/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: "The endpoint's delivery log, newest first",
        params: IdParam(),
        querystring: Paging.extend({ status: DeliveryStatus.optional() }),
        response: { 200: z.object({ items: z.array(DeliverySchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await webhooks.listDeliveries(ctx, requireActor(request), request.params.id, request.query) }),
  );

  app.get(
    '/api/v1/admin/webhook-deliveries/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'One delivery with the event body it sends',
        params: IdParam(),
        response: { 200: DeliverySchema.extend({ payload: z.record(z.string(), z.unknown()) }), ...problemResponses },
      },
    },
    async (request) => webhooks.getDelivery(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/admin/webhook-deliveries/:id/retry',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Queue a failed delivery again, due now',
        params: IdParam(),
        response: { 200: DeliverySchema, ...problemResponses },
      },
    },
    async (request) => webhooks.retryDelivery(ctx, requireActor(request), request.params.id),
  );
}
