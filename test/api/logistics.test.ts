import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { s10CheckDigit } from '../../src/domain/tracking/index.js';
import { recordDisputeClosed, recordDisputeOpened } from '../../src/modules/logistics/index.js';
import type { HttpClient } from '../helpers/http.js';
import { pdfFile, jpegFile, pngFile } from '../helpers/files.js';
import { apiKeyClient, createSeller, ingestOrder, orderPayload, signInBuyerFor, signInSellerMember } from '../helpers/fixtures.js';
import { TEST_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

const DAY = 86_400_000;

let sfCounter = 0;
/** A well-formed SF Express number (SF + 13 digits), different each call. */
const sfNumber = () => `SF${String(Date.now() % 1e9).padStart(9, '0')}${String(++sfCounter).padStart(4, '0')}`;

let emsCounter = 0;
/** A valid EMS (S10) number with its check digit, different each call. */
function emsNumber(): string {
  const serial = String((Date.now() % 1e7) * 10 + (++emsCounter % 10)).padStart(8, '0').slice(-8);
  return `EA${serial}${s10CheckDigit(serial)}CN`;
}

type Order = { id: string; buyerId: string; status: string; items: { id: string; status: string }[] };

describe('logistics: warehouse receipt, QC pass, international parcels, protection, tracking', () => {
  let server: TestServer;
  let integration: HttpClient;
  let seller: { id: string };
  let otherSeller: { id: string };
  type Staff = HttpClient & { userId: string; email: string };
  let member: Staff;
  let otherMember: Staff;
  let inspector: Staff;
  let support: Staff;

  before(async () => {
    server = await startTestServer();
    integration = await apiKeyClient(server);
    seller = await createSeller(server);
    otherSeller = await createSeller(server);
    member = await signInSellerMember(server, seller.id);
    otherMember = await signInSellerMember(server, otherSeller.id);
    inspector = await server.signIn(['qc_inspector']);
    support = await server.signIn(['support_agent']);
  });
  after(async () => server.close());
  // Sessions last 14 days and the tests move the clock by months: sign everyone in afresh for each test.
  const signInStaffAgain = async () => {
    for (const c of [member, otherMember, inspector, support]) await c.login(c.email, TEST_PASSWORD);
  };
  beforeEach(signInStaffAgain);

  /** A paid order of the given platform buyer, dispatched by the seller with a fresh SF number. */
  async function dispatchedOrder(buyerExternalId = `buyer-${Math.random().toString(36).slice(2)}`): Promise<{ order: Order; tracking: string }> {
    const order = await ingestOrder(integration, orderPayload(seller.id, { buyer: { externalId: buyerExternalId, name: 'Alex Buyer' } }));
    const tracking = sfNumber();
    const res = await member.post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'sf', trackingNumber: tracking, service: 'standard' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return { order: res.body, tracking };
  }

  async function qcPassedOrder(buyerExternalId?: string): Promise<Order> {
    const { order } = await dispatchedOrder(buyerExternalId);
    const rcv = await inspector.post('/api/v1/warehouse/receipts', { orderId: order.id, weightGrams: 850 });
    assert.equal(rcv.status, 201, JSON.stringify(rcv.body));
    const qc = await inspector.post(`/api/v1/warehouse/orders/${order.id}/qc-pass`, {});
    assert.equal(qc.status, 200, JSON.stringify(qc.body));
    assert.equal(qc.body.status, 'qc_passed');
    return order;
  }

  function parcelBody(orderIds: string[], overrides: Record<string, unknown> = {}) {
    return { orderIds, declaredWeightGrams: 1200, declaredValue: { amount: 5500, currency: 'USD' }, carrier: 'ems', trackingNumber: emsNumber(), insured: true, ...overrides };
  }

  /** QC-passed orders of one buyer, consolidated and shipped; returns the parcel. */
  async function shippedParcel(count = 1): Promise<{ parcel: any; orders: Order[] }> {
    const buyer = `buyer-${Math.random().toString(36).slice(2)}`;
    const orders: Order[] = [];
    for (let i = 0; i < count; i++) orders.push(await qcPassedOrder(buyer));
    const created = await inspector.post('/api/v1/parcels', parcelBody(orders.map((o) => o.id)));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const shipped = await inspector.post(`/api/v1/parcels/${created.body.id}/ship`, {});
    assert.equal(shipped.status, 200, JSON.stringify(shipped.body));
    return { parcel: shipped.body, orders };
  }

  describe('warehouse receipt', () => {
    it('receives a dispatched order by the tracking number on the label, with its weight; the order and its items move on', async () => {
      const { order, tracking } = await dispatchedOrder();
      // as an inspector types or scans it: lower case, with spaces
      const label = `${tracking.slice(0, 5).toLowerCase()} ${tracking.slice(5)}`;
      const res = await inspector.post('/api/v1/warehouse/receipts', { trackingNumber: label, weightGrams: 1234, notes: 'Box slightly dented' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.match(res.body.id, /^rcv_/);
      assert.equal(res.body.orderId, order.id);
      assert.equal(res.body.orderStatus, 'received_at_warehouse');
      assert.equal(res.body.weightGrams, 1234);
      assert.equal(res.body.trackingNumber, tracking);
      assert.equal(res.body.receivedBy, inspector.userId);
      assert.equal(res.body.receivedAt, server.clock.now().toISOString());
      assert.deepEqual(res.body.photos, []);

      const detail = await integration.get(`/api/v1/orders/${order.id}`);
      assert.equal(detail.body.status, 'received_at_warehouse');
      assert.equal(detail.body.receivedAtWarehouseAt, server.clock.now().toISOString());
      assert.ok(detail.body.items.every((i: { status: string }) => i.status === 'received_at_warehouse'));
      const event = detail.body.timeline.find((t: { event: string; entityType: string }) => t.event === 'receive_at_warehouse' && t.entityType === 'order');
      assert.equal(event.data.weightGrams, 1234);
      assert.equal(event.actorRole, 'qc_inspector');

      const again = await inspector.post('/api/v1/warehouse/receipts', { orderId: order.id, weightGrams: 1000 });
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'already_received');
      assert.equal(again.body.receiptId, res.body.id);
      const againByTracking = await inspector.post('/api/v1/warehouse/receipts', { trackingNumber: tracking, weightGrams: 1000 });
      assert.equal(againByTracking.status, 409);
    });

    it('answers an unknown tracking number with 404 shipment_not_found, and checks the input', async () => {
      const unknown = await inspector.post('/api/v1/warehouse/receipts', { trackingNumber: 'SF0000000000001', weightGrams: 500 });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, 'shipment_not_found');
      const neither = await inspector.post('/api/v1/warehouse/receipts', { weightGrams: 500 });
      assert.equal(neither.status, 400);
      const { order } = await dispatchedOrder();
      const zero = await inspector.post('/api/v1/warehouse/receipts', { orderId: order.id, weightGrams: 0 });
      assert.equal(zero.status, 400);
      const fraction = await inspector.post('/api/v1/warehouse/receipts', { orderId: order.id, weightGrams: 12.5 });
      assert.equal(fraction.status, 400);
      const mismatch = await inspector.post('/api/v1/warehouse/receipts', { orderId: order.id, trackingNumber: sfNumber(), weightGrams: 500 });
      assert.equal(mismatch.status, 422);
      assert.equal(mismatch.body.code, 'tracking_number_mismatch');
      const missingOrder = await inspector.post('/api/v1/warehouse/receipts', { orderId: 'ord_nope', weightGrams: 500 });
      assert.equal(missingOrder.status, 404);
    });

    it('refuses a paid order that was never dispatched (409 illegal_transition)', async () => {
      const order = await ingestOrder(integration, orderPayload(seller.id));
      const res = await inspector.post('/api/v1/warehouse/receipts', { orderId: order.id, weightGrams: 500 });
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'illegal_transition');
    });

    it('lets only warehouse staff receive: buyers and sellers get a 403', async () => {
      const { order, tracking } = await dispatchedOrder();
      const buyer = await signInBuyerFor(server, order);
      const byBuyer = await buyer.post('/api/v1/warehouse/receipts', { trackingNumber: tracking, weightGrams: 500 });
      assert.equal(byBuyer.status, 403);
      const bySeller = await member.post('/api/v1/warehouse/receipts', { orderId: order.id, weightGrams: 500 });
      assert.equal(bySeller.status, 403);
      const bySupport = await support.post('/api/v1/warehouse/receipts', { orderId: order.id, weightGrams: 500 });
      assert.equal(bySupport.status, 403);
      // the platform's warehouse system may scan parcels in through its API key
      const byIntegration = await integration.post('/api/v1/warehouse/receipts', { trackingNumber: tracking, weightGrams: 500 });
      assert.equal(byIntegration.status, 201);
    });

    it('stores photos content-addressed with the uploader and time; refuses a file that is not a photo with 415', async () => {
      const { order } = await dispatchedOrder();
      const receipt = (await inspector.post('/api/v1/warehouse/receipts', { orderId: order.id, weightGrams: 640 })).body;
      const jpeg = jpegFile(64, 48, 3);
      const up = await inspector.put(`/api/v1/warehouse/receipts/${receipt.id}/photos?fileName=${encodeURIComponent('../label.png')}`, jpeg as unknown as BodyInit, {
        'content-type': 'application/octet-stream',
      });
      assert.equal(up.status, 201, JSON.stringify(up.body));
      assert.match(up.body.id, /^upl_/);
      assert.equal(up.body.mediaType, 'image/jpeg');
      assert.equal(up.body.sha256, createHash('sha256').update(jpeg).digest('hex'));
      assert.equal(up.body.sizeBytes, jpeg.length);
      assert.equal(up.body.uploadedBy, inspector.userId);
      assert.equal(up.body.uploadedAt, server.clock.now().toISOString());
      // the name follows the content: a JPEG called "label.png" is "label.jpg", and no directory survives
      assert.equal(up.body.fileName, 'label.jpg');

      const png = await inspector.put(`/api/v1/warehouse/receipts/${receipt.id}/photos`, pngFile(32, 32, 1) as unknown as BodyInit, { 'content-type': 'image/jpeg' });
      assert.equal(png.status, 201);
      assert.equal(png.body.mediaType, 'image/png');

      const pdf = await inspector.put(`/api/v1/warehouse/receipts/${receipt.id}/photos?fileName=photo.jpg`, (await pdfFile()) as unknown as BodyInit, { 'content-type': 'image/jpeg' });
      assert.equal(pdf.status, 415);
      assert.equal(pdf.body.code, 'unsupported_file_type');
      assert.equal(pdf.body.detected, 'application/pdf');
      const empty = await inspector.put(`/api/v1/warehouse/receipts/${receipt.id}/photos`, new Uint8Array(0) as unknown as BodyInit, { 'content-type': 'image/jpeg' });
      assert.equal(empty.status, 400);

      const buyer = await signInBuyerFor(server, order);
      const byBuyer = await buyer.put(`/api/v1/warehouse/receipts/${receipt.id}/photos`, jpeg as unknown as BodyInit, { 'content-type': 'image/jpeg' });
      assert.equal(byBuyer.status, 403);
      const missing = await inspector.put('/api/v1/warehouse/receipts/rcv_nope/photos', jpeg as unknown as BodyInit, { 'content-type': 'image/jpeg' });
      assert.equal(missing.status, 404);

      // the buyer and the seller see the receipt and its photos; another buyer or seller does not
      const seen = await buyer.get(`/api/v1/warehouse/receipts/${receipt.id}`);
      assert.equal(seen.status, 200);
      assert.deepEqual(
        seen.body.photos.map((p: { mediaType: string }) => p.mediaType),
        ['image/jpeg', 'image/png'],
      );
      const file = await buyer.request('GET', `/api/v1/warehouse/receipts/${receipt.id}/photos/${up.body.id}/file`, { raw: true });
      assert.equal(file.status, 200);
      assert.equal(file.headers.get('content-type'), 'image/jpeg');
      assert.ok(Buffer.compare(file.body, jpeg) === 0);
      assert.equal((await member.get(`/api/v1/warehouse/receipts/${receipt.id}`)).status, 200);
      assert.equal((await otherMember.get(`/api/v1/warehouse/receipts/${receipt.id}`)).status, 404);
      const { order: another } = await dispatchedOrder();
      const otherBuyer = await signInBuyerFor(server, another);
      assert.equal((await otherBuyer.get(`/api/v1/warehouse/receipts/${receipt.id}`)).status, 404);
      assert.equal((await otherBuyer.request('GET', `/api/v1/warehouse/receipts/${receipt.id}/photos/${up.body.id}/file`)).status, 404);
    });
  });

  describe('QC pass', () => {
    it('passes the named items first, then the rest; the order passes when all have', async () => {
      const { order } = await dispatchedOrder();
      await inspector.post('/api/v1/warehouse/receipts', { orderId: order.id, weightGrams: 900 });
      const [first, second] = order.items;
      const partial = await inspector.post(`/api/v1/warehouse/orders/${order.id}/qc-pass`, { itemIds: [first.id], notes: 'Matches the listing' });
      assert.equal(partial.status, 200, JSON.stringify(partial.body));
      assert.equal(partial.body.status, 'received_at_warehouse');
      assert.deepEqual(partial.body.passedItemIds, [first.id]);
      assert.deepEqual(
        partial.body.items.map((i: { status: string }) => i.status),
        ['qc_passed', 'received_at_warehouse'],
      );
      const rest = await inspector.post(`/api/v1/warehouse/orders/${order.id}/qc-pass`, {});
      assert.equal(rest.status, 200);
      assert.deepEqual(rest.body.passedItemIds, [second.id]);
      assert.equal(rest.body.status, 'qc_passed');
      assert.equal(rest.body.qcDecidedAt, server.clock.now().toISOString());
      const again = await inspector.post(`/api/v1/warehouse/orders/${order.id}/qc-pass`, {});
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'illegal_transition');
    });

    it('refuses items of another order, orders not at the warehouse, and anyone but a QC inspector', async () => {
      const { order } = await dispatchedOrder();
      const notYet = await inspector.post(`/api/v1/warehouse/orders/${order.id}/qc-pass`, {});
      assert.equal(notYet.status, 409);
      await inspector.post('/api/v1/warehouse/receipts', { orderId: order.id, weightGrams: 900 });
      const foreign = await inspector.post(`/api/v1/warehouse/orders/${order.id}/qc-pass`, { itemIds: ['itm_other'] });
      assert.equal(foreign.status, 422);
      assert.equal(foreign.body.code, 'unknown_items');
      const buyer = await signInBuyerFor(server, order);
      assert.equal((await buyer.post(`/api/v1/warehouse/orders/${order.id}/qc-pass`, {})).status, 403);
      assert.equal((await member.post(`/api/v1/warehouse/orders/${order.id}/qc-pass`, {})).status, 403);
      assert.equal((await inspector.post('/api/v1/warehouse/orders/ord_nope/qc-pass', {})).status, 404);
    });
  });

  describe('international parcel', () => {
    it("consolidates one buyer's QC-passed orders; another buyer's order is a 422; orders not passed or already packed are 409s", async () => {
      const a = await qcPassedOrder('buyer-consolidate');
      const b = await qcPassedOrder('buyer-consolidate');
      const stranger = await qcPassedOrder('buyer-stranger');
      const mixed = await inspector.post('/api/v1/parcels', parcelBody([a.id, stranger.id]));
      assert.equal(mixed.status, 422);
      assert.equal(mixed.body.code, 'different_buyers');

      const { order: notPassed } = await dispatchedOrder('buyer-consolidate');
      const early = await inspector.post('/api/v1/parcels', parcelBody([a.id, notPassed.id]));
      assert.equal(early.status, 409);
      assert.equal(early.body.code, 'order_not_qc_passed');

      const tracking = emsNumber();
      const res = await inspector.post('/api/v1/parcels', parcelBody([b.id, a.id, a.id], { trackingNumber: tracking.toLowerCase(), insured: false, declaredWeightGrams: 1750 }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const p = res.body;
      assert.match(p.id, /^pcl_/);
      assert.equal(p.status, 'created');
      assert.equal(p.buyerId, a.buyerId);
      assert.deepEqual(p.orders.map((o: { orderId: string }) => o.orderId).sort(), [a.id, b.id].sort());
      assert.equal(p.trackingNumber, tracking);
      assert.equal(p.carrier, 'ems');
      assert.equal(p.declaredWeightGrams, 1750);
      assert.deepEqual(p.declaredValue, { amount: 5500, currency: 'USD' });
      assert.equal(p.insured, false);

      const twice = await inspector.post('/api/v1/parcels', parcelBody([a.id]));
      assert.equal(twice.status, 409);
      assert.equal(twice.body.code, 'order_already_in_parcel');
      const sameTracking = await inspector.post('/api/v1/parcels', parcelBody([stranger.id], { trackingNumber: tracking }));
      assert.equal(sameTracking.status, 409);
      assert.equal(sameTracking.body.code, 'tracking_number_in_use');

      // cancelled before shipping, its orders may be packed again
      const cancelled = await inspector.post(`/api/v1/parcels/${p.id}/cancel`, { reason: 'Repacked in a bigger box' });
      assert.equal(cancelled.status, 200);
      assert.equal(cancelled.body.status, 'cancelled');
      const repacked = await inspector.post('/api/v1/parcels', parcelBody([a.id, b.id], { trackingNumber: tracking }));
      assert.equal(repacked.status, 201);
    });

    it('validates the tracking number for the carrier and answers 422 with the reason', async () => {
      const o = await qcPassedOrder();
      const bad = await inspector.post('/api/v1/parcels', parcelBody([o.id], { trackingNumber: 'EA123456784CN' }));
      assert.equal(bad.status, 422);
      assert.equal(bad.body.code, 'invalid_tracking_number');
      assert.equal(bad.body.field, 'trackingNumber');
      assert.match(bad.body.reason, /check digit/i);
      const wrongCarrier = await inspector.post('/api/v1/parcels', parcelBody([o.id], { carrier: 'dhl' }));
      assert.equal(wrongCarrier.status, 422);
      assert.ok(wrongCarrier.body.reason.length > 0);
      const unknownCarrier = await inspector.post('/api/v1/parcels', parcelBody([o.id], { carrier: 'pigeon' }));
      assert.equal(unknownCarrier.status, 400);
      const badMoney = await inspector.post('/api/v1/parcels', parcelBody([o.id], { declaredValue: { amount: 10.5, currency: 'USD' } }));
      assert.equal(badMoney.status, 400);
      const missing = await inspector.post('/api/v1/parcels', parcelBody([o.id, 'ord_nope']));
      assert.equal(missing.status, 404);
      const buyer = await signInBuyerFor(server, o);
      assert.equal((await buyer.post('/api/v1/parcels', parcelBody([o.id]))).status, 403);
    });

    it("shipping starts each order's protection period: shipped + the policy's 60 days, stored and scheduled", async () => {
      const { parcel, orders } = await shippedParcel(2);
      const shippedAt = server.clock.now();
      assert.equal(parcel.status, 'in_transit');
      assert.equal(parcel.shippedAt, shippedAt.toISOString());
      const endsAt = new Date(shippedAt.getTime() + 60 * DAY).toISOString();
      for (const o of orders) {
        const detail = await integration.get(`/api/v1/orders/${o.id}`);
        assert.equal(detail.body.status, 'shipped_international');
        assert.equal(detail.body.shippedInternationalAt, shippedAt.toISOString());
        assert.ok(detail.body.items.every((i: { status: string }) => i.status === 'shipped_international'));
        const protection = await integration.get(`/api/v1/orders/${o.id}/protection`);
        assert.equal(protection.status, 200);
        assert.equal(protection.body.startedAt, shippedAt.toISOString());
        assert.equal(protection.body.endsAt, endsAt);
        assert.equal(protection.body.daysLeft, 60);
        assert.equal(protection.body.initialDays, 60);
        assert.equal(protection.body.extensionRequested, false);
        const tasks = await server.arbiter.ctx.db
          .selectFrom('scheduled_tasks')
          .selectAll()
          .where('entity_id', '=', o.id)
          .where('kind', '=', 'logistics.protection_end')
          .execute();
        assert.equal(tasks.length, 1);
        assert.equal(tasks[0].status, 'pending');
        assert.equal(tasks[0].due_at.toISOString(), endsAt);
      }
      assert.deepEqual(
        parcel.orders.map((o: { protectionEndsAt: string }) => o.protectionEndsAt),
        [endsAt, endsAt],
      );
      const again = await inspector.post(`/api/v1/parcels/${parcel.id}/ship`, {});
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'illegal_transition');
      const cancelShipped = await inspector.post(`/api/v1/parcels/${parcel.id}/cancel`, { reason: 'too late' });
      assert.equal(cancelShipped.status, 409);
      // the buyer heard about it
      const buyer = await signInBuyerFor(server, orders[0]);
      const notes = await buyer.get('/api/v1/notifications');
      assert.ok(notes.body.items.some((n: { eventType: string }) => n.eventType === 'parcel.shipped'));
    });

    it('the buyer confirms delivery; completion still waits for the end of protection', async () => {
      const { parcel, orders } = await shippedParcel(2);
      const [o1, o2] = orders;
      const buyer = await signInBuyerFor(server, o1);
      assert.equal((await member.post(`/api/v1/orders/${o1.id}/confirm-delivery`, {})).status, 403);
      const { order: strangersOrder } = await dispatchedOrder();
      const stranger = await signInBuyerFor(server, strangersOrder);
      assert.equal((await stranger.post(`/api/v1/orders/${o1.id}/confirm-delivery`, {})).status, 404);

      server.clock.advanceDays(9);
      const res = await buyer.post(`/api/v1/orders/${o1.id}/confirm-delivery`, {});
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.orderStatus, 'delivered');
      assert.equal(res.body.buyerConfirmedAt, server.clock.now().toISOString());
      assert.equal(res.body.daysLeft, 51);
      const detail = await integration.get(`/api/v1/orders/${o1.id}`);
      assert.equal(detail.body.deliveredAt, server.clock.now().toISOString());
      assert.equal(detail.body.timeline.find((t: { event: string; entityType: string }) => t.event === 'deliver' && t.entityType === 'order').actorRole, 'buyer');
      // one of two orders arrived: the parcel is still in transit
      assert.equal((await buyer.get(`/api/v1/parcels/${parcel.id}`)).body.status, 'in_transit');
      const twice = await buyer.post(`/api/v1/orders/${o1.id}/confirm-delivery`, {});
      assert.equal(twice.status, 409);
      assert.equal(twice.body.code, 'delivery_already_confirmed');
      await buyer.post(`/api/v1/orders/${o2.id}/confirm-delivery`, {});
      const p = await buyer.get(`/api/v1/parcels/${parcel.id}`);
      assert.equal(p.body.status, 'delivered');
      // a paid order cannot be confirmed delivered
      const paid = await ingestOrder(integration, orderPayload(seller.id, { buyer: { externalId: 'buyer-paid-confirm' } }));
      const paidBuyer = await signInBuyerFor(server, paid);
      const early = await paidBuyer.post(`/api/v1/orders/${paid.id}/confirm-delivery`, {});
      assert.equal(early.status, 409);
      assert.equal(early.body.code, 'illegal_transition');
    });

    it("a carrier's delivered event delivers the parcel and its orders; events are stored once; only the integration sends them", async () => {
      const { parcel, orders } = await shippedParcel(2);
      const t0 = server.clock.now().getTime();
      const events = [
        { eventCode: 'accepted', description: 'Accepted by EMS', location: 'Guangzhou', occurredAt: new Date(t0 + 3_600_000).toISOString() },
        { eventCode: 'Departed', description: 'Departed from the office of exchange', location: 'Guangzhou', occurredAt: new Date(t0 + DAY).toISOString() },
      ];
      server.clock.advanceDays(2);
      const first = await integration.post(`/api/v1/parcels/${parcel.id}/events`, events);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual([first.body.stored, first.body.duplicate, first.body.delivered], [2, 0, false]);
      assert.deepEqual(first.body.parcel.lastEvent, { code: 'departed', at: events[1].occurredAt });
      const repeat = await integration.post(`/api/v1/parcels/${parcel.id}/events`, events[0]);
      assert.deepEqual([repeat.body.stored, repeat.body.duplicate], [0, 1]);

      assert.equal((await inspector.post(`/api/v1/parcels/${parcel.id}/events`, events[0])).status, 403);
      const buyer = await signInBuyerFor(server, orders[0]);
      assert.equal((await buyer.post(`/api/v1/parcels/${parcel.id}/events`, events[0])).status, 403);

      server.clock.advanceDays(6);
      const deliveredAt = new Date(server.clock.now().getTime() - 3_600_000).toISOString();
      const delivered = await integration.post(`/api/v1/parcels/${parcel.id}/events`, { eventCode: 'delivered', description: 'Delivered, signed by A. Buyer', location: 'Berlin', occurredAt: deliveredAt });
      assert.equal(delivered.status, 200);
      assert.equal(delivered.body.delivered, true);
      assert.equal(delivered.body.parcel.status, 'delivered');
      assert.equal(delivered.body.parcel.deliveredAt, deliveredAt);
      for (const o of orders) {
        const d = await integration.get(`/api/v1/orders/${o.id}`);
        assert.equal(d.body.status, 'delivered');
        assert.equal(d.body.deliveredAt, deliveredAt);
        assert.ok(d.body.items.every((i: { status: string }) => i.status === 'delivered'));
      }
      // the buyer may still confirm: recorded, the order stays delivered
      const confirm = await buyer.post(`/api/v1/orders/${orders[0].id}/confirm-delivery`, {});
      assert.equal(confirm.status, 200);
      assert.equal(confirm.body.orderStatus, 'delivered');
      assert.ok(confirm.body.buyerConfirmedAt);
      // events for a parcel that has not shipped are refused
      const o = await qcPassedOrder();
      const unshipped = (await inspector.post('/api/v1/parcels', parcelBody([o.id]))).body;
      const early = await integration.post(`/api/v1/parcels/${unshipped.id}/events`, events[0]);
      assert.equal(early.status, 409);
      assert.equal(early.body.code, 'parcel_not_shipped');
      assert.equal((await integration.post('/api/v1/parcels/pcl_nope/events', events[0])).status, 404);
    });

    it("the carrier feed's scans reach an international parcel by carrier and tracking number; a delivered scan delivers the parcel and its orders", async () => {
      const { parcel, orders } = await shippedParcel(2);
      const db = server.arbiter.ctx.db;
      const t0 = server.clock.now().getTime();
      // The feed writes the number its own way (lower case, spaced); the carrier must be the parcel's.
      const spaced = parcel.trackingNumber.toLowerCase().replace(/(.{4})/g, '$1 ').trim();
      server.clock.advanceDays(1);
      const first = await integration.post('/api/v1/carrier-scans', [
        { carrier: 'EMS', trackingNumber: spaced, eventCode: 'Departed', description: 'Left the office of exchange', location: 'Guangzhou', occurredAt: new Date(t0 + 3_600_000).toISOString() },
        { carrier: 'dhl', trackingNumber: parcel.trackingNumber, eventCode: 'delivered', location: 'Berlin', occurredAt: new Date(t0 + 7_200_000).toISOString() },
      ]);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.counts.stored, 2);
      assert.equal(first.body.counts.parcelEvents, 1, 'only the scan of the same carrier is the parcel\'s');
      assert.deepEqual(first.body.parcelsDelivered, []);
      let read = await integration.get(`/api/v1/parcels/${parcel.id}`);
      assert.equal(read.body.status, 'in_transit');
      assert.deepEqual(read.body.lastEvent, { code: 'departed', at: new Date(t0 + 3_600_000).toISOString() });
      assert.deepEqual(read.body.events.map((e: { eventCode: string; location: string }) => [e.eventCode, e.location]), [['departed', 'Guangzhou']]);

      server.clock.advanceDays(5);
      const deliveredAt = new Date(server.clock.now().getTime() - 3_600_000).toISOString();
      const scan = { carrier: 'ems', trackingNumber: parcel.trackingNumber, eventCode: 'DELIVERED', description: 'Delivered, signed by A. Buyer', location: 'Berlin', occurredAt: deliveredAt };
      const delivered = await integration.post('/api/v1/carrier-scans', [scan]);
      assert.equal(delivered.status, 200, JSON.stringify(delivered.body));
      assert.equal(delivered.body.counts.parcelEvents, 1);
      assert.deepEqual(delivered.body.parcelsDelivered, [{ parcelId: parcel.id, orderIds: orders.map((o) => o.id).sort() }]);
      read = await integration.get(`/api/v1/parcels/${parcel.id}`);
      assert.equal(read.body.status, 'delivered');
      assert.equal(read.body.deliveredAt, deliveredAt);
      for (const o of orders) {
        const d = await integration.get(`/api/v1/orders/${o.id}`);
        assert.equal(d.body.status, 'delivered');
        assert.equal(d.body.deliveredAt, deliveredAt);
        assert.ok(d.body.items.every((i: { status: string }) => i.status === 'delivered'));
        const moves = d.body.timeline.filter((t: { event: string }) => t.event === 'deliver');
        assert.ok(moves.some((m: { data: { via?: string; parcelId?: string } }) => m.data.via === 'carrier' && m.data.parcelId === parcel.id), JSON.stringify(moves));
      }
      // through the parcel's table, with history and outbox
      const history = await db.selectFrom('entity_history').select(['event', 'from_state', 'to_state', 'actor_role']).where('entity_type', '=', 'parcel').where('entity_id', '=', parcel.id).where('event', '=', 'deliver').execute();
      assert.deepEqual(history.map((h) => [h.from_state, h.to_state, h.actor_role]), [['in_transit', 'delivered', 'integration']]);
      const outbox = await db.selectFrom('outbox').select(['event_type', 'entity_id']).where('entity_id', 'in', [parcel.id, ...orders.map((o) => o.id)]).where('event_type', 'in', ['parcel.delivered', 'order.delivered']).execute();
      assert.equal(outbox.filter((e) => e.event_type === 'parcel.delivered').length, 1);
      assert.equal(outbox.filter((e) => e.event_type === 'order.delivered').length, 2);
      const buyer = await signInBuyerFor(server, orders[0]);
      assert.ok((await buyer.get('/api/v1/notifications')).body.items.some((n: { eventType: string }) => n.eventType === 'order.delivered'));

      // a re-sent scan is a duplicate and moves nothing again
      const again = await integration.post('/api/v1/carrier-scans', [scan]);
      assert.equal(again.status, 200);
      assert.deepEqual([again.body.counts.duplicate, again.body.counts.parcelEvents, again.body.parcelsDelivered.length], [1, 0, 0]);
      // a parcel that has not shipped takes no events from the feed
      const o = await qcPassedOrder();
      const unshipped = (await inspector.post('/api/v1/parcels', parcelBody([o.id]))).body;
      const early = await integration.post('/api/v1/carrier-scans', [{ ...scan, trackingNumber: unshipped.trackingNumber }]);
      assert.equal(early.status, 200);
      assert.deepEqual([early.body.counts.stored, early.body.counts.parcelEvents], [1, 0]);
      assert.equal((await integration.get(`/api/v1/parcels/${unshipped.id}`)).body.status, 'created');
    });

    it('parcels are listed and read by staff, their buyer and the sellers of their orders; others get 404', async () => {
      const { parcel, orders } = await shippedParcel(1);
      const buyer = await signInBuyerFor(server, orders[0]);
      const mine = await buyer.get('/api/v1/parcels');
      assert.deepEqual(
        mine.body.items.map((p: { id: string }) => p.id),
        [parcel.id],
      );
      assert.equal((await buyer.get(`/api/v1/parcels/${parcel.id}`)).status, 200);
      assert.equal((await member.get(`/api/v1/parcels/${parcel.id}`)).status, 200);
      assert.equal((await otherMember.get(`/api/v1/parcels/${parcel.id}`)).status, 404);
      assert.ok(!(await otherMember.get('/api/v1/parcels')).body.items.some((p: { id: string }) => p.id === parcel.id));
      const { order: another } = await dispatchedOrder();
      const otherBuyer = await signInBuyerFor(server, another);
      assert.equal((await otherBuyer.get(`/api/v1/parcels/${parcel.id}`)).status, 404);
      assert.equal((await otherBuyer.get('/api/v1/parcels')).body.items.length, 0);
      const inTransit = await inspector.get('/api/v1/parcels?status=in_transit&limit=200');
      assert.ok(inTransit.body.items.some((p: { id: string }) => p.id === parcel.id));
      assert.ok(inTransit.body.items.every((p: { status: string }) => p.status === 'in_transit'));
      const created = await inspector.get('/api/v1/parcels?status=created&limit=200');
      assert.ok(!created.body.items.some((p: { id: string }) => p.id === parcel.id));
    });
  });

  describe('protection period', () => {
    it('the buyer asks for an extension (capped by the policy) and the seller extends; the end moves and is rescheduled', async () => {
      const { orders } = await shippedParcel(1);
      const order = orders[0];
      let buyer = await signInBuyerFor(server, order);
      const before = (await buyer.get(`/api/v1/orders/${order.id}/protection`)).body;

      const tooLong = await buyer.post(`/api/v1/orders/${order.id}/protection/extension-request`, { days: 16, reason: 'Nothing yet' });
      assert.equal(tooLong.status, 422);
      assert.equal(tooLong.body.code, 'extension_too_long');
      assert.equal(tooLong.body.maxDays, 15);
      assert.equal((await member.post(`/api/v1/orders/${order.id}/protection/extension-request`, { days: 5, reason: 'x' })).status, 403);

      server.clock.advanceDays(40);
      buyer = await signInBuyerFor(server, order);
      await signInStaffAgain();
      const req = await buyer.post(`/api/v1/orders/${order.id}/protection/extension-request`, { days: 10, reason: 'The parcel has not arrived; tracking stopped in customs.' });
      assert.equal(req.status, 200, JSON.stringify(req.body));
      assert.equal(req.body.extensionRequested, true);
      assert.deepEqual(req.body.extensionRequest, { days: 10, reason: 'The parcel has not arrived; tracking stopped in customs.', requestedAt: server.clock.now().toISOString() });
      assert.equal(req.body.endsAt, before.endsAt);
      assert.equal(req.body.daysLeft, 20);
      const dup = await buyer.post(`/api/v1/orders/${order.id}/protection/extension-request`, { days: 5, reason: 'again' });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.code, 'extension_already_requested');
      const sellerNotes = await member.get('/api/v1/notifications');
      assert.ok(sellerNotes.body.items.some((n: { eventType: string }) => n.eventType === 'order.protection_extension_requested'));

      assert.equal((await buyer.post(`/api/v1/orders/${order.id}/protection/extend`, { days: 10, reason: 'self-service' })).status, 403);
      assert.equal((await inspector.post(`/api/v1/orders/${order.id}/protection/extend`, { days: 10, reason: 'x' })).status, 403);
      assert.equal((await otherMember.post(`/api/v1/orders/${order.id}/protection/extend`, { days: 10, reason: 'x' })).status, 404);

      const ext = await member.post(`/api/v1/orders/${order.id}/protection/extend`, { days: 10, reason: 'Customs are slow this month' });
      assert.equal(ext.status, 200, JSON.stringify(ext.body));
      const newEnd = new Date(new Date(before.endsAt).getTime() + 10 * DAY).toISOString();
      assert.equal(ext.body.endsAt, newEnd);
      assert.equal(ext.body.extendedDays, 10);
      assert.equal(ext.body.extensionRequested, false);
      assert.equal(ext.body.daysLeft, 30);
      const tasks = await server.arbiter.ctx.db
        .selectFrom('scheduled_tasks')
        .select(['status', 'due_at'])
        .where('entity_id', '=', order.id)
        .where('kind', '=', 'logistics.protection_end')
        .orderBy('created_at')
        .execute();
      assert.deepEqual(
        tasks.map((t) => [t.status, t.due_at.toISOString()]),
        [
          ['cancelled', before.endsAt],
          ['pending', newEnd],
        ],
      );
      // support staff may extend too; every change is in the history
      const bySupport = await support.post(`/api/v1/orders/${order.id}/protection/extend`, { days: 3, reason: 'Goodwill' });
      assert.equal(bySupport.status, 200);
      assert.equal(bySupport.body.extendedDays, 13);
      const history = (await integration.get(`/api/v1/orders/${order.id}`)).body.timeline.filter((t: { event: string }) => /protection/.test(t.event));
      assert.deepEqual(
        history.map((h: { event: string; actorRole: string }) => [h.event, h.actorRole]),
        [
          ['request_protection_extension', 'buyer'],
          ['extend_protection', 'seller'],
          ['extend_protection', 'support_agent'],
        ],
      );
      assert.equal(history[1].data.previousEndsAt, before.endsAt);
      assert.equal(history[1].data.protectionEndsAt, newEnd);
      assert.equal(history[1].data.answeredRequest.days, 10);
      const buyerNotes = await buyer.get('/api/v1/notifications');
      assert.ok(buyerNotes.body.items.some((n: { eventType: string }) => n.eventType === 'order.protection_extended'));
    });

    it('the seller declines an extension request with a reason the buyer sees; the end stays; the buyer may ask again', async () => {
      const { orders } = await shippedParcel(1);
      const order = orders[0];
      const buyer = await signInBuyerFor(server, order);
      const before = (await buyer.get(`/api/v1/orders/${order.id}/protection`)).body;
      assert.equal(before.extensionDeclined, null);
      const decline = (who: HttpClient, body: unknown) => who.post(`/api/v1/orders/${order.id}/protection/extension-request/decline`, body);

      const nothing = await decline(member, { reason: 'No request' });
      assert.equal(nothing.status, 409);
      assert.equal(nothing.body.code, 'no_extension_request');
      server.clock.advanceDays(10); // sessions last 14 days
      const req = await buyer.post(`/api/v1/orders/${order.id}/protection/extension-request`, { days: 7, reason: 'Tracking has not moved for a week.' });
      assert.equal(req.status, 200, JSON.stringify(req.body));

      const noReason = await decline(member, { reason: '   ' });
      assert.equal(noReason.status, 400);
      assert.match(JSON.stringify(noReason.body), /reason/);
      assert.equal((await decline(buyer, { reason: 'I changed my mind' })).status, 403);
      assert.equal((await decline(inspector, { reason: 'x' })).status, 403);
      assert.equal((await decline(otherMember, { reason: 'x' })).status, 404);

      const reason = 'The carrier shows the parcel out for delivery today.';
      const declined = await decline(member, { reason });
      assert.equal(declined.status, 200, JSON.stringify(declined.body));
      assert.equal(declined.body.extensionRequested, false);
      assert.equal(declined.body.extensionRequest, null);
      assert.deepEqual(declined.body.extensionDeclined, { days: 7, reason, declinedAt: server.clock.now().toISOString() });
      assert.equal(declined.body.endsAt, before.endsAt, 'the end does not move');
      assert.equal(declined.body.extendedDays, 0);
      // the buyer sees it, with the reason, and is told
      const seen = (await buyer.get(`/api/v1/orders/${order.id}/protection`)).body;
      assert.equal(seen.extensionDeclined.reason, reason);
      assert.equal((await buyer.get(`/api/v1/orders/${order.id}/tracking`)).body.protection.extensionDeclined.reason, reason);
      const note = (await buyer.get('/api/v1/notifications')).body.items.find((n: { eventType: string }) => n.eventType === 'order.protection_extension_declined');
      assert.ok(note, 'the buyer is notified');
      // history and outbox in the same transaction
      const db = server.arbiter.ctx.db;
      const history = await db.selectFrom('entity_history').select(['event', 'actor_role', 'reason', 'data']).where('entity_id', '=', order.id).where('event', '=', 'decline_protection_extension').execute();
      assert.equal(history.length, 1);
      assert.equal(history[0].actor_role, 'seller');
      assert.equal(history[0].reason, reason);
      assert.equal((history[0].data as { days: number }).days, 7);
      const outbox = await db.selectFrom('outbox').select('event_type').where('entity_id', '=', order.id).where('event_type', '=', 'order.protection_extension_declined').execute();
      assert.equal(outbox.length, 1);
      // answered: declining again is a 409
      assert.equal((await decline(member, { reason: 'again' })).body.code, 'no_extension_request');

      // the buyer may ask again; the new request clears the decline, and support may decline too
      const again = await buyer.post(`/api/v1/orders/${order.id}/protection/extension-request`, { days: 3, reason: 'Still nothing at the door.' });
      assert.equal(again.status, 200);
      assert.equal(again.body.extensionDeclined, null);
      const bySupport = await decline(support, { reason: 'Delivered according to the carrier.' });
      assert.equal(bySupport.status, 200);
      assert.equal(bySupport.body.extensionDeclined.days, 3);
      // an extension after a new request clears the last decline too
      await buyer.post(`/api/v1/orders/${order.id}/protection/extension-request`, { days: 2, reason: 'Please.' });
      const ext = await member.post(`/api/v1/orders/${order.id}/protection/extend`, { days: 2, reason: 'Fine' });
      assert.equal(ext.status, 200);
      assert.equal(ext.body.extensionDeclined, null);
      assert.equal(ext.body.extendedDays, 2);
    });

    it('records whether a dispute was opened close to the end of protection', async () => {
      const { orders } = await shippedParcel(2);
      const [early, late] = orders;
      const endsAt = new Date(server.clock.now().getTime() + 60 * DAY);
      const db = server.arbiter.ctx.db;
      const a = await db.transaction().execute((trx) => recordDisputeOpened(trx, { orderId: early.id, at: new Date(endsAt.getTime() - 20 * DAY), caseId: 'case_early' }));
      assert.equal(a.openedNearProtectionExpiry, false);
      assert.equal(a.protectionEndsAt?.toISOString(), endsAt.toISOString());
      const b = await db.transaction().execute((trx) => recordDisputeOpened(trx, { orderId: late.id, at: new Date(endsAt.getTime() - 3 * DAY), caseId: 'case_late' }));
      assert.equal(b.openedNearProtectionExpiry, true);
      const rows = await db.selectFrom('protection_dispute_openings').selectAll().where('order_id', 'in', [early.id, late.id]).orderBy('opened_at').execute();
      assert.deepEqual(
        rows.map((r) => [r.case_id, r.opened_near_protection_expiry, r.near_expiry_days]),
        [
          ['case_early', false, 5],
          ['case_late', true, 5],
        ],
      );
      await db.transaction().execute((trx) => recordDisputeClosed(trx, { orderId: early.id, at: new Date(endsAt.getTime() - 10 * DAY), caseId: 'case_early' }));
      const unpaid = await ingestOrder(integration, orderPayload(seller.id));
      const none = await db.transaction().execute((trx) => recordDisputeOpened(trx, { orderId: unpaid.id, at: server.clock.now() }));
      assert.equal(none.openedNearProtectionExpiry, false);
      assert.equal(none.protectionEndsAt, null);
      // (closing these is covered with the scheduler below)
      await db.transaction().execute((trx) => recordDisputeClosed(trx, { orderId: late.id, at: server.clock.now() }));
      await db.transaction().execute((trx) => recordDisputeClosed(trx, { orderId: unpaid.id, at: server.clock.now() }));
    });
  });

  describe('tracking timeline', () => {
    it('merges every event of the order in time order with the protection countdown, for its buyer, seller and staff only', async () => {
      const buyerId = `buyer-timeline-${Date.now()}`;
      const { order, tracking } = await dispatchedOrder(buyerId);
      const dispatchedAt = server.clock.now().getTime();
      await integration.post('/api/v1/carrier-scans', [
        { carrier: 'sf', trackingNumber: tracking, eventCode: 'picked_up', description: 'Picked up', location: 'Shenzhen', occurredAt: new Date(dispatchedAt + 3_600_000).toISOString() },
      ]);
      server.clock.advanceDays(2);
      await integration.post('/api/v1/carrier-scans', [
        { carrier: 'sf', trackingNumber: tracking, eventCode: 'delivered', description: 'Delivered to the warehouse', location: 'Guangzhou', occurredAt: new Date(dispatchedAt + DAY).toISOString() },
      ]);
      const receipt = (await inspector.post('/api/v1/warehouse/receipts', { trackingNumber: tracking, weightGrams: 777 })).body;
      await inspector.put(`/api/v1/warehouse/receipts/${receipt.id}/photos`, jpegFile(16, 16, 9) as unknown as BodyInit, { 'content-type': 'image/jpeg' });
      server.clock.advance(3_600_000);
      await inspector.post(`/api/v1/warehouse/orders/${order.id}/qc-pass`, {});
      server.clock.advanceDays(1);
      const parcel = (await inspector.post('/api/v1/parcels', parcelBody([order.id]))).body;
      await inspector.post(`/api/v1/parcels/${parcel.id}/ship`, {});
      const shippedAt = server.clock.now().getTime();
      server.clock.advanceDays(3);
      await integration.post(`/api/v1/parcels/${parcel.id}/events`, [
        { eventCode: 'in_transit', description: 'Arrived at the destination country', location: 'Frankfurt', occurredAt: new Date(shippedAt + 2 * DAY).toISOString() },
      ]);
      const buyer = await signInBuyerFor(server, order);
      await buyer.post(`/api/v1/orders/${order.id}/protection/extension-request`, { days: 7, reason: 'Not here yet' });

      const res = await buyer.get(`/api/v1/orders/${order.id}/tracking`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const t = res.body;
      assert.equal(t.status, 'shipped_international');
      assert.equal(t.parcel.id, parcel.id);
      assert.equal(t.parcel.trackingNumber, parcel.trackingNumber);
      assert.equal(t.protection.endsAt, new Date(shippedAt + 60 * DAY).toISOString());
      assert.equal(t.protection.daysLeft, 57);
      assert.equal(t.protection.extensionRequested, true);
      const types = t.events.map((e: { type: string }) => e.type);
      assert.deepEqual(types, [
        'paid',
        'dispatched',
        'carrier_scan',
        'carrier_scan',
        'received_at_warehouse',
        'qc_passed',
        'parcel_shipped',
        'parcel_scan',
        'protection_extension_requested',
      ]);
      const times = t.events.map((e: { at: string }) => Date.parse(e.at));
      assert.deepEqual(times, [...times].sort((x, y) => x - y));
      const rcv = t.events.find((e: { type: string }) => e.type === 'received_at_warehouse');
      assert.equal(rcv.data.weightGrams, 777);
      assert.equal(rcv.data.photos.length, 1);
      assert.equal(t.events.find((e: { type: string }) => e.type === 'dispatched').data.trackingNumber, tracking);
      assert.equal(t.events.find((e: { type: string }) => e.type === 'parcel_scan').data.location, 'Frankfurt');

      // delivery joins the timeline
      await integration.post(`/api/v1/parcels/${parcel.id}/events`, { eventCode: 'delivered', location: 'Berlin', occurredAt: server.clock.now().toISOString() });
      const after = (await member.get(`/api/v1/orders/${order.id}/tracking`)).body;
      assert.deepEqual(after.events.slice(-2).map((e: { type: string }) => e.type), ['parcel_scan', 'delivered']);
      assert.equal(after.events.at(-1).data.via, 'carrier');

      assert.equal((await support.get(`/api/v1/orders/${order.id}/tracking`)).status, 200);
      assert.equal((await inspector.get(`/api/v1/orders/${order.id}/tracking`)).status, 200);
      assert.equal((await otherMember.get(`/api/v1/orders/${order.id}/tracking`)).status, 404);
      const { order: another } = await dispatchedOrder();
      const otherBuyer = await signInBuyerFor(server, another);
      assert.equal((await otherBuyer.get(`/api/v1/orders/${order.id}/tracking`)).status, 404);
      assert.equal((await server.anonymous().get(`/api/v1/orders/${order.id}/tracking`)).status, 401);
    });
  });

  describe('the end of protection, through the scheduler', () => {
    it('completes delivered orders and delivers-then-completes undelivered ones when protection ends; an extended one waits', async () => {
      const { parcel, orders } = await shippedParcel(3);
      const [delivered, silent, extended] = orders;
      const start = server.clock.now().getTime();
      const buyer = await signInBuyerFor(server, delivered);
      await buyer.post(`/api/v1/orders/${delivered.id}/confirm-delivery`, {});
      await member.post(`/api/v1/orders/${extended.id}/protection/extend`, { days: 10, reason: 'Holiday backlog' });

      server.clock.set(new Date(start + 60 * DAY - 60_000));
      await server.arbiter.scheduler.tick();
      assert.equal((await integration.get(`/api/v1/orders/${delivered.id}`)).body.status, 'delivered');

      server.clock.set(new Date(start + 60 * DAY + 1000));
      await server.arbiter.scheduler.tick();
      const d = (await integration.get(`/api/v1/orders/${delivered.id}`)).body;
      assert.equal(d.status, 'completed');
      assert.equal(d.completedAt, server.clock.now().toISOString());
      const s = (await integration.get(`/api/v1/orders/${silent.id}`)).body;
      assert.equal(s.status, 'completed');
      assert.ok(s.items.every((i: { status: string }) => i.status === 'delivered'));
      assert.deepEqual(
        s.timeline.filter((h: { entityType: string }) => h.entityType === 'order').slice(-3).map((h: { event: string; actorRole: string }) => [h.event, h.actorRole]),
        [
          ['deliver', 'system'],
          ['complete', 'system'],
          ['end_protection', 'system'],
        ],
      );
      const silentProtection = (await integration.get(`/api/v1/orders/${silent.id}/protection`)).body;
      assert.equal(silentProtection.endOutcome, 'delivered_and_completed');
      assert.equal(silentProtection.daysLeft, 0);
      assert.equal((await integration.get(`/api/v1/orders/${extended.id}`)).body.status, 'shipped_international');
      // the last undelivered order keeps the parcel in transit
      assert.equal((await integration.get(`/api/v1/parcels/${parcel.id}`)).body.status, 'in_transit');

      server.clock.set(new Date(start + 70 * DAY + 1000));
      await server.arbiter.scheduler.tick();
      await signInStaffAgain();
      assert.equal((await integration.get(`/api/v1/orders/${extended.id}`)).body.status, 'completed');
      assert.equal((await integration.get(`/api/v1/parcels/${parcel.id}`)).body.status, 'delivered');
      const tracking = (await (await signInBuyerFor(server, delivered)).get(`/api/v1/orders/${delivered.id}/tracking`)).body;
      assert.deepEqual(tracking.events.slice(-2).map((e: { type: string }) => e.type), ['completed', 'protection_ended']);
      // after the end there is nothing to extend
      const late = await member.post(`/api/v1/orders/${delivered.id}/protection/extend`, { days: 5, reason: 'x' });
      assert.equal(late.status, 409);
      assert.equal(late.body.code, 'protection_ended');
    });

    it('an open dispute holds the order at the end of protection; closing it completes the order at the next tick', async () => {
      const { orders } = await shippedParcel(1);
      const order = orders[0];
      const start = server.clock.now().getTime();
      const db = server.arbiter.ctx.db;
      server.clock.set(new Date(start + 58 * DAY));
      const opened = await db.transaction().execute((trx) => recordDisputeOpened(trx, { orderId: order.id, at: server.clock.now(), caseId: 'case_hold' }));
      assert.equal(opened.openedNearProtectionExpiry, true);
      server.clock.set(new Date(start + 61 * DAY));
      await server.arbiter.scheduler.tick();
      assert.equal((await integration.get(`/api/v1/orders/${order.id}`)).body.status, 'shipped_international');
      assert.equal((await integration.get(`/api/v1/orders/${order.id}/protection`)).body.endOutcome, 'held_by_dispute');
      server.clock.advanceDays(4);
      const closed = await db.transaction().execute((trx) => recordDisputeClosed(trx, { orderId: order.id, at: server.clock.now(), caseId: 'case_hold' }));
      assert.equal(closed.openDisputes, 0);
      await server.arbiter.scheduler.tick();
      assert.equal((await integration.get(`/api/v1/orders/${order.id}`)).body.status, 'completed');
    });

    it('protection periods that ended while the server was down complete at the first tick', async () => {
      const { orders } = await shippedParcel(2);
      const buyer = await signInBuyerFor(server, orders[0]);
      await buyer.post(`/api/v1/orders/${orders[0].id}/confirm-delivery`, {});
      // "down" for far longer than the protection period: no tick in between
      server.clock.advanceDays(400);
      await server.arbiter.scheduler.tick();
      for (const o of orders) {
        const d = (await integration.get(`/api/v1/orders/${o.id}`)).body;
        assert.equal(d.status, 'completed');
        assert.equal(d.completedAt, server.clock.now().toISOString());
      }
      const pending = await server.arbiter.ctx.db
        .selectFrom('scheduled_tasks')
        .select('id')
        .where('kind', '=', 'logistics.protection_end')
        .where('status', '=', 'pending')
        .execute();
      assert.equal(pending.length, 0);
    });
  });
});

