import { api, ApiError, uploadFile } from './client';

/**
 * Resumable uploads (POST /api/v1/uploads, PUT …/chunks/{index}, GET the upload, POST …/complete): the file's
 * SHA-256 is computed in the browser in slices (a 500 MB unboxing video never sits in memory whole), the chunks go
 * one by one with their progress, a chunk that fails is sent again, and an upload cut off half-way resumes from
 * the chunks the server says are missing.
 */

export type UploadKind = 'photo' | 'video' | 'document';

export interface UploadView {
  id: string;
  status: 'open' | 'assembling' | 'completed' | 'aborted' | 'expired';
  fileName: string;
  sizeBytes: number;
  sha256: string;
  chunkBytes: number;
  totalChunks: number;
  receivedChunks: number[];
  missingChunks: number[];
  receivedBytes: number;
  detectedMediaType: string | null;
  accept: UploadKind[];
  file: { sha256: string; mediaType: string; kind: UploadKind; sizeBytes: number; url: string } | null;
  usedBy: string | null;
  createdAt: string;
  expiresAt: string;
  completedAt: string | null;
}

const e = encodeURIComponent;

export const uploadsApi = {
  create: (input: { fileName: string; sizeBytes: number; sha256: string; chunkBytes?: number; accept?: UploadKind[] }) => api.post<UploadView>('/api/v1/uploads', input),
  get: (id: string) => api.get<UploadView>(`/api/v1/uploads/${e(id)}`),
  complete: (id: string) => api.post<UploadView>(`/api/v1/uploads/${e(id)}/complete`),
  abort: (id: string) => api.del<void>(`/api/v1/uploads/${e(id)}`),
};

// ---- SHA-256, incrementally ------------------------------------------------------------------------------------
// crypto.subtle only digests a whole buffer (and only on secure origins); this one takes the file slice by slice.

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

export class Sha256 {
  private h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  private w = new Uint32Array(64);
  private buffer = new Uint8Array(64);
  private buffered = 0;
  private length = 0;

  update(data: Uint8Array): this {
    this.length += data.length;
    let i = 0;
    if (this.buffered > 0) {
      const take = Math.min(64 - this.buffered, data.length);
      this.buffer.set(data.subarray(0, take), this.buffered);
      this.buffered += take;
      i = take;
      if (this.buffered < 64) return this;
      this.block(this.buffer, 0);
      this.buffered = 0;
    }
    for (; i + 64 <= data.length; i += 64) this.block(data, i);
    if (i < data.length) {
      this.buffer.set(data.subarray(i), 0);
      this.buffered = data.length - i;
    }
    return this;
  }

  hex(): string {
    const bits = this.length * 8;
    const pad = new Uint8Array((this.buffered < 56 ? 64 : 128) - this.buffered);
    pad[0] = 0x80;
    const view = new DataView(pad.buffer);
    view.setUint32(pad.length - 8, Math.floor(bits / 2 ** 32));
    view.setUint32(pad.length - 4, bits >>> 0);
    this.update(pad);
    return Array.from(this.h, (x) => x.toString(16).padStart(8, '0')).join('');
  }

