/**
 * The case engine under load, against PostgreSQL, beside a bare Fastify route measured in the same run:
 *
 *  - the case page's API (GET /api/v1/cases/:id: the case with its QC report and media, proposals in two
 *    languages, thread, history, deadline, refunds and available actions) at 50 connections;
 *  - a case command with autocannon (POST /api/v1/cases/:id/messages: lock, write, history, notifications,
 *    and the case page as the answer) at 50 connections;
 *  - case commands that move money, in a closed loop of 50 concurrent clients: each buyer chooses a partial refund
 *    and the seller accepts it (two commands per case: a transition, the response facts, the refund through the
 *    ledger under the order's lock, the order's items moving on, the outbox and notifications).
 *
 *   npx tsx bench/case-commands.ts [--buyers 50] [--cases 8] [--seconds 10]
 *
 * The cases are seeded through the same use-cases the API runs: order ingest, dispatch, warehouse receipt,
 * QC report with a photo.
 */
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { boot } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { hashPassword } from '../src/modules/identity/passwords.js';
import { receiveAtWarehouse } from '../src/modules/logistics/service.js';
import { ingestChunk } from '../src/modules/orders/ingest.js';
import { dispatchOrder } from '../src/modules/orders/service.js';
import { createReport, uploadMedia } from '../src/modules/qc/service.js';
import type { Actor } from '../src/platform/actor.js';
import { newId } from '../src/shared/ids.js';
import { pngFile } from '../test/helpers/files.js';
import { load, printTable, type LoadResult } from './lib/load.js';
import { freshDatabase } from './lib/postgres.js';
import { startServerProcess } from './lib/processes.js';

const { values } = parseArgs({ options: { buyers: { type: 'string', default: '50' }, cases: { type: 'string', default: '8' }, seconds: { type: 'string', default: '10' } } });
const BUYERS = Number(values.buyers);
const CASES_PER_BUYER = Number(values.cases);
const SECONDS = Number(values.seconds);
const PASSWORD = 'bench-password-123';
const RUN = Date.now().toString(36);

const INTEGRATION: Actor = { kind: 'api_key', id: null, name: 'bench feed', roles: ['integration'], memberships: [], locale: 'en' };

async function user(ctx: AppContext, email: string, roles: ('buyer' | 'seller' | 'qc_inspector' | 'support_agent')[], hash: string): Promise<string> {
  const id = newId('usr');
  const now = ctx.clock.now();
  await ctx.db.insertInto('users').values({ id, email, name: email.split('@')[0], password_hash: hash, roles, locale: 'en', status: 'active', created_at: now, updated_at: now }).execute();
  return id;
}

