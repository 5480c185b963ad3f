import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DisputeTables, UploadKind } from '../../db/tables/disputes.js';
import { IMAGE_TYPES, VIDEO_TYPES, safeFileName, sniffType, type SniffedType } from '../../files/file-types.js';
import { formatBytes } from '../../files/storage.js';
import type { Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/history.js';
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { ChunkStore, type ReceivedPart } from './chunk-store.js';

/**
 * Resumable uploads for large files (an unboxing video of several hundred megabytes over a phone connection): the
 * client declares the file's size and SHA-256, sends it in numbered chunks in any order — each streamed to disk, a
 * re-sent chunk harmless — asks which chunks arrived, and completes. Completing streams the chunks in order into
 * content-addressed storage, checks the SHA-256 against the declared one and sniffs the type from the content;
 * a missing chunk is named. Nothing is ever held in memory whole. The first chunk is sniffed as it arrives, so a
 * file of the wrong type is refused before the rest is sent.
 *
 * Other features take a completed file with `takeUpload` (once), inside their own transaction.
 */

type SessionRow = Selectable<DisputeTables['upload_sessions']>;

export const UPLOAD_LIMITS: Record<UploadKind, number> = {
  photo: 15 * 1024 * 1024,
  video: 500 * 1024 * 1024,
  document: 15 * 1024 * 1024,
};
export const UPLOAD_KINDS = ['photo', 'video', 'document'] as const satisfies readonly UploadKind[];
export const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;
export const MIN_CHUNK_BYTES = 64 * 1024;
export const MAX_CHUNK_BYTES = 64 * 1024 * 1024;
export const MAX_CHUNKS = 10_000;
/** An upload not completed within a day is dropped with its chunks. */
export const SESSION_TTL_MS = 24 * 3_600_000;
/** An assembly that has not finished in this long (the server stopped) may be started again. */
export const STALE_ASSEMBLY_MS = 10 * 60_000;
export const MAX_OPEN_SESSIONS = 20;

const KIND_NAMES: Record<UploadKind, string> = { photo: 'JPEG, PNG or WebP image', video: 'MP4, MOV, WebM or MKV video', document: 'PDF' };

export function kindOf(t: SniffedType | null): UploadKind | null {
  if (!t) return null;
  if ((IMAGE_TYPES as readonly string[]).includes(t.mediaType)) return 'photo';
  if ((VIDEO_TYPES as readonly string[]).includes(t.mediaType)) return 'video';
  if (t.mediaType === 'application/pdf') return 'document';
  return null;
}

function acceptedTypes(accept: readonly UploadKind[]): string[] {
  return accept.flatMap((k) => (k === 'photo' ? [...IMAGE_TYPES] : k === 'video' ? [...VIDEO_TYPES] : ['application/pdf']));
}

function unsupported(t: SniffedType | null, accept: readonly UploadKind[]): AppError {
  return new AppError(415, 'unsupported_file_type', `The file is ${t?.mediaType ?? 'of an unknown type'}; upload a ${accept.map((k) => KIND_NAMES[k]).join(', or a ')}.`, {
    detected: t?.mediaType ?? 'unknown',
    accepted: acceptedTypes(accept),
  });
}

function tooLarge(limit: number, kind?: UploadKind): AppError {
  return new AppError(413, 'file_too_large', `The file is larger than the limit of ${formatBytes(limit)}${kind ? ` for a ${KIND_NAMES[kind]}` : ''}.`, { limitBytes: limit });
}

const stores = new Map<string, ChunkStore>();
function chunkStore(ctx: AppContext): ChunkStore {
  const root = path.join(ctx.config.dataDir, 'uploads');
  let s = stores.get(root);
  if (!s) stores.set(root, (s = new ChunkStore(root)));
  return s;
}

function requireUser(actor: Actor): string {
  if (actor.kind !== 'user' || !actor.id) throw forbidden('Uploads belong to signed-in users.');
  return actor.id;
}

/** The session, if it is the actor's; anybody else's is a 404. */
async function ownSession(db: AppContext['db'] | Tx, actor: Actor, id: string, options: { forUpdate?: boolean } = {}): Promise<SessionRow> {
  let q = db.selectFrom('upload_sessions').selectAll().where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row || actor.kind !== 'user' || row.owner_id !== actor.id) throw notFound('Upload');
  return row;
}