  private block(d: Uint8Array, o: number) {
    const w = this.w;
    for (let t = 0; t < 16; t++) w[t] = (d[o + t * 4] << 24) | (d[o + t * 4 + 1] << 16) | (d[o + t * 4 + 2] << 8) | d[o + t * 4 + 3];
    for (let t = 16; t < 64; t++) {
      const a = w[t - 15];
      const b = w[t - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    let [a, b, c, dd, e2, f, g, h] = this.h;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e2 >>> 6) | (e2 << 26)) ^ ((e2 >>> 11) | (e2 << 21)) ^ ((e2 >>> 25) | (e2 << 7));
      const ch = (e2 & f) ^ (~e2 & g);
      const t1 = (h + S1 + ch + K[t] + w[t]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e2;
      e2 = (dd + t1) | 0;
      dd = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    const H = this.h;
    H[0] += a;
    H[1] += b;
    H[2] += c;
    H[3] += dd;
    H[4] += e2;
    H[5] += f;
    H[6] += g;
    H[7] += h;
  }
}

const HASH_SLICE = 4 * 1024 * 1024;

export async function sha256OfFile(file: Blob, onProgress?: (fraction: number) => void, signal?: { aborted: boolean }): Promise<string> {
  const hash = new Sha256();
  for (let at = 0; at < file.size; at += HASH_SLICE) {
    if (signal?.aborted) throw new ApiError(0, 'aborted', 'Upload cancelled');
    hash.update(new Uint8Array(await file.slice(at, at + HASH_SLICE).arrayBuffer()));
    onProgress?.(Math.min(1, (at + HASH_SLICE) / file.size));
  }
  return hash.hex();
}

// ---- the chunked uploader ----------------------------------------------------------------------------------------

export type UploadPhase = 'hashing' | 'uploading' | 'retrying' | 'paused' | 'completing' | 'done' | 'failed';

export interface UploadProgress {
  phase: UploadPhase;
  /** 0–1 over the whole file's bytes. */
  fraction: number;
  sentBytes: number;
  totalBytes: number;
  chunk: number | null;
  totalChunks: number;
  /** Chunks sent again after a failure, so far. */
  retries: number;
  error: ApiError | null;
}

/** The chunk size: 2 MB keeps the progress bar moving on a slow line; large files use bigger chunks (at most 10,000). */
export function chunkSizeFor(size: number): number {
  const min = 64 * 1024;
  let chunk = size <= 8 * 1024 * 1024 ? min : 2 * 1024 * 1024;
  while (Math.ceil(size / chunk) > 10_000) chunk *= 2;
  return chunk;
}

const RETRYABLE = (err: ApiError) => err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One file's resumable upload. `start()` hashes, declares and sends it; a chunk that fails is retried a few times,
 * then the upload pauses with the error and `resume()` asks the server which chunks are missing and sends only
 * those. Resolves with the completed upload (its id is what a dispute's evidence names).
 */
export class ChunkedUpload {
  id: string | null = null;
  completed = false;
  private sha256: string | null = null;
  private cancelled = { aborted: false };
  private current: { abort: () => void } | null = null;
  private progress: UploadProgress;

  constructor(
    readonly file: File,
    private readonly options: { accept?: UploadKind[]; chunkBytes?: number; maxRetries?: number; retryDelayMs?: number; onProgress?: (p: UploadProgress) => void } = {},
  ) {
    this.progress = { phase: 'hashing', fraction: 0, sentBytes: 0, totalBytes: file.size, chunk: null, totalChunks: 0, retries: 0, error: null };
  }

  private report(p: Partial<UploadProgress>) {
    this.progress = { ...this.progress, ...p };
    this.options.onProgress?.(this.progress);
  }

  async start(): Promise<UploadView> {
    try {
      if (!this.id) {
        this.report({ phase: 'hashing', error: null });
        this.sha256 ??= await sha256OfFile(this.file, (f) => this.report({ phase: 'hashing', fraction: f * 0.02 }), this.cancelled);
        const created = await uploadsApi.create({
          fileName: this.file.name,
          sizeBytes: this.file.size,
          sha256: this.sha256,
          chunkBytes: this.options.chunkBytes ?? chunkSizeFor(this.file.size),
          ...(this.options.accept ? { accept: this.options.accept } : {}),
        });
        this.id = created.id;
        return await this.send(created);
      }
      return await this.send(await uploadsApi.get(this.id));
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, 'network_error', String(err));
      this.report({ phase: this.id && RETRYABLE(error) && !this.cancelled.aborted ? 'paused' : 'failed', error });
      throw error;
    }
  }

  /** After a pause: what the server has decides what is sent. */
  resume(): Promise<UploadView> {
    return this.start();
  }

  abort() {
    this.cancelled.aborted = true;
    this.current?.abort();
    if (this.id) void uploadsApi.abort(this.id).catch(() => undefined);
  }

  private async send(u: UploadView): Promise<UploadView> {
    if (u.status === 'completed') {
      this.completed = true;
      this.report({ phase: 'done', fraction: 1, sentBytes: u.sizeBytes, error: null });
      return u;
    }
    const missing = new Set(u.missingChunks);
    const size = (i: number) => (i < u.totalChunks - 1 ? u.chunkBytes : u.sizeBytes - u.chunkBytes * (u.totalChunks - 1));
    let sent = u.receivedBytes;
    this.report({ phase: 'uploading', totalChunks: u.totalChunks, sentBytes: sent, fraction: sent / u.sizeBytes, error: null });
    for (let i = 0; i < u.totalChunks; i++) {
      if (!missing.has(i)) continue;
      const blob = this.file.slice(i * u.chunkBytes, i * u.chunkBytes + size(i));
      const part = new File([blob], `${this.file.name}.part${i}`, { type: 'application/octet-stream' });
      for (let attempt = 0; ; attempt++) {
        if (this.cancelled.aborted) throw new ApiError(0, 'aborted', 'Upload cancelled');
        try {
          const handle = uploadFile<unknown>('PUT', `/api/v1/uploads/${e(u.id)}/chunks/${i}`, part, (f) =>
            this.report({ chunk: i, sentBytes: sent + f * part.size, fraction: (sent + f * part.size) / u.sizeBytes }),
          );
          this.current = handle;
          await handle.promise;
          break;
        } catch (err) {
          const error = err instanceof ApiError ? err : new ApiError(0, 'network_error', String(err));
          if (this.cancelled.aborted || !RETRYABLE(error) || attempt >= (this.options.maxRetries ?? 3)) throw error;
          this.report({ phase: 'retrying', retries: this.progress.retries + 1, error, sentBytes: sent, fraction: sent / u.sizeBytes });
          await sleep((this.options.retryDelayMs ?? 600) * (attempt + 1));
          this.report({ phase: 'uploading', error: null });
        } finally {
          this.current = null;
        }
      }
      sent += part.size;
      this.report({ sentBytes: sent, fraction: sent / u.sizeBytes });
    }
    this.report({ phase: 'completing', fraction: 1 });
    const done = await uploadsApi.complete(u.id);
    this.completed = true;
    this.report({ phase: 'done', fraction: 1, sentBytes: done.sizeBytes, error: null });
    return done;
  }
}
