import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createSeller } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { randomUUID } from 'node:crypto';

/**
 * A stored scorecard with the given score and tier, written straight into the table (the evaluation engine has its
 * own suite). Columns are read from the catalogue so the row follows the evaluation's schema: arrays empty, counts 0.
 */
export async function insertScorecard(server: TestServer, sellerId: string, score: number, tier: string) {
  const db = server.arbiter.ctx.db;
  const now = server.clock.now();
  const cols = await sql<{ column_name: string; data_type: string }>`
    SELECT column_name, data_type FROM information_schema.columns
     WHERE table_name = 'seller_scorecard_records' AND table_schema = current_schema() AND is_nullable = 'NO' AND column_default IS NULL`.execute(db);
  const known: Record<string, unknown> = {
    seller_id: sellerId, score, tier, seller_status: 'active', verification: 'verified', source: 'full',
    stale_after: new Date(now.getTime() + 86_400_000).toISOString(),
  };
  const byType = (t: string) => (t === 'ARRAY' ? '{}' : t === 'date' ? '2026-03-02' : t.startsWith('timestamp') ? now.toISOString() : t === 'text' ? '' : t === 'jsonb' ? '{}' : 0);
  const names = cols.rows.map((c) => c.column_name);
  const values = cols.rows.map((c) => (c.column_name in known ? known[c.column_name] : byType(c.data_type)));
  await sql`INSERT INTO seller_scorecard_records (${sql.join(names.map((n) => sql.id(n)))}) VALUES (${sql.join(values)})`.execute(db);
}

