import { Readable } from 'node:stream';
import type { AppContext } from '../context.js';
import type { QcIssue } from '../db/tables/cases.js';
import type { Remedy } from '../domain/cases/remedies.js';
import type { Measurement } from '../domain/cases/render.js';
import * as cases from '../modules/cases/service.js';
import { closeSettledCases } from '../modules/cases/engine.js';
import { receiveAtWarehouse } from '../modules/logistics/service.js';
import { ingestChunk } from '../modules/orders/ingest.js';
import { ingestScans } from '../modules/orders/scans.js';
import { dispatchOrder } from '../modules/orders/service.js';
import { createReport, uploadMedia } from '../modules/qc/service.js';
import { confirmRefund } from '../modules/refunds/service.js';
import type { Actor } from '../platform/actor.js';
import { ManualClock } from '../shared/clock.js';
import { DemoTimeline } from './timeline.js';
import { activeShops, staffMember, type FallbackShop } from './cast.js';
import { encodeJpeg } from './images/jpeg.js';

/**
 * The demo marketplace's QC-failure cases, one story per state a case can rest in: waiting for the buyer's choice
 * (also a second round after a replacement failed QC, and a request the policy made on the buyer's silence), for
 * the seller's answer, a counter-offer and a refusal waiting for the buyer, escalated in the support queue, a
 * return approved by the seller's silence with its label, on its way back and delivered, an exchange waiting for
 * and shipping its replacement, resolved with a refund still settling, and closed (accepted as is, returned and
 * refunded, decided by support).
 *
 * Every step goes through the real use-cases (orders, warehouse receipt, QC report with photos, case commands) on
 * a clock walking from four weeks ago to now, with the scheduler running each deadline at its due time — so
 * silences, histories, deadlines, labels, refunds and notifications are the ones the product writes.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const INTEGRATION: Actor = { kind: 'api_key', id: null, name: 'Demo platform feed', roles: ['integration'], memberships: [], locale: 'en' };

/** The shop this story makes for itself when it runs on a database without sellers. */
const FALLBACK_SHOP: FallbackShop = {
    id: 'sel_demo_cases_guangzhou',
    externalId: 'demo-cases-seller',
    legalName: 'Guangzhou Bright Thread Apparel Co., Ltd.',
    shopName: '广州明线服饰',
    region: 'Guangdong',
    contactName: 'Huang Li',
    contactEmail: 'cases.seller@demo.arbiter.test',
    contactPhone: '+86 20 5555 0101',
    ownerName: '黄丽',
  };

const PRODUCTS = [
  { productId: 'DEMO-QC-DRESS', name: 'Silk midi dress', sku: 'SD-M-RED', unitPrice: 4890 },
  { productId: 'DEMO-QC-JKT', name: 'Denim jacket', sku: 'DJ-L-BLU', unitPrice: 5600 },
  { productId: 'DEMO-QC-SNK', name: 'Running sneakers', sku: 'RS-42-WHT', unitPrice: 6900 },
  { productId: 'DEMO-QC-BAG', name: 'Canvas tote bag', sku: 'TB-NAT', unitPrice: 2400 },
];

/** Buyers of the orders demo (Emma and Olivia can sign in); the others only receive e-mails. */
const BUYERS = [
  { externalId: 'demo-buyer-emma', name: 'Emma Schmidt', email: 'emma.schmidt@demo.arbiter.test', currency: 'USD' },
  { externalId: 'demo-buyer-olivia', name: 'Olivia Brown', email: 'olivia.brown@demo.arbiter.test', currency: 'USD' },
  { externalId: 'demo-buyer-lucas', name: 'Lucas Martin', email: 'lucas.martin@demo.arbiter.test', currency: 'USD' },
  { externalId: 'demo-buyer-noah', name: 'Noah Müller', email: 'noah.mueller@demo.arbiter.test', currency: 'EUR' },
];

