import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { code128Pattern, BARCODE_HEIGHT } from '../../src/modules/cases/labels.js';
import { jpegFile, pngFile } from '../helpers/files.js';
import { apiKeyClient, createSeller, ingestOrder, orderPayload, signInBuyerFor, signInSellerMember } from '../helpers/fixtures.js';
import type { HttpClient } from '../helpers/http.js';
import { TEST_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

const DAY = 86_400_000;
/** A buffer as a fetch body. */
const bytes = (b: Buffer) => b as unknown as BodyInit;
let sfCounter = 0;
/** A well-formed SF Express number (SF + 13 digits), different each call. */
const sfNumber = () => `SF${String(Date.now() % 1e9).padStart(9, '0')}${String(++sfCounter).padStart(4, '0')}`;

/** A minimal MP4 (an ftyp box and some media data), enough to be sniffed as video/mp4. */
function mp4File(bytes = 64 * 1024): Buffer {
  const ftyp = Buffer.alloc(32);
  ftyp.writeUInt32BE(32, 0);
  ftyp.write('ftypisom', 4, 'ascii');
  ftyp.writeUInt32BE(0x200, 12);
  ftyp.write('isomiso2avc1mp41', 16, 'ascii');
  const mdat = Buffer.alloc(Math.max(8, bytes - 32));
  mdat.writeUInt32BE(mdat.length, 0);
  mdat.write('mdat', 4, 'ascii');
  for (let i = 8; i < mdat.length; i++) mdat[i] = (i * 31) & 0xff;
  return Buffer.concat([ftyp, mdat]);
}

interface World {
  server: TestServer;
  integration: HttpClient;
  inspector: HttpClient & { userId: string; email: string };
  support: HttpClient & { userId: string; email: string };
  seller: { id: string; externalId: string };
  sellerClient: HttpClient & { userId: string; email: string };
}

interface FailedItem {
  order: any;
  itemId: string;
  caseId: string;
  buyer: HttpClient & { userId: string };
  report: any;
}

/** The seller's parcel is scanned in at the warehouse (the logistics module's receipt). */
async function receiveAtWarehouse(w: World, orderId: string) {
  const res = await w.inspector.post('/api/v1/warehouse/receipts', { orderId, weightGrams: 850 });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

/** An order paid, dispatched and received, one of its items failed at QC with a photo: the case it opened. */
async function failedItem(w: World, opts: { line?: number; payload?: Parameters<typeof orderPayload>[1]; issues?: any[]; seller?: { id: string }; sellerClient?: HttpClient } = {}): Promise<FailedItem> {
  const sellerId = opts.seller?.id ?? w.seller.id;
  const order = await ingestOrder(w.integration, orderPayload(sellerId, { paidAt: new Date(w.server.clock.now().getTime() - 3_600_000).toISOString(), ...opts.payload }));
  const dispatched = await (opts.sellerClient ?? w.sellerClient).post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'sf', trackingNumber: sfNumber() });
  assert.equal(dispatched.status, 200, JSON.stringify(dispatched.body));
  await receiveAtWarehouse(w, order.id);
  const item = order.items[(opts.line ?? 1) - 1];
  const photo = await w.inspector.request('POST', `/api/v1/order-items/${item.id}/qc-media?fileName=seam.png&caption=Torn%20seam`, { body: bytes(pngFile(64, 48, 3)), headers: { 'content-type': 'image/png' } });
  assert.equal(photo.status, 201, JSON.stringify(photo.body));
  const report = await w.inspector.post('/api/v1/qc-reports', {
    orderItemId: item.id,
    result: 'fail',
    severity: 'major',
    issues: opts.issues ?? [{ type: 'defect', description: 'torn seam on the left sleeve' }, { type: 'size_discrepancy' }],
    measurements: [{ name: 'Length', expected: '70', actual: '66', unit: 'cm' }],
    notes: 'Seam open 3 cm.',
    mediaIds: [photo.body.id],
  });
  assert.equal(report.status, 201, JSON.stringify(report.body));
  assert.match(report.body.caseId, /^case_/);
  const buyer = await signInBuyerFor(w.server, order);
  return { order, itemId: item.id, caseId: report.body.caseId, buyer, report: report.body };
}

/** Moves the clock; staff sign in again, as sessions expire after 14 days. */
async function setClock(w: World, at: string) {
  w.server.clock.set(at);
  for (const c of [w.sellerClient, w.inspector, w.support]) await c.login(c.email, TEST_PASSWORD);
}

async function expectStatus(res: { status: number; body: any }, status: number, code?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  if (code) assert.equal(res.body.code, code, JSON.stringify(res.body));
  return res.body;
}

/** The content streams of a PDF, inflated. */
function pdfStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  const re = /(?<!end)stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    try {
      out.push(inflateSync(raw).toString('latin1'));
    } catch {
      out.push(raw.toString('latin1'));
    }
    re.lastIndex = end;
  }
  return out;
}

/** The bars of the barcode drawn on the label, as module widths of bars and spaces (Code 128's pattern). */
function barcodeInPdf(pdf: Buffer, module: number): number[] | null {
  for (const s of pdfStreams(pdf)) {
    const rects = [...s.matchAll(/(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+) re/g)]
      .map((r) => ({ x: Number(r[1]), y: Number(r[2]), w: Number(r[3]), h: Number(r[4]) }))
      .filter((r) => Math.abs(r.h - BARCODE_HEIGHT) < 0.01);
    if (rects.length < 10) continue;
    rects.sort((a, b) => a.x - b.x);
    const widths: number[] = [];
    for (let i = 0; i < rects.length; i++) {
      widths.push(Math.round(rects[i].w / module));
      if (i + 1 < rects.length) widths.push(Math.round((rects[i + 1].x - rects[i].x - rects[i].w) / module));
    }
    return widths;
  }
  return null;
}