function chunkSize(s: Pick<SessionRow, 'total_bytes' | 'chunk_bytes' | 'total_chunks'>, index: number): number {
  return index < s.total_chunks - 1 ? s.chunk_bytes : s.total_bytes - s.chunk_bytes * (s.total_chunks - 1);
}

function isExpired(s: SessionRow, now: Date): boolean {
  return (s.status === 'open' || s.status === 'assembling') && s.expires_at.getTime() <= now.getTime();
}

function requireOpen(s: SessionRow, now: Date): void {
  if (isExpired(s, now) || s.status === 'expired') throw conflict('upload_expired', 'This upload expired; start it again.');
  if (s.status === 'completed') throw conflict('upload_completed', 'This upload is already complete.');
  if (s.status === 'aborted') throw conflict('upload_aborted', 'This upload was cancelled.');
  if (s.status === 'assembling') throw conflict('upload_assembling', 'This upload is being assembled; ask for its status in a moment.');
}

// ---- views ---------------------------------------------------------------------------------------------------

export interface UploadView {
  id: string;
  status: SessionRow['status'];
  fileName: string;
  sizeBytes: number;
  sha256: string;
  chunkBytes: number;
  totalChunks: number;
  receivedChunks: number[];
  missingChunks: number[];
  receivedBytes: number;
  chunks: { index: number; sizeBytes: number; sha256: string; receivedAt: string }[];
  detectedMediaType: string | null;
  accept: UploadKind[];
  file: { sha256: string; mediaType: string; kind: UploadKind; sizeBytes: number; url: string } | null;
  usedBy: string | null;
  createdAt: string;
  expiresAt: string;
  completedAt: string | null;
}

async function view(db: AppContext['db'] | Tx, s: SessionRow, now: Date): Promise<UploadView> {
  const chunks = await db.selectFrom('upload_chunks').selectAll().where('session_id', '=', s.id).orderBy('chunk_index').execute();
  const received = new Set(chunks.map((c) => c.chunk_index));
  const missing: number[] = [];
  if (s.status === 'open' || s.status === 'assembling') for (let i = 0; i < s.total_chunks; i++) if (!received.has(i)) missing.push(i);
  return {
    id: s.id,
    status: isExpired(s, now) ? 'expired' : s.status,
    fileName: s.file_name,
    sizeBytes: s.total_bytes,
    sha256: s.declared_sha256,
    chunkBytes: s.chunk_bytes,
    totalChunks: s.total_chunks,
    receivedChunks: [...received].sort((a, b) => a - b),
    missingChunks: missing,
    receivedBytes: chunks.reduce((sum, c) => sum + c.size_bytes, 0),
    chunks: chunks.map((c) => ({ index: c.chunk_index, sizeBytes: c.size_bytes, sha256: c.sha256, receivedAt: c.received_at.toISOString() })),
    detectedMediaType: s.detected_media_type,
    accept: s.accept,
    file:
      s.status === 'completed' && s.sha256 && s.media_type && s.kind && s.size_bytes !== null
        ? { sha256: s.sha256, mediaType: s.media_type, kind: s.kind, sizeBytes: s.size_bytes, url: `/api/v1/uploads/${s.id}/file` }
        : null,
    usedBy: s.used_by,
    createdAt: s.created_at.toISOString(),
    expiresAt: s.expires_at.toISOString(),
    completedAt: s.completed_at?.toISOString() ?? null,
  };
}

export async function getUpload(ctx: AppContext, actor: Actor, id: string): Promise<UploadView> {
  return view(ctx.db, await ownSession(ctx.db, actor, id), ctx.clock.now());
}

