import { Readable } from 'node:stream';
import type { AppContext } from '../context.js';
import type { EvidenceKind } from '../domain/cases/dispute.js';
import type { Remedy } from '../domain/cases/remedies.js';
import { s10CheckDigit } from '../domain/tracking/index.js';
import { closeSettledCases } from '../modules/cases/engine.js';
import * as disputes from '../modules/disputes/service.js';
import { followReplacements } from '../modules/disputes/flow.js';
import type { OpenDisputeInput } from '../modules/disputes/opening.js';
import { createParcel, passQc, receiveAtWarehouse, recordParcelEvents, shipParcel } from '../modules/logistics/service.js';
import { ingestChunk } from '../modules/orders/ingest.js';
import { ingestScans } from '../modules/orders/scans.js';
import { dispatchOrder } from '../modules/orders/service.js';
import { confirmRefund } from '../modules/refunds/service.js';
import { uploadWhole } from '../modules/uploads/service.js';
import type { Actor } from '../platform/actor.js';
import { ManualClock } from '../shared/clock.js';
import { DemoTimeline } from './timeline.js';
import { activeShops, staffMember, type FallbackShop } from './cast.js';
import { Canvas, type RGB } from './images/canvas.js';

/**
 * The demo marketplace's post-delivery disputes: every issue type (not received, missing item, damaged item, wrong
 * item, not as described), every tier of the resolution matrix, and every state a dispute rests in — waiting for the
 * seller, an offer and a contest waiting for the buyer, in the mediation queue, decided within its appeal window,
 * appealed to another agent, a replacement to dispatch, granted on the seller's silence, compensated for an insured
 * customs confiscation, withdrawn, and closed. Flags too: a tier-3 claim without its video, a parcel short of its
 * label's weight, a disproportionate demand, and one buyer's unboxing video reused by another.
 *
 * Each order makes the whole journey through the real use-cases (ingest, dispatch, warehouse receipt, QC, parcel,
 * carrier events) and each dispute goes through the disputes' own, with evidence uploaded as files, on a clock walking
 * from seven weeks ago to now with the scheduler running every deadline at its due time.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const INTEGRATION: Actor = { kind: 'api_key', id: null, name: 'Demo platform feed', roles: ['integration'], memberships: [], locale: 'en' };

/** The shop this story makes for itself when it runs on a database without sellers. */
const FALLBACK_SHOP: FallbackShop = {
    id: 'sel_demo_disputes_ningbo',
    externalId: 'demo-disputes-seller',
    legalName: 'Ningbo Harbour Home Goods Co., Ltd.',
    shopName: '宁波港湾家居',
    region: 'Zhejiang',
    contactName: 'Xu Hai',
    contactEmail: 'disputes.seller@demo.arbiter.test',
    contactPhone: '+86 574 5555 0102',
    ownerName: '徐海',
  };

const PRODUCTS = [
  { productId: 'DEMO-DSP-LAMP', name: 'Ceramic table lamp', sku: 'CL-WHT', unitPrice: 5490 },
  { productId: 'DEMO-DSP-HEAD', name: 'Bluetooth headphones', sku: 'BH-700', unitPrice: 7990 },
  { productId: 'DEMO-DSP-SHOE', name: 'Leather loafers', sku: 'LL-43-BRN', unitPrice: 8890 },
  { productId: 'DEMO-DSP-WATCH', name: 'Chronograph watch', sku: 'CW-42', unitPrice: 15900 },
  { productId: 'DEMO-DSP-TEA', name: 'Porcelain tea set', sku: 'PT-6', unitPrice: 3990 },
];

/** The orders demo's buyers (Emma and Olivia can sign in and follow their disputes). */
const BUYERS = [
  { externalId: 'demo-buyer-emma', name: 'Emma Schmidt', email: 'emma.schmidt@demo.arbiter.test', currency: 'USD', city: 'Berlin' },
  { externalId: 'demo-buyer-olivia', name: 'Olivia Brown', email: 'olivia.brown@demo.arbiter.test', currency: 'USD', city: 'Manchester' },
  { externalId: 'demo-buyer-lucas', name: 'Lucas Martin', email: 'lucas.martin@demo.arbiter.test', currency: 'USD', city: 'Lyon' },
  { externalId: 'demo-buyer-noah', name: 'Noah Müller', email: 'noah.mueller@demo.arbiter.test', currency: 'EUR', city: 'Munich' },
  { externalId: 'demo-buyer-sofia', name: 'Sofia Rossi', email: 'sofia.rossi@demo.arbiter.test', currency: 'EUR', city: 'Milan' },
  { externalId: 'demo-buyer-james', name: 'James Wilson', email: 'james.wilson@demo.arbiter.test', currency: 'USD', city: 'Toronto' },
];

