import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { insertOrders } from '../helpers/enforcement.js';
import { apiKeyClient, createSeller, ingestOrder, orderPayload, signInBuyerFor, signInSellerMember } from '../helpers/fixtures.js';
import type { TestServer } from '../helpers/server.js';
import { shot, signIn, startHarness, type Harness } from './browser.js';

/**
 * Visibility in the console, in Debian's Chromium: a buyer reviews a delivered order (and an abusive review is held
 * and the buyer told so); the seller replies in Chinese; the review and reply show on the public shop page, where the
 * negative filter keeps 1–2 star reviews; search shows an active shop but never a banned one; staff see why each
 * result ranks where it does; the trusted-seller list opens without signing in and its CSV download is text/csv.
 *
 * Set ARBITER_SCREENSHOTS=<dir> to keep a screenshot of each key page.
 */

const DAY = 86_400_000;
let h: Harness;
let shop: { id: string };
let banned: { id: string };
let restricted: { id: string };
let lowScore: { id: string };
let sellerEmail: string;
let buyerEmail: string;
let order: { id: string };
let abusiveOrder: { id: string };
let reviewId: string;

/**
 * A stored scorecard with this score and tier, written straight into the table (the evaluation engine has its own
 * suite). The columns are read from the catalogue so the row follows the evaluation's schema.
 */
async function insertScorecard(server: TestServer, sellerId: string, score: number, tier: string) {
  const db = server.arbiter.ctx.db;
  const now = server.clock.now();
  const cols = await sql<{ column_name: string; data_type: string }>`
    SELECT column_name, data_type FROM information_schema.columns
     WHERE table_name = 'seller_scorecard_records' AND table_schema = current_schema() AND is_nullable = 'NO' AND column_default IS NULL`.execute(db);
  const known: Record<string, unknown> = {
    seller_id: sellerId, score, tier, seller_status: 'active', verification: 'verified', source: 'full',
    stale_after: new Date(now.getTime() + DAY).toISOString(),
  };
  const byType = (t: string) => (t === 'ARRAY' ? '{}' : t === 'date' ? now.toISOString().slice(0, 10) : t.startsWith('timestamp') ? now.toISOString() : t === 'text' ? '' : t === 'jsonb' ? '{}' : 0);
  const names = cols.rows.map((c) => c.column_name);
  const values = cols.rows.map((c) => (c.column_name in known ? known[c.column_name] : byType(c.data_type)));
  await sql`INSERT INTO seller_scorecard_records (${sql.join(names.map((n) => sql.id(n)))}) VALUES (${sql.join(values)})`.execute(db);
}

async function delivered(server: TestServer, orderId: string, daysAgo: number) {
  await server.arbiter.ctx.db
    .updateTable('orders')
    .set({ status: 'delivered' as never, delivered_at: new Date(server.clock.now().getTime() - daysAgo * DAY) })
    .where('id', '=', orderId)
    .execute();
}

before(async () => {
  h = await startHarness();
  const s = h.server;
  const integration = await apiKeyClient(s, ['integration']);
  shop = await createSeller(s, { shopName: 'Lantern Harbor Trading', country: 'CN' });
  banned = await createSeller(s, { shopName: 'Lantern Harbor Outlet', status: 'banned' });
  restricted = await createSeller(s, { shopName: 'Lantern Harbor Depot', status: 'restricted' });
  lowScore = await createSeller(s, { shopName: 'Lantern Harbor Supply' });
  await insertScorecard(s, shop.id, 920, 'trusted');
  await insertScorecard(s, banned.id, 990, 'trusted');
  await insertScorecard(s, restricted.id, 1000, 'trusted');
  await insertScorecard(s, lowScore.id, 400, 'fair');
  const now = s.clock.now();
  for (const seller of [shop, banned]) {
    await s.arbiter.ctx.db
      .insertInto('listings')
      .values({ id: `lst_${randomUUID()}`, source: 'test', external_id: randomUUID(), seller_id: seller.id, category: 'home', title: 'Paper lantern, silk print', description: '', currency: 'USD', price: 1800, shipping_charge: 300, status: 'active', created_at: now, updated_at: now } as never)
      .execute();
  }
  sellerEmail = (await signInSellerMember(s, shop.id, 'owner')).email;

  const buyer = { externalId: `vis-buyer-${now.getTime()}`, email: `vis-${now.getTime()}@example.test`, name: 'Vera Buyer' };
  order = await ingestOrder(integration, orderPayload(shop.id, { buyer, paidAt: new Date(now.getTime() - 12 * DAY).toISOString() }));
  abusiveOrder = await ingestOrder(integration, orderPayload(shop.id, { buyer, paidAt: new Date(now.getTime() - 11 * DAY).toISOString() }));
  await delivered(s, order.id, 2);
  await delivered(s, abusiveOrder.id, 1);
  await signInBuyerFor(s, order as unknown as { buyerId: string });
  buyerEmail = buyer.email;

  // Another buyer's two-star review, so the shop has a negative one to find.
  const other = await s.signIn(['buyer']);
  const [otherOrder] = await insertOrders(s, shop.id, 1, { buyerId: other.userId, status: 'delivered' });
  await delivered(s, otherOrder!, 3);
  const neg = await other.post(`/api/v1/orders/${otherOrder}/review`, { overall: 2, itemAsDescribed: 2, communication: 3, shippingSpeed: 1, title: 'Slow and dented', text: 'Took three weeks and the frame was bent.' });
  assert.equal(neg.status, 201, JSON.stringify(neg.body));
});

