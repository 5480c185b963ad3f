import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { exeFile, jpegFile, pngFile } from '../helpers/files.js';
import type { HttpClient } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const MB = 1024 * 1024;

/** An MP4's first box: enough for the type to be sniffed as video/mp4. */
function ftyp(): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32BE(32, 0);
  b.write('ftypisom', 4, 'ascii');
  b.writeUInt32BE(0x200, 12);
  b.write('isomiso2avc1mp41', 16, 'ascii');
  return b;
}

/**
 * A large video generated on the fly: chunk `i` is made of 1 MB blocks, each filled with a pattern of its chunk and
 * block numbers, the first starting with an MP4 header. Nothing larger than one block is ever in memory.
 */
class GeneratedVideo {
  constructor(
    readonly size: number,
    readonly chunkBytes: number,
  ) {}

  get chunks(): number {
    return Math.ceil(this.size / this.chunkBytes);
  }

  chunkSize(i: number): number {
    return Math.min(this.chunkBytes, this.size - i * this.chunkBytes);
  }

  *blocks(i: number): Generator<Buffer> {
    const end = i * this.chunkBytes + this.chunkSize(i);
    for (let at = i * this.chunkBytes; at < end; at += MB) {
      const b = Buffer.allocUnsafe(Math.min(MB, end - at));
      b.fill(`chunk ${i} block ${at / MB} `);
      if (at === 0) ftyp().copy(b, 0);
      yield b;
    }
  }

  stream(i: number): ReadableStream {
    return Readable.toWeb(Readable.from(this.blocks(i))) as ReadableStream;
  }

  sha256(): string {
    const h = createHash('sha256');
    for (let i = 0; i < this.chunks; i++) for (const b of this.blocks(i)) h.update(b);
    return h.digest('hex');
  }
}

async function expectStatus(res: { status: number; body: any }, status: number, code?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body).slice(0, 1500));
  if (code) assert.equal(res.body.code, code, JSON.stringify(res.body));
  return res.body;
}