// ---- evidence files -----------------------------------------------------------------------------------------

const BOX: RGB = [176, 128, 78];
const DARK: RGB = [40, 40, 44];

/** A photo for a kind of evidence: the parcel's exterior, the parcel on a scale with its reading, the label, the item. */
function evidencePhoto(kind: EvidenceKind, seed: number, text: { grams?: number; tracking?: string; item?: string }): Buffer {
  const c = new Canvas(360, 270, [222, 224, 228]);
  c.gradient(0, 190, 360, 80, [198, 184, 160], [170, 150, 122]);
  switch (kind) {
    case 'scale_photo':
      c.fillRect(70, 170, 220, 26, [60, 62, 68]);
      c.fillRect(120, 200, 120, 40, DARK);
      c.fillRect(130, 208, 100, 24, [150, 200, 150]);
      c.text(138, 212, `${text.grams ?? 0} g`, DARK, 2, true);
      c.fillRect(100, 80, 160, 92, BOX);
      c.fillRect(100, 118, 160, 10, [210, 190, 150]);
      break;
    case 'label_photo':
    case 'exterior_photo':
      c.fillRect(60, 60, 240, 150, BOX);
      c.fillRect(60, 126, 240, 12, [214, 194, 152]);
      if (kind === 'exterior_photo' && seed % 2) c.fillEllipse(95, 90, 30, 18, [120, 88, 52], 0.8);
      c.fillRect(170, 76, 112, 62, [250, 250, 248]);
      for (let x = 178; x < 270; x += 3 + ((x * seed) % 3)) c.fillRect(x, 84, 1 + (x % 2), 22, DARK);
      c.text(176, 112, (text.tracking ?? 'EA000000000CN').slice(0, 13), DARK, 1);
      break;
    case 'customs_notice':
      c.fillRect(50, 30, 260, 210, [252, 252, 250]);
      c.text(64, 44, 'CUSTOMS', DARK, 3, true);
      c.text(64, 74, 'SEIZURE NOTICE', DARK, 2, true);
      c.text(64, 110, `Ref ${text.tracking ?? ''}`, DARK, 1);
      c.text(64, 130, 'Goods retained under', DARK, 1);
      c.text(64, 142, 'import regulations.', DARK, 1);
      c.ring(250, 196, 26, 3, [200, 40, 40]);
      break;
    default:
      c.fillEllipse(180, 140, 90, 58, [60 + ((seed * 37) % 120), 70 + ((seed * 17) % 90), 90 + ((seed * 53) % 120)]);
      c.ring(215, 118, 24, 4, [220, 40, 40]);
      c.text(20, 20, (text.item ?? '').slice(0, 28), DARK, 1);
  }
  return c.jpeg(84);
}

/** An MP4 as phones record it (its file-type box, then the media data): a stand-in for the unboxing video. */
function unboxingVideo(seed: number, size = 96 * 1024): Buffer {
  const ftyp = Buffer.alloc(32);
  ftyp.writeUInt32BE(32, 0);
  ftyp.write('ftypisom', 4, 'ascii');
  ftyp.writeUInt32BE(0x200, 12);
  ftyp.write('isomiso2avc1mp41', 16, 'ascii');
  const mdat = Buffer.alloc(size - 32);
  mdat.writeUInt32BE(mdat.length, 0);
  mdat.write('mdat', 4, 'ascii');
  for (let i = 8; i < mdat.length; i++) mdat[i] = (i * 131 + seed * 17 + (i >> 9)) & 0xff;
  return Buffer.concat([ftyp, mdat]);
}

// ---- the cast ----------------------------------------------------------------------------------------------------

export interface DemoDisputesResult {
  disputes: number;
  byStatus: Record<string, number>;
  byType: Record<string, number>;
}

interface Story {
  orderId: string;
  externalId: string;
  buyerId: string;
  shop: number;
  items: { id: string; name: string; quantity: number; unitPrice: number }[];
  parcelId?: string;
  tracking: string;
  caseId?: string;
}

