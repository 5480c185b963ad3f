/**
 * Seller profile and review queue under load, against PostgreSQL, beside a bare Fastify route in the same run.
 * Target (issue 2): each endpoint at ≥ 40 % of the bare route's requests per second, p99 < 25 ms, 50 connections.
 *
 *   npx tsx bench/seller-api.ts [--sellers 400] [--seconds 10]
 */
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { boot } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { hashPassword } from '../src/modules/identity/passwords.js';
import { createSeller, submitApplication } from '../src/modules/sellers/service.js';
import { uploadDocument } from '../src/modules/sellers/documents.js';
import type { Actor } from '../src/platform/actor.js';
import { newId } from '../src/shared/ids.js';
import { pngFile } from '../test/helpers/files.js';
import { load, printTable } from './lib/load.js';
import { freshDatabase } from './lib/postgres.js';
import { startServerProcess } from './lib/processes.js';

const { values } = parseArgs({ options: { sellers: { type: 'string', default: '400' }, seconds: { type: 'string', default: '10' } } });
const SELLERS = Number(values.sellers);
const SECONDS = Number(values.seconds);
const PASSWORD = 'bench-password-123';

const database = await freshDatabase();
console.log(`PostgreSQL database ${database.url}`);
try {
  // Seed through the same use-cases the API runs.
  const config = loadConfig({ DATABASE_URL: database.url, ARBITER_LOG_LEVEL: 'silent', ARBITER_DEMO: '0', ARBITER_DATA_DIR: `/tmp/arbiter-bench-${Date.now()}` });
  const arbiter = await boot(config);
  const { ctx } = arbiter;
  const now = ctx.clock.now();
  const passwordHash = await hashPassword(PASSWORD);
  const officerId = newId('usr');
  await ctx.db
    .insertInto('users')
    .values({ id: officerId, email: 'officer@bench.test', name: 'Officer', password_hash: passwordHash, roles: ['compliance_officer'], locale: 'en', status: 'active', created_at: now, updated_at: now })
    .execute();
  const sellerIds: string[] = [];
  const started = Date.now();
  for (let i = 0; i < SELLERS; i++) {
    const userId = newId('usr');
    await ctx.db
      .insertInto('users')
      .values({ id: userId, email: `seller${i}@bench.test`, name: `Seller ${i}`, password_hash: passwordHash, roles: ['seller'], locale: 'zh-CN', status: 'active', created_at: now, updated_at: now })
      .execute();
    const actor: Actor = { kind: 'user', id: userId, name: `Seller ${i}`, roles: ['seller'], memberships: [], locale: 'zh-CN' };
    const view = await createSeller(ctx, actor, {
      legalName: `深圳市测试贸易有限公司 ${i}`,
      shopName: `Bench shop ${i}`,
      country: 'CN',
      region: 'Guangdong',
      businessType: 'individual',
      contactName: `Seller ${i}`,
      contactEmail: `seller${i}@bench.test`,
      storefronts: [{ platform: 'taobao', url: `https://shop${i}.taobao.com` }],
    });
    const sellerId = view.seller.id;
    actor.memberships = [{ sellerId, memberRole: 'owner' }];
    for (const kind of ['identity', 'proof_of_address'] as const) {
      await uploadDocument(ctx, actor, { sellerId, kind, fileName: `${kind}.png`, expiresOn: kind === 'identity' ? '2031-01-01' : undefined, body: Readable.from([pngFile(64, 40, i)]) });
    }
    await submitApplication(ctx, actor, sellerId);
    sellerIds.push(sellerId);
  }
  console.log(`Seeded ${SELLERS} sellers with submitted applications in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await arbiter.close();

  const bare = await startServerProcess('bench/lib/bare-server.ts');
  const server = await startServerProcess('bench/lib/arbiter-server.ts', { DATABASE_URL: database.url, ARBITER_DATA_DIR: config.dataDir });
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'officer@bench.test', password: PASSWORD }) });
    const cookie = /arbiter_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const headers = { cookie };

    // Warm up both servers (JIT, connection pools) before measuring.
    await load('warm-up', { url: `http://127.0.0.1:${bare.port}/bare`, seconds: 2 });
    await load('warm-up', { url: `${base}/api/v1/sellers/${sellerIds[0]}`, seconds: 2, headers });

    const baseline = await load('bare Fastify route', { url: `http://127.0.0.1:${bare.port}/bare`, seconds: SECONDS });
    const profile = await load('GET /api/v1/sellers/:id', { url: base, seconds: SECONDS, headers, paths: sellerIds.map((id) => `/api/v1/sellers/${id}`) });
    const queue = await load('GET /api/v1/review-queue', { url: `${base}/api/v1/review-queue?limit=50`, seconds: SECONDS, headers });
    printTable([profile, queue], baseline);
    console.log('');
    for (const r of [profile, queue]) {
      const ratio = r.requestsPerSecond / baseline.requestsPerSecond;
      const ok = ratio >= 0.4 && r.p99Ms < 25 && r.errors + r.non2xx === 0;
      console.log(`${ok ? 'PASS' : 'MISS'} ${r.name}: ${(ratio * 100).toFixed(0)} % of the bare route (target ≥ 40 %), p99 ${r.p99Ms} ms (target < 25 ms)`);
    }
  } finally {
    await server.stop();
    await bare.stop();
  }
} finally {
  await database.drop();
}