after(async () => {
  await h?.close();
});

test('a buyer reviews a delivered order from the order page; an abusive review is held and the buyer is told', async () => {
  const { page } = await h.newPage();
  await signIn(h.server, page, buyerEmail);
  await page.goto(`${h.server.url}/orders/${order.id}`);
  await page.getByTestId('order-page').waitFor();
  await page.getByTestId('write-review').click();
  await page.getByTestId('review-form').waitFor();
  // Every rating is required: the form says so instead of sending.
  await page.getByTestId('review-submit').click();
  assert.match((await page.getByTestId('rating-overall').textContent()) ?? '', /Choose from 1 to 5 stars/);
  await page.getByTestId('rating-overall-5').check({ force: true });
  await page.getByTestId('rating-itemAsDescribed-5').check({ force: true });
  await page.getByTestId('rating-communication-4').check({ force: true });
  await page.getByTestId('rating-shippingSpeed-4').check({ force: true });
  await page.getByTestId('review-title').fill('Beautiful lanterns');
  await page.getByTestId('review-text').fill('Exactly as pictured, well packed, arrived in nine days.');
  await shot(page, 'visibility-01-review-form');
  await page.getByTestId('review-submit').click();
  await page.getByTestId('review-published').waitFor();
  const card = page.getByTestId('order-review-card');
  assert.match((await card.textContent()) ?? '', /Beautiful lanterns/);
  assert.equal(await page.getByTestId('write-review').count(), 0, 'one review per order');
  const row = await h.server.arbiter.ctx.db.selectFrom('reviews').select(['id', 'overall', 'communication', 'status']).where('order_id', '=', order.id).executeTakeFirstOrThrow();
  assert.deepEqual([row.overall, row.communication, row.status], [5, 4, 'published']);
  reviewId = row.id;

  await page.goto(`${h.server.url}/orders/${abusiveOrder.id}`);
  await page.getByTestId('write-review').click();
  for (const k of ['overall', 'itemAsDescribed', 'communication', 'shippingSpeed']) await page.getByTestId(`rating-${k}-1`).check({ force: true });
  await page.getByTestId('review-text').fill('This seller is a fucking scammer');
  await page.getByTestId('review-submit').click();
  await page.getByTestId('review-held').waitFor();
  assert.match((await page.getByTestId('review-held').textContent()) ?? '', /waiting for a moderator/);
  await shot(page, 'visibility-02-review-held');
  // After a reload the order still says the review waits, and offers no second one.
  await page.reload();
  await page.getByTestId('review-held').waitFor();
  assert.equal(await page.getByTestId('write-review').count(), 0);
  await page.context().close();
});

test('the seller replies once to the review, in Chinese', async () => {
  assert.ok(reviewId, 'the review exists');
  const { page } = await h.newPage('zh-CN');
  await signIn(h.server, page, sellerEmail);
  // The order page shows the seller the review and where to answer it.
  await page.goto(`${h.server.url}/orders/${order.id}`);
  await page.getByTestId(`review-${reviewId}`).waitFor();
  assert.equal(await page.getByTestId('write-review').count(), 0, 'only the buyer reviews');
  await page.getByTestId('review-reply-link').waitFor();
  await page.getByTestId('nav-seller-reviews').click();
  await page.getByTestId('seller-reviews-page').waitFor();
  await page.getByRole('heading', { name: '评价', exact: true }).waitFor();
  // The held review is not in the seller's list; the published ones are.
  await page.getByTestId(`review-${reviewId}`).waitFor();
  assert.equal(await page.locator('[data-testid^="review-rev_"]').count(), 2);
  await page.getByTestId(`reply-open-${reviewId}`).click();
  await page.getByTestId(`reply-text-${reviewId}`).fill('谢谢您的好评，欢迎再次光临！');
  await page.getByTestId(`reply-submit-${reviewId}`).click();
  await page.locator(`[data-testid="review-reply-${reviewId}"][data-status="published"]`).waitFor();
  assert.equal(await page.getByTestId(`reply-open-${reviewId}`).count(), 0, 'one reply per review');
  await shot(page, 'visibility-03-seller-replied-zh');
  await page.context().close();
});