/** The actor's uploads still open (to resume after a reload), newest first. */
export async function listUploads(ctx: AppContext, actor: Actor, f: { status?: SessionRow['status']; limit: number; offset: number }): Promise<UploadView[]> {
  const owner = requireUser(actor);
  let q = ctx.db.selectFrom('upload_sessions').selectAll().where('owner_id', '=', owner);
  if (f.status) q = q.where('status', '=', f.status);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
  const now = ctx.clock.now();
  return Promise.all(rows.map((r) => view(ctx.db, r, now)));
}

// ---- creating ------------------------------------------------------------------------------------------------

export interface CreateUploadInput {
  fileName: string;
  sizeBytes: number;
  sha256: string;
  chunkBytes?: number;
  accept?: UploadKind[];
}

export async function createUpload(ctx: AppContext, actor: Actor, input: CreateUploadInput): Promise<UploadView> {
  const owner = requireUser(actor);
  const accept = [...new Set(input.accept?.length ? input.accept : UPLOAD_KINDS)];
  const largest = Math.max(...accept.map((k) => UPLOAD_LIMITS[k]));
  if (input.sizeBytes > largest) throw tooLarge(largest);
  const chunkBytes = input.chunkBytes ?? Math.min(DEFAULT_CHUNK_BYTES, input.sizeBytes);
  if (chunkBytes < Math.min(MIN_CHUNK_BYTES, input.sizeBytes) || chunkBytes > MAX_CHUNK_BYTES) {
    throw unprocessable('invalid_chunk_size', `Chunks are ${formatBytes(MIN_CHUNK_BYTES)} to ${formatBytes(MAX_CHUNK_BYTES)}.`, { field: 'chunkBytes', min: MIN_CHUNK_BYTES, max: MAX_CHUNK_BYTES });
  }
  const totalChunks = Math.ceil(input.sizeBytes / chunkBytes);
  if (totalChunks > MAX_CHUNKS) throw unprocessable('too_many_chunks', `At most ${MAX_CHUNKS} chunks: send larger ones.`, { field: 'chunkBytes', maxChunks: MAX_CHUNKS });
  const now = ctx.clock.now();
  const id = newId('upl', now.getTime());
  await ctx.db.transaction().execute(async (trx) => {
    // One user's open uploads are counted under a lock on the user, so two requests cannot both pass the cap.
    await trx.selectFrom('users').select('id').where('id', '=', owner).forUpdate().execute();
    const open = await trx
      .selectFrom('upload_sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('owner_id', '=', owner)
      .where('status', 'in', ['open', 'assembling'])
      .where('expires_at', '>', now)
      .executeTakeFirstOrThrow();
    if (Number(open.n) >= MAX_OPEN_SESSIONS) throw conflict('too_many_open_uploads', `You have ${MAX_OPEN_SESSIONS} uploads open: complete or cancel one first.`);
    await trx
      .insertInto('upload_sessions')
      .values({
        id,
        owner_id: owner,
        status: 'open',
        file_name: safeFileName(cleanName(input.fileName), 'upload'),
        total_bytes: input.sizeBytes,
        chunk_bytes: chunkBytes,
        total_chunks: totalChunks,
        declared_sha256: input.sha256.toLowerCase(),
        accept: JSON.stringify(accept),
        detected_media_type: null,
        sha256: null,
        media_type: null,
        kind: null,
        size_bytes: null,
        used_by: null,
        used_at: null,
        created_at: now,
        updated_at: now,
        expires_at: new Date(now.getTime() + SESSION_TTL_MS),
        assembling_since: null,
        completed_at: null,
      })
      .execute();
  });
  return getUpload(ctx, actor, id);
}

/** Invisible and direction-changing characters out, so a name cannot pretend to another extension. */
function cleanName(raw: string): string {
  return raw.normalize('NFC').replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '');
}

// ---- chunks ----------------------------------------------------------------------------------------------------

