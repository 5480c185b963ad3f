import type { Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { IdParam, Paging, ProblemSchema, problemResponses, type ZodApp } from '../../http/types.js';
import { badRequest } from '../../shared/errors.js';
import { sendStoredFile } from '../cases/http-files.js';
import { QcMediaSchema, QcReportInputSchema, QcReportSchema } from '../cases/schemas.js';
import * as qc from './service.js';

const tags = ['qc'];
const File = { 200: z.any(), 206: z.any(), 304: z.any(), 416: ProblemSchema, ...problemResponses };
const MediaQuery = z.object({ fileName: z.string().max(255).optional(), caption: z.string().max(300).optional() });

export function qcRoutes(app: ZodApp, ctx: AppContext) {
  app.post(
    '/api/v1/qc-reports',
    {
      schema: {
        tags,
        summary: 'A QC inspector records a report on an order item: pass, or fail with issues, severity, measurements and media',
        description:
          'A failed original item opens a `qc_failure` case (returned as `caseId`) and asks the buyer to choose a remedy. A report on an item whose case awaits an ' +
          "exchange's replacement inspects the replacement: pass resolves the case, fail starts a new round. Anything else is a 409 `item_not_awaiting_qc`.",
        body: QcReportInputSchema,
        response: { 201: QcReportSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await qc.createReport(ctx, requireActor(request), request.body)),
  );

  app.get(
    '/api/v1/qc-reports',
    {
      schema: {
        tags,
        summary: "QC reports I may see (a buyer's orders, a seller's, all for staff), newest first",
        querystring: Paging.extend({
          orderId: z.string().max(64).optional(),
          orderItemId: z.string().max(64).optional(),
          caseId: z.string().max(64).optional(),
          sellerId: z.string().max(64).optional(),
          result: z.enum(['pass', 'fail']).optional(),
        }),
        response: { 200: z.object({ items: z.array(QcReportSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await qc.listReports(ctx, requireActor(request), request.query) }),
  );

  app.get(
    '/api/v1/qc-reports/:id',
    { schema: { tags, summary: 'One QC report with its issues (in English and Chinese), measurements and media', params: IdParam(), response: { 200: QcReportSchema, ...problemResponses } } },
    async (request) => qc.getReport(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/qc-media/:id',
    { schema: { tags, summary: 'A QC photo or video, streamed; HTTP Range supported for seeking in videos', params: IdParam(), response: File } },
    async (request, reply) => sendStoredFile(ctx, request, reply, await qc.openMedia(ctx, requireActor(request), request.params.id)),
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
    const upload = async (request: { body: unknown; headers: Record<string, unknown> }) => {
      const body = request.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function') throw badRequest('empty_file', 'Send the file as the request body.');
      const length = Number(request.headers['content-length']);
      return { body, contentLength: Number.isFinite(length) ? length : undefined };
    };
    scope.post(
      '/api/v1/order-items/:itemId/qc-media',
      {
        schema: {
          tags,
          summary: 'Upload a QC photo (≤ 15 MB) or video (≤ 500 MB, streamed to disk) for an item, before writing its report',
          description: 'The raw request body is the file; its type is sniffed from the content (JPEG, PNG, WebP; MP4, MOV, WebM, MKV). Attach it with `mediaIds` in the report.',
          params: z.object({ itemId: z.string().min(1).max(64) }),
          querystring: MediaQuery,
          response: { 201: QcMediaSchema, 413: ProblemSchema, 415: ProblemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const file = await upload(request);
        return reply.status(201).send(await qc.uploadMedia(ctx, requireActor(request), { ...file, orderItemId: request.params.itemId, ...request.query }));
      },
    );
    scope.post(
      '/api/v1/qc-reports/:id/media',
      {
        schema: {
          tags,
          summary: 'Add a photo or video to a written report (evidence is never changed or removed once attached)',
          params: IdParam(),
          querystring: MediaQuery,
          response: { 201: QcMediaSchema, 413: ProblemSchema, 415: ProblemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const file = await upload(request);
        return reply.status(201).send(await qc.uploadMedia(ctx, requireActor(request), { ...file, reportId: request.params.id, ...request.query }));
      },
    );
  });
}
