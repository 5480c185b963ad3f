import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HttpClient } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { apiKeyClient, createSeller, ingestOrder, orderPayload, signInBuyerFor, signInSellerMember } from '../helpers/fixtures.js';

let sfCounter = 0;
/** A well-formed SF Express number (SF + 13 digits), different each call. */
const sfNumber = () => `SF${String(Date.now() % 1e9).padStart(9, '0')}${String(++sfCounter).padStart(4, '0')}`;

const DAY = 86_400_000;

describe('orders: ingest, dispatch, scans, signals, cancellation', () => {
  let server: TestServer;
  let integration: HttpClient;
  let seller: { id: string; externalId: string };

  before(async () => {
    // Monday 2 March 2026, 10:00 in Shanghai.
    server = await startTestServer();
    integration = await apiKeyClient(server);
    seller = await createSeller(server);
  });
  after(async () => server.close());

  describe('ingest', () => {
    it('creates an order with items, payment, buyer and a dispatch deadline three business days out', async () => {
      const payload = orderPayload(seller.id, { paidAt: '2026-03-02T02:00:00.000Z' });
      const res = await integration.post('/api/v1/orders', payload);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const o = res.body;
      assert.match(o.id, /^ord_/);
      assert.equal(o.status, 'paid');
      assert.equal(o.externalId, payload.externalId);
      assert.equal(o.source, 'platform');
      assert.equal(o.sellerId, seller.id);
      assert.match(o.buyerId, /^usr_/);
      assert.equal(o.itemsTotal, 5500);
      assert.deepEqual(o.shippingMethod, { carrier: 'sf', service: 'standard' });
      assert.equal(o.items.length, 2);
      assert.deepEqual(
        o.items.map((i: { productId: string; quantity: number; unitPrice: number; status: string }) => [i.productId, i.quantity, i.unitPrice, i.status]),
        [
          ['prod-1', 2, 1500, 'paid'],
          ['prod-2', 1, 2500, 'paid'],
        ],
      );
      assert.equal(o.payment.capturedAmount, 5500);
      assert.equal(o.payment.reference, payload.payment.reference);
      assert.equal(o.payment.remainingAmount, 5500);
      // Paid Monday 2 March (Shanghai): the third business day after is Thursday 5 March, end of day Shanghai time.
      assert.equal(o.dispatchDeadline, '2026-03-05T15:59:59.999Z');
      assert.equal(o.processingDays, 3);
      assert.equal(o.businessDaysLeft, 3);
      assert.equal(o.timeline[0].event, 'create');
      assert.equal(o.timeline[0].to, 'paid');
    });

    it('counts the deadline on the Chinese calendar across a public holiday', async () => {
      // Paid Wednesday 30 September 2026: 1–7 October is the National Day holiday and Saturday 10 October a
      // make-up working day, so the three business days are 8, 9 and 10 October.
      const res = await integration.post('/api/v1/orders', orderPayload(seller.id, { paidAt: '2026-09-30T04:00:00.000Z' }));
      assert.equal(res.status, 201);
      assert.equal(res.body.dispatchDeadline, '2026-10-10T15:59:59.999Z');
    });

    it('is idempotent on the external id; a different re-send is a 409 naming the fields', async () => {
      const payload = orderPayload(seller.id);
      const first = await integration.post('/api/v1/orders', payload);
      assert.equal(first.status, 201);
      const again = await integration.post('/api/v1/orders', payload);
      assert.equal(again.status, 200);
      assert.equal(again.body.id, first.body.id);
      // the seller by its external id is the same seller
      const bySellerExternal = await integration.post('/api/v1/orders', { ...payload, sellerId: undefined, sellerExternalId: seller.externalId });
      assert.equal(bySellerExternal.status, 200);

      const changed = await integration.post('/api/v1/orders', {
        ...payload,
        payment: { ...payload.payment, amount: 9999 },
        items: [payload.items[0], { ...payload.items[1], quantity: 3 }],
      });
      assert.equal(changed.status, 409);
      assert.equal(changed.body.code, 'order_conflict');
      assert.deepEqual(changed.body.fields, ['payment.amount', 'items.1.quantity']);
      assert.equal(changed.body.orderId, first.body.id);
      const list = await integration.get(`/api/v1/orders?externalId=${payload.externalId}`);
      assert.equal(list.body.items.length, 1);
    });

    it('refuses orders for a seller that is not active, and names unknown sellers and bad fields', async () => {
      const suspended = await createSeller(server, { status: 'suspended' });
      const refused = await integration.post('/api/v1/orders', orderPayload(suspended.id));
      assert.equal(refused.status, 422);
      assert.equal(refused.body.code, 'seller_not_active');
      const pending = await createSeller(server, { status: 'pending_verification' });
      assert.equal((await integration.post('/api/v1/orders', orderPayload(pending.id))).body.code, 'seller_not_active');
      const unknown = await integration.post('/api/v1/orders', orderPayload('sel_nope'));
      assert.equal(unknown.status, 422);
      assert.equal(unknown.body.code, 'seller_not_found');
      const bad = await integration.post('/api/v1/orders', orderPayload(seller.id, { currency: 'XYZ' }));
      assert.equal(bad.status, 400);
      assert.ok(bad.body.errors.some((e: { field: string }) => e.field === 'body.currency'));
      const float = await integration.post('/api/v1/orders', { ...orderPayload(seller.id), payment: { amount: 10.5, method: 'card', reference: 'x' } });
      assert.equal(float.status, 400);
      const huge = await integration.post('/api/v1/orders', orderPayload(seller.id, { items: [{ productId: 'p', name: 'n', quantity: 1_000_000, unitPrice: 9_000_000_000_000 }] }));
      assert.equal(huge.status, 400);
      assert.ok(huge.body.errors.some((e: { field: string }) => e.field === 'body.items'));
    });

    it('reuses the buyer for the same external buyer id', async () => {
      const a = await ingestOrder(integration, orderPayload(seller.id, { buyer: { externalId: 'buyer-shared', email: 'Shared.Buyer@example.test' } }));
      const b = await ingestOrder(integration, orderPayload(seller.id, { buyer: { externalId: 'buyer-shared' } }));
      assert.equal(a.buyerId, b.buyerId);
      const user = await server.arbiter.ctx.db.selectFrom('users').selectAll().where('id', '=', a.buyerId).executeTakeFirstOrThrow();
      assert.deepEqual(user.roles, ['buyer']);
      assert.equal(user.email, 'shared.buyer@example.test');
      // a buyer account made by ingest has no password
      const login = await server.anonymous().post('/api/v1/auth/login', { email: 'shared.buyer@example.test', password: '!' });
      assert.equal(login.status, 401);
      // another platform buyer with an address an account already has gets an account of its own
      const c = await ingestOrder(integration, orderPayload(seller.id, { buyer: { externalId: 'buyer-other', email: 'shared.buyer@example.test' } }));
      assert.notEqual(c.buyerId, a.buyerId);
      const other = await server.arbiter.ctx.db.selectFrom('users').select('email').where('id', '=', c.buyerId).executeTakeFirstOrThrow();
      assert.match(other.email, /@buyers\.invalid$/);
      const mapping = await server.arbiter.ctx.db.selectFrom('buyer_identities').select('email').where('external_id', '=', 'buyer-other').executeTakeFirstOrThrow();
      assert.equal(mapping.email, 'shared.buyer@example.test');
    });

    it('ingests a JSON array batch with per-row results and never stops on a bad row', async () => {
      const existing = await ingestOrder(integration, orderPayload(seller.id));
      const existingPayload = orderPayload(seller.id, { externalId: existing.externalId });
      const inactive = await createSeller(server, { status: 'banned' });
      const good = orderPayload(seller.id);
      const rows: unknown[] = [
        good,
        { ...orderPayload(seller.id), items: [] },
        orderPayload(inactive.id),
        'not an object',
        { ...good },
        { ...good, currency: 'EUR' },
        { ...existingPayload, buyer: { externalId: 'someone-else' }, payment: existingPayload.payment },
      ];
      const res = await integration.post('/api/v1/orders/batch', rows);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const r = res.body.results;
      assert.equal(r.length, 7);
      assert.equal(r[0].status, 'created');
      assert.equal(r[1].status, 'error');
      assert.equal(r[1].code, 'validation_failed');
      assert.equal(r[1].field, 'items');
      assert.equal(r[2].code, 'seller_not_active');
      assert.equal(r[3].code, 'validation_failed');
      assert.equal(r[4].status, 'unchanged');
      assert.equal(r[4].orderId, r[0].orderId);
      assert.equal(r[5].code, 'order_conflict');
      assert.deepEqual(r[5].fields, ['currency']);
      assert.equal(r[6].code, 'order_conflict');
      assert.ok(r[6].fields.includes('buyer.externalId'));
      assert.deepEqual(res.body.counts, { created: 1, unchanged: 1, error: 5 });
    });

    it('streams an NDJSON batch of thousands of orders', async () => {
      const n = 1200;
      const lines: string[] = [];
      for (let i = 0; i < n; i++) lines.push(JSON.stringify(orderPayload(seller.id, { externalId: `ND-${Date.now()}-${i}`, buyer: { externalId: `nd-buyer-${i % 50}` } })));
      lines.splice(10, 0, '{not json', '');
      const body = new ReadableStream({
        start(controller) {
          const enc = new TextEncoder();
          // sent in uneven pieces, cutting lines in half
          const text = lines.join('\n') + '\n';
          for (let i = 0; i < text.length; i += 7777) controller.enqueue(enc.encode(text.slice(i, i + 7777)));
          controller.close();
        },
      });
      const res = await integration.request('POST', '/api/v1/orders/batch', { body: body as unknown as BodyInit, headers: { 'content-type': 'application/x-ndjson' } });
      assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 500));
      assert.deepEqual(res.body.counts, { created: n, unchanged: 0, error: 1 });
      const bad = res.body.results.find((x: { status: string }) => x.status === 'error');
      assert.equal(bad.code, 'malformed_json');
      assert.equal(bad.line, 11);
      const again = await integration.request('POST', '/api/v1/orders/batch', { body: lines.filter((l) => l.startsWith('{"')).join('\r\n'), headers: { 'content-type': 'application/x-ndjson; charset=utf-8' } });
      assert.deepEqual(again.body.counts, { created: 0, unchanged: n, error: 0 });
      const buyers = await server.arbiter.ctx.db.selectFrom('buyer_identities').select('user_id').where('external_id', 'like', 'nd-buyer-%').execute();
      assert.equal(buyers.length, 50);
    });

    it('keeps the first occurrence when a batch repeats an order in a later chunk', async () => {
      const rows = Array.from({ length: 1100 }, () => orderPayload(seller.id));
      rows[600] = { ...rows[0], currency: 'EUR' };
      rows[1050] = { ...rows[0] };
      const res = await integration.post('/api/v1/orders/batch', rows);
      assert.equal(res.status, 200);
      const r = res.body.results;
      assert.equal(r[0].status, 'created');
      assert.equal(r[600].code, 'order_conflict');
      assert.deepEqual(r[600].fields, ['currency']);
      assert.equal(r[1050].status, 'unchanged');
      assert.equal(r[1050].orderId, r[0].orderId);
      assert.deepEqual(res.body.counts, { created: 1098, unchanged: 1, error: 1 });
      assert.deepEqual(r.map((x: { index: number }) => x.index), rows.map((_, i) => i));
    });

    it('lets only integrations and admins ingest', async () => {
      const buyer = await server.signIn(['buyer']);
      assert.equal((await buyer.post('/api/v1/orders', orderPayload(seller.id))).status, 403);
      const member = await signInSellerMember(server, seller.id);
      assert.equal((await member.post('/api/v1/orders/batch', [orderPayload(seller.id)])).status, 403);
      const support = await apiKeyClient(server, ['support_agent']);
      assert.equal((await support.post('/api/v1/orders', orderPayload(seller.id))).status, 403);
      assert.equal((await server.anonymous().post('/api/v1/orders', orderPayload(seller.id))).status, 401);
      const admin = await server.signIn(['admin']);
      assert.equal((await admin.post('/api/v1/orders', orderPayload(seller.id))).status, 201);
    });
  });

  describe('dispatch, scans and signals', () => {
    it('dispatches with a valid tracking number on time, and refuses an invalid one with the reason', async () => {
      const order = await ingestOrder(integration, orderPayload(seller.id, { paidAt: server.clock.now().toISOString() }));
      const member = await signInSellerMember(server, seller.id);
      const invalid = await member.post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'upu-s10', trackingNumber: 'RA123456780CN' });
      assert.equal(invalid.status, 422);
      assert.equal(invalid.body.code, 'invalid_tracking_number');
      assert.match(invalid.body.reason, /check digit/);
      const wrongCarrier = await member.post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'sf', trackingNumber: '123' });
      assert.equal(wrongCarrier.status, 422);

      const number = sfNumber();
      const res = await member.post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'sf', trackingNumber: number.slice(0, 6) + ' ' + number.slice(6), service: 'standard' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.status, 'dispatched');
      assert.equal(res.body.dispatchedLate, false);
      assert.equal(res.body.shipments[0].trackingNumber, number);
      assert.equal(res.body.shipments[0].late, false);
      assert.equal(res.body.shipments[0].validTrackingAt, null);
      assert.ok(res.body.items.every((i: { status: string }) => i.status === 'dispatched'));
      const again = await member.post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'sf', trackingNumber: sfNumber() });
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'illegal_transition');
      const staff = await server.signIn(['support_agent']);
      const detail = await staff.get(`/api/v1/orders/${order.id}`);
      assert.deepEqual(detail.body.signals, []);
    });

    it('records a late dispatch exactly (deadline and actual time)', async () => {
      const order = await ingestOrder(integration, orderPayload(seller.id, { paidAt: server.clock.now().toISOString() }));
      const member = await signInSellerMember(server, seller.id);
      const before = server.clock.now();
      server.clock.set(new Date(new Date(order.dispatchDeadline).getTime() + 1));
      try {
        const res = await member.post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'sf', trackingNumber: sfNumber(), service: 'standard' });
        assert.equal(res.status, 200);
        assert.equal(res.body.dispatchedLate, true);
        assert.equal(res.body.dispatchedAt, new Date(new Date(order.dispatchDeadline).getTime() + 1).toISOString());
        assert.equal(res.body.shipments[0].dispatchDeadline, order.dispatchDeadline);
        assert.equal(res.body.shipments[0].late, true);
        const event = res.body.timeline.find((t: { event: string; entityType: string }) => t.event === 'dispatch' && t.entityType === 'order');
        assert.equal(event.data.late, true);
        assert.equal(event.data.dispatchDeadline, order.dispatchDeadline);
      } finally {
        server.clock.set(before);
      }
    });

    it('raises method_mismatch when the carrier or service differs from the buyer\u2019s choice', async () => {
      const staff = await server.signIn(['compliance_officer']);
      const member = await signInSellerMember(server, seller.id);
      const a = await ingestOrder(integration, orderPayload(seller.id));
      await member.post(`/api/v1/orders/${a.id}/dispatch`, { carrier: 'yto', trackingNumber: 'YT1234567890123' });
      const sa = (await staff.get(`/api/v1/orders/${a.id}`)).body.signals;
      assert.equal(sa.length, 1);
      assert.equal(sa[0].type, 'method_mismatch');
      assert.deepEqual(sa[0].evidence.differs, ['carrier']);
      assert.deepEqual(sa[0].evidence.chosen, { carrier: 'sf', service: 'standard' });

      const b = await ingestOrder(integration, orderPayload(seller.id));
      await member.post(`/api/v1/orders/${b.id}/dispatch`, { carrier: 'sf', trackingNumber: sfNumber(), service: 'economy' });
      const sb = (await staff.get(`/api/v1/orders/${b.id}`)).body.signals;
      assert.deepEqual(sb.map((s: { evidence: { differs: string[] } }) => s.evidence.differs), [['service']]);
      // sellers do not see signals
      assert.equal((await member.get(`/api/v1/orders/${b.id}`)).body.signals, undefined);
    });

    it('raises tracking_reused when the number is on another buyer\u2019s order', async () => {
      const staff = await server.signIn(['admin']);
      const member = await signInSellerMember(server, seller.id);
      const number = sfNumber();
      const first = await ingestOrder(integration, orderPayload(seller.id));
      const sameBuyer = await ingestOrder(integration, orderPayload(seller.id, { buyer: { externalId: (await server.arbiter.ctx.db.selectFrom('orders').select('buyer_external_id').where('id', '=', first.id).executeTakeFirstOrThrow()).buyer_external_id! } }));
      const other = await ingestOrder(integration, orderPayload(seller.id));
      assert.equal((await member.post(`/api/v1/orders/${first.id}/dispatch`, { carrier: 'sf', trackingNumber: number })).status, 200);
      // the same buyer's second order in the same parcel is not reuse
      assert.equal((await member.post(`/api/v1/orders/${sameBuyer.id}/dispatch`, { carrier: 'sf', trackingNumber: number })).status, 200);
      assert.deepEqual((await staff.get(`/api/v1/orders/${sameBuyer.id}`)).body.signals, []);
      assert.equal((await member.post(`/api/v1/orders/${other.id}/dispatch`, { carrier: 'sf', trackingNumber: number })).status, 200);
      const signals = (await staff.get(`/api/v1/orders/${other.id}`)).body.signals;
      assert.equal(signals.length, 1);
      assert.equal(signals[0].type, 'tracking_reused');
      assert.equal(signals[0].evidence.trackingNumber, number);
      assert.deepEqual(signals[0].evidence.otherOrders.map((o: { orderId: string }) => o.orderId), [first.id, sameBuyer.id]);
    });

    it('a carrier scan makes the tracking valid; no scan within 5 days raises fictitious_dispatch_suspected through the scheduler', async () => {
      const staff = await server.signIn(['support_agent']);
      const member = await signInSellerMember(server, seller.id);
      const scanned = await ingestOrder(integration, orderPayload(seller.id));
      const silent = await ingestOrder(integration, orderPayload(seller.id));
      const n1 = sfNumber();
      const n2 = sfNumber();
      const start = server.clock.now();
      await member.post(`/api/v1/orders/${scanned.id}/dispatch`, { carrier: 'sf', trackingNumber: n1 });
      await member.post(`/api/v1/orders/${silent.id}/dispatch`, { carrier: 'sf', trackingNumber: n2 });

      const scanAt = new Date(start.getTime() + DAY).toISOString();
      const scans = [
        { carrier: 'sf', trackingNumber: n1, eventCode: 'PICKED_UP', description: 'Picked up', location: 'Shenzhen', occurredAt: scanAt },
        { carrier: 'sf', trackingNumber: n1, eventCode: 'IN_TRANSIT', description: 'Departed hub', location: 'Guangzhou', occurredAt: new Date(start.getTime() + 2 * DAY).toISOString() },
        { carrier: 'sf', trackingNumber: 'SF0000000000001', eventCode: 'PICKED_UP', occurredAt: scanAt },
        { carrier: 'sf', trackingNumber: n1, eventCode: 'BAD' },
      ];
      const res = await integration.post('/api/v1/carrier-scans', scans);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.counts, { received: 4, stored: 3, duplicate: 0, matched: 2, unmatched: 1, parcelEvents: 0, error: 1 });
      assert.equal(res.body.errors[0].index, 3);
      assert.equal(res.body.errors[0].field, 'occurredAt');
      assert.deepEqual(res.body.trackingValidated.map((v: { orderId: string }) => v.orderId), [scanned.id]);
      const resent = await integration.post('/api/v1/carrier-scans', scans.slice(0, 2));
      assert.equal(resent.body.counts.duplicate, 2);
      assert.deepEqual(resent.body.trackingValidated, []);

      const detail = (await member.get(`/api/v1/orders/${scanned.id}`)).body;
      assert.equal(detail.trackingValidAt, scanAt);
      assert.equal(detail.shipments[0].validTrackingAt, scanAt);
      assert.equal(detail.shipments[0].lastEventCode, 'IN_TRANSIT');
      assert.deepEqual(detail.scans.map((s: { eventCode: string }) => s.eventCode), ['PICKED_UP', 'IN_TRANSIT']);

      // The server is "down" for a week: the checks fell due meanwhile and run on the next tick.
      server.clock.advanceDays(7);
      try {
        await server.arbiter.scheduler.tick();
      } finally {
        server.clock.set(start);
      }
      assert.deepEqual((await staff.get(`/api/v1/orders/${scanned.id}`)).body.signals, []);
      const signals = (await staff.get(`/api/v1/orders/${silent.id}`)).body.signals;
      assert.equal(signals.length, 1);
      assert.equal(signals[0].type, 'fictitious_dispatch_suspected');
      assert.equal(signals[0].evidence.trackingNumber, n2);
      assert.equal(signals[0].evidence.noScanDays, 5);
      assert.equal(signals[0].evidence.firstScanAt, null);
    });

    it('matches scans that arrived before the seller entered the number', async () => {
      const member = await signInSellerMember(server, seller.id);
      const order = await ingestOrder(integration, orderPayload(seller.id));
      const number = sfNumber();
      const at = server.clock.now().toISOString();
      const early = await integration.post('/api/v1/carrier-scans', [{ carrier: 'sf', trackingNumber: number, eventCode: 'PICKED_UP', occurredAt: at }]);
      assert.equal(early.body.counts.unmatched, 1);
      const res = await member.post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'sf', trackingNumber: number, service: 'standard' });
      assert.equal(res.body.trackingValidAt, at);
      assert.equal(res.body.scans.length, 1);
    });

    it('only the seller\u2019s members (or the integration) dispatch; others get 403 or 404', async () => {
      const order = await ingestOrder(integration, orderPayload(seller.id));
      const otherSeller = await createSeller(server);
      const outsider = await signInSellerMember(server, otherSeller.id);
      const body = { carrier: 'sf', trackingNumber: sfNumber() };
      assert.equal((await outsider.post(`/api/v1/orders/${order.id}/dispatch`, body)).status, 404);
      const buyer = await signInBuyerFor(server, order);
      assert.equal((await buyer.post(`/api/v1/orders/${order.id}/dispatch`, body)).status, 403);
      const qc = await server.signIn(['qc_inspector']);
      assert.equal((await qc.post(`/api/v1/orders/${order.id}/dispatch`, body)).status, 403);
      assert.equal((await integration.post(`/api/v1/orders/${order.id}/dispatch`, body)).status, 200);
    });
  });

  describe('cancellation before dispatch', () => {
    it('the seller accepts: cancelled with a full refund through the ledger', async () => {
      const order = await ingestOrder(integration, orderPayload(seller.id));
      const buyer = await signInBuyerFor(server, order);
      const member = await signInSellerMember(server, seller.id);
      const req = await buyer.post(`/api/v1/orders/${order.id}/cancellation-request`, { reason: 'Ordered the wrong size' });
      assert.equal(req.status, 200, JSON.stringify(req.body));
      assert.equal(req.body.status, 'cancellation_requested');
      // no dispatch while the request is open
      const dispatch = await member.post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'sf', trackingNumber: sfNumber() });
      assert.equal(dispatch.status, 409);
      const res = await member.post(`/api/v1/orders/${order.id}/cancellation/accept`);
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'cancelled');
      assert.equal(res.body.cancellation.outcome, 'accepted');
      assert.ok(res.body.items.every((i: { status: string }) => i.status === 'cancelled'));
      assert.equal(res.body.refunds.length, 1);
      assert.equal(res.body.refunds[0].amount, 5500);
      assert.equal(res.body.refunds[0].status, 'pending');
      assert.equal(res.body.refunds[0].paymentReference, order.payment.reference);
      assert.equal(res.body.payment.remainingAmount, 0);
      const outbox = await server.arbiter.ctx.db.selectFrom('outbox').select(['event_type', 'payload']).where('entity_id', '=', res.body.refunds[0].id).execute();
      assert.equal(outbox[0].event_type, 'refund.requested');
      assert.equal((outbox[0].payload as { data: { paymentReference: string } }).data.paymentReference, order.payment.reference);
      const events = res.body.timeline.filter((t: { entityType: string }) => t.entityType === 'order').map((t: { event: string }) => t.event);
      assert.deepEqual(events, ['create', 'request_cancellation', 'accept_cancellation']);
      const row = await server.arbiter.ctx.db.selectFrom('orders').select('cancellation_fault').where('id', '=', order.id).executeTakeFirstOrThrow();
      assert.equal(row.cancellation_fault, 'buyer');
    });

    it('the seller refuses: the order must be dispatched and cannot be asked again', async () => {
      const order = await ingestOrder(integration, orderPayload(seller.id));
      const buyer = await signInBuyerFor(server, order);
      const member = await signInSellerMember(server, seller.id);
      await buyer.post(`/api/v1/orders/${order.id}/cancellation-request`, { reason: 'Changed my mind' });
      const noReason = await member.post(`/api/v1/orders/${order.id}/cancellation/refuse`, {});
      assert.equal(noReason.status, 400);
      const res = await member.post(`/api/v1/orders/${order.id}/cancellation/refuse`, { reason: 'Already packed' });
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'paid');
      assert.equal(res.body.cancellation.outcome, 'refused');
      assert.equal(res.body.cancellation.refusalReason, 'Already packed');
      const again = await buyer.post(`/api/v1/orders/${order.id}/cancellation-request`, { reason: 'Please' });
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'cancellation_already_refused');
      // the silence deadline no longer applies
      const start = server.clock.now();
      server.clock.set(new Date(new Date(order.dispatchDeadline).getTime() + DAY));
      try {
        await server.arbiter.scheduler.tick();
      } finally {
        server.clock.set(start);
      }
      assert.equal((await buyer.get(`/api/v1/orders/${order.id}`)).body.status, 'paid');
      assert.equal((await member.post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'sf', trackingNumber: sfNumber() })).status, 200);
    });

    it('silence until the dispatch deadline cancels with a refund', async () => {
      const order = await ingestOrder(integration, orderPayload(seller.id, { paidAt: server.clock.now().toISOString() }));
      const buyer = await signInBuyerFor(server, order);
      await buyer.post(`/api/v1/orders/${order.id}/cancellation-request`, { reason: 'Too slow' });
      const start = server.clock.now();
      try {
        server.clock.set(new Date(new Date(order.dispatchDeadline).getTime() - 60_000));
        await server.arbiter.scheduler.tick();
        assert.equal((await buyer.get(`/api/v1/orders/${order.id}`)).body.status, 'cancellation_requested');
        server.clock.set(new Date(new Date(order.dispatchDeadline).getTime() + 1));
        await server.arbiter.scheduler.tick();
      } finally {
        server.clock.set(start);
      }
      const after = (await buyer.get(`/api/v1/orders/${order.id}`)).body;
      assert.equal(after.status, 'cancelled');
      assert.equal(after.cancellation.outcome, 'silence');
      assert.equal(after.refunds[0].amount, 5500);
      assert.equal(after.refunds[0].reason, 'cancelled_seller_did_not_answer');
      const cancel = after.timeline.find((t: { event: string }) => t.event === 'cancel_on_silence');
      assert.equal(cancel.actorRole, 'system');
      const row = await server.arbiter.ctx.db.selectFrom('orders').select('cancellation_fault').where('id', '=', order.id).executeTakeFirstOrThrow();
      assert.equal(row.cancellation_fault, 'seller');
    });

    it('only the buyer asks and only the seller answers', async () => {
      const order = await ingestOrder(integration, orderPayload(seller.id));
      const member = await signInSellerMember(server, seller.id);
      const otherBuyer = await server.signIn(['buyer']);
      assert.equal((await otherBuyer.post(`/api/v1/orders/${order.id}/cancellation-request`, { reason: 'x' })).status, 404);
      assert.equal((await member.post(`/api/v1/orders/${order.id}/cancellation-request`, { reason: 'x' })).status, 403);
      const buyer = await signInBuyerFor(server, order);
      assert.equal((await buyer.post(`/api/v1/orders/${order.id}/cancellation-request`, { reason: 'x' })).status, 200);
      assert.equal((await buyer.post(`/api/v1/orders/${order.id}/cancellation/accept`)).status, 403);
      const admin = await server.signIn(['admin']);
      assert.equal((await admin.post(`/api/v1/orders/${order.id}/cancellation/accept`)).status, 403);
    });

    it('a cancellation request and a dispatch racing each other: exactly one wins', async () => {
      for (let round = 0; round < 5; round++) {
        const order = await ingestOrder(integration, orderPayload(seller.id));
        const buyer = await signInBuyerFor(server, order);
        const member = await signInSellerMember(server, seller.id);
        const [cancel, dispatch] = await Promise.all([
          buyer.post(`/api/v1/orders/${order.id}/cancellation-request`, { reason: 'race' }),
          member.post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'sf', trackingNumber: sfNumber() }),
        ]);
        const statuses = [cancel.status, dispatch.status].sort();
        assert.deepEqual(statuses, [200, 409], `round ${round}: ${cancel.status} ${dispatch.status}`);
        const loser = cancel.status === 409 ? cancel : dispatch;
        assert.equal(loser.body.code, 'illegal_transition');
        const final = (await buyer.get(`/api/v1/orders/${order.id}`)).body;
        assert.equal(final.status, cancel.status === 200 ? 'cancellation_requested' : 'dispatched');
        assert.equal(final.shipments.length, dispatch.status === 200 ? 1 : 0);
      }
    });

    it('the seller accepting and dispatching at once: exactly one wins', async () => {
      for (let round = 0; round < 3; round++) {
        const order = await ingestOrder(integration, orderPayload(seller.id));
        const buyer = await signInBuyerFor(server, order);
        const member = await signInSellerMember(server, seller.id);
        await buyer.post(`/api/v1/orders/${order.id}/cancellation-request`, { reason: 'race' });
        const [refuse, accept] = await Promise.all([
          member.post(`/api/v1/orders/${order.id}/cancellation/refuse`, { reason: 'no' }),
          member.post(`/api/v1/orders/${order.id}/cancellation/accept`),
        ]);
        assert.deepEqual([refuse.status, accept.status].sort(), [200, 409]);
        const final = (await buyer.get(`/api/v1/orders/${order.id}`)).body;
        assert.equal(final.refunds.length, accept.status === 200 ? 1 : 0);
      }
    });
  });

  describe('reading orders', () => {
    it('documents the endpoints in OpenAPI', async () => {
      const spec = (await server.anonymous().get('/openapi.json')).body;
      for (const p of ['/api/v1/orders', '/api/v1/orders/batch', '/api/v1/orders/{id}', '/api/v1/orders/{id}/dispatch', '/api/v1/carrier-scans', '/api/v1/orders/{id}/refunds', '/api/v1/refunds/{id}/confirm']) {
        assert.ok(spec.paths[p], p);
      }
    });

    it('scopes lists: buyers their own, sellers theirs (to dispatch by deadline), staff and integrations all', async () => {
      const s2 = await createSeller(server);
      const member2 = await signInSellerMember(server, s2.id);
      const early = await ingestOrder(integration, orderPayload(s2.id, { paidAt: '2026-03-02T01:00:00.000Z' }));
      const late = await ingestOrder(integration, orderPayload(s2.id, { paidAt: '2026-03-04T01:00:00.000Z' }));
      const mid = await ingestOrder(integration, orderPayload(s2.id, { paidAt: '2026-03-03T01:00:00.000Z' }));
      const dispatched = await ingestOrder(integration, orderPayload(s2.id, { paidAt: '2026-03-01T01:00:00.000Z' }));
      await member2.post(`/api/v1/orders/${dispatched.id}/dispatch`, { carrier: 'sf', trackingNumber: sfNumber(), service: 'standard' });
      const other = await ingestOrder(integration, orderPayload(seller.id));

      const toDispatch = await member2.get('/api/v1/orders?needsDispatch=true');
      assert.equal(toDispatch.status, 200);
      assert.deepEqual(toDispatch.body.items.map((o: { id: string }) => o.id), [early.id, mid.id, late.id]);
      assert.deepEqual(toDispatch.body.items.map((o: { businessDaysLeft: number }) => o.businessDaysLeft), [3, 4, 5]);
      const all2 = await member2.get('/api/v1/orders');
      assert.equal(all2.body.items.length, 4);
      assert.ok(all2.body.items.every((o: { sellerId: string }) => o.sellerId === s2.id));

      const buyer = await signInBuyerFor(server, early);
      const mine = await buyer.get('/api/v1/orders');
      assert.deepEqual(mine.body.items.map((o: { id: string }) => o.id), [early.id]);
      assert.equal((await buyer.get(`/api/v1/orders/${other.id}`)).status, 404);
      assert.equal((await member2.get(`/api/v1/orders/${other.id}`)).status, 404);
      assert.equal((await member2.get('/api/v1/orders/ord_nonexistent')).status, 404);

      const qc = await server.signIn(['qc_inspector']);
      const staffList = await qc.get(`/api/v1/orders?sellerId=${s2.id}`);
      assert.equal(staffList.body.items.length, 4);
      assert.equal((await integration.get(`/api/v1/orders/${other.id}`)).status, 200);
      const officer = await server.signIn(['compliance_officer']);
      assert.equal((await officer.get(`/api/v1/orders?status=paid&limit=1`)).body.items.length, 1);
      const plainSeller = await server.signIn(['seller']);
      assert.deepEqual((await plainSeller.get('/api/v1/orders')).body.items, []);
      assert.equal((await server.anonymous().get('/api/v1/orders')).status, 401);
    });
  });
});