export interface ChunkReceipt {
  index: number;
  sizeBytes: number;
  sha256: string;
  /** stored: new; unchanged: the same bytes were already there; replaced: different bytes replaced the earlier ones. */
  result: 'stored' | 'unchanged' | 'replaced';
  /** Where the upload stands (GET the upload for the chunks themselves: a receipt stays small however many there are). */
  progress: { receivedChunks: number; totalChunks: number; receivedBytes: number; sizeBytes: number; complete: boolean };
}

async function progressOf(db: AppContext['db'], s: SessionRow): Promise<ChunkReceipt['progress']> {
  const row = await db
    .selectFrom('upload_chunks')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('size_bytes'), eb.lit(0)).as('bytes')])
    .where('session_id', '=', s.id)
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { receivedChunks: n, totalChunks: s.total_chunks, receivedBytes: Number(row.bytes), sizeBytes: s.total_bytes, complete: n === s.total_chunks };
}

/** `bytes start-end/total` → the chunk it is, when it is exactly one chunk of this upload. */
export function chunkIndexFromRange(header: string | undefined, s: { total_bytes: number; chunk_bytes: number; total_chunks: number }): number {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec((header ?? '').trim());
  if (!m) throw badRequest('invalid_content_range', 'Send Content-Range: bytes <start>-<end>/<total> for one chunk.', { field: 'content-range' });
  const [start, end] = [Number(m[1]), Number(m[2])];
  if (m[3] !== '*' && Number(m[3]) !== s.total_bytes) throw unprocessable('size_mismatch', `This upload is ${s.total_bytes} bytes.`, { field: 'content-range', sizeBytes: s.total_bytes });
  if (start % s.chunk_bytes !== 0 || end < start) throw unprocessable('range_not_a_chunk', `Ranges start at a multiple of the chunk size (${s.chunk_bytes} bytes).`, { field: 'content-range', chunkBytes: s.chunk_bytes });
  const index = start / s.chunk_bytes;
  if (index >= s.total_chunks || end !== start + chunkSize(s, index) - 1) {
    throw unprocessable('range_not_a_chunk', `Chunk ${index} spans bytes ${start}-${start + chunkSize(s, Math.min(index, s.total_chunks - 1)) - 1}.`, { field: 'content-range', chunkBytes: s.chunk_bytes });
  }
  return index;
}

export async function sessionForRange(ctx: AppContext, actor: Actor, id: string) {
  return ownSession(ctx.db, actor, id);
}

/**
 * Receives chunk `index` (streamed to disk). Sending a chunk again is harmless: the same bytes change nothing,
 * different bytes replace the earlier ones. `chunkSha256`, when sent, is checked before the chunk is kept.
 */
