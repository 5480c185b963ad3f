import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { newId } from '../../src/shared/ids.js';
import { ManualClock } from '../../src/shared/clock.js';
import { recomputeAll, processDirtySellers } from '../../src/modules/evaluation/service.js';
import { printScorecards } from '../../src/modules/evaluation/cli.js';
import type { HttpClient } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { apiKeyClient, createSeller, ingestOrder, orderPayload, signInSellerMember } from '../helpers/fixtures.js';

// As of Tuesday 31 March 2026 (UTC, the default evaluation zone): a 30-day window is 2 March 00:00 – 1 April 00:00.
const NOW = '2026-03-31T10:00:00.000Z';
const T = (s: string) => new Date(s);

interface OrderFacts {
  source?: string;
  paidAt?: string;
  deadline?: string;
  dispatchedAt?: string | null;
  trackingValidAt?: string | null;
  deliveredAt?: string | null;
  estimatedOn?: string | null;
  cancelledAt?: string | null;
  fault?: 'seller' | 'buyer' | 'platform' | null;
  status?: string;
}

let counter = 0;

/** An order row with exactly the facts a case needs (the unit the metrics count). */
async function insertOrder(server: TestServer, sellerId: string, buyerId: string, f: OrderFacts = {}): Promise<string> {
  const id = newId('ord');
  const paidAt = f.paidAt ?? '2026-03-10T00:00:00Z';
  await server.arbiter.ctx.db
    .insertInto('orders')
    .values({
      id,
      source: f.source ?? 'platform',
      external_id: `EV-${++counter}-${id}`,
      seller_id: sellerId,
      buyer_id: buyerId,
      buyer_external_id: null,
      currency: 'USD',
      items_total: 1000,
      shipping_carrier: 'sf',
      shipping_service: 'standard',
      status: (f.status ?? (f.cancelledAt ? 'cancelled' : f.deliveredAt ? 'completed' : f.dispatchedAt ? 'dispatched' : 'paid')) as 'paid',
      ingest_hash: 'x',
      paid_at: T(paidAt),
      processing_days: 3,
      dispatch_deadline: T(f.deadline ?? '2026-03-13T00:00:00Z'),
      dispatched_at: f.dispatchedAt ? T(f.dispatchedAt) : null,
      dispatched_late: f.dispatchedAt ? T(f.dispatchedAt) > T(f.deadline ?? '2026-03-13T00:00:00Z') : null,
      tracking_valid_at: f.trackingValidAt ? T(f.trackingValidAt) : null,
      delivered_at: f.deliveredAt ? T(f.deliveredAt) : null,
      estimated_delivery_on: f.estimatedOn ?? null,
      cancelled_at: f.cancelledAt ? T(f.cancelledAt) : null,
      cancellation_fault: f.fault ?? null,
      cancellation_requested_at: null,
      cancellation_reason: null,
      cancellation_outcome: null,
      cancellation_answered_at: null,
      cancellation_refusal_reason: null,
      received_at_warehouse_at: null,
      qc_decided_at: null,
      shipped_international_at: null,
      completed_at: null,
      refunded_at: null,
      created_at: T(paidAt),
      updated_at: T(paidAt),
    })
    .execute();
  return id;
}

async function insertReview(
  server: TestServer,
  orderId: string,
  r: { overall: number; createdAt: string; status?: 'published' | 'held' | 'removed'; communication?: number },
): Promise<void> {
  const o = await server.arbiter.ctx.db.selectFrom('orders').select(['seller_id', 'buyer_id']).where('id', '=', orderId).executeTakeFirstOrThrow();
  await server.arbiter.ctx.db
    .insertInto('reviews')
    .values({
      id: newId('rev'),
      source: 'platform',
      external_id: null,
      order_id: orderId,
      seller_id: o.seller_id,
      buyer_id: o.buyer_id,
      overall: r.overall,
      item_as_described: null,
      communication: r.communication ?? null,
      shipping_speed: null,
      title: '',
      body: '',
      status: r.status ?? 'published',
      moderation_reason: null,
      seller_reply: null,
      seller_replied_at: null,
      created_at: T(r.createdAt),
      updated_at: T(r.createdAt),
    })
    .execute();
}