describe('search', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  async function scored(score: number, tier: string, opts: { shopName: string; status?: 'active' | 'restricted' | 'suspended' | 'banned'; country?: string }) {
    const s = await createSeller(server, { shopName: opts.shopName, status: opts.status, country: opts.country });
    const now = server.clock.now();
    await insertScorecard(server, s.id, score, tier);
    return s;
  }

  async function listing(sellerId: string, title: string, price: number, category = 'shoes') {
    const now = server.clock.now();
    await server.arbiter.ctx.db
      .insertInto('listings')
      .values({ id: `lst_${randomUUID()}`, source: 'test', external_id: randomUUID(), seller_id: sellerId, category, title, description: '', currency: 'USD', price, shipping_charge: 0, status: 'active', created_at: now, updated_at: now } as never)
      .execute();
  }

  it('never shows suspended or banned sellers (by status or by a sanction), nor their listings', async () => {
    const ok = await scored(700, 'good', { shopName: 'Lantern Visible Store' });
    const suspended = await scored(950, 'trusted', { shopName: 'Lantern Suspended Store', status: 'suspended' });
    const banned = await scored(990, 'trusted', { shopName: 'Lantern Banned Store', status: 'banned' });
    const sanctioned = await scored(900, 'trusted', { shopName: 'Lantern Sanctioned Store' });
    const officer = await server.signIn(['compliance_officer']);
    const imposed = await officer.post('/api/v1/enforcement/sanctions', { sellerId: sanctioned.id, kind: 'suspension', reason: 'Repeated fictitious dispatch' });
    assert.equal(imposed.status, 201, JSON.stringify(imposed.body));
    for (const s of [ok, suspended, banned, sanctioned]) await listing(s.id, 'Lantern paper lamp', 1000);

    const anon = server.anonymous();
    const res = await anon.get('/api/v1/search/sellers?q=lantern');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.results.map((r: any) => r.id), [ok.id]);
    const all = await anon.get('/api/v1/search/sellers?limit=200');
    for (const hidden of [suspended.id, banned.id, sanctioned.id]) assert.ok(!all.body.results.some((r: any) => r.id === hidden));
    const lst = await anon.get('/api/v1/search/listings?q=lamp');
    assert.deepEqual([...new Set(lst.body.results.map((r: any) => r.seller.id))], [ok.id]);
  });

  it('ranks by relevance × trust boost, demotes restricted and search-demoted sellers, explains to staff only', async () => {
    const high = await scored(900, 'trusted', { shopName: 'Harbor Kite Works' });
    const low = await scored(300, 'fair', { shopName: 'Harbor Kite Supply' });
    const mid = await scored(600, 'good', { shopName: 'Harbor Kite Depot' });
    const restricted = await scored(1000, 'trusted', { shopName: 'Harbor Kite Restricted', status: 'restricted' });
    const demoted = await scored(950, 'trusted', { shopName: 'Harbor Kite Demoted' });
    const officer = await server.signIn(['compliance_officer']);
    assert.equal((await officer.post('/api/v1/enforcement/sanctions', { sellerId: demoted.id, kind: 'search_demotion', reason: 'Late shipments' })).status, 201);

    const anon = server.anonymous();
    const res = await anon.get('/api/v1/search/sellers?q=harbor%20kite');
    const ids = res.body.results.map((r: any) => r.id);
    assert.deepEqual(ids.slice(0, 2), [high.id, mid.id]);
    assert.ok(ids.indexOf(restricted.id) > ids.indexOf(low.id), 'restricted 1000 × 0.25 ranks under an unrestricted 300');
    assert.ok(ids.indexOf(demoted.id) > ids.indexOf(mid.id));
    assert.equal(res.body.results[0].explain, undefined);

    assert.equal((await anon.get('/api/v1/search/sellers?q=harbor&explain=true')).status, 403);
    const seller = await server.signIn(['seller']);
    assert.equal((await seller.get('/api/v1/search/sellers?q=harbor&explain=true')).status, 403);
    const agent = await server.signIn(['support_agent']);
    const ex = await agent.get('/api/v1/search/sellers?q=harbor%20kite&explain=true');
    assert.equal(ex.status, 200);
    const top = ex.body.results[0].explain;
    assert.equal(top.trustScore, 900);
    assert.equal(top.boost, 0.5);
    assert.ok(Math.abs(top.finalRank - top.relevance * 1.4) < 1e-5);
    const d = ex.body.results.find((r: any) => r.id === demoted.id).explain;
    assert.equal(d.demoted, true);
    assert.equal(d.demotionFactor, 0.25);

    const filtered = await anon.get('/api/v1/search/sellers?q=harbor&tier=good');
    assert.deepEqual(filtered.body.results.map((r: any) => r.id), [mid.id]);
  });

  it('Chinese names and titles match as substrings; filters on country, category and price', async () => {
    const a = await scored(700, 'good', { shopName: '深圳华强电子商行', country: 'CN' });
    const b = await scored(600, 'good', { shopName: 'Huaqiang Global', country: 'HK' });
    await listing(a.id, '无线蓝牙耳机 降噪', 5000, 'electronics');
    await listing(b.id, 'Wireless earbuds 蓝牙耳机', 2000, 'electronics');
    await listing(b.id, 'Wireless mouse', 1500, 'computers');
    const anon = server.anonymous();
    const zh = await anon.get(`/api/v1/search/sellers?q=${encodeURIComponent('华强')}`);
    assert.deepEqual(zh.body.results.map((r: any) => r.id), [a.id]);
    const cn = await anon.get('/api/v1/search/sellers?country=HK&q=huaqiang');
    assert.deepEqual(cn.body.results.map((r: any) => r.id), [b.id]);
    const ear = await anon.get(`/api/v1/search/listings?q=${encodeURIComponent('蓝牙耳机')}`);
    assert.equal(ear.body.total, 2);
    const cheap = await anon.get(`/api/v1/search/listings?q=${encodeURIComponent('蓝牙耳机')}&maxPrice=3000`);
    assert.deepEqual(cheap.body.results.map((r: any) => r.price), [2000]);
    const cat = await anon.get('/api/v1/search/listings?q=wireless&category=computers');
    assert.deepEqual(cat.body.results.map((r: any) => r.title), ['Wireless mouse']);
  });

  it('trusted-seller list: trusted tier, verified, no sanction in force; CSV, JSON and the public page', async () => {
    const good = await scored(920, 'trusted', { shopName: '=Trusted "Quote", Shop', country: 'CN' });
    const warned = await scored(930, 'trusted', { shopName: 'Warned Trusted Shop' });
    const notTrusted = await scored(800, 'good', { shopName: 'Merely Good Shop' });
    const suspended = await scored(950, 'trusted', { shopName: 'Suspended Trusted Shop', status: 'suspended' });
    const officer = await server.signIn(['compliance_officer']);
    assert.equal((await officer.post('/api/v1/enforcement/sanctions', { sellerId: warned.id, kind: 'warning', reason: 'Rude replies' })).status, 201);

    const anon = server.anonymous();
    const json = await anon.get('/api/v1/trusted-sellers.json');
    assert.equal(json.status, 200);
    const ids = json.body.sellers.map((s: any) => s.sellerId);
    assert.ok(ids.includes(good.id));
    for (const out of [warned.id, notTrusted.id, suspended.id]) assert.ok(!ids.includes(out));

    const csv = await anon.get('/api/v1/trusted-sellers.csv');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const { parse } = await import('csv-parse/sync');
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r.seller_id === good.id)!;
    assert.equal(row.shop_name, `'=Trusted "Quote", Shop`);
    assert.equal(row.trust_score, '920');
    assert.equal(rows.length, json.body.sellers.length);

    const page = await anon.get('/api/v1/trusted-sellers?country=cn&limit=10');
    assert.equal(page.status, 200);
    assert.ok(page.body.sellers.every((s: any) => s.country === 'CN'));
    assert.ok(page.body.countries.includes('CN'));
  });
});
