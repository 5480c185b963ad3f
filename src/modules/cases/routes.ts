import type { Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { CASE_TYPES } from '../../domain/cases/types.js';
import { RemedySchema } from '../../domain/cases/remedies.js';
import { requireActor } from '../../http/auth.js';
import { IdParam, Paging, ProblemSchema, problemResponses, type ZodApp } from '../../http/types.js';
import { badRequest } from '../../shared/errors.js';
import { sendStoredFile } from './http-files.js';
import {
  AttachmentSchema,
  CaseSummarySchema,
  CaseViewSchema,
  ChooseRemedySchema,
  PostalAddressSchema,
  QueueEntrySchema,
  ReturnAddressSchema,
  SellerResponseSchema,
  TrackingSchema,
} from './schemas.js';
import * as cases from './service.js';
import { getCaseView, listCases, supportQueue, type CaseView } from './views.js';

const tags = ['cases'];
const Tracking = TrackingSchema;
const bool = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();
const File = { 200: z.any(), 206: z.any(), 304: z.any(), 416: ProblemSchema, ...problemResponses };

export function casesRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/api/v1/cases',
    {
      schema: {
        tags,
        summary: "Cases I may see: a buyer's own, a seller's shop's, all for staff (with filters)",
        description: '`waitingFor=me`: only cases waiting for my side — for a seller, the answers their shop owes, soonest deadline first, with business days left.',
        querystring: Paging.extend({
          status: z.string().max(40).optional(),
          type: z.enum(CASE_TYPES).optional(),
          sellerId: z.string().max(64).optional(),
          buyerId: z.string().max(64).optional(),
          orderId: z.string().max(64).optional(),
          waitingFor: z.enum(['me']).optional(),
          open: bool,
          overdue: bool,
        }),
        response: { 200: z.object({ items: z.array(CaseSummarySchema) }), ...problemResponses },
      },
    },
    async (request) => {
      const { waitingFor, ...q } = request.query;
      return { items: await listCases(ctx, requireActor(request), { ...q, waitingForMe: waitingFor === 'me' }) };
    },
  );

  app.get(
    '/api/v1/cases/support-queue',
    {
      schema: {
        tags,
        summary: 'The support queue (support agents, admins): escalated and overdue cases, and failed refunds — oldest deadline first',
        querystring: Paging,
        response: { 200: z.object({ items: z.array(QueueEntrySchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await supportQueue(ctx, requireActor(request), request.query) }),
  );

  app.get(
    '/api/v1/cases/:id',
    {
      schema: {
        tags,
        summary: 'The case page: QC reports with media, proposals in English and Chinese, thread, history, deadline and what silence does, refunds, my available actions',
        params: IdParam(),
        response: { 200: CaseViewSchema, ...problemResponses },
      },
    },
    async (request) => getCaseView(ctx, requireActor(request), request.params.id),
  );

  const command = <B extends z.ZodTypeAny>(path: string, summary: string, body: B | null, run: (actorReq: { actor: ReturnType<typeof requireActor>; id: string; body: z.infer<B> }) => Promise<CaseView>, description?: string) =>
    app.post(
      `/api/v1/cases/:id/${path}`,
      { schema: { tags, summary, description, params: IdParam(), ...(body ? { body } : {}), response: { 200: CaseViewSchema, ...problemResponses } } },
      async (request) => run({ actor: requireActor(request), id: (request.params as { id: string }).id, body: request.body as z.infer<B> }),
    );

  command(
    'remedy',
    'The buyer chooses a remedy: return_for_refund, exchange, partial_refund (an amount) or accept_as_is',
    ChooseRemedySchema,
    ({ actor, id, body }) => cases.chooseRemedy(ctx, actor, id, body),
    'In `awaiting_buyer` any remedy; after a counter-offer or refusal only `accept_as_is` (withdraw). Amounts in minor units of the order currency, at most the item’s price (422 `amount_exceeds_item`).',
  );
  command(
    'response',
    "The seller answers the buyer's request: accept, counter with a structured remedy, or refuse with a reason",
    SellerResponseSchema,
    ({ actor, id, body }) => cases.respond(ctx, actor, id, body),
    'Only while the case is `awaiting_seller`; a second answer (or an answer racing another) is a 409 `illegal_transition`.',
  );
  command('counter/accept', "The buyer accepts the seller's counter-offer", null, ({ actor, id }) => cases.acceptCounter(ctx, actor, id));
  command('escalate', 'Ask support to decide (the buyer after a counter-offer or refusal, or on a late replacement; the seller on a disputed return)', z.object({ reason: z.string().trim().max(1000).optional() }), ({ actor, id, body }) =>
    cases.escalate(ctx, actor, id, body),
  );
  command(
    'decision',
    'Support decides an escalated case with a written reason (support agents, admins)',
    z.object({ remedy: RemedySchema, reason: z.string().trim().min(10).max(2000) }),
    ({ actor, id, body }) => cases.decide(ctx, actor, id, body),
  );
  command('return/ship', 'The warehouse ships an approved return to the seller with the label: carrier and tracking number (validated)', Tracking, ({ actor, id, body }) =>
    cases.shipReturn(ctx, actor, id, body),
  );
  command(
    'return/events',
    "A carrier event of the return (integration, warehouse, admin); `delivered` starts the seller's time to confirm receipt",
    z.object({ eventCode: z.string().trim().min(1).max(60), occurredAt: z.iso.datetime({ offset: true }), description: z.string().max(500).optional(), location: z.string().max(200).optional() }),
    ({ actor, id, body }) => cases.recordReturnEvent(ctx, actor, id, { ...body, occurredAt: new Date(body.occurredAt) }),
  );
  command('return/confirm-receipt', 'The seller confirms the return arrived; the refund (or the replacement) follows', null, ({ actor, id }) => cases.confirmReceipt(ctx, actor, id));
  command('replacement/ship', "The seller ships an exchange's replacement to the warehouse for QC", Tracking, ({ actor, id, body }) => cases.shipReplacement(ctx, actor, id, body));

  app.post(
    '/api/v1/cases/:id/messages',
    {
      schema: {
        tags,
        summary: 'Post a message to the thread (buyer, seller, staff), with attachments uploaded before',
        params: IdParam(),
        body: z.object({ body: z.string().max(4000).default(''), attachmentIds: z.array(z.string().min(1).max(64)).max(10).optional() }),
        response: { 201: CaseViewSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await cases.postMessage(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/cases/:id/attachments/:attachmentId',
    { schema: { tags, summary: 'An attachment of the thread (HTTP Range supported)', params: z.object({ id: z.string().min(1).max(64), attachmentId: z.string().min(1).max(64) }), response: File } },
    async (request, reply) => sendStoredFile(ctx, request, reply, await cases.openAttachment(ctx, requireActor(request), request.params.id, request.params.attachmentId)),
  );

  app.get(
    '/api/v1/cases/:id/return-label',
    { schema: { tags, summary: 'The return shipping label (PDF): seller’s address, the case reference as a Code 128 barcode, instructions', params: IdParam(), response: File } },
    async (request, reply) => {
      const label = await cases.returnLabel(ctx, requireActor(request), request.params.id);
      return sendStoredFile(ctx, request, reply, { ...label, mediaType: 'application/pdf' }, 'inline');
    },
  );

  app.get(
    '/api/v1/sellers/:sellerId/return-address',
    { schema: { tags, summary: "The seller's return address (members, staff)", params: z.object({ sellerId: z.string().min(1).max(64) }), response: { 200: ReturnAddressSchema, ...problemResponses } } },
    async (request) => cases.getReturnAddress(ctx, requireActor(request), request.params.sellerId),
  );

  app.put(
    '/api/v1/sellers/:sellerId/return-address',
    {
      schema: {
        tags,
        summary: 'Set where returns go (the seller’s members, admins); labels issued afterwards use it',
        params: z.object({ sellerId: z.string().min(1).max(64) }),
        body: PostalAddressSchema,
        response: { 200: ReturnAddressSchema, ...problemResponses },
      },
    },
    async (request) => cases.setReturnAddress(ctx, requireActor(request), request.params.sellerId, request.body),
  );

  // Uploads take the raw body whatever its declared type: the content decides (sniffed), not the header.
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.addHook('onSend', async (request) => {
      const body = request.body as Readable | undefined;
      if (body && typeof body.resume === 'function' && !body.readableEnded) body.resume();
    });
    scope.post(
      '/api/v1/cases/:id/attachments',
      {
        schema: {
          tags,
          summary: 'Upload an attachment as the raw request body: photo (≤ 15 MB), video (≤ 500 MB, streamed) or PDF; then send it with a message',
          params: IdParam(),
          querystring: z.object({ fileName: z.string().max(255).optional() }),
          response: { 201: AttachmentSchema, 413: ProblemSchema, 415: ProblemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const body = request.body as Readable | undefined;
        if (!body || typeof body.pipe !== 'function') throw badRequest('empty_file', 'Send the file as the request body.');
        const length = Number(request.headers['content-length']);
        const a = await cases.uploadAttachment(ctx, requireActor(request), request.params.id, { body, fileName: request.query.fileName, contentLength: Number.isFinite(length) ? length : undefined });
        return reply.status(201).send(a);
      },
    );
  });
}