describe('resumable uploads', () => {
  let server: TestServer;
  let buyer: HttpClient & { userId: string };
  let other: HttpClient & { userId: string };

  before(async () => {
    server = await startTestServer();
    buyer = await server.signIn(['buyer']);
    other = await server.signIn(['buyer']);
  });
  after(async () => server.close());

  const put = (client: HttpClient, path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    client.request('PUT', path, { body, headers: { 'content-type': 'application/octet-stream', ...headers } });

  it('takes a 500 MB video in chunks streamed to disk: a chunk sent twice is harmless, a missing one is named, the SHA-256 is checked and the type sniffed', async () => {
    const video = new GeneratedVideo(500 * MB, 16 * MB);
    const sha256 = video.sha256();
    const created = await expectStatus(await buyer.post('/api/v1/uploads', { fileName: 'unboxing.mp4', sizeBytes: video.size, sha256, chunkBytes: video.chunkBytes }), 201);
    assert.equal(created.totalChunks, 32);
    assert.equal(created.status, 'open');
    assert.deepEqual(created.missingChunks.length, 32);
    const id = created.id;

    // memory stays flat: nothing near the file's size is ever held (sampled while the chunks go through)
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    try {
      const missing = 17;
      // out of order, one of them by Content-Range instead of its index
      const order = [...Array(video.chunks).keys()].filter((i) => i !== missing).reverse();
      for (const i of order) {
        const res =
          i === 5
            ? await put(buyer, `/api/v1/uploads/${id}`, video.stream(i), { 'content-range': `bytes ${i * video.chunkBytes}-${i * video.chunkBytes + video.chunkSize(i) - 1}/${video.size}` })
            : await put(buyer, `/api/v1/uploads/${id}/chunks/${i}`, video.stream(i));
        const receipt = await expectStatus(res, 200);
        assert.equal(receipt.result, 'stored');
        assert.equal(receipt.sizeBytes, video.chunkSize(i));
      }
      // the first chunk was sniffed as it arrived
      const status = await expectStatus(await buyer.get(`/api/v1/uploads/${id}`), 200);
      assert.equal(status.detectedMediaType, 'video/mp4');
      assert.equal(status.receivedChunks.length, 31);
      assert.deepEqual(status.missingChunks, [missing]);
      assert.equal(status.receivedBytes, video.size - video.chunkSize(missing));
      // a chunk sent again (a retry after a dropped connection) changes nothing
      const again = await expectStatus(await put(buyer, `/api/v1/uploads/${id}/chunks/3`, video.stream(3)), 200);
      assert.equal(again.result, 'unchanged');
      assert.deepEqual(again.progress, { receivedChunks: 31, totalChunks: 32, receivedBytes: video.size - video.chunkSize(missing), sizeBytes: video.size, complete: false });
      const incomplete = await expectStatus(await buyer.post(`/api/v1/uploads/${id}/complete`, {}), 409, 'chunks_missing');
      assert.deepEqual(incomplete.missingChunks, [missing]);
      await expectStatus(await put(buyer, `/api/v1/uploads/${id}/chunks/${missing}`, video.stream(missing)), 200);
      const done = await expectStatus(await buyer.post(`/api/v1/uploads/${id}/complete`, {}), 200);
      assert.equal(done.status, 'completed');
      assert.equal(done.file.sha256, sha256);
      assert.equal(done.file.sizeBytes, video.size);
      assert.equal(done.file.mediaType, 'video/mp4');
      assert.equal(done.file.kind, 'video');
      assert.deepEqual(done.missingChunks, []);
    } finally {
      clearInterval(sampler);
    }
    assert.ok(peak - baseline < 200 * MB, `memory grew by ${Math.round((peak - baseline) / MB)} MB`);
    // completing again answers the same; the parts are gone, the file is in content-addressed storage
    const twice = await expectStatus(await buyer.post(`/api/v1/uploads/${id}/complete`, {}), 200);
    assert.equal(twice.file.sha256, sha256);
    assert.equal(fs.existsSync(path.join(server.dataDir, 'uploads', id)), false);
    const head = await buyer.request('GET', `/api/v1/uploads/${id}/file`, { raw: true, headers: { range: 'bytes=0-31' } });
    assert.equal(head.status, 206);
    assert.equal(head.body.subarray(4, 8).toString('ascii'), 'ftyp');
    assert.equal(head.headers.get('content-range'), `bytes 0-31/${video.size}`);
    // someone else's upload does not exist for them
    await expectStatus(await other.get(`/api/v1/uploads/${id}`), 404);
    await expectStatus(await put(other, `/api/v1/uploads/${id}/chunks/0`, video.stream(0)), 404);
    await expectStatus(await other.request('GET', `/api/v1/uploads/${id}/file`), 404);
  });

  it('refuses a file whose content is not what its name says at the first chunk, and names stored files by their sniffed type', async () => {
    const exe = Buffer.concat([exeFile(), Buffer.alloc(200 * 1024, 7)]);
    const created = await expectStatus(
      await buyer.post('/api/v1/uploads', { fileName: '../../../etc/unboxing.mp4', sizeBytes: exe.length, sha256: createHash('sha256').update(exe).digest('hex'), chunkBytes: 64 * 1024 }),
      201,
    );
    assert.equal(created.fileName, 'unboxing.mp4', 'no directories in a name');
    const refused = await expectStatus(await put(buyer, `/api/v1/uploads/${created.id}/chunks/0`, exe.subarray(0, 64 * 1024) as unknown as BodyInit, { 'content-type': 'video/mp4' }), 415, 'unsupported_file_type');
    assert.equal(refused.detected, 'application/x-msdownload');
    const status = await expectStatus(await buyer.get(`/api/v1/uploads/${created.id}`), 200);
    assert.deepEqual(status.receivedChunks, []);
    // nothing of it was kept on disk
    const dir = path.join(server.dataDir, 'uploads', created.id);
    assert.deepEqual(fs.existsSync(dir) ? fs.readdirSync(dir) : [], []);

    // a real image with a right-to-left override pretending to be something else
    const png = pngFile(64, 48, 5);
    const named = await expectStatus(
      await buyer.request('POST', `/api/v1/uploads/direct?fileName=${encodeURIComponent('photo\u202Egpj.exe')}`, { body: png as unknown as BodyInit, headers: { 'content-type': 'image/jpeg' } }),
      201,
    );
    assert.equal(named.file.mediaType, 'image/png');
    assert.equal(named.fileName, 'photogpj.exe');
    const whole = await expectStatus(
      await buyer.request('POST', '/api/v1/uploads/direct?fileName=setup.exe', { body: exe as unknown as BodyInit, headers: { 'content-type': 'image/png' } }),
      415,
      'unsupported_file_type',
    );
    assert.equal(whole.detected, 'application/x-msdownload');
    // a photo declared larger than a photo may be is refused when its first chunk shows it is a photo
    const jpeg = jpegFile(32, 32, 1);
    const big = await expectStatus(await buyer.post('/api/v1/uploads', { fileName: 'huge.jpg', sizeBytes: 20 * MB, sha256: 'a'.repeat(64), chunkBytes: 8 * MB }), 201);
    const first = Buffer.concat([jpeg, Buffer.alloc(8 * MB - jpeg.length)]);
    await expectStatus(await put(buyer, `/api/v1/uploads/${big.id}/chunks/0`, first as unknown as BodyInit), 413, 'file_too_large');
    await expectStatus(await buyer.post('/api/v1/uploads', { fileName: 'x.mp4', sizeBytes: 501 * MB, sha256: 'a'.repeat(64) }), 400);
  });

  it('checks chunk sizes, ranges, per-chunk checksums and the whole file’s SHA-256', async () => {
    const file = Buffer.concat([ftyp(), Buffer.alloc(300 * 1024 - 32, 1)]);
    const wrongSha = createHash('sha256').update('another file').digest('hex');
    const u = await expectStatus(await buyer.post('/api/v1/uploads', { fileName: 'clip.mp4', sizeBytes: file.length, sha256: wrongSha, chunkBytes: 128 * 1024 }), 201);
    assert.equal(u.totalChunks, 3);
    const part = (i: number) => file.subarray(i * 128 * 1024, Math.min(file.length, (i + 1) * 128 * 1024));
    await expectStatus(await put(buyer, `/api/v1/uploads/${u.id}/chunks/0`, part(0).subarray(0, 1000) as unknown as BodyInit), 422, 'chunk_size_mismatch');
    await expectStatus(await put(buyer, `/api/v1/uploads/${u.id}/chunks/3`, part(0) as unknown as BodyInit), 422, 'chunk_out_of_range');
    await expectStatus(await put(buyer, `/api/v1/uploads/${u.id}`, part(1) as unknown as BodyInit, { 'content-range': 'bytes 1000-132071/307200' }), 422, 'range_not_a_chunk');
    await expectStatus(await put(buyer, `/api/v1/uploads/${u.id}`, part(1) as unknown as BodyInit, { 'content-range': 'bytes=0-10' }), 400, 'invalid_content_range');
    await expectStatus(await put(buyer, `/api/v1/uploads/${u.id}/chunks/1`, part(1) as unknown as BodyInit, { 'x-chunk-sha256': 'b'.repeat(64) }), 422, 'chunk_checksum_mismatch');
    for (const i of [0, 1, 2]) {
      await expectStatus(await put(buyer, `/api/v1/uploads/${u.id}/chunks/${i}`, part(i) as unknown as BodyInit, { 'x-chunk-sha256': createHash('sha256').update(part(i)).digest('hex') }), 200);
    }
    // different bytes for a chunk replace it
    const replaced = await expectStatus(await put(buyer, `/api/v1/uploads/${u.id}/chunks/2`, Buffer.alloc(part(2).length, 9) as unknown as BodyInit), 200);
    assert.equal(replaced.result, 'replaced');
    const mismatch = await expectStatus(await buyer.post(`/api/v1/uploads/${u.id}/complete`, {}), 422, 'checksum_mismatch');
    assert.equal(mismatch.declared, wrongSha);
    // the upload stays open to be corrected; cancelling drops it
    assert.equal((await buyer.get(`/api/v1/uploads/${u.id}`)).body.status, 'open');
    const cancelled = await buyer.request('DELETE', `/api/v1/uploads/${u.id}`);
    assert.equal(cancelled.status, 204);
    await expectStatus(await put(buyer, `/api/v1/uploads/${u.id}/chunks/0`, part(0) as unknown as BodyInit), 409, 'upload_aborted');
    const mine = await expectStatus(await buyer.get('/api/v1/uploads?status=aborted'), 200);
    assert.ok(mine.items.some((x: any) => x.id === u.id));
  });

  it('drops uploads left open past their day', async () => {
    const file = Buffer.concat([ftyp(), Buffer.alloc(100 * 1024, 2)]);
    const u = await expectStatus(await buyer.post('/api/v1/uploads', { fileName: 'late.mp4', sizeBytes: file.length, sha256: createHash('sha256').update(file).digest('hex'), chunkBytes: 64 * 1024 }), 201);
    await expectStatus(await put(buyer, `/api/v1/uploads/${u.id}/chunks/0`, file.subarray(0, 64 * 1024) as unknown as BodyInit), 200);
    server.clock.advance(25 * 3_600_000);
    await buyer.login((await server.arbiter.ctx.db.selectFrom('users').select('email').where('id', '=', buyer.userId).executeTakeFirstOrThrow()).email, 'correct-horse-battery');
    await expectStatus(await put(buyer, `/api/v1/uploads/${u.id}/chunks/1`, file.subarray(64 * 1024) as unknown as BodyInit), 409, 'upload_expired');
    await server.arbiter.scheduler.tick();
    assert.equal((await buyer.get(`/api/v1/uploads/${u.id}`)).body.status, 'expired');
    assert.equal(fs.existsSync(path.join(server.dataDir, 'uploads', u.id)), false);
  });
});
