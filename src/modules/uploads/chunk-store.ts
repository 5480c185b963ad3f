import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../../shared/errors.js';

/**
 * Where the chunks of open upload sessions wait until the file is assembled: one part file per chunk under the data
 * directory, named by the session id and the chunk number only (both checked here), never by anything a client
 * wrote. A chunk is streamed to a temporary file with its SHA-256 computed on the way and renamed into place, so a
 * re-sent chunk that breaks off leaves the one received before intact.
 */

const SESSION_ID = /^upl_[0-9a-z]{26}$/;
const SNIFF_BYTES = 4100;
const WRITE_BUFFER = 4 * 1024 * 1024;

/** Waits for a write stream to drain (or fail), leaving no listener behind. */
function drained(out: fs.WriteStream): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      out.off('error', onError);
      resolve();
    };
    const onError = (err: Error) => {
      out.off('drain', onDrain);
      reject(err);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

export interface ReceivedPart {
  tmpPath: string;
  sizeBytes: number;
  sha256: string;
  /** The first bytes, to sniff the file's type from the first chunk. */
  head: Buffer;
}

export class ChunkStore {
  constructor(private readonly root: string) {}

  dirOf(sessionId: string): string {
    if (!SESSION_ID.test(sessionId)) throw new Error('invalid upload session id');
    return path.join(this.root, sessionId);
  }

  partPath(sessionId: string, index: number): string {
    if (!Number.isSafeInteger(index) || index < 0) throw new Error('invalid chunk index');
    return path.join(this.dirOf(sessionId), `${index}.part`);
  }

  /**
   * Streams a chunk's body to a temporary file beside its place. More bytes than `expectedBytes` stop it at once
   * (413); fewer are reported by the caller from `sizeBytes`. The caller renames it into place or discards it.
   */
  async receive(sessionId: string, body: Readable, expectedBytes: number): Promise<ReceivedPart> {
    const dir = this.dirOf(sessionId);
    await fs.promises.mkdir(dir, { recursive: true });
    const tmpPath = path.join(dir, `.${Date.now()}-${randomBytes(6).toString('hex')}.tmp`);
    // A deep buffer lets what the socket delivers in 64 KB pieces reach the disk in large vectored writes: under load,
    // one thread-pool round trip per piece is what limits the rate, not the disk.
    const out = fs.createWriteStream(tmpPath, { flags: 'wx', highWaterMark: WRITE_BUFFER });
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > expectedBytes) {
          throw new AppError(413, 'chunk_too_large', `This chunk must be ${expectedBytes} bytes; more arrived.`, { expectedBytes });
        }
        hash.update(chunk);
        if (headLength < SNIFF_BYTES) {
          head.push(chunk);
          headLength += chunk.length;
        }
        if (!out.write(chunk)) await drained(out);
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    } catch (err) {
      out.destroy();
      await fs.promises.rm(tmpPath, { force: true });
      if (err instanceof AppError) throw err;
      throw new AppError(400, 'upload_interrupted', 'The chunk was interrupted before it finished; send it again.');
    }
    return { tmpPath, sizeBytes: size, sha256: hash.digest('hex'), head: Buffer.concat(head).subarray(0, SNIFF_BYTES) };
  }

  async place(sessionId: string, index: number, part: ReceivedPart): Promise<void> {
    await fs.promises.rename(part.tmpPath, this.partPath(sessionId, index));
  }

  async discard(part: ReceivedPart): Promise<void> {
    await fs.promises.rm(part.tmpPath, { force: true });
  }

  /** The chunks in order, as one stream: read one part file after the other, never all at once. */
  assemble(sessionId: string, totalChunks: number): Readable {
    const self = this;
    async function* parts() {
      for (let i = 0; i < totalChunks; i++) {
        const stream = fs.createReadStream(self.partPath(sessionId, i), { highWaterMark: 1024 * 1024 });
        for await (const chunk of stream) yield chunk as Buffer;
      }
    }
    return Readable.from(parts(), { objectMode: false });
  }

  async remove(sessionId: string): Promise<void> {
    await fs.promises.rm(this.dirOf(sessionId), { recursive: true, force: true });
  }
}