export async function putChunk(ctx: AppContext, actor: Actor, id: string, index: number, body: Readable, options: { contentLength?: number; chunkSha256?: string } = {}): Promise<ChunkReceipt> {
  const s = await ownSession(ctx.db, actor, id);
  requireOpen(s, ctx.clock.now());
  if (!Number.isSafeInteger(index) || index < 0 || index >= s.total_chunks) {
    throw unprocessable('chunk_out_of_range', `This upload has chunks 0 to ${s.total_chunks - 1}.`, { field: 'index', totalChunks: s.total_chunks });
  }
  const expected = chunkSize(s, index);
  if (options.contentLength !== undefined && options.contentLength !== expected) {
    throw unprocessable('chunk_size_mismatch', `Chunk ${index} is ${expected} bytes, not ${options.contentLength}.`, { field: 'content-length', expectedBytes: expected });
  }
  const store = chunkStore(ctx);
  const part = await store.receive(s.id, body, expected);
  let keep = false;
  try {
    if (part.sizeBytes !== expected) {
      throw unprocessable(part.sizeBytes === 0 ? 'empty_chunk' : 'chunk_size_mismatch', `Chunk ${index} is ${expected} bytes; ${part.sizeBytes} arrived.`, { field: 'body', expectedBytes: expected, receivedBytes: part.sizeBytes });
    }
    if (options.chunkSha256 && options.chunkSha256.toLowerCase() !== part.sha256) {
      throw unprocessable('chunk_checksum_mismatch', `Chunk ${index} arrived with another SHA-256 than the one sent with it; send it again.`, { field: 'x-chunk-sha256', received: part.sha256 });
    }
    let detected: string | null = null;
    if (index === 0) {
      const t = await sniffType(part.head);
      const kind = kindOf(t);
      if (!kind || !s.accept.includes(kind)) throw unsupported(t, s.accept);
      if (s.total_bytes > UPLOAD_LIMITS[kind]) throw tooLarge(UPLOAD_LIMITS[kind], kind);
      detected = t!.mediaType;
    }
    const now = ctx.clock.now();
    const result = await ctx.db.transaction().execute(async (trx) => {
      const locked = await ownSession(trx, actor, id, { forUpdate: true });
      requireOpen(locked, now);
      const before = await trx.selectFrom('upload_chunks').select('sha256').where('session_id', '=', s.id).where('chunk_index', '=', index).executeTakeFirst();
      if (before?.sha256 === part.sha256) return 'unchanged' as const;
      await store.place(s.id, index, part);
      keep = true;
      await trx
        .insertInto('upload_chunks')
        .values({ session_id: s.id, chunk_index: index, size_bytes: part.sizeBytes, sha256: part.sha256, received_at: now })
        .onConflict((oc) => oc.columns(['session_id', 'chunk_index']).doUpdateSet({ size_bytes: part.sizeBytes, sha256: part.sha256, received_at: now }))
        .execute();
      await trx
        .updateTable('upload_sessions')
        .set({ updated_at: now, ...(detected ? { detected_media_type: detected } : {}) })
        .where('id', '=', s.id)
        .execute();
      return before ? ('replaced' as const) : ('stored' as const);
    });
    return { index, sizeBytes: part.sizeBytes, sha256: part.sha256, result, progress: await progressOf(ctx.db, s) };
  } finally {
    if (!keep) await store.discard(part);
  }
}

// ---- completing --------------------------------------------------------------------------------------------

/**
 * Assembles the chunks into storage: 409 `chunks_missing` naming them; 422 `checksum_mismatch` when the file is not
 * the one declared (the chunks stay, to be re-sent); 415 / 413 on its sniffed type. A completed upload answers
 * with itself again.
 */
