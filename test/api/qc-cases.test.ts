import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { code128Pattern, BARCODE_HEIGHT } from '../../src/modules/cases/labels.js';
import { jpegFile, pngFile } from '../helpers/files.js';
import { apiKeyClient, createSeller, ingestOrder, orderPayload, signInBuyerFor, signInSellerMember } from '../helpers/fixtures.js';
import type { HttpClient } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const DAY = 86_400_000;
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
  inspector: HttpClient & { userId: string };
  support: HttpClient & { userId: string };
  seller: { id: string; externalId: string };
  sellerClient: HttpClient & { userId: string };
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
  const photo = await w.inspector.request('POST', `/api/v1/order-items/${item.id}/qc-media?fileName=seam.png&caption=Torn%20seam`, { body: pngFile(64, 48, 3), headers: { 'content-type': 'image/png' } });
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
});