describe('QC failures: reports, cases, remedies, deadlines', () => {
  const w = {} as World;

  before(async () => {
    // Monday 2 March 2026, 10:00 in Shanghai.
    w.server = await startTestServer();
    w.integration = await apiKeyClient(w.server);
    w.seller = await createSeller(w.server, { shopName: '深圳优品服饰' });
    w.sellerClient = await signInSellerMember(w.server, w.seller.id, 'owner');
    w.inspector = await w.server.signIn(['qc_inspector']);
    w.support = await w.server.signIn(['support_agent']);
    const addr = await w.sellerClient.request('PUT', `/api/v1/sellers/${w.seller.id}/return-address`, {
      json: { name: '李伟', phone: '+86 138 0000 0000', country: 'CN', province: '广东省', city: '深圳市', district: '南山区', addressLine: '科技园南区 8 栋 301', postalCode: '518057' },
    });
    assert.equal(addr.status, 200, JSON.stringify(addr.body));
  });
  after(async () => w.server.close());

  describe('return for refund', () => {
    it('runs end to end through HTTP: report, choice, acceptance, label PDF with the barcode, return leg, receipt, refund, closing', async () => {
      const { server } = w;
      const f = await failedItem(w);
      // the buyer sees the report with its media and is asked to choose by the policy's deadline
      const page = await expectStatus(await f.buyer.get(`/api/v1/cases/${f.caseId}`), 200);
      assert.equal(page.status, 'awaiting_buyer');
      assert.equal(page.type, 'qc_failure');
      assert.equal(page.claimAmount, 3000);
      assert.equal(page.qcReports.length, 1);
      assert.equal(page.qcReports[0].media.length, 1);
      assert.equal(page.qcReports[0].media[0].kind, 'photo');
      assert.match(page.qcReports[0].summary['zh-CN'], /质检不合格（严重）：瑕疵/);
      assert.equal(page.deadline.party, 'buyer');
      assert.equal(page.deadline.at, new Date(server.clock.now().getTime() + 5 * DAY).toISOString());
      assert.match(page.deadline.whatHappens.en, /return for refund is requested for you/);
      assert.deepEqual(page.availableActions.map((a: any) => a.action).sort(), ['accept_as_is', 'choose_remedy', 'post_message', 'upload_attachment']);
      const media = await f.buyer.request('GET', page.qcReports[0].media[0].url, { raw: true });
      assert.equal(media.status, 200);
      assert.equal(media.headers.get('content-type'), 'image/png');
      // the order and the item went to qc_failed
      const order = await w.integration.get(`/api/v1/orders/${f.order.id}`);
      assert.equal(order.body.status, 'qc_failed');
      assert.equal(order.body.items[0].status, 'qc_failed');
      // the buyer was notified in the console
      const notes = await f.buyer.get('/api/v1/notifications');
      assert.ok(notes.body.items.some((n: any) => n.eventType === 'case.qc_failed' && n.link === `/cases/${f.caseId}`));

      const chosen = await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'return_for_refund' } }), 200);
      assert.equal(chosen.status, 'awaiting_seller');
      assert.equal(chosen.deadline.party, 'seller');
      // chosen Monday 2 March: three business days → Thursday 5 March, end of day in Shanghai
      assert.equal(chosen.deadline.at, '2026-03-05T15:59:59.999Z');
      assert.match(chosen.deadline.whatHappens.en, /buyer's request is granted: Return the item to the seller for a refund of 30.00 USD/);
      assert.equal(chosen.proposals[0].text['zh-CN'], '买家请求：退货退款：商品退回卖家，退款 30.00 美元。');

      const sellerView = await expectStatus(await w.sellerClient.get('/api/v1/cases?waitingFor=me'), 200);
      const mine = sellerView.items.find((c: any) => c.id === f.caseId);
      assert.equal(mine.deadline.businessDaysLeft, 3);

      const accepted = await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/response`, { action: 'accept' }), 200);
      assert.equal(accepted.status, 'return_approved');
      assert.equal(accepted.agreedVia, 'seller_accepted');
      assert.equal(accepted.labels.length, 1);
      assert.equal(accepted.labels[0].addressSource, 'return_address');
      assert.equal(accepted.responsiveness[0].response, 'accepted');
      assert.equal(accepted.responsiveness[0].respondedOnTime, true);
      assert.ok(accepted.history.some((h: any) => h.event === 'accept_request' && h.to === 'agreed'));
      assert.ok(accepted.history.some((h: any) => h.event === 'issue_return_label' && h.to === 'return_approved'));

      // the label: a real PDF whose Code 128 barcode encodes the case reference
      const label = await f.buyer.request('GET', `/api/v1/cases/${f.caseId}/return-label`, { raw: true });
      assert.equal(label.status, 200);
      assert.equal(label.headers.get('content-type'), 'application/pdf');
      const pdf = label.body as Buffer;
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF/);
      assert.ok(pdf.toString('latin1').includes(f.caseId), 'the reference is in the PDF metadata');
      assert.deepEqual(barcodeInPdf(pdf, 0.9), code128Pattern(f.caseId));
      const again = await w.sellerClient.request('GET', `/api/v1/cases/${f.caseId}/return-label`, { raw: true });
      assert.equal(again.headers.get('etag'), label.headers.get('etag'), 'rendered once, then served as stored');

      // no return ships before approval elsewhere, and only the warehouse ships it
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/return/ship`, { carrier: 'sf', trackingNumber: sfNumber() }), 403, 'transition_forbidden');
      await expectStatus(await w.inspector.post(`/api/v1/cases/${f.caseId}/return/ship`, { carrier: 'sf', trackingNumber: 'nope' }), 422, 'invalid_tracking_number');
      const tracking = sfNumber();
      const shipped = await expectStatus(await w.inspector.post(`/api/v1/cases/${f.caseId}/return/ship`, { carrier: 'sf', trackingNumber: tracking }), 200);
      assert.equal(shipped.status, 'return_in_transit');
      assert.equal(shipped.itemLocation, 'in_return');
      assert.equal(shipped.shipments[0].trackingNumber, tracking);

      // the carrier's delivery scan starts the seller's time to confirm
      server.clock.advance(2 * DAY);
      const scanAt = new Date(server.clock.now().getTime() - 3_600_000).toISOString();
      const delivered = await expectStatus(await w.integration.post(`/api/v1/cases/${f.caseId}/return/events`, { eventCode: 'Delivered', occurredAt: scanAt, location: 'Shenzhen' }), 200);
      assert.equal(delivered.status, 'return_delivered');
      assert.equal(delivered.deadline.at, new Date(new Date(scanAt).getTime() + 7 * DAY).toISOString());
      assert.match(delivered.deadline.whatHappens.en, /receipt is assumed and the refund is instructed/);
      // a re-sent event is the same event
      await expectStatus(await w.integration.post(`/api/v1/cases/${f.caseId}/return/events`, { eventCode: 'delivered', occurredAt: scanAt }), 200);

      const received = await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/return/confirm-receipt`), 200);
      assert.equal(received.status, 'resolved');
      assert.equal(received.refunds.length, 1);
      assert.equal(received.refunds[0].amount, 3000);
      assert.equal(received.refunds[0].status, 'pending');
      assert.equal(received.refunds[0].reason, 'qc_failure_return');
      assert.deepEqual(received.refundSummary, { due: 3000, committed: 3000, settled: 0, pending: 3000, failed: 0, allSettled: false });
      assert.equal(received.item.status, 'refunded');
      assert.equal(received.order.status, 'qc_failed', 'the other item is not inspected yet');
      const pass = await expectStatus(await w.inspector.post('/api/v1/qc-reports', { orderItemId: f.order.items[1].id, result: 'pass' }), 201);
      assert.equal(pass.caseId, null);
      const afterPass = await w.integration.get(`/api/v1/orders/${f.order.id}`);
      assert.equal(afterPass.body.status, 'qc_passed', 'the refunded item left; the other one passed');
      assert.deepEqual(afterPass.body.items.map((i: any) => i.status), ['refunded', 'qc_passed']);

      // the payment system settles it; the sweep closes the case
      await expectStatus(await w.integration.post(`/api/v1/refunds/${received.refunds[0].id}/confirm`, { status: 'settled' }), 200);
      await server.arbiter.scheduler.tick();
      const closed = await expectStatus(await f.buyer.get(`/api/v1/cases/${f.caseId}`), 200);
      assert.equal(closed.status, 'closed');
      assert.equal(closed.refundSummary.allSettled, true);
      assert.deepEqual(closed.availableActions.map((a: any) => a.action), ['download_return_label']);
    });
  });

  describe('exchange', () => {
    it('returns the original, ships a replacement that fails QC again, then a second exchange passes and refunds the price difference', async () => {
      const f = await failedItem(w);
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'exchange', size: 'L', colour: '黑色' } }), 200);
      const accepted = await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/response`, { action: 'accept' }), 200);
      assert.equal(accepted.status, 'return_approved');
      assert.equal(accepted.agreedRemedy.text.en, 'Exchange for size L, colour 黑色; no price difference');
      await expectStatus(await w.inspector.post(`/api/v1/cases/${f.caseId}/return/ship`, { carrier: 'sf', trackingNumber: sfNumber() }), 200);
      // the seller may confirm before the carrier's delivery scan arrives
      const received = await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/return/confirm-receipt`), 200);
      assert.equal(received.status, 'awaiting_replacement');
      assert.equal(received.deadline.party, 'seller');
      assert.equal(received.refunds.length, 0);
      // the replacement cannot be inspected as an original, nor shipped by the buyer
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/replacement/ship`, { carrier: 'sf', trackingNumber: sfNumber() }), 403, 'transition_forbidden');
      const shipped = await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/replacement/ship`, { carrier: 'sf', trackingNumber: sfNumber() }), 200);
      assert.equal(shipped.status, 'replacement_in_transit');
      assert.ok(shipped.availableActions.length >= 2);
      const inspectorView = await expectStatus(await w.inspector.get(`/api/v1/cases/${f.caseId}`), 200);
      assert.ok(inspectorView.availableActions.some((a: any) => a.action === 'inspect_replacement' && a.path === '/api/v1/qc-reports'));

      // the replacement fails QC again: a new report, a new round, the buyer chooses again
      const video = await w.inspector.request('POST', `/api/v1/order-items/${f.itemId}/qc-media?fileName=replacement.mp4`, { body: bytes(mp4File()), headers: { 'content-type': 'application/octet-stream' } });
      assert.equal(video.status, 201, JSON.stringify(video.body));
      assert.equal(video.body.kind, 'video');
      assert.equal(video.body.mediaType, 'video/mp4');
      const second = await expectStatus(
        await w.inspector.post('/api/v1/qc-reports', { orderItemId: f.itemId, result: 'fail', severity: 'minor', issues: [{ type: 'wrong_colour' }], mediaIds: [video.body.id] }),
        201,
      );
      assert.equal(second.subject, 'replacement');
      assert.equal(second.caseId, f.caseId);
      const again = await expectStatus(await f.buyer.get(`/api/v1/cases/${f.caseId}`), 200);
      assert.equal(again.status, 'awaiting_buyer');
      assert.equal(again.round, 2);
      assert.equal(again.itemLocation, 'warehouse');
      assert.equal(again.qcReports.length, 2);
      assert.equal(again.qcReports[1].media[0].kind, 'video');
      assert.equal(again.shipments.find((s: any) => s.direction === 'replacement_to_warehouse').receivedVia, 'warehouse_inspected');
      assert.equal(again.requestedRemedy, null);

      // round 2: a cheaper variant; the seller refunds the difference once the replacement passes
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'exchange', size: 'M', priceDifference: { amount: 400, owedBy: 'seller' } } }), 200);
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/response`, { action: 'accept' }), 200);
      await expectStatus(await w.inspector.post(`/api/v1/cases/${f.caseId}/return/ship`, { carrier: 'sf', trackingNumber: sfNumber() }), 200);
      const label2 = await f.buyer.request('GET', `/api/v1/cases/${f.caseId}/return-label`, { raw: true });
      assert.equal(label2.status, 200);
      assert.match(label2.headers.get('content-disposition') ?? '', /-2\.pdf/);
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/return/confirm-receipt`), 200);
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/replacement/ship`, { carrier: 'sf', trackingNumber: sfNumber() }), 200);
      const pass = await expectStatus(await w.inspector.post('/api/v1/qc-reports', { orderItemId: f.itemId, result: 'pass' }), 201);
      assert.equal(pass.subject, 'replacement');
      const done = await expectStatus(await f.buyer.get(`/api/v1/cases/${f.caseId}`), 200);
      assert.equal(done.status, 'resolved');
      assert.equal(done.refunds.length, 1);
      assert.equal(done.refunds[0].amount, 400);
      assert.equal(done.refunds[0].reason, 'qc_exchange_price_difference');
      assert.equal(done.item.status, 'qc_passed');
      assert.equal(done.labels.length, 2);
      // a third report on the item is refused: nothing waits for QC
      await expectStatus(await w.inspector.post('/api/v1/qc-reports', { orderItemId: f.itemId, result: 'pass' }), 409, 'item_not_awaiting_qc');
    });

    it('announces a price difference the buyer owes to the platform', async () => {
      const f = await failedItem(w);
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'exchange', size: 'XL', priceDifference: { amount: 500, owedBy: 'buyer' } } }), 200);
      const page = await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/response`, { action: 'accept' }), 200);
      assert.equal(page.agreedRemedy.text['zh-CN'], '换货：换成尺码 XL；买家补差价 5.00 美元');
      const due = await w.server.arbiter.ctx.db.selectFrom('outbox').select('payload').where('entity_id', '=', f.caseId).where('event_type', '=', 'case.price_difference_due').executeTakeFirst();
      assert.equal((due?.payload as any).data.amount, 500);
    });
  });

  describe('partial refund', () => {
    it('negotiates: the seller counters with a lower amount, the buyer accepts, the refund is instructed at once', async () => {
      const f = await failedItem(w);
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'partial_refund', amount: 4000 } }), 422, 'amount_exceeds_item');
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'partial_refund', amount: 12.5 } }), 400, 'validation_failed');
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'full_refund' } }), 422, 'remedy_not_for_case_type');
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'partial_refund', amount: 1200 }, note: 'Seam can be repaired locally.' }), 200);
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/response`, { action: 'counter', remedy: { type: 'partial_refund', amount: 1200 } }), 422, 'counter_same_as_request');
      const countered = await expectStatus(
        await w.sellerClient.post(`/api/v1/cases/${f.caseId}/response`, { action: 'counter', remedy: { type: 'partial_refund', amount: 700 }, note: '线头问题，可以剪掉' }),
        200,
      );
      assert.equal(countered.status, 'counter_offered');
      assert.equal(countered.deadline.party, 'buyer');
      assert.match(countered.deadline.whatHappens.en, /goes to support/);
      const counter = countered.proposals.find((p: any) => p.kind === 'counter');
      assert.equal(counter.text.en, 'The seller proposes instead: Keep the item with a partial refund of 7.00 USD. Note: “线头问题，可以剪掉”');
      assert.equal(counter.text['zh-CN'], '卖家提出替代方案：部分退款：买家保留商品，退款 7.00 美元。 备注：“线头问题，可以剪掉”');
      assert.equal(countered.proposals.find((p: any) => p.kind === 'request').status, 'rejected');
      const buyerPage = await expectStatus(await f.buyer.get(`/api/v1/cases/${f.caseId}`), 200);
      assert.deepEqual(buyerPage.availableActions.filter((a: any) => a.method === 'POST' && !['post_message', 'upload_attachment'].includes(a.action)).map((a: any) => a.action).sort(), ['accept_as_is', 'accept_counter', 'escalate']);
      assert.deepEqual(buyerPage.responsiveness, [], 'response facts are for the seller and staff');

      const accepted = await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/counter/accept`), 200);
      assert.equal(accepted.status, 'resolved');
      assert.equal(accepted.agreedVia, 'counter_accepted');
      assert.equal(accepted.refunds.length, 1);
      assert.equal(accepted.refunds[0].amount, 700);
      assert.equal(accepted.refunds[0].reason, 'qc_failure_partial_refund');
      assert.equal(accepted.item.status, 'qc_passed', 'the buyer keeps the item: it ships on');
      const ledger = await expectStatus(await f.buyer.get(`/api/v1/orders/${f.order.id}/refunds`), 200);
      assert.equal(ledger.refundedTotal, 700);
      // the case shows the refund's progress until it settles, then closes
      await expectStatus(await w.integration.post(`/api/v1/refunds/${accepted.refunds[0].id}/confirm`, { status: 'sent' }), 200);
      await w.server.arbiter.scheduler.tick();
      assert.equal((await f.buyer.get(`/api/v1/cases/${f.caseId}`)).body.refunds[0].status, 'sent');
      assert.equal((await f.buyer.get(`/api/v1/cases/${f.caseId}`)).body.status, 'resolved');
      await expectStatus(await w.integration.post(`/api/v1/refunds/${accepted.refunds[0].id}/confirm`, { status: 'settled' }), 200);
      await w.server.arbiter.scheduler.tick();
      assert.equal((await f.buyer.get(`/api/v1/cases/${f.caseId}`)).body.status, 'closed');
    });
    it('a failed refund keeps the case in the support queue until support refunds again', async () => {
      const f = await failedItem(w);
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'partial_refund', amount: 500 } }), 200);
      const resolved = await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/response`, { action: 'accept' }), 200);
      await expectStatus(await w.integration.post(`/api/v1/refunds/${resolved.refunds[0].id}/confirm`, { status: 'failed', failureReason: 'card expired' }), 200);
      await w.server.arbiter.scheduler.tick();
      const page = await expectStatus(await f.buyer.get(`/api/v1/cases/${f.caseId}`), 200);
      assert.equal(page.status, 'resolved');
      assert.deepEqual(page.refundSummary, { due: 500, committed: 0, settled: 0, pending: 0, failed: 500, allSettled: false });
      const queue = await expectStatus(await w.support.get('/api/v1/cases/support-queue?limit=200'), 200);
      assert.equal(queue.items.find((q: any) => q.id === f.caseId)?.queueReason, 'refund_failed');
      const again = await expectStatus(await w.support.post(`/api/v1/orders/${f.order.id}/refunds`, { amount: 500, reason: 'qc_failure_partial_refund, re-issued', caseId: f.caseId }), 201);
      await expectStatus(await w.integration.post(`/api/v1/refunds/${again.id}/confirm`, { status: 'settled' }), 200);
      await w.server.arbiter.scheduler.tick();
      const closed = await expectStatus(await f.buyer.get(`/api/v1/cases/${f.caseId}`), 200);
      assert.equal(closed.status, 'closed');
      assert.equal(closed.refunds.length, 2);
      assert.ok(!(await w.support.get('/api/v1/cases/support-queue?limit=200')).body.items.some((q: any) => q.id === f.caseId));
    });
  });

  describe('accept as is', () => {
    it('ends the case at once without a refund; the item passes on', async () => {
      const f = await failedItem(w);
      const done = await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'accept_as_is' } }), 200);
      assert.equal(done.status, 'closed');
      assert.equal(done.agreedVia, 'buyer_accepted_as_is');
      assert.equal(done.refunds.length, 0);
      assert.equal(done.item.status, 'qc_passed');
      assert.deepEqual(
        done.history.filter((h: any) => h.event !== 'message').map((h: any) => `${h.event}:${h.to}`),
        ['open:awaiting_buyer', 'accept_as_is:agreed', 'accept_item:resolved', 'close:closed'],
      );
    });
  });

  describe('illegal moves', () => {
    it('answers 409 illegal_transition for every move the state does not allow, 403 for the wrong party', async () => {
      const f = await failedItem(w);
      const id = f.caseId;
      const ship = { carrier: 'sf', trackingNumber: sfNumber() };
      // awaiting_buyer
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${id}/response`, { action: 'accept' }), 409, 'illegal_transition');
      await expectStatus(await f.buyer.post(`/api/v1/cases/${id}/counter/accept`), 409, 'illegal_transition');
      await expectStatus(await f.buyer.post(`/api/v1/cases/${id}/escalate`, {}), 409, 'illegal_transition');
      await expectStatus(await w.support.post(`/api/v1/cases/${id}/decision`, { remedy: { type: 'accept_as_is' }, reason: 'Nothing to decide yet.' }), 409, 'illegal_transition');
      await expectStatus(await w.inspector.post(`/api/v1/cases/${id}/return/ship`, ship), 409, 'illegal_transition');
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${id}/return/confirm-receipt`), 409, 'illegal_transition');
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${id}/replacement/ship`, ship), 409, 'illegal_transition');
      await expectStatus(await w.integration.post(`/api/v1/cases/${id}/return/events`, { eventCode: 'delivered', occurredAt: w.server.clock.now().toISOString() }), 409, 'no_return_shipment');
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${id}/remedy`, { remedy: { type: 'return_for_refund' } }), 403, 'transition_forbidden');
      await expectStatus(await w.support.post(`/api/v1/cases/${id}/remedy`, { remedy: { type: 'return_for_refund' } }), 403, 'transition_forbidden');
      // awaiting_seller
      await expectStatus(await f.buyer.post(`/api/v1/cases/${id}/remedy`, { remedy: { type: 'return_for_refund' } }), 200);
      await expectStatus(await f.buyer.post(`/api/v1/cases/${id}/remedy`, { remedy: { type: 'partial_refund', amount: 100 } }), 409, 'illegal_transition');
      await expectStatus(await f.buyer.post(`/api/v1/cases/${id}/remedy`, { remedy: { type: 'accept_as_is' } }), 409, 'illegal_transition');
      await expectStatus(await f.buyer.post(`/api/v1/cases/${id}/response`, { action: 'accept' }), 403, 'transition_forbidden');
      await expectStatus(await f.buyer.post(`/api/v1/cases/${id}/escalate`, {}), 409, 'illegal_transition');
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${id}/response`, { action: 'refuse', reasonCode: 'other' }), 422, 'reason_required');
      // seller_refused
      const refused = await expectStatus(await w.sellerClient.post(`/api/v1/cases/${id}/response`, { action: 'refuse', reasonCode: 'within_tolerance', reason: '误差在 2 cm 内' }), 200);
      assert.equal(refused.status, 'seller_refused');
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${id}/response`, { action: 'accept' }), 409, 'illegal_transition');
      await expectStatus(await f.buyer.post(`/api/v1/cases/${id}/counter/accept`), 409, 'illegal_transition');
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${id}/escalate`, {}), 403, 'transition_forbidden');
      // escalated
      await expectStatus(await f.buyer.post(`/api/v1/cases/${id}/escalate`, { reason: 'The sleeve is 4 cm short.' }), 200);
      await expectStatus(await f.buyer.post(`/api/v1/cases/${id}/escalate`, {}), 409, 'illegal_transition');
      await expectStatus(await f.buyer.post(`/api/v1/cases/${id}/remedy`, { remedy: { type: 'accept_as_is' } }), 409, 'illegal_transition');
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${id}/decision`, { remedy: { type: 'accept_as_is' }, reason: 'We decide ourselves.' }), 403, 'transition_forbidden');
      await expectStatus(await w.support.post(`/api/v1/cases/${id}/decision`, { remedy: { type: 'return_for_refund' }, reason: 'short' }), 400, 'validation_failed');
      // decided: return approved
      await expectStatus(await w.support.post(`/api/v1/cases/${id}/decision`, { remedy: { type: 'return_for_refund' }, reason: 'Measured 66 cm against 70 cm listed; beyond tolerance.' }), 200);
      await expectStatus(await w.support.post(`/api/v1/cases/${id}/decision`, { remedy: { type: 'return_for_refund' }, reason: 'Deciding twice is not possible.' }), 409, 'illegal_transition');
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${id}/return/confirm-receipt`), 409, 'illegal_transition');
      await expectStatus(await f.buyer.post(`/api/v1/cases/${id}/escalate`, {}), 409, 'illegal_transition');
      await expectStatus(await w.inspector.post(`/api/v1/cases/${id}/return/ship`, ship), 200);
      await expectStatus(await w.inspector.post(`/api/v1/cases/${id}/return/ship`, { carrier: 'sf', trackingNumber: sfNumber() }), 409, 'illegal_transition');
      await expectStatus(await f.buyer.post(`/api/v1/cases/${id}/return/confirm-receipt`), 403, 'transition_forbidden');
      const closedCase = await expectStatus(await w.sellerClient.post(`/api/v1/cases/${id}/return/confirm-receipt`), 200);
      assert.equal(closedCase.status, 'resolved');
      // resolved: nothing but messages until it closes
      await expectStatus(await f.buyer.post(`/api/v1/cases/${id}/remedy`, { remedy: { type: 'accept_as_is' } }), 409, 'illegal_transition');
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${id}/return/confirm-receipt`), 409, 'illegal_transition');
      await expectStatus(await w.support.post(`/api/v1/cases/${id}/decision`, { remedy: { type: 'accept_as_is' }, reason: 'After the fact, no.' }), 409, 'illegal_transition');
      // a QC report on an item that is not at the warehouse
      await expectStatus(await w.inspector.post('/api/v1/qc-reports', { orderItemId: f.itemId, result: 'fail', severity: 'minor', issues: [{ type: 'damage' }] }), 409, 'item_not_awaiting_qc');
      await expectStatus(await w.inspector.post('/api/v1/qc-reports', { orderItemId: f.order.items[1].id, result: 'fail', issues: [{ type: 'damage' }] }), 422, 'fail_needs_issues');
      await expectStatus(await f.buyer.post('/api/v1/qc-reports', { orderItemId: f.order.items[1].id, result: 'pass' }), 403);
    });

    it('after the goods are back with the seller, only a refund or a replacement can be decided', async () => {
      const f = await failedItem(w);
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'return_for_refund' } }), 200);
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/response`, { action: 'accept' }), 200);
      await expectStatus(await w.inspector.post(`/api/v1/cases/${f.caseId}/return/ship`, { carrier: 'sf', trackingNumber: sfNumber() }), 200);
      await expectStatus(await w.integration.post(`/api/v1/cases/${f.caseId}/return/events`, { eventCode: 'delivered', occurredAt: w.server.clock.now().toISOString() }), 200);
      // the seller says what came back is not what was sent
      const escalated = await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/escalate`, { reason: '收到的不是我们发出的商品' }), 200);
      assert.equal(escalated.status, 'escalated');
      await expectStatus(await w.support.post(`/api/v1/cases/${f.caseId}/decision`, { remedy: { type: 'accept_as_is' }, reason: 'The buyer cannot keep what went back.' }), 422, 'remedy_not_possible');
      const decided = await expectStatus(await w.support.post(`/api/v1/cases/${f.caseId}/decision`, { remedy: { type: 'return_for_refund' }, reason: 'The warehouse video shows the same item leaving.' }), 200);
      assert.equal(decided.status, 'resolved');
      assert.equal(decided.refunds[0].amount, 3000);
      assert.equal(decided.labels.length, 1, 'no second label: the goods are already back');
    });
  });

  describe('access', () => {
    it('another buyer or seller reaching into a case gets 404, everywhere', async () => {
      const f = await failedItem(w);
      const otherSeller = await createSeller(w.server);
      const stranger = await signInSellerMember(w.server, otherSeller.id);
      const otherBuyer = (await failedItem(w)).buyer;
      const paths = [`/api/v1/cases/${f.caseId}`, `/api/v1/cases/${f.caseId}/return-label`, `/api/v1/qc-reports/${f.report.id}`, `/api/v1/qc-media/${f.report.media[0].id}`];
      for (const client of [stranger, otherBuyer]) {
        for (const p of paths) await expectStatus(await client.get(p), 404, 'not_found');
        await expectStatus(await client.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'accept_as_is' } }), 404, 'not_found');
        await expectStatus(await client.post(`/api/v1/cases/${f.caseId}/response`, { action: 'accept' }), 404, 'not_found');
        await expectStatus(await client.post(`/api/v1/cases/${f.caseId}/messages`, { body: 'hello' }), 404, 'not_found');
        await expectStatus(await client.request('POST', `/api/v1/cases/${f.caseId}/attachments`, { body: bytes(pngFile()), headers: { 'content-type': 'image/png' } }), 404, 'not_found');
        const list = await expectStatus(await client.get('/api/v1/cases'), 200);
        assert.ok(!list.items.some((c: any) => c.id === f.caseId));
      }
      await expectStatus(await stranger.get(`/api/v1/sellers/${w.seller.id}/return-address`), 404);
      await expectStatus(await w.server.anonymous().get(`/api/v1/cases/${f.caseId}`), 401);
      // an API key given the buyer or seller role is still nobody's buyer or seller
      const keyed = await apiKeyClient(w.server, ['buyer', 'seller']);
      await expectStatus(await keyed.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'accept_as_is' } }), 404);
      const integrationWithRoles = await apiKeyClient(w.server, ['integration', 'buyer', 'seller']);
      await expectStatus(await integrationWithRoles.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'accept_as_is' } }), 403, 'transition_forbidden');
      // the case's own parties and staff see it
      for (const client of [f.buyer, w.sellerClient, w.support, w.inspector, w.integration]) await expectStatus(await client.get(`/api/v1/cases/${f.caseId}`), 200);
      await expectStatus(await w.support.get('/api/v1/cases/support-queue'), 200);
      await expectStatus(await f.buyer.get('/api/v1/cases/support-queue'), 403);
    });
  });

  describe('thread', () => {
    it('carries messages with attachments between buyer, seller and staff; a seller message counts as first response', async () => {
      const f = await failedItem(w);
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'partial_refund', amount: 900 } }), 200);
      const photo = await expectStatus(await f.buyer.request('POST', `/api/v1/cases/${f.caseId}/attachments?fileName=..%2F..%2Fetc%2Fsleeve.jpg`, { body: bytes(jpegFile(40, 30, 2)), headers: { 'content-type': 'application/octet-stream' } }), 201);
      assert.equal(photo.mediaType, 'image/jpeg');
      assert.equal(photo.fileName, 'sleeve.jpg');
      // not yet sent: nobody else sees it
      await expectStatus(await w.sellerClient.get(photo.url), 404);
      const posted = await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/messages`, { body: 'Left sleeve, see photo.', attachmentIds: [photo.id] }), 201);
      assert.equal(posted.thread.filter((t: any) => t.kind === 'message').length, 1);
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/messages`, { body: 'again', attachmentIds: [photo.id] }), 422, 'unknown_attachments');
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/messages`, { body: '   ' }), 400, 'empty_message');
      const file = await w.sellerClient.request('GET', photo.url, { raw: true });
      assert.equal(file.status, 200);
      assert.equal(file.headers.get('content-type'), 'image/jpeg');
      w.server.clock.advance(3_600_000);
      const reply = await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/messages`, { body: '我们查看了照片，正在核实。' }), 201);
      assert.equal(reply.updatedAt, w.server.clock.now().toISOString(), 'a message changes the page: polling sees it');
      const messages = reply.thread.filter((t: any) => t.kind === 'message');
      assert.deepEqual(messages.map((m: any) => m.author.role), ['buyer', 'seller']);
      assert.equal(messages[0].attachments[0].id, photo.id);
      assert.ok(reply.thread.some((t: any) => t.kind === 'proposal' && t.proposal.kind === 'request'));
      assert.equal(reply.responsiveness[0].firstResponseAt, w.server.clock.now().toISOString());
      assert.equal(reply.responsiveness[0].response, null);
      await expectStatus(await w.support.post(`/api/v1/cases/${f.caseId}/messages`, { body: 'Support is watching this case.' }), 201);
      const notes = await f.buyer.get('/api/v1/notifications');
      assert.ok(notes.body.items.some((n: any) => n.eventType === 'case.message_posted'));
      const exe = await f.buyer.request('POST', `/api/v1/cases/${f.caseId}/attachments`, { body: bytes(Buffer.from('MZ this is not an image at all, just text')), headers: { 'content-type': 'image/png' } });
      assert.equal(exe.status, 415);
    });
  });

  describe('media', () => {
    it('streams videos past the image limit, refuses oversize images and unknown types, and serves HTTP ranges', async () => {
      const order = await ingestOrder(w.integration, orderPayload(w.seller.id, { paidAt: new Date(w.server.clock.now().getTime() - 3_600_000).toISOString() }));
      await expectStatus(await w.sellerClient.post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'sf', trackingNumber: sfNumber() }), 200);
      await receiveAtWarehouse(w, order.id);
      const itemId = order.items[0].id;
      const big = mp4File(20 * 1024 * 1024);
      const video = await expectStatus(await w.inspector.request('POST', `/api/v1/order-items/${itemId}/qc-media`, { body: bytes(big), headers: { 'content-type': 'video/mp4' } }), 201);
      assert.equal(video.sizeBytes, big.length);
      const tooBigImage = Buffer.concat([pngFile(), Buffer.alloc(16 * 1024 * 1024)]);
      await expectStatus(await w.inspector.request('POST', `/api/v1/order-items/${itemId}/qc-media`, { body: bytes(tooBigImage), headers: { 'content-type': 'image/png' } }), 413, 'file_too_large');
      await expectStatus(await w.inspector.request('POST', `/api/v1/order-items/${itemId}/qc-media`, { body: bytes(Buffer.from('%PDF-1.4 not a photo')), headers: { 'content-type': 'application/pdf' } }), 415, 'unsupported_file_type');
      await expectStatus(await w.inspector.request('POST', `/api/v1/order-items/${itemId}/qc-media`, { body: bytes(Buffer.alloc(0)), headers: { 'content-type': 'image/png' } }), 400);
      await expectStatus(await w.sellerClient.request('POST', `/api/v1/order-items/${itemId}/qc-media`, { body: bytes(pngFile()), headers: { 'content-type': 'image/png' } }), 403);
      const report = await expectStatus(await w.inspector.post('/api/v1/qc-reports', { orderItemId: itemId, result: 'fail', severity: 'critical', issues: [{ type: 'suspected_counterfeit' }], mediaIds: [video.id] }), 201);
      const buyer = await signInBuyerFor(w.server, order);
      const part = await buyer.request('GET', `/api/v1/qc-media/${video.id}`, { raw: true, headers: { range: 'bytes=100-1123' } });
      assert.equal(part.status, 206);
      assert.equal(part.headers.get('content-range'), `bytes 100-1123/${big.length}`);
      assert.deepEqual(part.body, big.subarray(100, 1124));
      const tail = await buyer.request('GET', `/api/v1/qc-media/${video.id}`, { raw: true, headers: { range: 'bytes=-16' } });
      assert.deepEqual(tail.body, big.subarray(big.length - 16));
      const bad = await buyer.request('GET', `/api/v1/qc-media/${video.id}`, { headers: { range: `bytes=${big.length}-` } });
      assert.equal(bad.status, 416);
      // evidence added after the report, and never changed once attached
      const more = await expectStatus(await w.inspector.request('POST', `/api/v1/qc-reports/${report.id}/media?caption=Logo`, { body: bytes(pngFile(20, 20, 9)), headers: { 'content-type': 'image/png' } }), 201);
      assert.equal(more.reportId, report.id);
      await assert.rejects(w.server.arbiter.ctx.db.updateTable('qc_media').set({ caption: 'changed' }).where('id', '=', video.id).execute(), /immutable/);
      const list = await expectStatus(await buyer.get(`/api/v1/qc-reports?orderId=${order.id}`), 200);
      assert.equal(list.items[0].media.length, 2);
    });
  });

  describe('deadlines on the seller’s calendar and silence', () => {
    it('counts the seller’s three business days across Golden Week 2026', async () => {
      // Tuesday 29 September 2026, 12:00 in Shanghai: 30 September counts, 1–7 October is the National Day holiday
      await setClock(w, '2026-09-29T04:00:00Z');
      const f = await failedItem(w);
      const chosen = await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'partial_refund', amount: 1000 } }), 200);
      assert.equal(chosen.deadline.at, '2026-10-09T15:59:59.999Z');
      assert.equal(chosen.deadline.businessDaysLeft, 3);
      // in the middle of the holiday nothing is due and no business day has passed
      await setClock(w, '2026-10-05T02:00:00Z');
      await w.server.arbiter.scheduler.tick();
      const during = await expectStatus(await w.sellerClient.get(`/api/v1/cases?waitingFor=me`), 200);
      const mine = during.items.find((c: any) => c.id === f.caseId);
      assert.equal(mine.status, 'awaiting_seller');
      assert.equal(mine.deadline.businessDaysLeft, 2);
      // one minute before the deadline: still waiting; one millisecond after: granted on silence
      await setClock(w, '2026-10-09T15:59:00Z');
      await w.server.arbiter.scheduler.tick();
      assert.equal((await f.buyer.get(`/api/v1/cases/${f.caseId}`)).body.status, 'awaiting_seller');
      await setClock(w, '2026-10-09T16:00:00Z');
      await w.server.arbiter.scheduler.tick();
      const granted = await expectStatus(await w.support.get(`/api/v1/cases/${f.caseId}`), 200);
      assert.equal(granted.status, 'resolved');
      assert.equal(granted.agreedVia, 'seller_silence');
      assert.equal(granted.refunds[0].amount, 1000);
      assert.deepEqual(
        granted.responsiveness.map((r: any) => [r.response, r.respondedOnTime, r.firstResponseAt, r.dueAt]),
        [['silence', false, null, '2026-10-09T15:59:59.999Z']],
      );
      assert.ok(granted.history.some((h: any) => h.event === 'grant_on_silence' && h.actorRole === 'system'));
    });

    it('counts across the Spring Festival 2026 and its make-up Saturday', async () => {
      // Thursday 12 February 2026: Friday 13 and Saturday 14 (a make-up working day) count, 15–23 February do not
      await setClock(w, '2026-02-12T04:00:00Z');
      const f = await failedItem(w);
      const chosen = await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'return_for_refund' } }), 200);
      assert.equal(chosen.deadline.at, '2026-02-24T15:59:59.999Z');
      const task = await w.server.arbiter.ctx.db.selectFrom('scheduled_tasks').selectAll().where('entity_id', '=', f.caseId).where('status', '=', 'pending').executeTakeFirstOrThrow();
      assert.equal(task.kind, 'case.deadline');
      assert.equal(task.due_at.toISOString(), '2026-02-24T15:59:59.999Z');
      // the seller answers on the last day: on time
      await setClock(w, '2026-02-24T09:00:00Z');
      const answered = await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/response`, { action: 'accept' }), 200);
      assert.equal(answered.responsiveness[0].respondedOnTime, true);
      assert.equal((await w.server.arbiter.ctx.db.selectFrom('scheduled_tasks').select('status').where('id', '=', task.id).executeTakeFirstOrThrow()).status, 'cancelled');
    });

    it('runs deadlines that fell due while the server was down, in order, when it comes back', async () => {
      await setClock(w, '2026-03-02T02:00:00Z');
      // a: the buyer never chooses (policy: a return for refund is requested for them)
      const a = await failedItem(w);
      // b: the seller never answers the buyer's request
      const b = await failedItem(w);
      await expectStatus(await b.buyer.post(`/api/v1/cases/${b.caseId}/remedy`, { remedy: { type: 'exchange', size: 'S' } }), 200);
      // c: the buyer never answers a counter-offer
      const c = await failedItem(w);
      await expectStatus(await c.buyer.post(`/api/v1/cases/${c.caseId}/remedy`, { remedy: { type: 'partial_refund', amount: 1500 } }), 200);
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${c.caseId}/response`, { action: 'counter', remedy: { type: 'partial_refund', amount: 500 } }), 200);
      // d: a delivered return nobody confirms
      const d = await failedItem(w);
      await expectStatus(await d.buyer.post(`/api/v1/cases/${d.caseId}/remedy`, { remedy: { type: 'return_for_refund' } }), 200);
      await expectStatus(await w.sellerClient.post(`/api/v1/cases/${d.caseId}/response`, { action: 'accept' }), 200);
      await expectStatus(await w.inspector.post(`/api/v1/cases/${d.caseId}/return/ship`, { carrier: 'sf', trackingNumber: sfNumber() }), 200);
      await expectStatus(await w.integration.post(`/api/v1/cases/${d.caseId}/return/events`, { eventCode: 'delivered', occurredAt: '2026-03-02T01:00:00Z' }), 200);

      // the server is down for twenty days; overdue cases show in the support queue meanwhile
      await setClock(w, '2026-03-22T02:00:00Z');
      const queue = await expectStatus(await w.support.get('/api/v1/cases/support-queue?limit=200'), 200);
      const overdue = queue.items.filter((q: any) => [a.caseId, b.caseId, c.caseId, d.caseId].includes(q.id));
      assert.equal(overdue.length, 4);
      assert.ok(overdue.every((q: any) => q.queueReason === 'overdue'));
      const dues = queue.items.map((q: any) => q.dueAt);
      assert.deepEqual(dues, [...dues].sort(), 'oldest deadline first');

      await w.server.arbiter.scheduler.tick();
      const [ca, cb, cc, cd] = await Promise.all([a, b, c, d].map(async (x) => (await w.support.get(`/api/v1/cases/${x.caseId}`)).body));
      assert.equal(ca.status, 'awaiting_seller', 'the policy chose a return for refund for the silent buyer; the seller’s clock starts now');
      assert.equal(ca.requestedRemedy.remedy.type, 'return_for_refund');
      assert.equal(ca.proposals[0].party, 'system');
      assert.equal(ca.deadline.at, '2026-03-25T15:59:59.999Z');
      assert.equal(cb.status, 'return_approved');
      assert.equal(cb.agreedVia, 'seller_silence');
      assert.equal(cb.responsiveness[0].response, 'silence');
      assert.equal(cc.status, 'escalated');
      assert.equal(cc.escalation.by, null);
      assert.equal(cd.status, 'resolved');
      assert.equal(cd.shipments[0].receivedVia, 'assumed');
      assert.equal(cd.refunds[0].amount, 3000);
      const after = await expectStatus(await w.support.get('/api/v1/cases/support-queue?limit=200'), 200);
      assert.ok(after.items.some((q: any) => q.id === c.caseId && q.queueReason === 'escalated'));
      assert.ok(!after.items.some((q: any) => [a.caseId, b.caseId, d.caseId].includes(q.id)));
      // a second tick finds nothing more to do for them
      await w.server.arbiter.scheduler.tick();
      assert.equal((await w.support.get(`/api/v1/cases/${a.caseId}`)).body.status, 'awaiting_seller');
    });
  });

  describe('escalation and mediation', () => {
    it('a refusal goes to the support queue on escalation; the agent decides with a written reason', async () => {
      const f = await failedItem(w);
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'partial_refund', amount: 1500 } }), 200);
      const refused = await expectStatus(await w.sellerClient.post(`/api/v1/cases/${f.caseId}/response`, { action: 'refuse', reasonCode: 'item_matches_listing', reason: '商品与描述一致' }), 200);
      const refusal = refused.proposals.find((p: any) => p.kind === 'refusal');
      assert.equal(refusal.text.en, 'The seller refuses the request: the item matches the listing. Note: “商品与描述一致”');
      assert.match(refused.deadline.whatHappens['zh-CN'], /转交客服/);
      const escalated = await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/escalate`, { reason: 'The seam is open; photos attached by QC.' }), 200);
      assert.equal(escalated.status, 'escalated');
      assert.equal(escalated.waitingFor, 'support');
      assert.equal(escalated.deadline, null);
      const queue = await expectStatus(await w.support.get('/api/v1/cases/support-queue?limit=200'), 200);
      const entry = queue.items.find((q: any) => q.id === f.caseId);
      assert.equal(entry.queueReason, 'escalated');
      const supportPage = await expectStatus(await w.support.get(`/api/v1/cases/${f.caseId}`), 200);
      assert.deepEqual(supportPage.availableActions.find((a: any) => a.action === 'decide').remedies, ['return_for_refund', 'exchange', 'partial_refund', 'accept_as_is']);
      const supportNotes = await w.support.get('/api/v1/notifications');
      assert.ok(supportNotes.body.items.some((n: any) => n.eventType === 'case.escalated'));

      const decided = await expectStatus(
        await w.support.post(`/api/v1/cases/${f.caseId}/decision`, { remedy: { type: 'partial_refund', amount: 1000 }, reason: 'The seam is repairable; a partial refund covers the repair.' }),
        200,
      );
      assert.equal(decided.status, 'resolved');
      assert.equal(decided.agreedVia, 'mediation');
      assert.equal(decided.decision.reason, 'The seam is repairable; a partial refund covers the repair.');
      assert.equal(decided.decision.remedy.text['zh-CN'], '部分退款：买家保留商品，退款 10.00 美元');
      assert.equal(decided.refunds[0].amount, 1000);
      const decision = decided.proposals.find((p: any) => p.kind === 'decision');
      assert.match(decision.text['zh-CN'], /^客服裁定：部分退款/);
      const sellerNotes = await w.sellerClient.get('/api/v1/notifications?limit=200');
      assert.ok(sellerNotes.body.items.some((n: any) => n.eventType === 'case.decided' && /客服|Support/.test(n.title)));
      const events = await w.server.arbiter.ctx.db.selectFrom('outbox').select('event_type').where('entity_id', '=', f.caseId).orderBy('created_at').orderBy('id').execute();
      assert.deepEqual(
        events.map((e) => e.event_type),
        ['case.opened', 'case.remedy_chosen', 'case.seller_responded', 'case.escalated', 'case.decided', 'case.agreed', 'case.resolved'],
      );
    });
  });

  describe('concurrency and repeats', () => {
    it('an acceptance and a counter-offer arriving together: exactly one wins, the other gets a 409', async () => {
      for (let i = 0; i < 3; i++) {
        const f = await failedItem(w);
        await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'partial_refund', amount: 1500 } }), 200);
        const colleague = await signInSellerMember(w.server, w.seller.id);
        const [accept, counter] = await Promise.all([
          w.sellerClient.post(`/api/v1/cases/${f.caseId}/response`, { action: 'accept' }),
          colleague.post(`/api/v1/cases/${f.caseId}/response`, { action: 'counter', remedy: { type: 'partial_refund', amount: 800 } }),
        ]);
        assert.deepEqual([accept.status, counter.status].sort(), [200, 409], JSON.stringify([accept.body, counter.body]));
        const loser = accept.status === 409 ? accept : counter;
        assert.equal(loser.body.code, 'illegal_transition');
        const page = (await f.buyer.get(`/api/v1/cases/${f.caseId}`)).body;
        assert.equal(page.status, accept.status === 200 ? 'resolved' : 'counter_offered');
        assert.equal(page.proposals.filter((p: any) => p.kind === 'counter').length, accept.status === 200 ? 0 : 1);
        assert.equal(page.refunds.length, accept.status === 200 ? 1 : 0);
      }
    });

    it('a repeated POST with the same Idempotency-Key returns the first answer and does nothing twice', async () => {
      const f = await failedItem(w);
      const key = { 'idempotency-key': `remedy-${f.caseId}` };
      const first = await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'partial_refund', amount: 600 } }, key);
      const second = await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'partial_refund', amount: 600 } }, key);
      assert.equal(first.status, 200);
      assert.equal(second.status, 200);
      assert.equal(second.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(second.body, first.body);
      const reused = await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'partial_refund', amount: 700 } }, key);
      await expectStatus(reused, 422, 'idempotency_key_reused');
      // without the key the same POST is a second command: the state no longer allows it
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/remedy`, { remedy: { type: 'partial_refund', amount: 600 } }), 409, 'illegal_transition');

      const acceptKey = { 'idempotency-key': `accept-${f.caseId}` };
      const a1 = await w.sellerClient.post(`/api/v1/cases/${f.caseId}/response`, { action: 'accept' }, acceptKey);
      const a2 = await w.sellerClient.post(`/api/v1/cases/${f.caseId}/response`, { action: 'accept' }, acceptKey);
      assert.equal(a1.status, 200);
      assert.equal(a2.headers.get('idempotent-replayed'), 'true');
      const page = (await f.buyer.get(`/api/v1/cases/${f.caseId}`)).body;
      assert.equal(page.refunds.length, 1, 'one refund for one acceptance');
      assert.equal(page.proposals.filter((p: any) => p.kind === 'request').length, 1);

      const msgKey = { 'idempotency-key': `msg-${f.caseId}` };
      await expectStatus(await f.buyer.post(`/api/v1/cases/${f.caseId}/messages`, { body: 'Thanks!' }, msgKey), 201);
      const m2 = await f.buyer.post(`/api/v1/cases/${f.caseId}/messages`, { body: 'Thanks!' }, msgKey);
      assert.equal(m2.headers.get('idempotent-replayed'), 'true');
      assert.equal((await f.buyer.get(`/api/v1/cases/${f.caseId}`)).body.thread.filter((t: any) => t.kind === 'message').length, 1);
      // a failed command replays its problem too
      const badKey = { 'idempotency-key': `bad-${f.caseId}` };
      const b1 = await f.buyer.post(`/api/v1/cases/${f.caseId}/escalate`, {}, badKey);
      const b2 = await f.buyer.post(`/api/v1/cases/${f.caseId}/escalate`, {}, badKey);
      assert.equal(b1.status, 409);
      assert.deepEqual(b2.body, b1.body);
    });
  });

  describe('the refund ledger under any sequence of remedies (property)', () => {
    type Step =
      | { kind: 'remedy'; item: 0 | 1; remedy: any; answer: 'accept' | 'counter' | 'refuse'; counterAmount: number; decision: any; replacementPasses: boolean }
      | { kind: 'confirm'; pick: number; status: 'settled' | 'failed' | 'sent' }
      | { kind: 'staff_refund'; amount: number };

    const remedyArb = (claim: number) =>
      fc.oneof(
        fc.constant({ type: 'return_for_refund' }),
        fc.integer({ min: 1, max: claim }).map((amount) => ({ type: 'partial_refund', amount })),
        fc.record({ type: fc.constant('exchange'), size: fc.constantFrom('S', 'M', 'L'), priceDifference: fc.option(fc.record({ amount: fc.integer({ min: 1, max: claim }), owedBy: fc.constantFrom('buyer', 'seller') }), { nil: null }) }),
        fc.constant({ type: 'accept_as_is' }),
      );
    const stepArb: fc.Arbitrary<Step> = fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('remedy' as const), item: fc.constantFrom(0 as const, 1 as const), remedy: remedyArb(2500), answer: fc.constantFrom('accept' as const, 'counter' as const, 'refuse' as const), counterAmount: fc.integer({ min: 1, max: 2500 }), decision: remedyArb(2500), replacementPasses: fc.boolean() }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('confirm' as const), pick: fc.nat(), status: fc.constantFrom('settled' as const, 'failed' as const, 'sent' as const) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('staff_refund' as const), amount: fc.integer({ min: 1, max: 6000 }) }) },
    );

    async function checkLedger(orderId: string) {
      const ledger = await expectStatus(await w.support.get(`/api/v1/orders/${orderId}/refunds`), 200);
      const live = ledger.refunds.filter((r: any) => r.status !== 'failed');
      const sum = live.reduce((s: number, r: any) => s + r.amount, 0);
      const bySettledSentPending = ['settled', 'sent', 'pending'].reduce((s, st) => s + ledger.refunds.filter((r: any) => r.status === st).reduce((t: number, r: any) => t + r.amount, 0), 0);
      assert.ok(ledger.refundedTotal <= ledger.capturedAmount, `refunded ${ledger.refundedTotal} > captured ${ledger.capturedAmount}`);
      assert.equal(ledger.refundedTotal, sum);
      assert.equal(sum, bySettledSentPending);
      return ledger;
    }

    /** Plays one round of a case to its end or to the next round. */
    async function playRound(caseId: string, buyer: HttpClient, s: Extract<Step, { kind: 'remedy' }>, claim: number) {
      const page = (await w.support.get(`/api/v1/cases/${caseId}`)).body;
      if (page.status !== 'awaiting_buyer') return;
      const remedy = s.remedy.type === 'partial_refund' ? { ...s.remedy, amount: Math.min(s.remedy.amount, claim) } : s.remedy;
      const fix = (r: any) => (r.type === 'partial_refund' ? { ...r, amount: Math.min(r.amount, claim) } : r.type === 'exchange' && r.priceDifference?.owedBy === 'seller' ? { ...r, priceDifference: { ...r.priceDifference, amount: Math.min(r.priceDifference.amount, claim) } } : r);
      await expectStatus(await buyer.post(`/api/v1/cases/${caseId}/remedy`, { remedy: fix(remedy) }), 200);
      let status = (await w.support.get(`/api/v1/cases/${caseId}`)).body.status;
      if (status === 'awaiting_seller') {
        if (s.answer === 'accept') await expectStatus(await w.sellerClient.post(`/api/v1/cases/${caseId}/response`, { action: 'accept' }), 200);
        else if (s.answer === 'counter') {
          const amount = Math.min(s.counterAmount, claim);
          const res = await w.sellerClient.post(`/api/v1/cases/${caseId}/response`, { action: 'counter', remedy: { type: 'partial_refund', amount } });
          if (res.status === 422) await expectStatus(await w.sellerClient.post(`/api/v1/cases/${caseId}/response`, { action: 'accept' }), 200);
          else {
            await expectStatus(res, 200);
            await expectStatus(await buyer.post(`/api/v1/cases/${caseId}/counter/accept`), 200);
          }
        } else {
          await expectStatus(await w.sellerClient.post(`/api/v1/cases/${caseId}/response`, { action: 'refuse', reasonCode: 'within_tolerance' }), 200);
          await expectStatus(await buyer.post(`/api/v1/cases/${caseId}/escalate`, {}), 200);
          await expectStatus(await w.support.post(`/api/v1/cases/${caseId}/decision`, { remedy: fix(s.decision), reason: 'Decided on the QC photos and measurements.' }), 200);
        }
      }
      status = (await w.support.get(`/api/v1/cases/${caseId}`)).body.status;
      if (status === 'return_approved') {
        await expectStatus(await w.inspector.post(`/api/v1/cases/${caseId}/return/ship`, { carrier: 'sf', trackingNumber: sfNumber() }), 200);
        await expectStatus(await w.sellerClient.post(`/api/v1/cases/${caseId}/return/confirm-receipt`), 200);
        status = (await w.support.get(`/api/v1/cases/${caseId}`)).body.status;
      }
      if (status === 'awaiting_replacement') {
        await expectStatus(await w.sellerClient.post(`/api/v1/cases/${caseId}/replacement/ship`, { carrier: 'sf', trackingNumber: sfNumber() }), 200);
        const itemId = (await w.support.get(`/api/v1/cases/${caseId}`)).body.orderItemId;
        const report = s.replacementPasses ? { orderItemId: itemId, result: 'pass' } : { orderItemId: itemId, result: 'fail', severity: 'minor', issues: [{ type: 'defect' }] };
        await expectStatus(await w.inspector.post('/api/v1/qc-reports', report), 201);
      }
    }

    it('never refunds more than was captured; the ledger always adds up', async () => {
      await setClock(w, '2026-04-01T02:00:00Z');
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 3, maxLength: 9 }), async (steps) => {
          // two items: 2 × 1500 + 1 × 2500 = 5500 captured
          const a = await failedItem(w, { line: 1 });
          const order = a.order;
          const photo = await w.inspector.request('POST', `/api/v1/order-items/${order.items[1].id}/qc-media`, { body: bytes(pngFile(8, 8, 1)), headers: { 'content-type': 'image/png' } });
          const second = await expectStatus(await w.inspector.post('/api/v1/qc-reports', { orderItemId: order.items[1].id, result: 'fail', severity: 'minor', issues: [{ type: 'damage' }], mediaIds: [photo.body.id] }), 201);
          const cases = [a.caseId, second.caseId];
          const claims = [3000, 2500];
          for (const s of steps) {
            if (s.kind === 'remedy') await playRound(cases[s.item], a.buyer, s, claims[s.item]);
            else if (s.kind === 'confirm') {
              const ledger = await checkLedger(order.id);
              const open = ledger.refunds.filter((r: any) => r.status === 'pending' || r.status === 'sent');
              if (open.length) {
                const r = open[s.pick % open.length];
                const target = r.status === 'sent' && s.status === 'sent' ? 'settled' : s.status;
                await expectStatus(await w.integration.post(`/api/v1/refunds/${r.id}/confirm`, { status: target }), 200);
              }
            } else {
              const res = await w.support.post(`/api/v1/orders/${order.id}/refunds`, { amount: s.amount, reason: 'goodwill' });
              assert.ok(res.status === 201 || (res.status === 422 && res.body.code === 'refund_exceeds_captured'), JSON.stringify(res.body));
            }
            await checkLedger(order.id);
          }
          await w.server.arbiter.scheduler.tick();
          const ledger = await checkLedger(order.id);
          // what each case refunded is what the case says it refunded
          for (const id of cases) {
            const page = (await w.support.get(`/api/v1/cases/${id}`)).body;
            const mine = ledger.refunds.filter((r: any) => r.caseId === id && r.status !== 'failed').reduce((t: number, r: any) => t + r.amount, 0);
            assert.equal(page.refundSummary.committed, mine);
            assert.ok(mine <= page.claimAmount, `case ${id} refunded ${mine} of ${page.claimAmount}`);
          }
        }),
        { numRuns: Number(process.env.PROPERTY_RUNS ?? 12), seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined },
      );
    });
  });
});