export async function completeUpload(ctx: AppContext, actor: Actor, id: string): Promise<UploadView> {
  const now = ctx.clock.now();
  const session = await ctx.db.transaction().execute(async (trx) => {
    const s = await ownSession(trx, actor, id, { forUpdate: true });
    if (s.status === 'completed') return null;
    const staleAssembly = s.status === 'assembling' && s.assembling_since && now.getTime() - s.assembling_since.getTime() > STALE_ASSEMBLY_MS;
    if (!staleAssembly) requireOpen(s, now);
    const chunks = await trx.selectFrom('upload_chunks').select('chunk_index').where('session_id', '=', s.id).execute();
    const have = new Set(chunks.map((c) => c.chunk_index));
    const missing: number[] = [];
    for (let i = 0; i < s.total_chunks; i++) if (!have.has(i)) missing.push(i);
    if (missing.length) {
      throw conflict('chunks_missing', `${missing.length} chunk${missing.length > 1 ? 's are' : ' is'} missing: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', …' : ''}.`, {
        missingChunks: missing,
      });
    }
    await trx.updateTable('upload_sessions').set({ status: 'assembling', assembling_since: now, updated_at: now }).where('id', '=', s.id).execute();
    return s;
  });
  if (!session) return getUpload(ctx, actor, id);

  const reopen = () => ctx.db.updateTable('upload_sessions').set({ status: 'open', assembling_since: null, updated_at: ctx.clock.now() }).where('id', '=', session.id).where('status', '=', 'assembling').execute();
  const store = chunkStore(ctx);
  const limit = Math.max(...session.accept.map((k) => UPLOAD_LIMITS[k]));
  let staged;
  try {
    staged = await ctx.storage.stage(store.assemble(session.id, session.total_chunks), limit);
  } catch (err) {
    await reopen();
    if (err instanceof AppError && err.code === 'upload_interrupted') throw new AppError(409, 'chunks_unreadable', 'A chunk could not be read back; send the chunks again.');
    throw err;
  }
  try {
    if (staged.sha256 !== session.declared_sha256 || staged.sizeBytes !== session.total_bytes) {
      throw unprocessable('checksum_mismatch', 'The assembled file is not the one declared: its SHA-256 differs. Compare the chunks’ hashes and send the wrong ones again.', {
        declared: session.declared_sha256,
        actual: staged.sha256,
        sizeBytes: staged.sizeBytes,
      });
    }
    const t = await sniffType(staged.head);
    const kind = kindOf(t);
    if (!kind || !session.accept.includes(kind)) throw unsupported(t, session.accept);
    if (staged.sizeBytes > UPLOAD_LIMITS[kind]) throw tooLarge(UPLOAD_LIMITS[kind], kind);
    const at = ctx.clock.now();
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('blobs').values({ sha256: staged.sha256, size_bytes: staged.sizeBytes, media_type: t!.mediaType, created_at: at }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
      await trx
        .updateTable('upload_sessions')
        .set({ status: 'completed', sha256: staged.sha256, media_type: t!.mediaType, kind, size_bytes: staged.sizeBytes, completed_at: at, updated_at: at, assembling_since: null })
        .where('id', '=', session.id)
        .execute();
      await staged.commit();
    });
  } catch (err) {
    await staged.discard().catch(() => {});
    await reopen();
    throw err;
  }
  await store.remove(session.id).catch((err: unknown) => ctx.log.warn({ err, uploadId: session.id }, 'upload parts not removed'));
  return getUpload(ctx, actor, id);
}

/** The whole file in one request (photos, small videos): stored, sniffed and completed at once. */
export async function uploadWhole(ctx: AppContext, actor: Actor, input: { body: Readable; fileName?: string; contentLength?: number; accept?: UploadKind[] }): Promise<UploadView> {
  const owner = requireUser(actor);
  const accept = [...new Set(input.accept?.length ? input.accept : UPLOAD_KINDS)];
  const largest = Math.max(...accept.map((k) => UPLOAD_LIMITS[k]));
  if (input.contentLength !== undefined && input.contentLength > largest) throw tooLarge(largest);
  const staged = await ctx.storage.stage(input.body, largest);
  try {
    if (staged.sizeBytes === 0) throw badRequest('empty_file', 'The file is empty.');
    const t = await sniffType(staged.head);
    const kind = kindOf(t);
    if (!kind || !accept.includes(kind)) throw unsupported(t, accept);
    if (staged.sizeBytes > UPLOAD_LIMITS[kind]) throw tooLarge(UPLOAD_LIMITS[kind], kind);
    const now = ctx.clock.now();
    const id = newId('upl', now.getTime());
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('blobs').values({ sha256: staged.sha256, size_bytes: staged.sizeBytes, media_type: t!.mediaType, created_at: now }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
      await trx
        .insertInto('upload_sessions')
        .values({
          id,
          owner_id: owner,
          status: 'completed',
          file_name: safeFileName(cleanName(input.fileName ?? ''), 'upload'),
          total_bytes: staged.sizeBytes,
          chunk_bytes: staged.sizeBytes,
          total_chunks: 1,
          declared_sha256: staged.sha256,
          accept: JSON.stringify(accept),
          detected_media_type: t!.mediaType,
          sha256: staged.sha256,
          media_type: t!.mediaType,
          kind,
          size_bytes: staged.sizeBytes,
          used_by: null,
          used_at: null,
          created_at: now,
          updated_at: now,
          expires_at: new Date(now.getTime() + SESSION_TTL_MS),
          assembling_since: null,
          completed_at: now,
        })
        .execute();
      await staged.commit();
    });
    return getUpload(ctx, actor, id);
  } catch (err) {
    await staged.discard().catch(() => {});
    throw err;
  }
}

