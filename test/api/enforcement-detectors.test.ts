import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HttpClient } from '../helpers/http.js';
import { insertBuyer, insertOrders, insertProtectionDispute, insertReview, insertSignal } from '../helpers/enforcement.js';
import { apiKeyClient, createSeller, ingestOrder, orderPayload } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const DAY = 86_400_000;

/** Each detector on a seller who breaks its rule and one who does not. */
describe('enforcement detectors', () => {
  let server: TestServer;
  let officer: HttpClient & { email: string };
  let integration: HttpClient;
  const ago = (days: number) => new Date(server.clock.now().getTime() - days * DAY);

  before(async () => {
    server = await startTestServer();
    officer = await server.signIn(['compliance_officer']);
    integration = await apiKeyClient(server);
  });
  after(async () => server.close());

  async function run(...sellerIds: string[]) {
    const res = await officer.post('/api/v1/enforcement/detectors/run', { sellerIds });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  }
  async function violationsOf(subjectId: string, rule?: string) {
    const res = await officer.get(`/api/v1/enforcement/violations?subjectId=${subjectId}${rule ? `&rule=${rule}` : ''}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as { rule: string; status: string; points: number; evidence: Record<string, any>; autoConfirmed: boolean }[];
  }
  async function pair() {
    return [(await createSeller(server)).id, (await createSeller(server)).id] as const;
  }

  it('late shipment rate above target fires (auto-confirmed), on target does not', async () => {
    const [bad, good] = await pair();
    await insertOrders(server, bad, 20, (i) => ({ deadline: ago(5), dispatchedAt: i < 5 ? ago(4) : ago(6) }));
    await insertOrders(server, good, 20, { deadline: ago(5), dispatchedAt: ago(6) });
    await run(bad, good);
    const v = await violationsOf(bad, 'late_shipment_rate');
    assert.equal(v.length, 1);
    assert.equal(v[0].status, 'confirmed');
    assert.equal(v[0].autoConfirmed, true);
    assert.equal(v[0].evidence.num, 5);
    assert.equal(v[0].evidence.den, 20);
    assert.equal((await violationsOf(good, 'late_shipment_rate')).length, 0);
    // a second pass finds the same fact and proposes nothing new
    await run(bad);
    assert.equal((await violationsOf(bad, 'late_shipment_rate')).length, 1);
  });

  it('seller-fault cancellation rate above target fires, buyer cancellations do not', async () => {
    const [bad, good] = await pair();
    await insertOrders(server, bad, 20, (i) => (i < 2 ? { cancellationFault: 'seller', cancelledAt: ago(3) } : { dispatchedAt: ago(6) }));
    await insertOrders(server, good, 20, (i) => (i < 2 ? { cancellationFault: 'buyer', cancelledAt: ago(3) } : { dispatchedAt: ago(6) }));
    await run(bad, good);
    assert.equal((await violationsOf(bad, 'seller_cancellation_rate')).length, 1);
    assert.equal((await violationsOf(good, 'seller_cancellation_rate')).length, 0);
  });

  it('refusing to ship: orders left undispatched days past the deadline', async () => {
    const [bad, good] = await pair();
    await insertOrders(server, bad, 2, { deadline: ago(5) });
    await insertOrders(server, good, 1, { deadline: ago(5) });
    await insertOrders(server, good, 3, { deadline: ago(1) });
    await run(bad, good);
    const v = await violationsOf(bad, 'shipping_refusal');
    assert.equal(v.length, 1);
    assert.equal(v[0].status, 'proposed', 'queued for an officer');
    assert.equal(v[0].evidence.overdueOrderIds.length, 2);
    assert.equal((await violationsOf(good, 'shipping_refusal')).length, 0);
  });

  it('repeated delays: three late dispatches fire, two do not', async () => {
    const [bad, good] = await pair();
    await insertOrders(server, bad, 3, { deadline: ago(6), dispatchedAt: ago(5) });
    await insertOrders(server, good, 2, { deadline: ago(6), dispatchedAt: ago(5) });
    await run(bad, good);
    assert.equal((await violationsOf(bad, 'repeated_delays')).length, 1);
    assert.equal((await violationsOf(good, 'repeated_delays')).length, 0);
  });

  it('fictitious dispatch from signals, unless the tracking scanned later; method mismatch auto-confirmed', async () => {
    const [bad, good] = await pair();
    await insertSignal(server, bad, 'fictitious_dispatch_suspected');
    await insertSignal(server, bad, 'tracking_reused', { validTracking: true });
    await insertSignal(server, bad, 'method_mismatch');
    await insertSignal(server, good, 'fictitious_dispatch_suspected', { validTracking: true });
    await run(bad, good);
    const fict = await violationsOf(bad, 'fictitious_dispatch');
    assert.equal(fict.length, 2, 'a no-scan signal and a reused number');
    assert.ok(fict.every((v) => v.status === 'proposed'));
    const mm = await violationsOf(bad, 'method_mismatch');
    assert.equal(mm.length, 1);
    assert.equal(mm[0].status, 'confirmed');
    assert.equal((await violationsOf(good)).length, 0);
  });

  it('abusive messages in English and Chinese, obfuscated too; polite ones pass', async () => {
    const [bad, good] = await pair();
    await insertOrders(server, bad, 1, { refusalReason: '你这个傻 逼，不发货' });
    const buyer = await insertBuyer(server, { createdAt: ago(300) });
    await insertReview(server, bad, buyer, { overall: 2, sellerReply: 'Shut up you 1d10t' });
    await insertOrders(server, good, 1, { refusalReason: '已经发货，请耐心等待，谢谢' });
    await insertReview(server, good, buyer, { overall: 2, sellerReply: 'Sorry for the delay, we will ship a replacement at once.' });
    await run(bad, good);
    const v = await violationsOf(bad, 'abusive_message');
    assert.equal(v.length, 2);
    const terms = v.flatMap((x) => x.evidence.terms.map((t: { term: string }) => t.term)).sort();
    assert.deepEqual(terms, ['idiot', 'shut up', '傻逼'].sort());
    assert.equal((await violationsOf(good, 'abusive_message')).length, 0);
  });

  it('rating manipulation: reviewers linked to the seller, and a burst of five stars from new accounts', async () => {
    const [linked, burst] = await pair();
    const [clean] = await pair();
    const friend = await insertBuyer(server, { createdAt: ago(400) });
    await insertReview(server, linked, friend);
    const links = await integration.post('/api/v1/enforcement/party-links', {
      links: [
        { partyType: 'seller', partyId: linked, kind: 'device', valueHash: 'a'.repeat(64) },
        { partyType: 'buyer', partyId: friend, kind: 'device', valueHash: 'a'.repeat(64) },
      ],
    });
    assert.equal(links.status, 200, JSON.stringify(links.body));
    for (let i = 0; i < 5; i++) await insertReview(server, burst, await insertBuyer(server, { createdAt: ago(3) }), { at: new Date(ago(2).getTime() + i * 3_600_000) });
    for (let i = 0; i < 5; i++) await insertReview(server, clean, await insertBuyer(server, { createdAt: ago(400) }), { at: new Date(ago(2).getTime() + i * 3_600_000) });
    await run(linked, burst, clean);
    const l = await violationsOf(linked, 'rating_manipulation');
    assert.equal(l.length, 1);
    assert.equal(l[0].evidence.kind, 'linked_reviewers');
    const b = await violationsOf(burst, 'rating_manipulation');
    assert.equal(b.length, 1);
    assert.equal(b[0].evidence.reviews.length, 5);
    assert.equal((await violationsOf(clean, 'rating_manipulation')).length, 0);
  });

  it('listings: price far below the category median, shipping far above its cost, prohibited items', async () => {
    const [bad, good] = await pair();
    const listing = (sellerId: string, externalId: string, extra: Record<string, unknown>) => ({ externalId, sellerId, category: 'watches', title: 'Steel watch', currency: 'USD', price: 10_000, shippingCharge: 800, shippingCost: 600, ...extra });
    const res = await integration.post('/api/v1/listings', [
      ...[1, 2, 3, 4, 5].map((i) => listing(good, `g${i}`, {})),
      listing(good, 'g6', { price: 9_000, title: 'Replicator toy watch' }),
      listing(bad, 'b1', { price: 2_000 }),
      listing(bad, 'b2', { shippingCharge: 3_000, shippingCost: 500 }),
      listing(bad, 'b3', { title: 'Replica steel watch' }),
    ]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(res.body.results.every((r: { status: string }) => r.status === 'created'), JSON.stringify(res.body));
    await run(bad, good);
    assert.equal((await violationsOf(bad, 'price_below_median')).length, 1);
    assert.equal((await violationsOf(bad, 'shipping_overcharge')).length, 1);
    const p = await violationsOf(bad, 'prohibited_item');
    assert.equal(p.length, 1);
    assert.deepEqual(p[0].evidence.keywords, ['replica']);
    assert.equal((await violationsOf(good)).length, 0);
  });

  it('cannot supply: three seller-fault cancellations fire, two do not', async () => {
    const [bad, good] = await pair();
    await insertOrders(server, bad, 3, { cancellationFault: 'seller', cancelledAt: ago(2), refusalReason: null });
    await insertOrders(server, good, 2, { cancellationFault: 'seller', cancelledAt: ago(2) });
    await run(bad, good);
    assert.equal((await violationsOf(bad, 'cannot_supply')).length, 1);
    assert.equal((await violationsOf(good, 'cannot_supply')).length, 0);
  });

  it('two disputes near protection expiry in 30 days restrict small parcels; order intake refuses them', async () => {
    const [bad, good] = await pair();
    await insertProtectionDispute(server, bad, { near: true, daysAgo: 3 });
    await insertProtectionDispute(server, bad, { near: true, daysAgo: 10 });
    await insertProtectionDispute(server, good, { near: true, daysAgo: 3 });
    await insertProtectionDispute(server, good, { near: false, daysAgo: 4 });
    await insertProtectionDispute(server, good, { near: true, daysAgo: 45 });
    await run(bad, good);
    const v = await violationsOf(bad, 'protection_expiry_disputes');
    assert.equal(v.length, 1);
    assert.equal(v[0].status, 'confirmed');
    const file = await officer.get(`/api/v1/enforcement/sellers/${bad}`);
    assert.deepEqual(file.body.inForce.map((s: { kind: string }) => s.kind), ['small_parcel_restriction']);
    assert.equal(file.body.seller.status, 'restricted');
    assert.equal((await violationsOf(good)).length, 0);

    const small = await integration.post('/api/v1/orders', orderPayload(bad, { shippingMethod: { carrier: 'china_post', service: 'small_packet' } }));
    assert.equal(small.status, 422, JSON.stringify(small.body));
    assert.equal(small.body.code, 'small_parcel_restricted');
    const normal = await ingestOrder(integration, orderPayload(bad));
    assert.equal(normal.status, 'paid', 'a restricted seller still takes other orders');
    const other = await ingestOrder(integration, orderPayload(good, { shippingMethod: { carrier: 'china_post', service: 'small_packet' } }));
    assert.equal(other.status, 'paid');

    // the restriction ends with its period
    server.clock.advanceDays(31);
    await server.arbiter.scheduler.tick();
    const later = await officer.login(officer.email, 'correct-horse-battery').then(() => officer.get(`/api/v1/enforcement/sellers/${bad}`));
    assert.deepEqual(later.body.inForce, []);
    assert.equal(later.body.seller.status, 'active');
    server.clock.advanceDays(-31);
  });
});
