import { Readable } from 'node:stream';
import type { AppContext } from '../../context.js';
import { IMAGE_TYPES, VIDEO_TYPES, sniffType, type SniffedType } from '../../files/file-types.js';
import { formatBytes, type StagedFile } from '../../files/storage.js';
import { AppError, badRequest } from '../../shared/errors.js';

/**
 * Evidence uploads (QC photos and videos, case attachments): the raw request body streams to storage and is
 * never held in memory. The first bytes are read before anything is stored, so the type is sniffed from the
 * content (never the name or the header) and the limit that applies — 15 MB for an image or a PDF, 500 MB for a
 * video — is known before the rest arrives.
 */
export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
export const MAX_VIDEO_BYTES = 500 * 1024 * 1024;
export const MAX_PDF_BYTES = 15 * 1024 * 1024;

export type EvidenceKind = 'photo' | 'video' | 'document';

const HEAD_BYTES = 4100;

const LIMITS: Record<EvidenceKind, number> = { photo: MAX_IMAGE_BYTES, video: MAX_VIDEO_BYTES, document: MAX_PDF_BYTES };
const NAMES: Record<EvidenceKind, string> = { photo: 'JPEG, PNG or WebP image', video: 'MP4, MOV, WebM or MKV video', document: 'PDF' };

function kindOf(t: SniffedType | null): EvidenceKind | null {
  if (!t) return null;
  if ((IMAGE_TYPES as readonly string[]).includes(t.mediaType)) return 'photo';
  if ((VIDEO_TYPES as readonly string[]).includes(t.mediaType)) return 'video';
  if (t.mediaType === 'application/pdf') return 'document';
  return null;
}

/**
 * Reads the first bytes of a stream and puts them back (unshift), so the same stream then yields everything. A
 * body shorter than `bytes` has ended: it is handed on as a new stream of what was read.
 */
async function peek(body: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes && !ended) {
    const chunk = body.read() as Buffer | string | null;
    if (chunk !== null) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      chunks.push(b);
      length += b.length;
      continue;
    }
    if (body.readableEnded) break;
    ended = await new Promise<boolean>((resolve, reject) => {
      const done = (value: boolean | Error) => {
        body.off('readable', onReadable);
        body.off('end', onEnd);
        body.off('error', onError);
        body.off('close', onClose);
        if (value instanceof Error) reject(value);
        else resolve(value);
      };
      const onReadable = () => done(false);
      const onEnd = () => done(true);
      const onError = (err: Error) => done(err);
      const onClose = () => done(body.readableEnded ? true : new Error('closed'));
      body.on('readable', onReadable);
      body.on('end', onEnd);
      body.on('error', onError);
      body.on('close', onClose);
    }).catch(() => {
      throw new AppError(400, 'upload_interrupted', 'The upload was interrupted before it finished.');
    });
  }
  const head = Buffer.concat(chunks);
  if (ended || body.readableEnded) return { head, stream: Readable.from(head.length ? [head] : []) };
  if (head.length) body.unshift(head);
  return { head, stream: body };
}

function tooLarge(limit: number, kind?: EvidenceKind): AppError {
  return new AppError(413, 'file_too_large', `The file is larger than the limit of ${formatBytes(limit)}${kind ? ` for a ${NAMES[kind]}` : ''}.`, { limitBytes: limit });
}

export interface StagedEvidence {
  file: StagedFile;
  kind: EvidenceKind;
  mediaType: string;
  extension: string;
}

/**
 * Stages an upload whose sniffed type is one of `accept`; 415 for any other type, 413 past the type's limit,
 * 400 when empty. The caller records it and commits the file, or discards it.
 */
export async function stageEvidence(ctx: AppContext, body: Readable, options: { accept: EvidenceKind[]; contentLength?: number }): Promise<StagedEvidence> {
  const largest = Math.max(...options.accept.map((k) => LIMITS[k]));
  if (options.contentLength !== undefined && options.contentLength > largest) throw tooLarge(largest);
  const { head, stream } = await peek(body, HEAD_BYTES);
  if (head.length === 0) throw badRequest('empty_file', 'The file is empty.');
  const sniffed = await sniffType(head);
  const kind = kindOf(sniffed);
  if (!kind || !options.accept.includes(kind)) {
    throw new AppError(415, 'unsupported_file_type', `The file is ${sniffed?.mediaType ?? 'of an unknown type'}; upload a ${options.accept.map((k) => NAMES[k]).join(', or a ')}.`, {
      detected: sniffed?.mediaType ?? 'unknown',
      accepted: options.accept.flatMap((k) => (k === 'photo' ? [...IMAGE_TYPES] : k === 'video' ? [...VIDEO_TYPES] : ['application/pdf'])),
    });
  }
  const limit = LIMITS[kind];
  if (options.contentLength !== undefined && options.contentLength > limit) throw tooLarge(limit, kind);
  const file = await ctx.storage.stage(stream, limit).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'file_too_large') throw tooLarge(limit, kind);
    throw err;
  });
  return { file, kind, mediaType: sniffed!.mediaType, extension: sniffed!.extension };
}

/** A single byte range of `size` from a Range header; null for none (or one we ignore), 'unsatisfiable' for a 416. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null; // several ranges or a malformed one: send the whole file
  if (size === 0) return 'unsatisfiable';
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (start >= size || end < start) return 'unsatisfiable';
  }
  return { start, end };
}

/** The extension a stored file gets in its download name. */
export function fileNameFor(raw: string | undefined, fallback: string, extension: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f<>:"|?*\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 120);
  const stem = (cleaned || fallback).replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return `${stem}.${extension}`;
}