type Metric = { key: string; numerator: number | null; denominator: number | null; value: number | null; smoothed: number | null; interval: { low: number; high: number } | null; contribution: number; window: { from: string; to: string; days: number } };
const metric = (card: { metrics: Metric[] }, key: string) => card.metrics.find((m) => m.key === key)!;

/** Every stored scorecard, without the fields that say when and how it was computed. */
async function storedScorecards(server: TestServer) {
  const rows = await server.arbiter.ctx.db.selectFrom('seller_scorecards').selectAll().orderBy('seller_id').execute();
  return rows.map(({ source: _s, computed_at: _c, facts_at: _f, ...rest }) => rest);
}

describe('seller evaluation', () => {
  let server: TestServer;
  let staff: HttpClient;
  let buyerId: string;

  before(async () => {
    server = await startTestServer({ clock: new ManualClock(NOW) });
    staff = await server.signIn(['support_agent']);
    buyerId = (await server.signIn(['buyer'])).userId;
    // the day's scheduled run (snapshot of yesterday, today's priors) happens first, as on a running server
    await server.arbiter.scheduler.tick();
  });
  after(async () => server.close());

  describe('metric definitions on hand-made cases', () => {
    let seller: { id: string };

    before(async () => {
      seller = await createSeller(server);
      const add = (f: OrderFacts) => insertOrder(server, seller.id, buyerId, f);
      // late shipment: deadlines in [2 March 00:00, 1 April 00:00), handed over before the as-of end
      await add({ deadline: '2026-03-02T00:00:00Z', dispatchedAt: '2026-03-02T05:00:00Z' }); // first instant, late
      await add({ deadline: '2026-03-01T23:59:59.999Z', dispatchedAt: '2026-03-03T00:00:00Z' }); // just before: out
      await add({ deadline: '2026-03-31T23:59:59Z', dispatchedAt: '2026-03-31T08:00:00Z' }); // last instant, on time
      await add({ deadline: '2026-04-01T00:00:00Z', dispatchedAt: '2026-03-30T00:00:00Z' }); // just after: out
      await add({ deadline: '2026-03-20T00:00:00Z' }); // not handed over: out
      await add({ deadline: '2026-03-20T00:00:00Z', dispatchedAt: '2026-03-20T00:00:00Z' }); // exactly at the deadline: on time
      await add({ deadline: '2026-03-31T20:00:00Z', dispatchedAt: '2026-04-01T01:00:00Z' }); // handed over after the as-of end: out
    });

    it('late shipment rate = units handed over after their deadline / units handed over, deadlines in the window', async () => {
      await recomputeAll(server.arbiter.ctx);
      const card = (await staff.get(`/api/v1/sellers/${seller.id}/scorecard`)).body;
      const m = metric(card, 'late_shipment_rate');
      assert.equal(m.numerator, 1);
      assert.equal(m.denominator, 3);
      assert.ok(Math.abs(m.value! - 1 / 3) < 1e-6);
      assert.deepEqual(m.window, { from: '2026-03-02', to: '2026-03-31', days: 30 });
      assert.ok(m.interval && m.interval.low <= m.smoothed! && m.smoothed! <= m.interval.high);
    });

    it('late delivery counts calendar days in the order source’s zone against the promised day', async () => {
      const s = await createSeller(server);
      // 02:00 UTC on 11 March is still 10 March in São Paulo (Olist's zone) but 11 March in UTC (the default)
      await insertOrder(server, s.id, buyerId, { source: 'olist', dispatchedAt: '2026-03-05T00:00:00Z', deliveredAt: '2026-03-11T02:00:00Z', estimatedOn: '2026-03-10' });
      await insertOrder(server, s.id, buyerId, { dispatchedAt: '2026-03-05T00:00:00Z', deliveredAt: '2026-03-11T02:00:00Z', estimatedOn: '2026-03-10' });
      await insertOrder(server, s.id, buyerId, { dispatchedAt: '2026-02-20T00:00:00Z', deliveredAt: '2026-03-01T23:59:59Z', estimatedOn: '2026-02-25' }); // before the window
      await insertOrder(server, s.id, buyerId, { dispatchedAt: '2026-03-05T00:00:00Z', deliveredAt: '2026-03-12T00:00:00Z', estimatedOn: null }); // no promise: not judged
      await recomputeAll(server.arbiter.ctx);
      const m = metric((await staff.get(`/api/v1/sellers/${s.id}/scorecard`)).body, 'late_delivery_rate');
      assert.equal(m.numerator, 1);
      assert.equal(m.denominator, 2);
    });

    it('valid tracking: a carrier scan or the warehouse proves it (a delivery only where the source has no scans); the no-scan grace is left out', async () => {
      const s = await createSeller(server);
      await insertOrder(server, s.id, buyerId, { dispatchedAt: '2026-03-10T00:00:00Z', trackingValidAt: '2026-03-11T00:00:00Z' });
      await insertOrder(server, s.id, buyerId, { dispatchedAt: '2026-03-10T00:00:00Z' }); // never scanned, grace long over
      await insertOrder(server, s.id, buyerId, { dispatchedAt: '2026-03-30T00:00:00Z' }); // within 5 days of the as-of end
      await insertOrder(server, s.id, buyerId, { dispatchedAt: '2026-03-26T00:00:00Z' }); // 6 days: counts, unscanned
      // delivered, but the number the seller gave never moved: not valid tracking
      await insertOrder(server, s.id, buyerId, { dispatchedAt: '2026-03-12T00:00:00Z', deliveredAt: '2026-03-20T00:00:00Z' });
      // an Olist order: the export has no scans, the delivery proves it
      await insertOrder(server, s.id, buyerId, { source: 'olist', dispatchedAt: '2026-03-12T00:00:00Z', deliveredAt: '2026-03-20T00:00:00Z' });
      const atWarehouse = await insertOrder(server, s.id, buyerId, { dispatchedAt: '2026-03-12T00:00:00Z' });
      await server.arbiter.ctx.db.updateTable('orders').set({ received_at_warehouse_at: T('2026-03-15T00:00:00Z') }).where('id', '=', atWarehouse).execute();
      await recomputeAll(server.arbiter.ctx);
      const m = metric((await staff.get(`/api/v1/sellers/${s.id}/scorecard`)).body, 'valid_tracking_rate');
      assert.equal(m.numerator, 3);
      assert.equal(m.denominator, 6);
    });

    it('cancellations, order defects and reviews: windows by payment and by review creation, removed reviews ignored', async () => {
      const s = await createSeller(server);
      const add = (f: OrderFacts) => insertOrder(server, s.id, buyerId, f);
      await add({ paidAt: '2026-03-04T00:00:00Z', cancelledAt: '2026-03-05T00:00:00Z', fault: 'seller' });
      const buyerCancelled = await add({ paidAt: '2026-03-04T00:00:00Z', cancelledAt: '2026-03-05T00:00:00Z', fault: 'buyer' });
      const negative = await add({ paidAt: '2026-03-06T00:00:00Z', dispatchedAt: '2026-03-07T00:00:00Z', deliveredAt: '2026-03-15T00:00:00Z' });
      const happy = await add({ paidAt: '2026-03-06T00:00:00Z', dispatchedAt: '2026-03-07T00:00:00Z', deliveredAt: '2026-03-15T00:00:00Z' });
      // paid 1 March: outside the 30-day cancellation window, inside the 60-day defect window
      const early = await add({ paidAt: '2026-03-01T00:00:00Z', dispatchedAt: '2026-03-02T00:00:00Z', deliveredAt: '2026-03-10T00:00:00Z' });
      const reviewedLater = await add({ paidAt: '2026-03-20T00:00:00Z', dispatchedAt: '2026-03-21T00:00:00Z', deliveredAt: '2026-03-28T00:00:00Z' });
      // paid before the 60-day window: no order metric counts it
      const old = await add({ paidAt: '2026-01-20T00:00:00Z', dispatchedAt: '2026-01-21T00:00:00Z', deliveredAt: '2026-01-28T00:00:00Z', deadline: '2026-01-23T00:00:00Z' });
      await insertReview(server, negative, { overall: 2, createdAt: '2026-03-20T00:00:00Z', communication: 3 });
      await insertReview(server, happy, { overall: 5, createdAt: '2026-03-20T00:00:00Z', communication: 5 });
      await insertReview(server, early, { overall: 1, createdAt: '2026-03-11T00:00:00Z', status: 'held' });
      await insertReview(server, reviewedLater, { overall: 1, createdAt: '2026-04-02T00:00:00Z' }); // after the as-of day
      await insertReview(server, buyerCancelled, { overall: 1, createdAt: '2026-03-06T00:00:00Z', status: 'removed' });
      await insertReview(server, old, { overall: 4, createdAt: '2026-01-02T00:00:00Z' }); // first day of the 90-day window
      await recomputeAll(server.arbiter.ctx);
      const card = (await staff.get(`/api/v1/sellers/${s.id}/scorecard`)).body;
      assert.deepEqual([metric(card, 'seller_cancellation_rate').numerator, metric(card, 'seller_cancellation_rate').denominator], [1, 5]);
      assert.deepEqual([metric(card, 'order_defect_rate').numerator, metric(card, 'order_defect_rate').denominator], [2, 6]);
      assert.deepEqual([metric(card, 'negative_review_rate').numerator, metric(card, 'negative_review_rate').denominator], [2, 4]);
      const avg = metric(card, 'average_rating');
      assert.deepEqual([avg.numerator, avg.denominator], [12, 4]);
      assert.equal(avg.value, 3);
      const comm = metric(card, 'communication_rating');
      assert.deepEqual([comm.numerator, comm.denominator], [8, 2]);
    });

    it('explains every number: contributions add up to the score, what to improve is ordered by its effect', async () => {
      const card = (await staff.get(`/api/v1/sellers/${seller.id}/scorecard`)).body;
      const stored = await server.arbiter.ctx.db.selectFrom('seller_scorecards').select(['score', 'tier']).where('seller_id', '=', seller.id).executeTakeFirstOrThrow();
      assert.equal(card.score, stored.score);
      const sum = card.metrics.reduce((s: number, m: Metric) => s + m.contribution, 0) - card.penalty.deduction;
      assert.ok(Math.abs(sum - card.score) <= 1, `${sum} vs ${card.score}`);
      assert.equal(card.policyVersion, 1);
      assert.equal(card.asOf, '2026-03-31');
      assert.ok(card.improve.length >= 1);
      assert.equal(card.improve[0].key, 'late_shipment_rate');
      for (let i = 1; i < card.improve.length; i++) assert.ok(card.improve[i - 1].potentialGain >= card.improve[i].potentialGain);
      assert.ok(card.metrics.every((m: Metric & { label: string }) => m.label.length > 0));
    });

    it('shows the seller its scorecard in Chinese', async () => {
      const member = await signInSellerMember(server, seller.id);
      assert.equal((await member.request('PATCH', '/api/v1/auth/me', { json: { locale: 'zh-CN' } })).status, 200);
      const card = (await member.get(`/api/v1/sellers/${seller.id}/scorecard`)).body;
      assert.equal(metric(card, 'late_shipment_rate').numerator, 1);
      assert.equal((card.metrics as { key: string; label: string }[]).find((m) => m.key === 'late_shipment_rate')!.label, '延迟发货率');
    });
  });

  describe('incremental and full computations', () => {
    it('events update the affected seller, and a full recompute then gives exactly the same numbers', async () => {
      const seller = await createSeller(server);
      const integration = await apiKeyClient(server);
      const member = await signInSellerMember(server, seller.id);
      await insertOrder(server, seller.id, buyerId, { deadline: '2026-03-20T00:00:00Z', dispatchedAt: '2026-03-19T00:00:00Z', deliveredAt: '2026-03-25T00:00:00Z', estimatedOn: '2026-03-26' });
      await recomputeAll(server.arbiter.ctx);
      const before = metric((await member.get(`/api/v1/sellers/${seller.id}/scorecard`)).body, 'late_shipment_rate');
      assert.deepEqual([before.numerator, before.denominator], [0, 1]);

      // an order paid a week ago, dispatched now through the API: past its deadline
      const order = await ingestOrder(integration, orderPayload(seller.id, { paidAt: '2026-03-24T01:00:00.000Z' }));
      const dispatched = await member.post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'sf', trackingNumber: `SF${String(Date.now() % 1e13).padStart(13, '0')}` });
      assert.equal(dispatched.status, 200, JSON.stringify(dispatched.body));
      assert.equal(dispatched.body.dispatchedLate, true);
      const other = await insertOrder(server, seller.id, buyerId, { paidAt: '2026-03-24T00:00:00Z' });
      await insertReview(server, other, { overall: 1, createdAt: '2026-03-30T00:00:00Z' });

      const started = Date.now();
      await server.arbiter.scheduler.tick();
      const elapsed = Date.now() - started;
      const row = await server.arbiter.ctx.db.selectFrom('seller_scorecards').selectAll().where('seller_id', '=', seller.id).executeTakeFirstOrThrow();
      assert.equal(row.source, 'incremental');
      assert.deepEqual([row.metrics.late_shipment_rate.num, row.metrics.late_shipment_rate.den], [1, 2]);
      assert.deepEqual([row.metrics.negative_review_rate.num, row.metrics.negative_review_rate.den], [1, 1]);
      assert.ok(elapsed < 5000, `one tick took ${elapsed} ms`);

      const incremental = await storedScorecards(server);
      const report = await recomputeAll(server.arbiter.ctx);
      assert.equal(report.priorsRefreshed, false);
      const full = await storedScorecards(server);
      assert.deepEqual(full, incremental);
      const again = await server.arbiter.ctx.db.selectFrom('seller_scorecards').select('source').where('seller_id', '=', seller.id).executeTakeFirstOrThrow();
      assert.equal(again.source, 'full');
    });

    it('recomputes the same numbers for a seller incrementally as the full run does, seller by seller', async () => {
      const full = await storedScorecards(server);
      const ids = full.map((r) => r.seller_id);
      await server.arbiter.ctx.db.insertInto('evaluation_dirty_sellers').values(ids.map((seller_id) => ({ seller_id }))).execute();
      assert.equal(await processDirtySellers(server.arbiter.ctx), ids.length);
      assert.deepEqual(await storedScorecards(server), full);
    });
  });

  describe('tiers', () => {
    let seller: { id: string };

    before(async () => {
      seller = await createSeller(server);
      for (let i = 0; i < 60; i++) {
        const day = String(3 + (i % 25)).padStart(2, '0');
        const o = await insertOrder(server, seller.id, buyerId, {
          paidAt: `2026-03-${day}T00:00:00Z`,
          deadline: `2026-03-${day}T20:00:00Z`,
          dispatchedAt: `2026-03-${day}T10:00:00Z`,
          trackingValidAt: `2026-03-${day}T12:00:00Z`,
          deliveredAt: `2026-03-${day}T23:00:00Z`,
          estimatedOn: '2026-04-30',
        });
        await insertReview(server, o, { overall: 5, createdAt: `2026-03-${day}T23:30:00Z` });
      }
      await recomputeAll(server.arbiter.ctx);
    });

    it('a seller with a long clean record is trusted', async () => {
      const card = (await staff.get(`/api/v1/sellers/${seller.id}/scorecard`)).body;
      assert.equal(card.tier, 'trusted', JSON.stringify({ score: card.score, reasons: card.tierReasons }));
    });

    it('suspension makes it at risk at once (event → incremental), with history, a webhook event and the staff dashboard', async () => {
      const now = server.clock.now();
      await server.arbiter.ctx.db.updateTable('sellers').set({ status: 'suspended', updated_at: now }).where('id', '=', seller.id).execute();
      await server.arbiter.ctx.db
        .insertInto('outbox')
        .values({ id: newId('obx'), event_type: 'seller.status_changed', entity_type: 'seller', entity_id: seller.id, seller_id: seller.id, payload: JSON.stringify({}), created_at: now, dispatched_at: null })
        .execute();
      await server.arbiter.scheduler.tick();
      const card = (await staff.get(`/api/v1/sellers/${seller.id}/scorecard`)).body;
      assert.equal(card.tier, 'at_risk');
      assert.equal(card.scoreTier, 'trusted');
      assert.deepEqual(card.tierReasons, ['suspended']);
      assert.equal(card.previousTier, 'trusted');
      const history = await server.arbiter.ctx.db.selectFrom('entity_history').selectAll().where('entity_type', '=', 'seller_scorecard').where('entity_id', '=', seller.id).execute();
      assert.deepEqual(history.map((h) => [h.from_state, h.to_state]), [['trusted', 'at_risk']]);
      const events = await server.arbiter.ctx.db.selectFrom('outbox').select(['payload']).where('event_type', '=', 'seller.tier_changed').where('seller_id', '=', seller.id).execute();
      assert.equal(events.length, 1);
      // the tier event does not mark the seller again
      assert.equal(Number((await sql<{ n: number }>`SELECT count(*) AS n FROM evaluation_dirty_sellers`.execute(server.arbiter.ctx.db)).rows[0].n), 0);

      const atRisk = (await staff.get('/api/v1/evaluation/at-risk?newly=true')).body;
      const entry = atRisk.sellers.find((s: { sellerId: string }) => s.sellerId === seller.id);
      assert.ok(entry, JSON.stringify(atRisk));
      assert.equal(entry.newlyAtRisk, true);
      assert.equal(entry.previousTier, 'trusted');
      assert.deepEqual(entry.reasons, ['suspended']);
    });

    it('an unverified seller cannot be trusted; reinstated and verified, it is again', async () => {
      const db = server.arbiter.ctx.db;
      await db.updateTable('sellers').set({ status: 'pending_verification', verified_at: null }).where('id', '=', seller.id).execute();
      await recomputeAll(server.arbiter.ctx);
      let card = (await staff.get(`/api/v1/sellers/${seller.id}/scorecard`)).body;
      assert.equal(card.tier, 'fair');
      assert.ok(card.tierReasons.includes('not_verified'));
      assert.equal(card.verification, 'unverified');
      await db.updateTable('sellers').set({ status: 'active', verified_at: server.clock.now() }).where('id', '=', seller.id).execute();
      await recomputeAll(server.arbiter.ctx);
      card = (await staff.get(`/api/v1/sellers/${seller.id}/scorecard`)).body;
      assert.equal(card.tier, 'trusted');
      const history = await db.selectFrom('entity_history').select(['from_state', 'to_state']).where('entity_type', '=', 'seller_scorecard').where('entity_id', '=', seller.id).orderBy('id').execute();
      assert.deepEqual(history.map((h) => `${h.from_state}→${h.to_state}`), ['trusted→at_risk', 'at_risk→fair', 'fair→trusted']);
    });
  });

  describe('runs, history and dashboards', () => {
    it('an admin recomputes everything as a run with progress; a past day backfills the history', async () => {
      const admin = await server.signIn(['admin']);
      const res = await admin.post('/api/v1/admin/evaluation/recompute', {});
      assert.equal(res.status, 202, JSON.stringify(res.body));
      assert.equal(res.body.kind, 'full');
      let run = res.body;
      for (let i = 0; i < 200 && (run.status === 'queued' || run.status === 'running'); i++) {
        await new Promise((r) => setTimeout(r, 25));
        run = (await admin.get(`/api/v1/admin/evaluation/runs/${run.id}`)).body;
      }
      assert.equal(run.status, 'succeeded', JSON.stringify(run));
      const sellers = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM sellers`.execute(server.arbiter.ctx.db)).rows[0].n);
      assert.equal(run.total, sellers);
      assert.equal(run.done, sellers);
      assert.equal((run.result as { recompute: { sellers: number } }).recompute.sellers, sellers);

      for (const asOf of ['2026-03-20', '2026-03-30']) {
        const backfill = await admin.post('/api/v1/admin/evaluation/recompute', { asOf });
        assert.equal(backfill.status, 202);
        assert.equal(backfill.body.options.snapshot, true);
        for (let i = 0; i < 200; i++) {
          run = (await admin.get(`/api/v1/admin/evaluation/runs/${backfill.body.id}`)).body;
          if (run.status === 'succeeded' || run.status === 'failed') break;
          await new Promise((r) => setTimeout(r, 25));
        }
        assert.equal(run.status, 'succeeded', JSON.stringify(run));
      }
      assert.equal((await admin.post('/api/v1/admin/evaluation/recompute', { asOf: '2026-04-02' })).body.code, 'as_of_in_future');
      assert.equal((await admin.post('/api/v1/admin/evaluation/recompute', { asOf: '2026-02-30' })).status, 400);
    });

    it('the history has one point per day for the trend chart', async () => {
      const s = (await server.arbiter.ctx.db.selectFrom('seller_scorecards').select('seller_id').orderBy('seller_id').executeTakeFirstOrThrow()).seller_id;
      const h = (await staff.get(`/api/v1/sellers/${s}/scorecard/history?days=30`)).body;
      // snapshots of past days written by the admin's backfills (the daily run writes yesterday's)
      assert.deepEqual(h.points.map((p: { asOf: string }) => p.asOf), ['2026-03-20', '2026-03-30']);
      assert.equal(h.current.asOf, '2026-03-31');
      assert.equal(typeof h.points[0].metrics.late_shipment_rate, 'number');
    });

    it('the distribution counts every scored seller once', async () => {
      const d = (await staff.get('/api/v1/evaluation/distribution')).body;
      const scored = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM seller_scorecards`.execute(server.arbiter.ctx.db)).rows[0].n);
      assert.equal(d.sellers, scored);
      assert.equal(d.buckets.reduce((s: number, b: { count: number }) => s + b.count, 0), scored);
      assert.equal(Object.values(d.tiers as Record<string, number>).reduce((s, n) => s + n, 0), scored);
      const late = d.metricTrends.find((t: { key: string }) => t.key === 'late_shipment_rate');
      assert.ok(late.points.some((p: { asOf: string }) => p.asOf === '2026-03-31'));
    });

    it('prints one JSON line per seller from the CLI, with every metric’s counts and interval', async () => {
      const lines: string[] = [];
      const n = await printScorecards(server.arbiter.ctx, { json: true, windowDays: 7 }, (l) => lines.push(l));
      assert.equal(lines.length, n);
      const first = JSON.parse(lines[0]);
      assert.ok(first.seller && typeof first.score === 'number' && first.tier);
      const m = first.metrics.late_shipment_rate;
      assert.ok('numerator' in m && 'denominator' in m && 'value' in m && 'smoothed' in m && Array.isArray(m.interval));
      assert.equal(m.windowDays, 7);
    });
  });

  describe('metrics over quality control, cases and enforcement', () => {
    it('counts QC failures, on-time answers and resolutions without mediation; penalty points come from enforcement', async () => {
      const s = await createSeller(server);
      const db = server.arbiter.ctx.db;
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push(await insertOrder(server, s.id, buyerId, { dispatchedAt: '2026-03-05T00:00:00Z' }));
      const item = async (orderId: string) => {
        const id = newId('itm');
        await db.insertInto('order_items').values({ id, order_id: orderId, seller_id: s.id, line_no: 1, product_id: 'p', name: 'Hoodie', sku: null, quantity: 1, unit_price: 1000, status: 'dispatched', created_at: T(NOW), updated_at: T(NOW) }).execute();
        return id;
      };
      const items = await Promise.all(ids.map(item));
      const report = (i: number, result: 'pass' | 'fail', at: string) =>
        db.insertInto('qc_reports').values({
          id: newId('qc'), order_id: ids[i], order_item_id: items[i], seller_id: s.id, buyer_id: buyerId, subject: 'original', case_id: null, result,
          severity: result === 'fail' ? 'major' : null, issues: JSON.stringify(result === 'fail' ? [{ type: 'defect', description: 'seam open' }] : []),
          measurements: JSON.stringify([]), notes: null, inspector_id: null, created_at: T(at),
        }).execute();
      await report(0, 'fail', '2026-03-10T00:00:00Z');
      await report(1, 'pass', '2026-03-10T00:00:00Z');
      await report(2, 'pass', '2026-03-11T00:00:00Z');
      await report(3, 'fail', '2025-11-01T00:00:00Z'); // before the 90-day window
      // closed cases (the case engine's sweeps leave them alone)
      const kase = async (i: number, resolved: string, via: string) => {
        const id = newId('case');
        await db.insertInto('cases').values({
          id, type: 'qc_failure', status: 'closed', order_id: ids[i], order_item_id: items[i], seller_id: s.id, buyer_id: buyerId,
          currency: 'USD', claim_amount: 1000, policy_version: 1, opened_at: T('2026-03-10T00:00:00Z'), resolved_at: T(resolved), closed_at: T(resolved),
          agreed_via: via, created_at: T('2026-03-10T00:00:00Z'), updated_at: T('2026-03-10T00:00:00Z'),
        } as never).execute();
        return id;
      };
      const answered = await kase(0, '2026-03-15T00:00:00Z', 'seller_accepted');
      const mediated = await kase(1, '2026-03-20T00:00:00Z', 'mediation');
      const fact = (caseId: string, requested: string, due: string, first: string | null, round = 1) =>
        db.insertInto('case_response_facts').values({
          case_id: caseId, round, seller_id: s.id, requested_at: T(requested), due_at: T(due), business_days_allowed: 3,
          first_response_at: first ? T(first) : null, response: first ? 'accepted' : null, responded_at: first ? T(first) : null,
          responded_on_time: first ? T(first) <= T(due) : null, policy_version: 1,
        } as never).execute();
      await fact(answered, '2026-03-10T00:00:00Z', '2026-03-13T00:00:00Z', '2026-03-11T00:00:00Z'); // on time
      await fact(mediated, '2026-03-10T00:00:00Z', '2026-03-13T00:00:00Z', '2026-03-14T00:00:00Z'); // late
      await fact(answered, '2026-03-30T00:00:00Z', '2026-04-02T00:00:00Z', null, 2); // still within its deadline: not judged
      await db.insertInto('violations').values({
        id: newId('vio'), subject_type: 'seller', subject_id: s.id, seller_id: s.id, buyer_id: null, rule: 'late_dispatch', status: 'confirmed', origin: 'officer',
        dedupe_key: `test-${s.id}`, summary: 'test', points: 4, policy_version: 1, detected_at: T('2026-03-01T00:00:00Z'), decided_at: T('2026-03-02T00:00:00Z'),
        points_expire_at: T('2026-09-01T00:00:00Z'), updated_at: T('2026-03-02T00:00:00Z'),
      } as never).execute();
      await recomputeAll(server.arbiter.ctx);
      const card = (await staff.get(`/api/v1/sellers/${s.id}/scorecard`)).body;
      assert.deepEqual([metric(card, 'qc_failure_rate').numerator, metric(card, 'qc_failure_rate').denominator], [1, 3]);
      assert.deepEqual([metric(card, 'on_time_response_rate').numerator, metric(card, 'on_time_response_rate').denominator], [1, 2]);
      assert.deepEqual([metric(card, 'resolved_without_mediation_rate').numerator, metric(card, 'resolved_without_mediation_rate').denominator], [1, 2]);
      assert.equal(card.penalty.points, 4);
      assert.equal(card.penalty.deduction, 80);
      assert.ok(card.tierReasons.includes('penalty_points') || card.tier !== 'trusted');
    });
  });

  describe('authorisation', () => {
    it('shows a scorecard to the seller’s members and staff only; others get 404', async () => {
      const seller = await createSeller(server);
      const other = await createSeller(server);
      const member = await signInSellerMember(server, seller.id);
      const stranger = await signInSellerMember(server, other.id);
      const buyer = await server.signIn(['buyer']);
      assert.equal((await member.get(`/api/v1/sellers/${seller.id}/scorecard`)).status, 200);
      assert.equal((await staff.get(`/api/v1/sellers/${seller.id}/scorecard`)).status, 200);
      assert.equal((await stranger.get(`/api/v1/sellers/${seller.id}/scorecard`)).status, 404);
      assert.equal((await buyer.get(`/api/v1/sellers/${seller.id}/scorecard`)).status, 404);
      assert.equal((await stranger.get(`/api/v1/sellers/${seller.id}/scorecard/history`)).status, 404);
      assert.equal((await staff.get('/api/v1/sellers/sel_nonexistent/scorecard')).status, 404);
      assert.equal((await server.anonymous().get(`/api/v1/sellers/${seller.id}/scorecard`)).status, 401);
    });

    it('keeps the dashboards to staff and the recompute to admins', async () => {
      const seller = await createSeller(server);
      const member = await signInSellerMember(server, seller.id);
      assert.equal((await member.get('/api/v1/evaluation/distribution')).status, 403);
      assert.equal((await member.get('/api/v1/evaluation/at-risk')).status, 403);
      assert.equal((await staff.get('/api/v1/evaluation/at-risk')).status, 200);
      const officer = await server.signIn(['compliance_officer']);
      assert.equal((await officer.post('/api/v1/admin/evaluation/recompute', {})).status, 403);
      const runs = (await (await server.signIn(['admin'])).get('/api/v1/admin/evaluation/runs')).body.runs;
      assert.equal((await officer.get(`/api/v1/admin/evaluation/runs/${runs[0].id}`)).status, 404);
    });
  });
});