const FINDINGS: { issues: QcIssue[]; severity: 'minor' | 'major' | 'critical'; measurements: Measurement[]; notes: string }[] = [
  { issues: [{ type: 'defect', description: 'open seam, 3 cm, left side' }], severity: 'major', measurements: [], notes: 'Seam open along the left side; fabric intact.' },
  { issues: [{ type: 'size_discrepancy' }], severity: 'major', measurements: [{ name: 'Chest width', expected: '56', actual: '51', unit: 'cm' }], notes: 'Labelled L but measures as an M.' },
  { issues: [{ type: 'wrong_colour', description: 'navy instead of sky blue' }], severity: 'minor', measurements: [], notes: 'Colour differs from the listing photos.' },
  { issues: [{ type: 'damage', description: 'scuff on the right toe cap' }, { type: 'missing_parts', description: 'spare laces missing' }], severity: 'minor', measurements: [], notes: 'Box crushed at one corner.' },
];

/** A warehouse photo of a fault: the item's colour with a red circle around the spot, different for each case. */
function faultPhoto(seed: number): Buffer {
  const width = 320;
  const height = 240;
  const rgb = new Uint8Array(width * height * 3);
  const cx = 120 + (seed * 37) % 100;
  const cy = 80 + (seed * 53) % 80;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const d = Math.hypot(x - cx, y - cy);
      const ring = d > 26 && d < 31;
      const weave = ((x >> 2) + (y >> 2) + seed) % 2 === 0 ? 8 : 0;
      rgb[o] = ring ? 220 : 70 + weave + (seed * 29) % 60;
      rgb[o + 1] = ring ? 30 : 90 + weave;
      rgb[o + 2] = ring ? 30 : 140 + weave - (seed * 13) % 40;
    }
  }
  return encodeJpeg(width, height, rgb, 82);
}

export interface DemoCasesResult {
  cases: number;
  byStatus: Record<string, number>;
}