describe('demo marketplace orders', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('seeds orders in every state through the real use-cases, with history, signals, parcels and protection', async () => {
    const { seedDemoOrders, DEMO_ORDERS_PASSWORD } = await import('../../src/demo/orders.js');
    const result = await seedDemoOrders(server.arbiter.ctx);
    for (const status of ['paid', 'cancellation_requested', 'cancelled', 'dispatched', 'received_at_warehouse', 'qc_passed', 'shipped_international', 'delivered', 'completed'] as const) {
      assert.ok((result.byStatus[status] ?? 0) > 0, `no demo order is ${status}: ${JSON.stringify(result.byStatus)}`);
    }
    const db = server.arbiter.ctx.db;
    const now = server.clock.now();
    // overdue and not-yet-due orders to dispatch
    const toDispatch = await db.selectFrom('orders').select('dispatch_deadline').where('status', '=', 'paid').execute();
    assert.ok(toDispatch.some((o) => o.dispatch_deadline < now) && toDispatch.some((o) => o.dispatch_deadline > now));
    assert.ok((await db.selectFrom('orders').select('id').where('dispatched_late', '=', true).execute()).length > 0);
    // tracking that never got a scan was flagged by the scheduler's no-scan check
    const signals = await db.selectFrom('signals').select('type').where('type', '=', 'fictitious_dispatch_suspected').execute();
    assert.ok(signals.length >= 2);
    // parcels in transit with carrier scans; a protection extension asked for, and one granted
    const inTransit = await db.selectFrom('parcels').innerJoin('parcel_events', 'parcel_events.parcel_id', 'parcels.id').select('parcels.id').where('parcels.status', '=', 'in_transit').execute();
    assert.ok(inTransit.length > 0);
    const protection = await db.selectFrom('order_protection').selectAll().execute();
    assert.ok(protection.some((p) => p.extension_requested_at !== null));
    assert.ok(protection.some((p) => p.extended_days > 0));
    assert.ok(protection.some((p) => p.end_outcome === 'delivered_and_completed'));
    // the scheduler ran each end of protection at its due time
    for (const p of protection.filter((x) => x.ended_at)) assert.equal(p.ended_at!.toISOString(), p.protection_ends_at.toISOString());
    // every status on a demo order came with its history
    const orders = await db.selectFrom('orders').select(['id', 'status']).execute();
    for (const o of orders) {
      const last = await db.selectFrom('entity_history').select('to_state').where('entity_type', '=', 'order').where('entity_id', '=', o.id).where('event', 'not in', ['request_protection_extension', 'extend_protection', 'confirm_delivery', 'end_protection']).orderBy('at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal(last.to_state, o.status);
    }
    // a demo buyer signs in and follows an order
    const login = result.logins.find((l) => l.role === 'buyer')!;
    const buyer = server.anonymous();
    await buyer.login(login.email, DEMO_ORDERS_PASSWORD);
    const mine = await buyer.get('/api/v1/parcels');
    assert.ok(mine.body.items.length > 0);
    const tracking = await buyer.get(`/api/v1/orders/${mine.body.items[0].orders[0].orderId}/tracking`);
    assert.equal(tracking.status, 200);
    assert.ok(tracking.body.events.some((e: { type: string }) => e.type === 'parcel_scan'));
  });
});