test('the public shop page shows the review with its reply, and the negative filter keeps 1–2 stars', async () => {
  const { page } = await h.newPage();
  await page.goto(`${h.server.url}/shops/${shop.id}`);
  await page.getByTestId('public-shell').waitFor();
  await page.getByTestId('shop-page').waitFor();
  assert.equal(await page.getByTestId('shop-name').textContent(), 'Lantern Harbor Trading');
  await page.getByTestId('shop-badges-trusted').waitFor();
  assert.equal(await page.getByTestId('shop-badges-tier').getAttribute('data-status'), 'trusted');
  assert.equal(await page.getByTestId('rating-summary').getAttribute('data-count'), '2');
  assert.equal(await page.getByTestId('rating-average').textContent(), '3.5');
  assert.match((await page.getByTestId('rating-communication').textContent()) ?? '', /3\.5/);
  await page.getByTestId(`review-reply-${reviewId}`).waitFor();
  assert.match((await page.getByTestId(`review-reply-${reviewId}`).textContent()) ?? '', /谢谢您的好评/);
  assert.doesNotMatch((await page.getByTestId('review-list').textContent()) ?? '', /scammer/, 'a held review is not public');
  await shot(page, 'visibility-04-shop-public');

  await page.getByTestId('reviews-filter-negative').click();
  await page.locator('[data-testid="review-list"][data-filter="negative"]').waitFor();
  const stars = await page.locator('[data-testid="review-list"] article').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-overall'))));
  assert.deepEqual(stars, [2]);
  assert.match(page.url(), /filter=negative/);
  await shot(page, 'visibility-05-shop-negative');

  // Banned shops have no public page.
  await page.goto(`${h.server.url}/shops/${banned.id}`);
  await page.getByTestId('shop-page-missing').waitFor();
  await page.context().close();
});

