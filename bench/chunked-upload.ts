/**
 * Resumable chunked uploads through the real HTTP API, against the raw disk write of the same bytes in the same run.
 *
 * Arbiter runs in its own process on PostgreSQL (or in this process on the embedded PGlite, with --embedded). A client generates a large
 * video on the fly (1 MB blocks, never the whole file in memory), declares its SHA-256, PUTs its chunks a few at a
 * time and completes the upload: every chunk is streamed to a part file with its hash, and completing streams the
 * parts in order into content-addressed storage, checking the whole file's SHA-256 and sniffing its type.
 *
 * The limits measured beside it, in this process on the same disk: writing the same bytes to one file, and writing
 * them while hashing them (the least the server must do once).
 *
 *   npx tsx bench/chunked-upload.ts [--size-mb 500] [--chunk-mb 8] [--parallel 4] [--rounds 2] [--embedded]
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { boot } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { createUser } from '../src/modules/identity/service.js';
import { systemActor } from '../src/platform/actor.js';
import { freshDatabase } from './lib/postgres.js';
import { startServerProcess } from './lib/processes.js';

const { values } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '500' },
    'chunk-mb': { type: 'string', default: '8' },
    parallel: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '2' },
    embedded: { type: 'boolean', default: false },
  },
});
const MB = 1024 * 1024;
const SIZE = Number(values['size-mb']) * MB;
const CHUNK = Number(values['chunk-mb']) * MB;
const PARALLEL = Number(values.parallel);
const ROUNDS = Number(values.rounds);
const EMAIL = 'bench-admin@bench.example';
const PASSWORD = 'bench-password-123';

function ftyp(): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32BE(32, 0);
  b.write('ftypisom', 4, 'ascii');
  b.writeUInt32BE(0x200, 12);
  b.write('isomiso2avc1mp41', 16, 'ascii');
  return b;
}

/** The bytes of chunk `i` of round `round`, as 1 MB blocks (a different file each round: nothing is deduplicated). */
function* blocks(round: number, i: number): Generator<Buffer> {
  const start = i * CHUNK;
  const end = Math.min(SIZE, start + CHUNK);
  for (let at = start; at < end; at += MB) {
    const b = Buffer.allocUnsafe(Math.min(MB, end - at));
    b.fill(`round ${round} chunk ${i} block ${at / MB} `);
    if (at === 0) ftyp().copy(b, 0);
    yield b;
  }
}
const chunks = Math.ceil(SIZE / CHUNK);
const chunkSize = (i: number) => Math.min(CHUNK, SIZE - i * CHUNK);

function sha256Of(round: number): string {
  const h = createHash('sha256');
  for (let i = 0; i < chunks; i++) for (const b of blocks(round, i)) h.update(b);
  return h.digest('hex');
}

