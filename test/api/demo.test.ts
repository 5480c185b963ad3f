import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemoIfEmpty, type DemoResult } from '../../src/demo/seed.js';
import { sniffType } from '../../src/files/file-types.js';
import { HttpClient } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** What the demo is made of, without ids and times: the same on every empty database. */
async function shape(server: TestServer) {
  const db = server.arbiter.ctx.db;
  const sellers = await db
    .selectFrom('sellers')
    .innerJoin('seller_applications', 'seller_applications.seller_id', 'sellers.id')
    .select(['sellers.id', 'sellers.shop_name', 'sellers.region', 'sellers.business_type', 'sellers.status', 'seller_applications.status as application_status'])
    .orderBy('sellers.shop_name')
    .execute();
  const result = [];
  for (const s of sellers) {
    const docs = await db.selectFrom('seller_documents').select(['kind', 'status', 'media_type', 'version', 'expires_on']).where('seller_id', '=', s.id).orderBy('kind').orderBy('version').execute();
    result.push({ ...s, id: undefined, docs: docs.map((d) => `${d.kind} v${d.version} ${d.status} ${d.media_type}`) });
  }
  return result;
}

describe('demo marketplace', () => {
  let server: TestServer;
  let demo: DemoResult | null;

  before(async () => {
    server = await startTestServer();
    demo = await seedDemoIfEmpty(server.arbiter.ctx);
  });
  after(async () => server.close());

  it('seeds an empty database once, with a login per staff role, buyers and sellers', async () => {
    assert.ok(demo);
    const roles = demo.logins.map((l) => l.role);
    for (const r of ['admin', 'compliance_officer', 'support_agent', 'qc_inspector', 'buyer']) assert.ok(roles.includes(r), r);
    assert.ok(demo.logins.some((l) => l.email === 'officer@demo.arbiter.test'));
    assert.equal(demo.logins.filter((l) => l.role.startsWith('seller')).length, 12);
    assert.equal(await seedDemoIfEmpty(server.arbiter.ctx), null, 'a second run seeds nothing');
  });

  it('has sellers in every verification state', async () => {
    const db = server.arbiter.ctx.db;
    const apps = (await db.selectFrom('seller_applications').select('status').execute()).map((r) => r.status);
    for (const s of ['draft', 'submitted', 'under_review', 'revision_requested', 'verified', 'rejected'] as const) assert.ok(apps.includes(s), s);
    const sellers = await db.selectFrom('sellers').select(['status', 'business_type', 'region', 'country']).execute();
    assert.ok(sellers.length >= 12);
    for (const s of ['pending_verification', 'active', 'reverification'] as const) assert.ok(sellers.some((x) => x.status === s), s);
    assert.ok(sellers.some((s) => s.business_type === 'individual') && sellers.some((s) => s.business_type === 'company'));
    assert.deepEqual(new Set(sellers.map((s) => s.region)), new Set(['Guangdong', 'Zhejiang', 'Fujian']));

    const revision = await db.selectFrom('seller_documents').select('review_reason').where('status', '=', 'revision_requested').execute();
    assert.ok(revision.length > 0 && revision.every((d) => (d.review_reason ?? '').length > 10));
    const rejected = await db.selectFrom('seller_applications').select('decision_reason').where('status', '=', 'rejected').executeTakeFirstOrThrow();
    assert.ok(rejected.decision_reason);

    // one verified seller's document expires within 30 days and was warned about
    const today = server.clock.now().toISOString().slice(0, 10);
    const in30 = new Date(server.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    const expiring = await db.selectFrom('seller_documents').select(['id', 'seller_id']).where('status', '=', 'approved').where('expires_on', '>=', today).where('expires_on', '<=', in30).execute();
    assert.equal(expiring.length, 1);
    const warning = await db.selectFrom('entity_history').select('at').where('entity_id', '=', expiring[0].id).where('event', '=', 'expiry_warning').executeTakeFirst();
    assert.ok(warning, 'the 30-day warning is on the timeline');
    assert.ok(warning.at <= server.clock.now());
    const expired = await db.selectFrom('seller_documents').select('seller_id').where('status', '=', 'expired').execute();
    assert.equal(expired.length, 1);
  });

  it('stores real documents, typed by their content', async () => {
    const { ctx } = server.arbiter;
    const docs = await ctx.db.selectFrom('seller_documents').select(['kind', 'sha256', 'media_type', 'size_bytes']).execute();
    assert.ok(docs.length >= 25);
    const types = new Set(docs.map((d) => d.media_type));
    for (const t of ['application/pdf', 'image/png', 'image/jpeg']) assert.ok(types.has(t), t);
    for (const d of docs) {
      const bytes = await readAll(ctx.storage.open(d.sha256));
      assert.equal(bytes.length, Number(d.size_bytes));
      assert.equal((await sniffType(bytes.subarray(0, 4100)))?.mediaType, d.media_type);
      if (d.kind === 'business_licence') assert.equal(d.media_type, 'application/pdf');
    }
  });

  it('leaves a real history, and the logins work', async () => {
    const db = server.arbiter.ctx.db;
    const events = (await db.selectFrom('entity_history').select(['event', 'entity_type']).where('seller_id', 'is not', null).execute()).map((e) => `${e.entity_type}.${e.event}`);
    for (const e of ['seller.register', 'seller_document.upload', 'seller_application.submit', 'seller_application.start_review', 'seller_document.approve', 'seller_document.request_revision', 'seller_application.approve', 'seller.verify', 'seller_application.reject', 'seller_document.expire', 'seller.require_reverification', 'seller_document.supersede']) {
      assert.ok(events.includes(e), e);
    }
    const officer = new HttpClient(server.url);
    await officer.login('officer@demo.arbiter.test', demo!.password);
    const queue = await officer.get('/api/v1/review-queue');
    assert.equal(queue.status, 200);
    assert.ok(queue.body.items.length >= 4);
    const waits = queue.body.items.map((i: { waitingSeconds: number }) => i.waitingSeconds);
    assert.deepEqual(waits, [...waits].sort((a, b) => b - a), 'longest waiting first');
    const seller = new HttpClient(server.url);
    await seller.login('seller1@demo.arbiter.test', demo!.password);
    const me = await seller.get('/api/v1/auth/me');
    const mine = await seller.get(`/api/v1/sellers/${me.body.user.sellers[0].sellerId}/application`);
    assert.equal(mine.body.application.status, 'verified');
    assert.equal(me.body.user.locale, 'zh-CN');
  });

  it('comes out the same on another empty database', async () => {
    const other = await startTestServer();
    try {
      await seedDemoIfEmpty(other.arbiter.ctx);
      assert.deepEqual(await shape(other), await shape(server));
    } finally {
      await other.close();
    }
  });
});
