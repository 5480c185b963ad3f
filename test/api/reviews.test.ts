import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertOrders } from '../helpers/enforcement.js';
import { createSeller, signInSellerMember } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const DAY = 86_400_000;
const body = { overall: 5, itemAsDescribed: 5, communication: 4, shippingSpeed: 5, title: 'Great sneakers', text: 'Exactly as described, fast shipping.' };

describe('reviews', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  async function deliveredOrder(sellerId: string, buyerId: string, deliveredDaysAgo: number | null) {
    const [id] = await insertOrders(server, sellerId, 1, { buyerId, status: deliveredDaysAgo === null ? 'paid' : 'delivered' });
    if (deliveredDaysAgo !== null) {
      await server.arbiter.ctx.db.updateTable('orders').set({ delivered_at: new Date(server.clock.now().getTime() - deliveredDaysAgo * DAY) }).where('id', '=', id!).execute();
    }
    return id!;
  }

  it('the buyer reviews once within the window; the seller replies once; profile and negative filter', async () => {
    const seller = await createSeller(server, { shopName: 'Review Shop' });
    const buyer = await server.signIn(['buyer']);
    const order = await deliveredOrder(seller.id, buyer.userId, 2);

    const other = await server.signIn(['buyer']);
    assert.equal((await other.post(`/api/v1/orders/${order}/review`, body)).status, 404);
    assert.equal((await buyer.post(`/api/v1/orders/${order}/review`, { ...body, overall: 6 })).status, 400);

    const res = await buyer.post(`/api/v1/orders/${order}/review`, body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.status, 'published');
    const dirty = await server.arbiter.ctx.db.selectFrom('evaluation_dirty_sellers').select('seller_id').where('seller_id', '=', seller.id).execute();
    assert.ok(dirty.length > 0, 'a new review marks the seller for recompute');

    const again = await buyer.post(`/api/v1/orders/${order}/review`, body);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'review_exists');

    const negOrder = await deliveredOrder(seller.id, buyer.userId, 1);
    assert.equal((await buyer.post(`/api/v1/orders/${negOrder}/review`, { ...body, overall: 1, title: 'Broken', text: 'Arrived broken.' })).status, 201);

    const member = await signInSellerMember(server, seller.id);
    const outsider = await signInSellerMember(server, (await createSeller(server)).id);
    assert.equal((await outsider.post(`/api/v1/reviews/${res.body.id}/reply`, { text: 'Thanks' })).status, 404);
    const rep = await member.post(`/api/v1/reviews/${res.body.id}/reply`, { text: 'Thank you for your order!' });
    assert.equal(rep.status, 200);
    assert.equal(rep.body.reply.text, 'Thank you for your order!');
    assert.equal((await member.post(`/api/v1/reviews/${res.body.id}/reply`, { text: 'Again' })).status, 409);

    const anon = server.anonymous();
    const all = await anon.get(`/api/v1/sellers/${seller.id}/reviews`);
    assert.equal(all.status, 200);
    assert.equal(all.body.total, 2);
    const neg = await anon.get(`/api/v1/sellers/${seller.id}/reviews?negative=true`);
    assert.deepEqual(neg.body.reviews.map((r: any) => r.overall), [1]);
    const page = await anon.get(`/api/v1/sellers/${seller.id}/reviews?limit=1&offset=1`);
    assert.equal(page.body.reviews.length, 1);

    const profile = await anon.get(`/api/v1/sellers/${seller.id}/public`);
    assert.equal(profile.status, 200);
    assert.equal(profile.body.shopName, 'Review Shop');
    assert.equal(profile.body.verified, true);
    assert.equal(profile.body.rating.count, 2);
    assert.equal(profile.body.rating.average, 3);
    assert.equal(profile.body.rating.negative, 1);
  });

  it('before delivery and after the window: 422', async () => {
    const seller = await createSeller(server);
    const buyer = await server.signIn(['buyer']);
    const notYet = await deliveredOrder(seller.id, buyer.userId, null);
    const r1 = await buyer.post(`/api/v1/orders/${notYet}/review`, body);
    assert.equal(r1.status, 422);
    assert.equal(r1.body.code, 'order_not_delivered');
    const late = await deliveredOrder(seller.id, buyer.userId, 61);
    const r2 = await buyer.post(`/api/v1/orders/${late}/review`, body);
    assert.equal(r2.status, 422);
    assert.equal(r2.body.code, 'review_window_closed');
    const edge = await deliveredOrder(seller.id, buyer.userId, 59);
    assert.equal((await buyer.post(`/api/v1/orders/${edge}/review`, body)).status, 201);
  });

  it('abusive text in English or Chinese is held; staff publish or remove it with a reason', async () => {
    const seller = await createSeller(server);
    const buyer = await server.signIn(['buyer']);
    const o1 = await deliveredOrder(seller.id, buyer.userId, 1);
    const o2 = await deliveredOrder(seller.id, buyer.userId, 1);
    const en = await buyer.post(`/api/v1/orders/${o1}/review`, { ...body, overall: 1, text: 'This seller is a fucking scammer' });
    assert.equal(en.status, 201);
    assert.equal(en.body.status, 'held');
    const zh = await buyer.post(`/api/v1/orders/${o2}/review`, { ...body, overall: 2, text: '卖家是傻逼' });
    assert.equal(zh.body.status, 'held');

    const anon = server.anonymous();
    assert.equal((await anon.get(`/api/v1/sellers/${seller.id}/reviews`)).body.total, 0);

    assert.equal((await buyer.get('/api/v1/reviews/held')).status, 403);
    const agent = await server.signIn(['support_agent']);
    const queue = await agent.get('/api/v1/reviews/held');
    assert.ok(queue.body.reviews.some((r: any) => r.id === en.body.id && r.moderation.heldTerms.length > 0));

    assert.equal((await buyer.post(`/api/v1/reviews/${en.body.id}/moderate`, { action: 'publish', reason: 'ok' })).status, 403);
    const pub = await agent.post(`/api/v1/reviews/${zh.body.id}/moderate`, { action: 'publish', reason: 'Strong words about a real problem' });
    assert.equal(pub.status, 200);
    assert.equal(pub.body.status, 'published');
    const rem = await agent.post(`/api/v1/reviews/${en.body.id}/moderate`, { action: 'remove', reason: 'Insults' });
    assert.equal(rem.body.status, 'removed');
    assert.equal((await agent.post(`/api/v1/reviews/${en.body.id}/moderate`, { action: 'publish', reason: 'x' })).status, 409);
    const visible = await anon.get(`/api/v1/sellers/${seller.id}/reviews`);
    assert.deepEqual(visible.body.reviews.map((r: any) => r.id), [zh.body.id]);
  });

  it("the order's review state: reviewable only for its buyer, within the window; the seller's received reviews", async () => {
    const seller = await createSeller(server, { shopName: 'State Shop' });
    const buyer = await server.signIn(['buyer']);
    const member = await signInSellerMember(server, seller.id);
    const notYet = await deliveredOrder(seller.id, buyer.userId, null);
    const open = await deliveredOrder(seller.id, buyer.userId, 3);
    const late = await deliveredOrder(seller.id, buyer.userId, 61);

    const s1 = await buyer.get(`/api/v1/orders/${notYet}/review`);
    assert.equal(s1.status, 200);
    assert.deepEqual([s1.body.reviewable, s1.body.reason, s1.body.closesAt], [false, 'not_delivered', null]);
    const s2 = await buyer.get(`/api/v1/orders/${open}/review`);
    assert.deepEqual([s2.body.reviewable, s2.body.reason, s2.body.windowDays, s2.body.review], [true, null, 60, null]);
    assert.equal(new Date(s2.body.closesAt).getTime() - server.clock.now().getTime(), 57 * DAY);
    assert.equal((await buyer.get(`/api/v1/orders/${late}/review`)).body.reason, 'window_closed');

    // Only the buyer may review; the seller may look; a stranger learns nothing.
    const seen = await member.get(`/api/v1/orders/${open}/review`);
    assert.deepEqual([seen.status, seen.body.reviewable], [200, false]);
    assert.equal((await (await server.signIn(['buyer'])).get(`/api/v1/orders/${open}/review`)).status, 404);
    assert.equal((await buyer.get('/api/v1/orders/ord_missing/review')).status, 404);

    const held = await buyer.post(`/api/v1/orders/${open}/review`, { ...body, overall: 1, text: 'This seller is a fucking scammer' });
    assert.equal(held.body.status, 'held');
    const s3 = await buyer.get(`/api/v1/orders/${open}/review`);
    assert.deepEqual([s3.body.reviewable, s3.body.reason, s3.body.review.status], [false, 'reviewed', 'held']);
    assert.ok(s3.body.review.moderation.heldTerms.length > 0, 'the author sees why the review waits');
    assert.equal((await member.get(`/api/v1/orders/${open}/review`)).body.review, null, 'the seller does not see a held review');

    // Received reviews: members and staff only; the seller's held reply stays visible to the seller.
    const o2 = await deliveredOrder(seller.id, buyer.userId, 1);
    const o3 = await deliveredOrder(seller.id, buyer.userId, 1);
    const r2 = await buyer.post(`/api/v1/orders/${o2}/review`, { ...body, overall: 2, text: 'Slow.' });
    await buyer.post(`/api/v1/orders/${o3}/review`, body);
    assert.equal((await buyer.get(`/api/v1/sellers/${seller.id}/reviews/received`)).status, 404);
    const outsider = await signInSellerMember(server, (await createSeller(server)).id);
    assert.equal((await outsider.get(`/api/v1/sellers/${seller.id}/reviews/received`)).status, 404);
    const inbox = await member.get(`/api/v1/sellers/${seller.id}/reviews/received`);
    assert.equal(inbox.status, 200);
    assert.deepEqual([inbox.body.total, inbox.body.unanswered], [2, 2], 'the held review is not in the inbox');
    const rep = await member.post(`/api/v1/reviews/${r2.body.id}/reply`, { text: '你这个傻逼' });
    assert.equal(rep.body.reply.status, 'held');
    const after = await member.get(`/api/v1/sellers/${seller.id}/reviews/received?negative=true`);
    assert.deepEqual(after.body.reviews.map((r: any) => [r.id, r.reply?.status]), [[r2.body.id, 'held']]);
    assert.equal(after.body.reviews[0].moderation, undefined);
    assert.equal((await member.get(`/api/v1/sellers/${seller.id}/reviews/received?unanswered=true`)).body.total, 1);
    const pub = await server.anonymous().get(`/api/v1/sellers/${seller.id}/reviews?negative=true`);
    assert.equal(pub.body.reviews[0].reply, null, 'the public does not see a held reply');
    const staff = await server.signIn(['compliance_officer']);
    assert.equal((await staff.get(`/api/v1/sellers/${seller.id}/reviews/received`)).body.total, 2);
  });

  it('suspended and banned sellers have no public profile', async () => {
    for (const status of ['suspended', 'banned'] as const) {
      const s = await createSeller(server, { status });
      assert.equal((await server.anonymous().get(`/api/v1/sellers/${s.id}/public`)).status, 404);
      assert.equal((await server.anonymous().get(`/api/v1/sellers/${s.id}/reviews`)).status, 404);
    }
  });
});