/** Seeds the QC-failure cases; call it after the sellers and orders of the demo exist. */
export async function seedDemoCases(ctx: AppContext, options: { password?: string } = {}): Promise<DemoCasesResult> {
  const password = options.password ?? 'arbiter-demo';
  const now = Math.floor(ctx.clock.now().getTime() / 60_000) * 60_000;
  const clock = new ManualClock(new Date(now - 32 * DAY));
  const demo: AppContext = { ...ctx, clock };
  const shops = await activeShops(demo, password, FALLBACK_SHOP);
  const inspector = await staffMember(demo, 'qc_inspector', { email: 'qc.cases@demo.arbiter.test', name: 'Wang Lei' }, password);
  const support = await staffMember(demo, 'support_agent', { email: 'support.cases@demo.arbiter.test', name: 'Priya Shah' }, password);

  const timeline = new DemoTimeline(demo, clock, 'demo cases');
  const step = (offset: number, label: string, run: () => Promise<void>) => timeline.add(now + offset, label, run);
  const state = new Map<string, { orderId: string; itemId: string; caseId?: string; buyerId?: string; shop: number }>();
  const get = (ref: string) => {
    const s = state.get(ref);
    if (!s) throw new Error(`demo case ${ref}: used before it was created`);
    return s;
  };
  const caseOf = (ref: string) => {
    const id = get(ref).caseId;
    if (!id) throw new Error(`demo case ${ref}: no case yet`);
    return id;
  };
  const buyerOf = (ref: string): Actor => ({ kind: 'user', id: get(ref).buyerId!, name: 'Demo buyer', roles: ['buyer'], memberships: [], locale: 'en' });
  const sellerOf = (ref: string) => shops[get(ref).shop % shops.length].actor;
  let n = 0;
  let tracking = 0;
  const sf = () => `SF${String(1470000000000 + ++tracking * 7919)}`;

  // the first shop has a return address; the second's labels fall back to its registered details
  step(-29 * DAY, 'return address', async () => {
    await cases.setReturnAddress(demo, shops[0].actor, shops[0].id, {
      name: '售后部 李伟',
      phone: '+86 755 8888 0101',
      country: 'CN',
      province: '广东省',
      city: '深圳市',
      district: '龙岗区',
      addressLine: '坂田街道 五和大道 118 号 3 栋 5 楼 退货组',
      postalCode: '518129',
    });
  });

  /** An order paid, dispatched and received, whose first item fails QC at `failAt` (days before now). */
  const failed = (ref: string, failAt: number, opts: { buyer?: number; shop?: number; product?: number; findings?: number } = {}) => {
    const k = ++n;
    const product = PRODUCTS[(opts.product ?? k) % PRODUCTS.length];
    const buyer = BUYERS[(opts.buyer ?? k) % BUYERS.length];
    const shop = (opts.shop ?? k) % shops.length;
    const f = FINDINGS[(opts.findings ?? k) % FINDINGS.length];
    const t = sf();
    step(failAt - 6 * DAY, `${ref}: paid`, async () => {
      const [r] = await ingestChunk(demo, INTEGRATION, [
        {
          index: 0,
          value: {
            externalId: `DEMO-QC-${String(20500 + k)}`,
            buyer: { externalId: buyer.externalId, email: buyer.email, name: buyer.name },
            sellerId: shops[shop].id,
            items: [{ ...product, quantity: 1 }, ...(k % 3 === 0 ? [{ ...PRODUCTS[(k + 1) % PRODUCTS.length], quantity: 1 }] : [])],
            currency: buyer.currency,
            shippingMethod: { carrier: 'sf', service: 'standard' },
            payment: { amount: product.unitPrice + (k % 3 === 0 ? PRODUCTS[(k + 1) % PRODUCTS.length].unitPrice : 0), method: 'card', reference: `demo-qc-pay-${20500 + k}` },
            paidAt: new Date(now + failAt - 6 * DAY).toISOString(),
          },
        },
      ]);
      if (r.status === 'error') throw new Error(`${r.code} ${r.message}`);
      const item = await ctx.db.selectFrom('order_items').select('id').where('order_id', '=', r.orderId).orderBy('line_no').executeTakeFirstOrThrow();
      const order = await ctx.db.selectFrom('orders').select('buyer_id').where('id', '=', r.orderId).executeTakeFirstOrThrow();
      state.set(ref, { orderId: r.orderId, itemId: item.id, buyerId: order.buyer_id, shop });
    });
    step(failAt - 5 * DAY, `${ref}: dispatched`, async () => void (await dispatchOrder(demo, sellerOf(ref), get(ref).orderId, { carrier: 'sf', trackingNumber: t, service: 'standard' })));
    step(failAt - 5 * DAY + 6 * HOUR, `${ref}: picked up`, async () => {
      await ingestScans(demo, INTEGRATION, [{ carrier: 'sf', trackingNumber: t, eventCode: 'picked_up', description: 'Picked up by the courier', location: 'Shenzhen', occurredAt: new Date(now + failAt - 5 * DAY + 5 * HOUR).toISOString() }]);
    });
    step(failAt - 2 * DAY, `${ref}: received`, async () => void (await receiveAtWarehouse(demo, inspector, { orderId: get(ref).orderId, weightGrams: 600 + k * 35 })));
    step(failAt, `${ref}: QC failed`, async () => {
      const photo = await uploadMedia(demo, inspector, { orderItemId: get(ref).itemId, fileName: `${ref}.jpg`, caption: f.issues[0].description ?? undefined, body: Readable.from([faultPhoto(k)]) });
      const report = await createReport(demo, inspector, { orderItemId: get(ref).itemId, result: 'fail', severity: f.severity, issues: f.issues, measurements: f.measurements, notes: f.notes, mediaIds: [photo.id] });
      get(ref).caseId = report.caseId!;
    });
  };
  const choose = (ref: string, at: number, remedy: Remedy, note?: string) => step(at, `${ref}: buyer chooses ${remedy.type}`, async () => void (await cases.chooseRemedy(demo, buyerOf(ref), caseOf(ref), { remedy, note })));
  const accept = (ref: string, at: number) => step(at, `${ref}: seller accepts`, async () => void (await cases.respond(demo, sellerOf(ref), caseOf(ref), { action: 'accept' })));
  const counter = (ref: string, at: number, remedy: Remedy, note: string) => step(at, `${ref}: seller counters`, async () => void (await cases.respond(demo, sellerOf(ref), caseOf(ref), { action: 'counter', remedy, note })));
  const refuse = (ref: string, at: number, reason: string) =>
    step(at, `${ref}: seller refuses`, async () => void (await cases.respond(demo, sellerOf(ref), caseOf(ref), { action: 'refuse', reasonCode: 'within_tolerance', reason })));
  const escalate = (ref: string, at: number, reason: string) => step(at, `${ref}: buyer escalates`, async () => void (await cases.escalate(demo, buyerOf(ref), caseOf(ref), { reason })));
  const say = (ref: string, at: number, who: 'buyer' | 'seller', body: string) =>
    step(at, `${ref}: ${who} writes`, async () => void (await cases.postMessage(demo, who === 'buyer' ? buyerOf(ref) : sellerOf(ref), caseOf(ref), { body })));
  const shipBack = (ref: string, at: number) => step(at, `${ref}: return shipped`, async () => void (await cases.shipReturn(demo, inspector, caseOf(ref), { carrier: 'sf', trackingNumber: sf() })));
  const deliveredBack = (ref: string, at: number) =>
    step(at + HOUR, `${ref}: return delivered`, async () => void (await cases.recordReturnEvent(demo, INTEGRATION, caseOf(ref), { eventCode: 'delivered', occurredAt: new Date(now + at), location: 'Shenzhen' })));
  const confirm = (ref: string, at: number) => step(at, `${ref}: seller confirms receipt`, async () => void (await cases.confirmReceipt(demo, sellerOf(ref), caseOf(ref))));
  const shipReplacement = (ref: string, at: number) => step(at, `${ref}: replacement shipped`, async () => void (await cases.shipReplacement(demo, sellerOf(ref), caseOf(ref), { carrier: 'sf', trackingNumber: sf() })));
  const settle = (ref: string, at: number) =>
    step(at, `${ref}: refunds settled`, async () => {
      const refunds = await ctx.db.selectFrom('refunds').select('id').where('case_id', '=', caseOf(ref)).where('status', 'in', ['pending', 'sent']).execute();
      for (const r of refunds) await confirmRefund(demo, INTEGRATION, r.id, { status: 'settled', providerReference: `demo-settle-${r.id.slice(-6)}` });
    });

  // ---- waiting for the buyer --------------------------------------------------------------------------------
  failed('awaiting-buyer', -1 * DAY, { buyer: 0, shop: 0, findings: 1 });
  failed('buyer-silent', -7 * DAY, { buyer: 2, shop: 1 }); // the policy requests a return for the silent buyer (day -2)
  failed('second-round', -12 * DAY, { buyer: 1, shop: 0, findings: 2 });
  choose('second-round', -11.5 * DAY, { type: 'exchange', colour: 'sky blue' }, 'Please send the colour shown in the listing.');
  accept('second-round', -11 * DAY);
  shipBack('second-round', -10 * DAY);
  confirm('second-round', -8 * DAY);
  shipReplacement('second-round', -6 * DAY);
  step(-2 * DAY, 'second-round: the replacement fails QC again', async () => {
    const photo = await uploadMedia(demo, inspector, { orderItemId: get('second-round').itemId, fileName: 'replacement.jpg', caption: 'Replacement: still navy', body: Readable.from([faultPhoto(99)]) });
    await createReport(demo, inspector, { orderItemId: get('second-round').itemId, result: 'fail', severity: 'minor', issues: [{ type: 'wrong_colour', description: 'the replacement is navy too' }], mediaIds: [photo.id] });
  });

  // ---- waiting for the seller -------------------------------------------------------------------------------
  failed('awaiting-seller', -2 * DAY, { buyer: 0, shop: 1 });
  choose('awaiting-seller', -1 * DAY, { type: 'partial_refund', amount: 1200 }, 'I can repair the seam locally.');
  say('awaiting-seller', -20 * HOUR, 'buyer', 'The repair shop quoted 12 USD.');

  // ---- a counter-offer and a refusal waiting for the buyer --------------------------------------------------
  failed('counter-offered', -3 * DAY, { buyer: 1, shop: 0 });
  choose('counter-offered', -2.5 * DAY, { type: 'return_for_refund' });
  counter('counter-offered', -1 * DAY, { type: 'partial_refund', amount: 800 }, '线头问题，可以剪掉；建议部分退款');
  failed('seller-refused', -3 * DAY, { buyer: 0, shop: 1, findings: 1 });
  choose('seller-refused', -2.5 * DAY, { type: 'exchange', size: 'XL' });
  refuse('seller-refused', -12 * HOUR, '尺寸误差在 2 cm 以内，符合商品描述');

  // ---- escalated, in the support queue ---------------------------------------------------------------------
  failed('escalated', -6 * DAY, { buyer: 1, shop: 1, findings: 1 });
  choose('escalated', -5.5 * DAY, { type: 'partial_refund', amount: 2000 });
  refuse('escalated', -5 * DAY, '测量方法不同，平铺测量为 54 cm');
  escalate('escalated', -4.5 * DAY, 'The QC photo shows 51 cm; the listing says 56 cm.');

  // ---- the return leg --------------------------------------------------------------------------------------
  failed('seller-silence', -10 * DAY, { buyer: 2, shop: 1 });
  choose('seller-silence', -9.8 * DAY, { type: 'return_for_refund' }); // nobody answers: granted on silence, label issued
  failed('return-in-transit', -8 * DAY, { buyer: 0, shop: 0 });
  choose('return-in-transit', -7.5 * DAY, { type: 'return_for_refund' });
  accept('return-in-transit', -7 * DAY);
  shipBack('return-in-transit', -6 * DAY);
  failed('return-delivered', -9 * DAY, { buyer: 3, shop: 0 });
  choose('return-delivered', -8.5 * DAY, { type: 'return_for_refund' });
  accept('return-delivered', -8 * DAY);
  shipBack('return-delivered', -7 * DAY);
  deliveredBack('return-delivered', -2 * DAY);

  // ---- exchanges waiting for and shipping the replacement --------------------------------------------------
  failed('awaiting-replacement', -6 * DAY, { buyer: 1, shop: 0, findings: 1 });
  choose('awaiting-replacement', -5.5 * DAY, { type: 'exchange', size: 'M' });
  accept('awaiting-replacement', -5 * DAY);
  shipBack('awaiting-replacement', -4 * DAY);
  confirm('awaiting-replacement', -1 * DAY);
  failed('replacement-in-transit', -9 * DAY, { buyer: 0, shop: 0, findings: 1 });
  choose('replacement-in-transit', -8.5 * DAY, { type: 'exchange', size: 'S', priceDifference: { amount: 300, owedBy: 'seller' } });
  accept('replacement-in-transit', -8 * DAY);
  shipBack('replacement-in-transit', -7 * DAY);
  confirm('replacement-in-transit', -5 * DAY);
  shipReplacement('replacement-in-transit', -3 * DAY);

  // ---- resolved, with the refund still settling ------------------------------------------------------------
  failed('refund-settling', -7 * DAY, { buyer: 1, shop: 1 });
  choose('refund-settling', -6.5 * DAY, { type: 'partial_refund', amount: 900 });
  accept('refund-settling', -6 * DAY);

  // ---- closed ---------------------------------------------------------------------------------------------
  failed('accepted-as-is', -20 * DAY, { buyer: 0, shop: 1, findings: 3 });
  choose('accepted-as-is', -19 * DAY, { type: 'accept_as_is' }, 'A small scuff is fine for me.');
  failed('returned-refunded', -25 * DAY, { buyer: 1, shop: 0 });
  choose('returned-refunded', -24 * DAY, { type: 'return_for_refund' });
  accept('returned-refunded', -23.5 * DAY);
  shipBack('returned-refunded', -22 * DAY);
  deliveredBack('returned-refunded', -20 * DAY);
  confirm('returned-refunded', -19 * DAY);
  settle('returned-refunded', -17 * DAY);
  failed('mediated', -15 * DAY, { buyer: 0, shop: 1, findings: 1 });
  choose('mediated', -14.5 * DAY, { type: 'partial_refund', amount: 2500 });
  counter('mediated', -14 * DAY, { type: 'partial_refund', amount: 1000 }, '最多退 10 美元');
  escalate('mediated', -13 * DAY, 'The jacket is two sizes smaller than listed.');
  step(-12 * DAY, 'mediated: support decides', async () => {
    await cases.decide(demo, support, caseOf('mediated'), { remedy: { type: 'partial_refund', amount: 1800 }, reason: 'The chest measures 51 cm against 56 cm listed: beyond tolerance. A partial refund of 18 USD, the buyer keeps the jacket.' });
  });
  settle('mediated', -10 * DAY);

  await timeline.playUntil(now);
  await closeSettledCases(demo);

  const rows = await ctx.db.selectFrom('cases').select(['status']).where('type', '=', 'qc_failure').execute();
  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  return { cases: rows.length, byStatus };
}