/** Runs `fn` over `items` with at most `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

interface Session {
  cookie: string;
  csrf: string;
}

async function login(base: string, email: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: /arbiter_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0], csrf: body.csrfToken };
}

async function post(base: string, s: Session, path: string, body: unknown): Promise<number> {
  const res = await fetch(base + path, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const database = await freshDatabase();
console.log(`PostgreSQL database ${database.url}`);
try {
  const config = loadConfig({ DATABASE_URL: database.url, ARBITER_LOG_LEVEL: 'silent', ARBITER_DEMO: '0', ARBITER_SCHEDULER: '0', ARBITER_DATA_DIR: `/tmp/arbiter-bench-${RUN}` });
  const arbiter = await boot(config);
  const { ctx } = arbiter;
  const now = ctx.clock.now();
  const hash = await hashPassword(PASSWORD);

  // a seller with a member, a warehouse inspector, a support agent, and the buyers
  const sellerId = newId('sel');
  await ctx.db
    .insertInto('sellers')
    .values({
      id: sellerId,
      external_id: `bench-cases-${RUN}`,
      legal_name: '深圳市测试服饰有限公司',
      shop_name: 'Bench apparel',
      country: 'CN',
      region: 'Guangdong',
      business_type: 'company',
      contact_name: 'Li Wei',
      contact_email: 'seller@bench.test',
      contact_phone: null,
      storefronts: JSON.stringify([]),
      status: 'active',
      verified_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const sellerUser = await user(ctx, 'seller@bench.test', ['seller'], hash);
  await ctx.db.insertInto('seller_members').values({ seller_id: sellerId, user_id: sellerUser, member_role: 'owner', created_at: now }).execute();
  const seller: Actor = { kind: 'user', id: sellerUser, name: 'seller', roles: ['seller'], memberships: [{ sellerId, memberRole: 'owner' }], locale: 'zh-CN' };
  const inspector: Actor = { kind: 'user', id: await user(ctx, 'qc@bench.test', ['qc_inspector'], hash), name: 'qc', roles: ['qc_inspector'], memberships: [], locale: 'en' };
  await user(ctx, 'support@bench.test', ['support_agent'], hash);

  const started = performance.now();
  const rows = [];
  for (let b = 0; b < BUYERS; b++) {
    for (let k = 0; k < CASES_PER_BUYER; k++) {
      const i = b * CASES_PER_BUYER + k;
      rows.push({
        index: i,
        value: {
          externalId: `BENCH-QC-${RUN}-${i}`,
          buyer: { externalId: `bench-buyer-${RUN}-${b}`, email: `buyer${b}@bench.test`, name: `Buyer ${b}` },
          sellerId,
          items: [
            { productId: 'p-dress', name: 'Silk midi dress', sku: 'SD-M', quantity: 1, unitPrice: 4890 },
            { productId: 'p-tote', name: 'Canvas tote', quantity: 1, unitPrice: 2400 },
          ],
          currency: 'USD',
          shippingMethod: { carrier: 'sf', service: 'standard' },
          payment: { amount: 7290, method: 'card', reference: `bench-pay-${RUN}-${i}` },
          paidAt: new Date(now.getTime() - 3_600_000).toISOString(),
        },
      });
    }
  }
  const results = [];
  for (let i = 0; i < rows.length; i += 500) results.push(...(await ingestChunk(ctx, INTEGRATION, rows.slice(i, i + 500))));
  const orderIds = results.map((r) => {
    if (r.status === 'error') throw new Error(`${r.code} ${r.message}`);
    return r.orderId;
  });
  // buyers created by ingest get a password to sign in with
  await ctx.db.updateTable('users').set({ password_hash: hash }).where('email', 'like', 'buyer%@bench.test').execute();
  const caseIds: string[] = new Array(orderIds.length);
  await pool(
    orderIds.map((id, i) => ({ id, i })),
    8,
    async ({ id, i }) => {
      await dispatchOrder(ctx, seller, id, { carrier: 'sf', trackingNumber: `SF${String(1480000000000 + i * 7919)}` });
      await receiveAtWarehouse(ctx, inspector, { orderId: id, weightGrams: 700 });
      const item = await ctx.db.selectFrom('order_items').select('id').where('order_id', '=', id).where('line_no', '=', 1).executeTakeFirstOrThrow();
      const photo = await uploadMedia(ctx, inspector, { orderItemId: item.id, fileName: 'seam.png', body: Readable.from([pngFile(64, 48, i % 7)]) });
      const report = await createReport(ctx, inspector, {
        orderItemId: item.id,
        result: 'fail',
        severity: 'major',
        issues: [{ type: 'defect', description: 'open seam' }, { type: 'size_discrepancy' }],
        measurements: [{ name: 'Length', expected: '110', actual: '104', unit: 'cm' }],
        notes: 'Seam open 3 cm.',
        mediaIds: [photo.id],
      });
      caseIds[i] = report.caseId!;
    },
  );
  console.log(`Seeded ${caseIds.length} QC-failure cases (${BUYERS} buyers) through the use-cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await arbiter.close();

  const bare = await startServerProcess('bench/lib/bare-server.ts');
  // 50 buyers sign in from one address: lift the login rate limit, as the test server does
  const server = await startServerProcess('bench/lib/arbiter-server.ts', { DATABASE_URL: database.url, ARBITER_DATA_DIR: config.dataDir, ARBITER_LOGIN_RATE_LIMIT: '10000' });
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const support = await login(base, 'support@bench.test');
    const sellerSession = await login(base, 'seller@bench.test');
    const buyers: Session[] = [];
    for (let b = 0; b < BUYERS; b++) buyers.push(await login(base, `buyer${b}@bench.test`));
    const casePaths = caseIds.map((id) => `/api/v1/cases/${id}`);

    await load('warm-up', { url: `http://127.0.0.1:${bare.port}/bare`, seconds: 2 });
    await load('warm-up', { url: base, seconds: 2, headers: { cookie: support.cookie }, paths: casePaths });

    const baseline = await load('bare Fastify route', { url: `http://127.0.0.1:${bare.port}/bare`, seconds: SECONDS });
    // the floor of any signed-in read: session lookup, one small query, Fastify and Zod
    const me = await load('GET /api/v1/auth/me (floor)', { url: `${base}/api/v1/auth/me`, seconds: SECONDS, headers: { cookie: support.cookie } });
    const page = await load('GET /api/v1/cases/:id (page)', { url: base, seconds: SECONDS, headers: { cookie: support.cookie }, paths: casePaths });
    const list = await load("GET /api/v1/cases (seller's list)", { url: `${base}/api/v1/cases?limit=50`, seconds: SECONDS, headers: { cookie: sellerSession.cookie } });

    // a case command under autocannon: a support agent's message on cases in turn (autocannon sends one body)
    const messages = await loadPosts(base, support, casePaths.map((p) => `${p}/messages`), { body: 'Support is following this case.' }, SECONDS);

    // commands that move money: 50 buyers choose a partial refund, the seller accepts each (closed loop)
    const latencies: number[] = [];
    let failures = 0;
    const t0 = performance.now();
    await Promise.all(
      buyers.map(async (buyer, b) => {
        for (let k = 0; k < CASES_PER_BUYER; k++) {
          const id = caseIds[b * CASES_PER_BUYER + k];
          for (const [who, path, body] of [
            [buyer, `/api/v1/cases/${id}/remedy`, { remedy: { type: 'partial_refund', amount: 1200 } }],
            [sellerSession, `/api/v1/cases/${id}/response`, { action: 'accept' }],
          ] as const) {
            const t = performance.now();
            const status = await post(base, who, path, body);
            latencies.push(performance.now() - t);
            if (status !== 200) failures++;
          }
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const flow: LoadResult = {
      name: 'choose remedy + accept (2 cmds)',
      requestsPerSecond: Math.round(latencies.length / elapsed),
      p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
      p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
      errors: failures,
      non2xx: 0,
    };

    printTable([me, page, list, messages, flow], baseline);
    console.log('');
    console.log(`Case page: ${page.requestsPerSecond} req/s, p99 ${page.p99Ms} ms (${Math.round((page.requestsPerSecond / baseline.requestsPerSecond) * 100)} % of the bare route).`);
    console.log(`Case commands: ${messages.requestsPerSecond} messages/s (p99 ${messages.p99Ms} ms); ${flow.requestsPerSecond} money-moving commands/s over ${latencies.length} commands (p99 ${flow.p99Ms} ms, ${failures} failed).`);
    const refunds = await fetch(`${base}/api/v1/cases/${caseIds[0]}`, { headers: { cookie: support.cookie } }).then((r) => r.json() as Promise<{ status: string; refunds: unknown[] }>);
    console.log(`Check: case ${caseIds[0]} is ${refunds.status} with ${refunds.refunds.length} refund instructed.`);
  } finally {
    await server.stop();
    await bare.stop();
  }
} finally {
  await database.drop();
}

/** Autocannon POSTs with one JSON body over rotating paths, as a signed-in user (session cookie + CSRF token). */
async function loadPosts(base: string, s: Session, paths: string[], body: unknown, seconds: number): Promise<LoadResult> {
  const autocannon = (await import('autocannon')).default;
  let i = 0;
  const result = await autocannon({
    url: base,
    connections: 50,
    duration: seconds,
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    requests: [{ method: 'POST', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[i++ % paths.length] }) }],
  } as never);
  const r = result as unknown as { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; timeouts: number; non2xx: number };
  return { name: 'POST /api/v1/cases/:id/messages', requestsPerSecond: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}