class Client {
  cookie = '';
  csrf = '';
  /** Chunks go over plain keep-alive HTTP/1.1 connections, streamed block by block (undici's fetch is slower at bulk bodies). */
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: PARALLEL });
  constructor(readonly base: string) {}
  async login() {
    const res = await fetch(`${this.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
    this.cookie = /arbiter_session=[^;]*/.exec(res.headers.get('set-cookie') ?? '')![0];
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }
  async call(method: string, p: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<any> {
    const res = await fetch(`${this.base}${p}`, { method, body, headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...headers }, duplex: 'half' } as RequestInit);
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  }
  /** PUTs a body streamed from `source`, with its length. */
  put(p: string, source: Iterable<Buffer>, length: number): Promise<void> {
    const url = new URL(p, this.base);
    return new Promise<void>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'PUT', agent: this.agent, headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': 'application/octet-stream', 'content-length': length } },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => (res.statusCode! < 300 ? resolve() : reject(new Error(`PUT ${p}: ${res.statusCode} ${Buffer.concat(parts).toString().slice(0, 300)}`))));
        },
      );
      req.on('error', reject);
      Readable.from(source).pipe(req);
    });
  }
}

interface Timing {
  putMs: number;
  completeMs: number;
}

async function upload(client: Client, round: number, sha256: string): Promise<Timing> {
  const t0 = performance.now();
  const session = await client.call('POST', '/api/v1/uploads', JSON.stringify({ fileName: `bench-${round}.mp4`, sizeBytes: SIZE, sha256, chunkBytes: CHUNK }), { 'content-type': 'application/json' });
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < chunks) {
        const i = next++;
        await client.put(`/api/v1/uploads/${session.id}/chunks/${i}`, blocks(round, i), chunkSize(i));
      }
    }),
  );
  const t1 = performance.now();
  const done = await client.call('POST', `/api/v1/uploads/${session.id}/complete`, '{}', { 'content-type': 'application/json' });
  const t2 = performance.now();
  if (done.file?.sha256 !== sha256 || done.file.mediaType !== 'video/mp4') throw new Error(`unexpected completion: ${JSON.stringify(done).slice(0, 300)}`);
  return { putMs: t1 - t0, completeMs: t2 - t1 };
}

/** The same bytes written to one file on the same disk; with `hash`, hashed on the way as well. */
async function rawWrite(dir: string, round: number, hash: boolean): Promise<number> {
  const file = path.join(dir, `raw-${round}-${hash ? 'h' : 'w'}.bin`);
  const t0 = performance.now();
  const h = hash ? createHash('sha256') : null;
  const out = fs.createWriteStream(file);
  for (let i = 0; i < chunks; i++) {
    for (const b of blocks(round, i)) {
      h?.update(b);
      if (!out.write(b)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  h?.digest('hex');
  const ms = performance.now() - t0;
  await fs.promises.rm(file, { force: true });
  return ms;
}

const mbps = (ms: number) => Math.round((SIZE / MB / ms) * 1000);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbiter-bench-upload-'));
const rawDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbiter-bench-raw-'));
const admin = { ...systemActor, roles: ['admin' as const] };

/** The server: its own process on a fresh PostgreSQL database, or in this process on PGlite in memory. */
async function startServer(): Promise<{ port: number; stop(): Promise<void>; where: string }> {
  if (values.embedded) {
    const arbiter = await boot(loadConfig({ ARBITER_DATA_DIR: dataDir, ARBITER_LOG_LEVEL: 'silent', ARBITER_SCHEDULER: '0', ARBITER_DEMO: '0' }), { handle: await openDatabase({}) });
    await createUser(arbiter.ctx, admin, { email: EMAIL, name: 'Bench', password: PASSWORD, roles: ['buyer'] });
    await arbiter.app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (arbiter.app.server.address() as { port: number }).port, stop: () => arbiter.close(), where: 'PGlite, server in this process' };
  }
  const db = await freshDatabase('arbiter_bench_upload');
  const handle = await openDatabase({ url: db.url });
  await migrate(handle);
  const ctx = { db: handle.db, clock: { now: () => new Date() } } as unknown as Parameters<typeof createUser>[0];
  await createUser(ctx, admin, { email: EMAIL, name: 'Bench', password: PASSWORD, roles: ['buyer'] });
  await handle.close();
  const server = await startServerProcess('bench/lib/arbiter-server.ts', { ARBITER_DATA_DIR: dataDir, DATABASE_URL: db.url });
  return {
    port: server.port,
    where: 'PostgreSQL, server in its own process',
    stop: async () => {
      await server.stop();
      await db.drop();
    },
  };
}

const server = await startServer();
try {
  const client = new Client(`http://127.0.0.1:${server.port}`);
  await client.login();
  const best = { put: Infinity, complete: Infinity, total: Infinity, raw: Infinity, rawHashed: Infinity };
  for (let round = 0; round < ROUNDS; round++) {
    const sha256 = sha256Of(round);
    const t = await upload(client, round, sha256);
    best.put = Math.min(best.put, t.putMs);
    best.complete = Math.min(best.complete, t.completeMs);
    best.total = Math.min(best.total, t.putMs + t.completeMs);
    best.raw = Math.min(best.raw, await rawWrite(rawDir, round, false));
    best.rawHashed = Math.min(best.rawHashed, await rawWrite(rawDir, round, true));
  }
  const rows: [string, number][] = [
    ['raw disk write of the same bytes', best.raw],
    ['raw disk write + SHA-256', best.rawHashed],
    [`chunk PUTs (${chunks} × ${CHUNK / MB} MB, ${PARALLEL} at a time)`, best.put],
    ['complete (assemble, SHA-256, sniff)', best.complete],
    ['chunked upload end to end', best.total],
  ];
  console.log('');
  console.log(`${SIZE / MB} MB video in ${chunks} chunks through HTTP (${server.where}); best of ${ROUNDS} rounds; ${os.cpus().length} cores`);
  console.log('');
  console.log('step'.padEnd(52), 'seconds'.padStart(8), 'MB/s'.padStart(7), 'vs raw'.padStart(8));
  for (const [name, ms] of rows) console.log(name.padEnd(52), (ms / 1000).toFixed(2).padStart(8), String(mbps(ms)).padStart(7), `${Math.round((best.raw / ms) * 100)} %`.padStart(8));
  console.log('');
  console.log(`end to end: ${Math.round((best.raw / best.total) * 100)} % of the raw write, ${Math.round((best.rawHashed / best.total) * 100)} % of write + hash`);
  client.agent.destroy();
} finally {
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(rawDir, { recursive: true, force: true });
}