export async function abortUpload(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const s = await ownSession(trx, actor, id, { forUpdate: true });
    if (s.status === 'completed') throw conflict('upload_completed', 'A completed upload is kept; it is simply not used.');
    if (s.status === 'aborted' || s.status === 'expired') return;
    if (s.status === 'assembling') throw conflict('upload_assembling', 'This upload is being assembled.');
    await trx.updateTable('upload_sessions').set({ status: 'aborted', updated_at: now }).where('id', '=', s.id).execute();
  });
  await chunkStore(ctx).remove(id);
}

/** The completed file, for its owner (a preview before it is used). */
export async function uploadedFile(ctx: AppContext, actor: Actor, id: string) {
  const s = await ownSession(ctx.db, actor, id);
  if (s.status !== 'completed' || !s.sha256 || !s.media_type || s.size_bytes === null) throw notFound('File');
  return { sha256: s.sha256, sizeBytes: s.size_bytes, mediaType: s.media_type, fileName: s.file_name };
}

// ---- for other features --------------------------------------------------------------------------------------

export interface TakenFile {
  uploadId: string;
  sha256: string;
  mediaType: string;
  kind: UploadKind;
  sizeBytes: number;
  fileName: string;
}

/**
 * Takes the actor's completed upload for a use (e.g. `dispute_evidence:evd_…`), once, inside the caller's
 * transaction. An unknown or foreign id is a 422 naming `field`; a file still uploading or already used a 409.
 */
export async function takeUpload(trx: Tx, actor: Actor, uploadId: string, usedBy: string, at: Date, field = 'uploadId'): Promise<TakenFile> {
  const s = await trx.selectFrom('upload_sessions').selectAll().where('id', '=', uploadId).forUpdate().executeTakeFirst();
  if (!s || actor.kind !== 'user' || s.owner_id !== actor.id) throw unprocessable('unknown_upload', 'No upload of yours has this id.', { field, uploadId });
  if (s.status !== 'completed' || !s.sha256 || !s.media_type || !s.kind || s.size_bytes === null) {
    throw conflict('upload_not_completed', 'This upload is not complete yet: send its missing chunks and complete it.', { field, uploadId, status: s.status });
  }
  if (s.used_by) throw conflict('upload_already_used', 'This file was already used; upload it again for another use.', { field, uploadId });
  await trx.updateTable('upload_sessions').set({ used_by: usedBy, used_at: at, updated_at: at }).where('id', '=', uploadId).execute();
  return { uploadId, sha256: s.sha256, mediaType: s.media_type, kind: s.kind, sizeBytes: s.size_bytes, fileName: s.file_name };
}

/** Periodic: open uploads past their day are dropped with their chunks. */
export async function expireUploads(ctx: AppContext, limit = 100): Promise<number> {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .updateTable('upload_sessions')
    .set({ status: 'expired', updated_at: now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('upload_sessions')
        .select('id')
        .where('expires_at', '<=', now)
        .where((w) => w.or([w('status', '=', 'open'), w.and([w('status', '=', 'assembling'), w('assembling_since', '<', new Date(now.getTime() - STALE_ASSEMBLY_MS))])]))
        .orderBy('expires_at')
        .limit(limit),
    )
    .returning('id')
    .execute();
  const store = chunkStore(ctx);
  for (const r of rows) await store.remove(r.id).catch(() => {});
  return rows.length;
}

export type { ReceivedPart };

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
  'video/x-matroska': 'mkv',
  'application/pdf': 'pdf',
};

/** A display name ending in the extension of the type sniffed from the content, whatever the client called it. */
export function nameWithSniffedExtension(name: string, mediaType: string): string {
  const ext = EXTENSIONS[mediaType] ?? 'bin';
  const stem = safeFileName(cleanName(name), 'file').replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'file';
  return `${stem}.${ext}`;
}