/** Seeds the disputes; call it after the sellers and orders of the demo exist. */
export async function seedDemoDisputes(ctx: AppContext, options: { password?: string } = {}): Promise<DemoDisputesResult> {
  const password = options.password ?? 'arbiter-demo';
  const now = Math.floor(ctx.clock.now().getTime() / 60_000) * 60_000;
  const clock = new ManualClock(new Date(now - 50 * DAY));
  const demo: AppContext = { ...ctx, clock };
  const sellers = await activeShops(demo, password, FALLBACK_SHOP);
  const inspector = await staffMember(demo, 'qc_inspector', { email: 'qc.disputes@demo.arbiter.test', name: 'Wang Lei' }, password);
  const support = await staffMember(demo, 'support_agent', { email: 'support.disputes@demo.arbiter.test', name: 'Priya Shah' }, password);

  const timeline = new DemoTimeline(demo, clock, 'demo disputes');
  const step = (offset: number, label: string, run: () => Promise<void>) => timeline.add(now + offset, label, run);
  const stories = new Map<string, Story>();
  const story = (ref: string) => {
    const s = stories.get(ref);
    if (!s) throw new Error(`demo dispute ${ref}: used before its order exists`);
    return s;
  };
  const caseOf = (ref: string) => story(ref).caseId ?? (() => { throw new Error(`demo dispute ${ref}: not opened yet`); })();
  const buyerOf = (ref: string): Actor => ({ kind: 'user', id: story(ref).buyerId, name: 'Demo buyer', roles: ['buyer'], memberships: [], locale: 'en' });
  const sellerOf = (ref: string) => sellers[story(ref).shop % sellers.length].actor;
  let n = 0;
  let seedNo = 0;
  let sfNo = 0;
  let emsNo = 0;
  const sf = () => `SF${String(1480000000000 + ++sfNo * 7919)}`;
  const ems = () => {
    const serial = String(53000000 + ++emsNo * 131);
    return `EA${serial}${s10CheckDigit(serial)}CN`;
  };

  /**
   * An order's whole journey: paid, dispatched, weighed at the warehouse, QC passed, packed in its own parcel (the
   * label's weight: the warehouse's plus packaging) and shipped; delivered at `deliveredAt`, or never (`shippedAt`).
   */
  const journey = (ref: string, o: { buyer: number; shop?: number; products: number[]; shippedAt: number; deliveredAt?: number; insured: boolean; weight: number; confiscatedAt?: number }) => {
    const k = ++n;
    const buyer = BUYERS[o.buyer % BUYERS.length];
    const shop = (o.shop ?? k) % sellers.length;
    const lines = o.products.map((p, i) => ({ ...PRODUCTS[p % PRODUCTS.length], quantity: i === 0 && k % 2 === 0 ? 2 : 1 }));
    const externalId = `DEMO-DSP-${30500 + k}`;
    const domestic = sf();
    const tracking = ems();
    const start = o.shippedAt - 7 * DAY;
    step(start, `${ref}: paid`, async () => {
      const [r] = await ingestChunk(demo, INTEGRATION, [
        {
          index: 0,
          value: {
            externalId,
            buyer: { externalId: buyer.externalId, email: buyer.email, name: buyer.name },
            sellerId: sellers[shop].id,
            items: lines,
            currency: buyer.currency,
            shippingMethod: { carrier: 'sf', service: 'standard' },
            payment: { amount: lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0), method: k % 3 === 0 ? 'paypal' : 'card', reference: `demo-dsp-pay-${30500 + k}` },
            paidAt: new Date(now + start).toISOString(),
          },
        },
      ]);
      if (r.status === 'error') throw new Error(`${r.code} ${r.message}`);
      const order = await ctx.db.selectFrom('orders').select('buyer_id').where('id', '=', r.orderId).executeTakeFirstOrThrow();
      const items = await ctx.db.selectFrom('order_items').select(['id', 'name', 'quantity', 'unit_price']).where('order_id', '=', r.orderId).orderBy('line_no').execute();
      stories.set(ref, { orderId: r.orderId, externalId, buyerId: order.buyer_id, shop, tracking, items: items.map((i) => ({ id: i.id, name: i.name, quantity: i.quantity, unitPrice: i.unit_price })) });
    });
    step(start + DAY, `${ref}: dispatched`, async () => void (await dispatchOrder(demo, sellerOf(ref), story(ref).orderId, { carrier: 'sf', trackingNumber: domestic, service: 'standard' })));
    step(start + DAY + 6 * HOUR, `${ref}: picked up`, async () => {
      await ingestScans(demo, INTEGRATION, [{ carrier: 'sf', trackingNumber: domestic, eventCode: 'picked_up', description: 'Picked up by the courier', location: 'Ningbo', occurredAt: new Date(now + start + DAY + 5 * HOUR).toISOString() }]);
    });
    step(start + 3 * DAY, `${ref}: received`, async () => void (await receiveAtWarehouse(demo, inspector, { orderId: story(ref).orderId, weightGrams: o.weight })));
    step(start + 4 * DAY, `${ref}: QC passed`, async () => void (await passQc(demo, inspector, story(ref).orderId, {})));
    step(o.shippedAt - 20 * HOUR, `${ref}: packed`, async () => {
      const s = story(ref);
      const parcel = await createParcel(demo, inspector, {
        orderIds: [s.orderId],
        declaredWeightGrams: o.weight + 150,
        declaredValue: { amount: s.items.reduce((sum, i) => sum + i.unitPrice * i.quantity, 0), currency: buyer.currency },
        carrier: 'ems',
        trackingNumber: tracking,
        insured: o.insured,
      });
      s.parcelId = parcel.id;
    });
    step(o.shippedAt, `${ref}: shipped`, async () => void (await shipParcel(demo, inspector, story(ref).parcelId!)));
    const events = [
      { eventCode: 'accepted', description: 'Accepted by EMS', location: 'Shanghai', at: o.shippedAt + 6 * HOUR },
      { eventCode: 'departed', description: 'Departed the office of exchange', location: 'Shanghai', at: o.shippedAt + DAY },
      { eventCode: 'arrived', description: 'Arrived in the destination country', location: 'Frankfurt', at: o.shippedAt + 4 * DAY },
      ...(o.confiscatedAt !== undefined ? [{ eventCode: 'customs_confiscated', description: 'Confiscated by customs', location: 'Frankfurt', at: o.confiscatedAt }] : []),
      ...(o.deliveredAt !== undefined ? [{ eventCode: 'delivered', description: 'Delivered, signed for by the addressee', location: buyer.city, at: o.deliveredAt }] : []),
    ].filter((e) => e.at < 0);
    for (const e of events) {
      step(e.at + 30 * 60_000, `${ref}: carrier ${e.eventCode}`, async () => {
        await recordParcelEvents(demo, INTEGRATION, story(ref).parcelId!, [{ eventCode: e.eventCode, description: e.description, location: e.location, occurredAt: new Date(now + e.at).toISOString() }]);
      });
    }
  };

  const files = new Map<string, Buffer>();
  /** Uploads each piece of evidence as the buyer (or the seller) would, and returns it for the claim. */
  const evidence = async (ref: string, actor: Actor, kinds: EvidenceKind[], opts: { grams?: number; reuse?: string } = {}) => {
    const out: { uploadId: string; kind: EvidenceKind }[] = [];
    for (const kind of kinds) {
      const seed = ++seedNo;
      const file =
        kind === 'unboxing_video' || kind === 'packing_video'
          ? (opts.reuse && files.get(opts.reuse)) || unboxingVideo(seed)
          : evidencePhoto(kind, seed, { grams: opts.grams, tracking: story(ref).tracking, item: story(ref).items[0].name });
      if (kind === 'unboxing_video') files.set(ref, file);
      const upload = await uploadWhole(demo, actor, { body: Readable.from([file]), fileName: `${kind.replace(/_/g, '-')}-${story(ref).externalId}.${kind.endsWith('video') ? 'mp4' : 'jpg'}` });
      out.push({ uploadId: upload.id, kind });
    }
    return out;
  };

  /** The buyer opens the dispute, uploading the evidence first. */
  const open = (ref: string, at: number, claim: Omit<OpenDisputeInput, 'orderId' | 'evidence' | 'items'> & { items?: 'all' | number[]; kinds?: EvidenceKind[]; grams?: number; reuse?: string }) =>
    step(at, `${ref}: dispute opened`, async () => {
      const s = story(ref);
      const items = claim.items === 'all' ? undefined : (claim.items ?? [0]).map((i) => ({ itemId: s.items[i].id, quantity: s.items[i].quantity }));
      const ev = claim.kinds?.length ? await evidence(ref, buyerOf(ref), claim.kinds, { grams: claim.grams, reuse: claim.reuse }) : [];
      const { kinds: _k, grams: _g, reuse: _r, items: _i, ...rest } = claim;
      const view = await disputes.open(demo, buyerOf(ref), { ...rest, orderId: s.orderId, items, evidence: ev });
      s.caseId = view.id;
    });
  const accept = (ref: string, at: number, note?: string) => step(at, `${ref}: seller accepts`, async () => void (await disputes.respond(demo, sellerOf(ref), caseOf(ref), { action: 'accept', note })));
  const offer = (ref: string, at: number, remedy: (ref: string) => Remedy, note: string) =>
    step(at, `${ref}: seller offers`, async () => void (await disputes.respond(demo, sellerOf(ref), caseOf(ref), { action: 'offer', remedy: remedy(ref), note })));
  const contest = (ref: string, at: number, reasonCode: 'packed_complete' | 'damage_after_delivery' | 'item_as_listed' | 'weight_matches', reason: string, kinds: EvidenceKind[] = []) =>
    step(at, `${ref}: seller contests`, async () => {
      const ev = kinds.length ? await evidence(ref, sellerOf(ref), kinds) : undefined;
      await disputes.respond(demo, sellerOf(ref), caseOf(ref), { action: 'contest', reasonCode, reason, evidence: ev });
    });
  const mediation = (ref: string, at: number, reason: string) => step(at, `${ref}: buyer asks for mediation`, async () => void (await disputes.requestMediation(demo, buyerOf(ref), caseOf(ref), { reason })));
  const decide = (ref: string, at: number, remedy: (ref: string) => Remedy, reason: string) =>
    step(at, `${ref}: support decides`, async () => void (await disputes.decide(demo, support, caseOf(ref), { remedy: remedy(ref), reason })));
  const settle = (ref: string, at: number) =>
    step(at, `${ref}: refunds settled`, async () => {
      const refunds = await ctx.db.selectFrom('refunds').select('id').where('case_id', '=', caseOf(ref)).where('status', 'in', ['pending', 'sent']).execute();
      for (const r of refunds) await confirmRefund(demo, INTEGRATION, r.id, { status: 'settled', providerReference: `demo-settle-${r.id.slice(-6)}` });
      await closeSettledCases(demo);
    });

  // ---- damaged item: tiers 1, 2 and 3 --------------------------------------------------------------------------
  journey('crushed-box', { buyer: 0, products: [4], shippedAt: -32 * DAY, deliveredAt: -22 * DAY, insured: true, weight: 1650 });
  open('crushed-box', -21 * DAY, { issueType: 'damaged_item', detail: 'packaging_only', remedy: { type: 'partial_refund', amount: 300 }, note: 'The gift box is crushed. The cups are fine.', kinds: ['exterior_photo'] });
  accept('crushed-box', -20 * DAY, '抱歉，包装在运输中受损。');
  settle('crushed-box', -17 * DAY);

  journey('broken-hinge', { buyer: 1, products: [1], shippedAt: -14 * DAY, deliveredAt: -3 * DAY, insured: true, weight: 420 });
  open('broken-hinge', -20 * HOUR, {
    issueType: 'damaged_item',
    detail: 'functional',
    remedy: { type: 'partial_refund', amount: 3200 },
    note: 'The left hinge of the headband is broken. See the video at 0:40. A partial refund covers a local repair.',
    kinds: ['unboxing_video', 'exterior_photo', 'item_photo'],
  });

  journey('smashed-lamp', { buyer: 2, products: [0], shippedAt: -24 * DAY, deliveredAt: -13 * DAY, insured: true, weight: 2300 });
  open('smashed-lamp', -12 * DAY, {
    issueType: 'damaged_item',
    detail: 'unusable',
    remedy: { type: 'full_refund' },
    note: "I can't believe this!! The lamp is in PIECES. This is unacceptable, I am so angry!",
    kinds: ['exterior_photo', 'item_photo'],
  });
  contest('smashed-lamp', -11 * DAY, 'damage_after_delivery', '包裹外箱完好，灯座在发货前有气泡膜保护。请提供开箱视频。', ['packing_photo']);
  mediation('smashed-lamp', -10 * DAY, 'The lamp arrived broken; I have photos.');

  // ---- missing item: tiers 2 and 3, one with the parcel short of its label's weight --------------------------------
  journey('short-parcel', { buyer: 3, products: [2, 4], shippedAt: -36 * DAY, deliveredAt: -26 * DAY, insured: true, weight: 1450 });
  open('short-parcel', -25 * DAY, {
    issueType: 'missing_item',
    detail: 'missing_units',
    items: [1],
    remedy: { type: 'full_refund' },
    scaleReadingGrams: 640,
    note: 'The tea set is missing. The unopened parcel weighed 640 g on my scale.',
    kinds: ['unboxing_video', 'exterior_photo', 'scale_photo'],
    grams: 640,
  });
  contest('short-parcel', -24 * DAY, 'packed_complete', '两件商品均已打包发出，见打包照片。', ['packing_photo']);
  mediation('short-parcel', -23 * DAY, 'The parcel weighed 960 g less than its label.');
  decide('short-parcel', -21 * DAY, () => ({ type: 'full_refund' }), 'The parcel weighed 960 g under its label and the unboxing video shows one box only; the tea set is refunded.');
  step(-19 * DAY, 'short-parcel: seller appeals', async () => void (await disputes.appeal(demo, sellerOf('short-parcel'), caseOf('short-parcel'), { reason: '仓库称重与发货一致，请另一位客服复核。' })));

  journey('no-charger', { buyer: 4, products: [1], shippedAt: -16 * DAY, deliveredAt: -6 * DAY, insured: false, weight: 460 });
  open('no-charger', -3 * DAY, { issueType: 'missing_item', detail: 'missing_accessory', remedy: { type: 'replacement' }, note: 'The charging cable is missing from the box.', kinds: ['unboxing_video', 'item_photo'] });
  offer('no-charger', -DAY, () => ({ type: 'partial_refund', amount: 800 }), '充电线单独补寄运费较高，退款 8 美元可以吗？');

  journey('empty-box', { buyer: 5, products: [3], shippedAt: -27 * DAY, deliveredAt: -17 * DAY, insured: true, weight: 380 });
  open('empty-box', -16 * DAY, {
    issueType: 'missing_item',
    detail: 'empty_parcel',
    items: 'all',
    remedy: { type: 'full_refund' },
    scaleReadingGrams: 95,
    note: 'The box was empty. The video starts on the label.',
    kinds: ['unboxing_video', 'exterior_photo', 'scale_photo'],
    grams: 95,
  });
  // the seller stays silent: the scheduler grants the claim at the deadline; the refund is still settling

  // ---- wrong item: a wrong size to replace, a different item reshipped --------------------------------------------
  journey('wrong-size', { buyer: 1, products: [2], shippedAt: -15 * DAY, deliveredAt: -5 * DAY, insured: true, weight: 1180 });
  open('wrong-size', -3 * DAY, { issueType: 'wrong_item', detail: 'wrong_size', remedy: { type: 'replacement' }, note: 'I ordered size 43 and received size 41.', kinds: ['unboxing_video', 'label_photo', 'item_photo'] });
  accept('wrong-size', -20 * HOUR, '抱歉发错尺码，马上补发 43 码。');

  journey('wrong-watch', { buyer: 0, products: [3], shippedAt: -41 * DAY, deliveredAt: -31 * DAY, insured: true, weight: 360 });
  open('wrong-watch', -30 * DAY, { issueType: 'wrong_item', detail: 'different_item', remedy: { type: 'reshipment' }, note: 'I received a kitchen timer instead of the watch.', kinds: ['unboxing_video', 'label_photo', 'item_photo'] });
  accept('wrong-watch', -29 * DAY, '仓库配错货，已安排重新发货。');
  step(-28 * DAY, 'wrong-watch: replacement dispatched', async () => {
    const d = await ctx.db.selectFrom('disputes').select('replacement_order_id').where('case_id', '=', caseOf('wrong-watch')).executeTakeFirstOrThrow();
    await dispatchOrder(demo, sellerOf('wrong-watch'), d.replacement_order_id!, { carrier: 'sf', trackingNumber: sf(), service: 'standard' });
    await followReplacements(demo);
  });

  // ---- not as described: a disproportionate demand decided against the buyer; a counterfeit in its appeal window ---
  journey('shade-off', { buyer: 2, products: [4], shippedAt: -44 * DAY, deliveredAt: -34 * DAY, insured: false, weight: 1620 });
  open('shade-off', -33 * DAY, { issueType: 'not_as_described', detail: 'minor_difference', remedy: { type: 'full_refund' }, note: 'The blue is a little lighter than in the photos.', kinds: ['item_photo'] });
  contest('shade-off', -32 * DAY, 'item_as_listed', '颜色与商品页一致，实物照片存在光线差异。');
  // the buyer does not answer: mediation on silence (scheduler)
  decide('shade-off', -27 * DAY, () => ({ type: 'no_action' }), 'A slight difference of shade is within the listing; tier 1 fits no refund here.');

  journey('fake-watch', { buyer: 3, products: [3], shippedAt: -20 * DAY, deliveredAt: -10 * DAY, insured: true, weight: 350 });
  open('fake-watch', -9 * DAY, { issueType: 'not_as_described', detail: 'counterfeit', remedy: { type: 'full_refund' }, note: 'The watch has no serial number and the logo is misspelled.', kinds: ['unboxing_video', 'item_photo'] });
  contest('fake-watch', -8 * DAY, 'item_as_listed', '商品为正品，附有保修卡。');
  mediation('fake-watch', -7 * DAY, 'The logo is misspelled, see the photo.');
  decide('fake-watch', -2 * DAY, () => ({ type: 'full_refund' }), 'The close-up shows a misspelled logo and no serial number: counterfeit, refunded in full.');

  // ---- not received: lost, confiscated (insured and not), delivered but not received ------------------------------
  journey('lost-parcel', { buyer: 4, products: [0, 4], shippedAt: -40 * DAY, insured: true, weight: 2900 });
  open('lost-parcel', -HOUR * 30, { issueType: 'not_received', detail: 'lost_in_transit', items: 'all', remedy: { type: 'reshipment' }, note: 'No tracking update for five weeks.' });

  journey('seized-insured', { buyer: 5, products: [1], shippedAt: -22 * DAY, insured: true, weight: 430, confiscatedAt: -14 * DAY });
  open('seized-insured', -13 * DAY, { issueType: 'not_received', detail: 'customs_confiscated', items: 'all', remedy: { type: 'full_refund' }, note: 'Customs kept the parcel; the notice is attached.', kinds: ['customs_notice'] });
  settle('seized-insured', -11 * DAY);

  journey('seized-uninsured', { buyer: 2, products: [3], shippedAt: -19 * DAY, insured: false, weight: 340, confiscatedAt: -9 * DAY });
  open('seized-uninsured', -8 * DAY, { issueType: 'not_received', detail: 'customs_confiscated', items: 'all', remedy: { type: 'full_refund' }, kinds: ['customs_notice'] });

  journey('at-neighbour', { buyer: 0, products: [0], shippedAt: -30 * DAY, deliveredAt: -20 * DAY, insured: true, weight: 2250 });
  open('at-neighbour', -19 * DAY, { issueType: 'not_received', detail: 'delivered_not_received', items: 'all', remedy: { type: 'full_refund' }, note: 'Tracking says delivered but nothing arrived.' });
  step(-18 * DAY, 'at-neighbour: withdrawn', async () => void (await disputes.withdraw(demo, buyerOf('at-neighbour'), caseOf('at-neighbour'), { reason: 'My neighbour had taken it in.' })));

  // ---- reused evidence: another buyer attaches the broken-hinge unboxing video -------------------------------------
  journey('copied-video', { buyer: 5, products: [1], shippedAt: -13 * DAY, deliveredAt: -2 * DAY, insured: true, weight: 415 });
  open('copied-video', -10 * HOUR, { issueType: 'damaged_item', detail: 'unusable', remedy: { type: 'full_refund' }, kinds: ['unboxing_video'], reuse: 'broken-hinge' });

  // ---- play them in time order, with each deadline run at its own time -----------------------------------------------
  await timeline.playUntil(now);
  await followReplacements(demo);

  const ids = [...stories.values()].flatMap((s) => (s.caseId ? [s.caseId] : []));
  const rows = ids.length ? await ctx.db.selectFrom('cases').select(['status', 'type']).where('id', 'in', ids).execute() : [];
  const count = (key: 'status' | 'type') => rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r[key]]: (acc[r[key]] ?? 0) + 1 }), {});
  const result = { disputes: ids.length, byStatus: count('status'), byType: count('type') };
  ctx.log.info(result, 'demo disputes seeded');
  return result;
}
