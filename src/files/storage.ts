import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../shared/errors.js';

/** A file received into storage but not yet accepted: the caller checks it, then commits or discards. */
export interface StagedFile {
  sha256: string;
  sizeBytes: number;
  /** The first bytes, for sniffing the type from the content. */
  head: Buffer;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Content-addressed file storage (by SHA-256). Local disk by default; an S3-compatible store implements the
 * same interface. No path from a client ever reaches it: files are named by their hash only.
 */
export interface BlobStorage {
  stage(body: Readable, maxBytes: number): Promise<StagedFile>;
  open(sha256: string, range?: { start: number; end: number }): Readable;
  has(sha256: string): Promise<boolean>;
}

const HEAD_BYTES = 4100;

export class LocalDiskStorage implements BlobStorage {
  private readonly tmpDir: string;
  constructor(private readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
    fs.mkdirSync(this.tmpDir, { recursive: true });
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('invalid sha256');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async stage(body: Readable, maxBytes: number): Promise<StagedFile> {
    const tmpPath = path.join(this.tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    const out = fs.createWriteStream(tmpPath, { flags: 'wx' });
    const headChunks: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    const removeTmp = () => fs.promises.rm(tmpPath, { force: true });
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
          throw new AppError(413, 'file_too_large', `The file is larger than the limit of ${formatBytes(maxBytes)}.`, {
            limitBytes: maxBytes,
          });
        }
        hash.update(chunk);
        if (headLength < HEAD_BYTES) {
          headChunks.push(chunk);
          headLength += chunk.length;
        }
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    } catch (err) {
      out.destroy();
      body.resume?.();
      await removeTmp();
      if (err instanceof AppError) throw err;
      throw new AppError(400, 'upload_interrupted', 'The upload was interrupted before it finished.');
    }
    const sha256 = hash.digest('hex');
    const finalPath = this.pathOf(sha256);
    return {
      sha256,
      sizeBytes: size,
      head: Buffer.concat(headChunks).subarray(0, HEAD_BYTES),
      commit: async () => {
        await fs.promises.mkdir(path.dirname(finalPath), { recursive: true });
        if (fs.existsSync(finalPath)) await removeTmp();
        else await fs.promises.rename(tmpPath, finalPath);
      },
      discard: removeTmp,
    };
  }

  open(sha256: string, range?: { start: number; end: number }): Readable {
    return fs.createReadStream(this.pathOf(sha256), range);
  }

  async has(sha256: string): Promise<boolean> {
    return fs.promises
      .access(this.pathOf(sha256))
      .then(() => true)
      .catch(() => false);
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round(n / (1024 * 1024))} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
