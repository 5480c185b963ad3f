import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { parseRange } from './uploads.js';

export interface StoredFile {
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  fileName: string;
}

function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Sends a stored file, streamed from storage, honouring a single HTTP Range (206 with Content-Range, 416 when
 * unsatisfiable) so the console's video player can seek. Content-addressed files never change: the hash is the ETag.
 */
export async function sendStoredFile(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, file: StoredFile, disposition: 'inline' | 'attachment' = 'inline') {
  if (!(await ctx.storage.has(file.sha256))) {
    ctx.log.error({ sha256: file.sha256 }, 'stored file missing');
    throw notFound('File');
  }
  reply
    .type(file.mediaType)
    .header('accept-ranges', 'bytes')
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', contentDisposition(disposition, file.fileName))
    .header('cache-control', 'private, max-age=3600, immutable')
    .header('etag', `"${file.sha256}"`);
  if (request.headers['if-none-match'] === `"${file.sha256}"`) return reply.status(304).send();
  const range = parseRange(request.headers.range, file.sizeBytes);
  if (range === 'unsatisfiable') {
    return reply.status(416).header('content-range', `bytes */${file.sizeBytes}`).type('application/problem+json').send(
      JSON.stringify({ type: 'about:blank', title: 'Range Not Satisfiable', status: 416, code: 'range_not_satisfiable', detail: `The file has ${file.sizeBytes} bytes.` }),
    );
  }
  if (range) {
    return reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${file.sizeBytes}`)
      .header('content-length', range.end - range.start + 1)
      .send(ctx.storage.open(file.sha256, range));
  }
  return reply.header('content-length', file.sizeBytes).send(ctx.storage.open(file.sha256));
}
