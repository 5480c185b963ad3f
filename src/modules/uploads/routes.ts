import type { Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { IdParam, Paging, ProblemSchema, problemResponses, type ZodApp } from '../../http/types.js';
import { badRequest } from '../../shared/errors.js';
import { sendStoredFile } from '../cases/http-files.js';
import * as uploads from './service.js';

const tags = ['uploads'];
const Iso = z.string();
const Kind = z.enum(uploads.UPLOAD_KINDS);

export const UploadSchema = z.object({
  id: z.string(),
  status: z.enum(['open', 'assembling', 'completed', 'aborted', 'expired']),
  fileName: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string().describe('The SHA-256 declared at the start; the assembled file must match it'),
  chunkBytes: z.number().int(),
  totalChunks: z.number().int(),
  receivedChunks: z.array(z.number().int()),
  missingChunks: z.array(z.number().int()),
  receivedBytes: z.number().int(),
  chunks: z.array(z.object({ index: z.number().int(), sizeBytes: z.number().int(), sha256: z.string(), receivedAt: Iso })),
  detectedMediaType: z.string().nullable().describe('Sniffed from the first chunk'),
  accept: z.array(Kind),
  file: z.object({ sha256: z.string(), mediaType: z.string(), kind: Kind, sizeBytes: z.number().int(), url: z.string() }).nullable(),
  usedBy: z.string().nullable(),
  createdAt: Iso,
  expiresAt: Iso,
  completedAt: Iso.nullable(),
});

const ChunkReceiptSchema = z.object({
  index: z.number().int(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  result: z.enum(['stored', 'unchanged', 'replaced']).describe('stored: new; unchanged: these bytes were already there; replaced: other bytes were'),
  progress: z.object({ receivedChunks: z.number().int(), totalChunks: z.number().int(), receivedBytes: z.number().int(), sizeBytes: z.number().int(), complete: z.boolean() }),
});

const File = { 200: z.any(), 206: z.any(), 304: z.any(), 416: ProblemSchema, ...problemResponses };
const Raw = { 413: ProblemSchema, 415: ProblemSchema, ...problemResponses };

function lengthOf(header: string | undefined): number | undefined {
  const n = Number(header);
  return header !== undefined && Number.isFinite(n) ? n : undefined;
}

function streamOf(body: unknown): Readable {
  const b = body as Readable | undefined;
  if (!b || typeof b.pipe !== 'function') throw badRequest('empty_file', 'Send the bytes as the request body (application/octet-stream).');
  return b;
}

export function uploadsRoutes(app: ZodApp, ctx: AppContext) {
  app.post(
    '/api/v1/uploads',
    {
      schema: {
        tags,
        summary: 'Start a resumable upload: the file’s size and SHA-256 (and a chunk size, 64 KB–64 MB, default 8 MB)',
        description:
          'Then PUT each chunk (`/chunks/{index}`, or the upload itself with `Content-Range`), in any order and again if unsure; GET the upload to see which chunks arrived; POST `/complete`. ' +
          'Photos and PDFs up to 15 MB, videos up to 500 MB; the type is sniffed from the first chunk. Uploads left open expire after 24 hours.',
        body: z.object({
          fileName: z.string().max(255).default(''),
          sizeBytes: z.number().int().min(1).max(uploads.UPLOAD_LIMITS.video),
          sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 as 64 hex digits'),
          chunkBytes: z.number().int().min(1).max(uploads.MAX_CHUNK_BYTES).optional(),
          accept: z.array(Kind).min(1).max(3).optional(),
        }),
        response: { 201: UploadSchema, 413: ProblemSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await uploads.createUpload(ctx, requireActor(request), request.body)),
  );

  app.get(
    '/api/v1/uploads',
    {
      schema: {
        tags,
        summary: 'My uploads, newest first (to resume one after a reload)',
        querystring: Paging.extend({ status: z.enum(['open', 'assembling', 'completed', 'aborted', 'expired']).optional() }),
        response: { 200: z.object({ items: z.array(UploadSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await uploads.listUploads(ctx, requireActor(request), request.query) }),
  );

  app.get(
    '/api/v1/uploads/:id',
    { schema: { tags, summary: 'An upload: the chunks received (with their SHA-256) and missing', params: IdParam(), response: { 200: UploadSchema, ...problemResponses } } },
    async (request) => uploads.getUpload(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/uploads/:id/complete',
    {
      schema: {
        tags,
        summary: 'Assemble the chunks: 409 `chunks_missing` names them; 422 `checksum_mismatch` when the file is not the one declared',
        params: IdParam(),
        response: { 200: UploadSchema, 413: ProblemSchema, 415: ProblemSchema, ...problemResponses },
      },
    },
    async (request) => uploads.completeUpload(ctx, requireActor(request), request.params.id),
  );

  app.delete(
    '/api/v1/uploads/:id',
    { schema: { tags, summary: 'Cancel an open upload and drop its chunks', params: IdParam(), response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await uploads.abortUpload(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/uploads/:id/file',
    { schema: { tags, summary: 'The completed file, for its owner (HTTP Range supported)', params: IdParam(), response: File } },
    async (request, reply) => sendStoredFile(ctx, request, reply, await uploads.uploadedFile(ctx, requireActor(request), request.params.id)),
  );

  // Chunks and whole files are raw bodies streamed to disk, whatever their declared type: the content decides.
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.addHook('onSend', async (request) => {
      const body = request.body as Readable | undefined;
      if (body && typeof body.resume === 'function' && !body.readableEnded) body.resume();
    });

    scope.put(
      '/api/v1/uploads/:id/chunks/:index',
      {
        schema: {
          tags,
          summary: 'Send chunk `index` (from 0) as the raw body; sending it again is harmless',
          description: 'Every chunk but the last is exactly `chunkBytes` long. Optional `x-chunk-sha256` is checked before the chunk is kept.',
          params: z.object({ id: z.string().min(1).max(64), index: z.coerce.number().int().min(0).max(uploads.MAX_CHUNKS) }),
          response: { 200: ChunkReceiptSchema, ...Raw },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return uploads.putChunk(ctx, actor, request.params.id, request.params.index, streamOf(request.body), {
          contentLength: lengthOf(request.headers['content-length']),
          chunkSha256: typeof request.headers['x-chunk-sha256'] === 'string' ? request.headers['x-chunk-sha256'] : undefined,
        });
      },
    );

    scope.put(
      '/api/v1/uploads/:id',
      {
        schema: {
          tags,
          summary: 'Send one chunk with `Content-Range: bytes <start>-<end>/<total>` (aligned on the chunk size)',
          params: IdParam(),
          response: { 200: ChunkReceiptSchema, ...Raw },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const s = await uploads.sessionForRange(ctx, actor, request.params.id);
        const index = uploads.chunkIndexFromRange(request.headers['content-range'], s);
        return uploads.putChunk(ctx, actor, s.id, index, streamOf(request.body), {
          contentLength: lengthOf(request.headers['content-length']),
          chunkSha256: typeof request.headers['x-chunk-sha256'] === 'string' ? request.headers['x-chunk-sha256'] : undefined,
        });
      },
    );

    scope.post(
      '/api/v1/uploads/direct',
      {
        schema: {
          tags,
          summary: 'Upload a whole file in one request (photos, short videos): stored, sniffed and completed at once',
          querystring: z.object({ fileName: z.string().max(255).optional(), accept: z.enum(uploads.UPLOAD_KINDS).optional() }),
          response: { 201: UploadSchema, ...Raw },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const view = await uploads.uploadWhole(ctx, actor, {
          body: streamOf(request.body),
          fileName: request.query.fileName,
          contentLength: lengthOf(request.headers['content-length']),
          accept: request.query.accept ? [request.query.accept] : undefined,
        });
        return reply.status(201).send(view);
      },
    );
  });
}