test('search shows the active shop with its trust badge and never the banned one', async () => {
  const { page } = await h.newPage();
  await signIn(h.server, page, buyerEmail);
  await page.getByTestId('nav-find-sellers').click();
  await page.getByTestId('search-page').waitFor();
  await page.getByTestId('search-q').fill('Lantern Harbor');
  await page.getByTestId('search-submit').click();
  await page.getByTestId(`seller-result-${shop.id}`).waitFor();
  const ids = await page.locator('[data-testid="seller-results"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
  assert.ok(!ids.includes(`seller-result-${banned.id}`), 'a banned seller never appears');
  assert.equal(ids[0], `seller-result-${shop.id}`, 'the trusted shop leads');
  assert.ok(ids.indexOf(`seller-result-${restricted.id}`) > ids.indexOf(`seller-result-${lowScore.id}`), 'the restricted shop is demoted under a lower score');
  assert.equal(await page.getByTestId(`seller-badges-${shop.id}-tier`).getAttribute('data-status'), 'trusted');
  assert.equal(await page.locator('[data-testid^="rank-"]').count(), 0, 'buyers do not see the rank explanation');
  await shot(page, 'visibility-06-search-buyer');

  await page.getByTestId('search-kind-listings').click();
  await page.getByTestId('search-q').fill('lantern');
  await page.getByTestId('search-submit').click();
  await page.getByTestId('listing-results').waitFor();
  const sellers = await page.locator('[data-testid="listing-results"] a[data-testid^="shop-link-"]').evaluateAll((as) => as.map((a) => a.getAttribute('data-testid')));
  assert.deepEqual(sellers, [`shop-link-${shop.id}`]);

  // A result leads to the shop's page.
  await page.getByTestId(`shop-link-${shop.id}`).click();
  await page.getByTestId('shop-page').waitFor();
  await page.context().close();
});

test('staff see each result’s rank explained', async () => {
  const officer = await h.server.signIn(['compliance_officer'], { name: 'Rana Ranker' });
  const { page } = await h.newPage();
  await signIn(h.server, page, officer.email);
  await page.getByTestId('nav-search-sellers').click();
  await page.getByTestId('staff-search-page').waitFor();
  await page.getByTestId('search-q').fill('Lantern Harbor');
  await page.getByTestId('search-submit').click();
  await page.getByTestId(`rank-${shop.id}`).waitFor();
  const final = Number(await page.getByTestId(`rank-${shop.id}`).getAttribute('data-final'));
  const relevance = Number((await page.getByTestId(`rank-${shop.id}-relevance`).textContent()) ?? '');
  const trust = Number(((await page.getByTestId(`rank-${shop.id}-trust`).textContent()) ?? '').replace('×', ''));
  assert.ok(final > 0 && Math.abs(final - relevance * trust) < 1e-3 * Math.max(1, final), `final ${final} = ${relevance} × ${trust}`);
  assert.equal(await page.getByTestId(`rank-${restricted.id}`).getAttribute('data-demoted'), 'true');
  assert.match((await page.getByTestId(`rank-${restricted.id}-demotion`).textContent()) ?? '', /0\.25/);
  assert.equal(await page.getByTestId(`rank-${shop.id}`).getAttribute('data-demoted'), 'false');
  await shot(page, 'visibility-07-search-staff-explained');
  await page.context().close();
});

test('the trusted-seller list opens without signing in; its CSV download is text/csv', async () => {
  const { page, context } = await h.newPage('zh-CN');
  await page.goto(`${h.server.url}/trusted-sellers`);
  await page.getByTestId('trusted-sellers-page').waitFor();
  await page.getByTestId('public-sign-in').waitFor();
  await page.getByRole('heading', { name: '可信卖家', exact: true }).waitFor();
  await page.getByTestId(`trusted-${shop.id}`).waitFor();
  for (const hidden of [banned.id, restricted.id, lowScore.id]) assert.equal(await page.getByTestId(`trusted-${hidden}`).count(), 0);
  await shot(page, 'visibility-08-trusted-public-zh');
  // The language switch works before signing in.
  await page.getByTestId('lang-en').click();
  await page.getByRole('heading', { name: 'Trusted sellers', exact: true }).waitFor();

  const href = await page.getByTestId('download-csv').getAttribute('href');
  assert.ok(href);
  const csv = await context.request.get(new URL(href!, h.server.url).toString());
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'] ?? '', /^text\/csv/);
  const text = await csv.text();
  assert.match(text.split('\r\n')[0]!, /^seller_id,/);
  assert.ok(text.includes(shop.id) && !text.includes(banned.id));
  const download = page.waitForEvent('download');
  await page.getByTestId('download-csv').click();
  assert.equal((await download).suggestedFilename(), 'trusted-sellers.csv');
  const json = await context.request.get(new URL((await page.getByTestId('download-json').getAttribute('href'))!, h.server.url).toString());
  assert.match(json.headers()['content-type'] ?? '', /application\/json/);

  await page.getByTestId(`shop-link-${shop.id}`).click();
  await page.getByTestId('shop-page').waitFor();
  await context.close();
});

test('a support agent publishes the held review with a reason; it then shows among the negative reviews', async () => {
  const held = await h.server.arbiter.ctx.db.selectFrom('reviews').select('id').where('order_id', '=', abusiveOrder.id).executeTakeFirstOrThrow();
  const agent = await h.server.signIn(['support_agent'], { name: 'Mia Moderator' });
  const { page } = await h.newPage();
  await signIn(h.server, page, agent.email);
  await page.goto(`${h.server.url}/compliance/reviews`);
  await page.getByTestId('moderation-page').waitFor();
  await page.getByTestId(`review-${held.id}`).waitFor();
  const terms = await page.locator(`[data-testid="review-${held.id}"] [data-testid="held-term"]`).allTextContents();
  assert.ok(terms.length > 0, 'the words that held it are shown');
  await shot(page, 'visibility-09-moderation');
  await page.getByTestId(`publish-review-${held.id}`).click();
  await page.getByTestId('moderation-dialog').waitFor();
  await page.getByTestId('moderation-dialog-reason').fill('Harsh words about a real problem');
  await page.getByTestId('moderation-dialog-submit').click();
  await page.getByTestId(`review-${held.id}`).waitFor({ state: 'detached' });

  await page.goto(`${h.server.url}/shops/${shop.id}?filter=negative`);
  await page.locator('[data-testid="review-list"][data-filter="negative"]').waitFor();
  await page.getByTestId(`review-${held.id}`).waitFor();
  const stars = await page.locator('[data-testid="review-list"] article').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-overall'))));
  assert.deepEqual(stars.sort(), [1, 2]);
  await page.context().close();
});
