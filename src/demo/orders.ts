import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import type { OrderStatus } from '../domain/orders.js';
import { s10CheckDigit } from '../domain/tracking/index.js';
import { createUser } from '../modules/identity/service.js';
import { hashPassword } from '../modules/identity/passwords.js';
import {
  addReceiptPhoto,
  confirmDelivery,
  createParcel,
  extendProtection,
  passQc,
  receiveAtWarehouse,
  recordParcelEvents,
  requestProtectionExtension,
  shipParcel,
} from '../modules/logistics/service.js';
import { ingestChunk } from '../modules/orders/ingest.js';
import { ingestScans } from '../modules/orders/scans.js';
import { acceptCancellation, dispatchOrder, requestCancellation } from '../modules/orders/service.js';
import { systemActor, type Actor } from '../platform/actor.js';
import { ManualClock } from '../shared/clock.js';
import { DemoTimeline } from './timeline.js';
import { encodeJpeg } from './images/jpeg.js';

/**
 * The demo marketplace's orders, in every state of their journey: paid with the dispatch deadline ahead and
 * overdue, cancellation requested, cancelled by agreement and by the seller's silence, dispatched late, tracking
 * that never got a scan, on the way to the warehouse, received and weighed (with photos), QC passed and waiting
 * for a parcel, parcels in transit with carrier scans, a protection extension asked for and one granted,
 * delivered by the carrier and confirmed by the buyer, and completed.
 *
 * Everything goes through the real use-cases on a clock that walks from about eighty days ago to now, step by
 * step, with the scheduler running each task at its due time on the way (the silence that cancels, the no-scan
 * check, the ends of protection) — so every history row, signal, task and outbox row is the one the product would have
 * written. A simulated carrier feed sends the domestic and international scans. Deterministic: the same stories,
 * numbers and offsets from "now" on every run.
 */

export const DEMO_ORDERS_PASSWORD = 'arbiter-demo-2026';

export interface DemoOrdersResult {
  logins: { role: string; email: string }[];
  orders: number;
  byStatus: Partial<Record<OrderStatus, number>>;
  parcels: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const CATALOGUE = [
  { productId: 'DEMO-SNK-01', name: 'Canvas sneakers', sku: 'SNK-42', unitPrice: 2890 },
  { productId: 'DEMO-HOOD-02', name: 'Fleece hoodie', sku: 'HD-L', unitPrice: 3450 },
  { productId: 'DEMO-BAG-03', name: 'Leather crossbody bag', unitPrice: 5990 },
  { productId: 'DEMO-WATCH-04', name: 'Automatic wristwatch', sku: 'AW-40', unitPrice: 12900 },
  { productId: 'DEMO-TEE-05', name: 'Cotton T-shirts (3-pack)', unitPrice: 1990 },
  { productId: 'DEMO-EAR-06', name: 'Wireless earbuds', unitPrice: 4590 },
  { productId: 'DEMO-JKT-07', name: 'Down jacket', sku: 'DJ-M', unitPrice: 8990 },
];

const BUYERS = [
  { externalId: 'demo-buyer-emma', name: 'Emma Schmidt', email: 'emma.schmidt@demo.arbiter.test', currency: 'USD', city: 'Berlin' },
  { externalId: 'demo-buyer-lucas', name: 'Lucas Martin', email: 'lucas.martin@demo.arbiter.test', currency: 'USD', city: 'Lyon' },
  { externalId: 'demo-buyer-olivia', name: 'Olivia Brown', email: 'olivia.brown@demo.arbiter.test', currency: 'USD', city: 'Manchester' },
  { externalId: 'demo-buyer-noah', name: 'Noah Müller', email: 'noah.mueller@demo.arbiter.test', currency: 'EUR', city: 'Munich' },
  { externalId: 'demo-buyer-sofia', name: 'Sofia Rossi', email: 'sofia.rossi@demo.arbiter.test', currency: 'EUR', city: 'Milan' },
  { externalId: 'demo-buyer-james', name: 'James Wilson', email: 'james.wilson@demo.arbiter.test', currency: 'USD', city: 'Toronto' },
] as const;
/** The buyers given a password, to sign in and follow their orders. */
const BUYER_LOGINS = [0, 2];

const SELLER_CITIES = ['Shenzhen', 'Yiwu', 'Guangzhou'];

const INTEGRATION: Actor = { kind: 'api_key', id: null, name: 'Demo platform feed', roles: ['integration'], memberships: [], locale: 'en' };
const ADMIN: Actor = { ...systemActor, roles: ['admin'] };

/** A warehouse photo of a parcel: a brown box with a white label, a little different for each receipt. */
function parcelPhoto(seed: number): Buffer {
  const width = 320;
  const height = 240;
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const inBox = x > 40 && x < 280 && y > 30 && y < 210;
      const inLabel = x > 150 && x < 260 && y > 50 && y < 120;
      const stripe = inLabel && y > 60 && y % 12 < 3 && x < 240;
      const shade = (x + y + seed * 17) % 24;
      rgb[o] = stripe ? 40 : inLabel ? 245 : inBox ? 160 + shade : 210;
      rgb[o + 1] = stripe ? 40 : inLabel ? 245 : inBox ? 115 + shade : 214;
      rgb[o + 2] = stripe ? 40 : inLabel ? 240 : inBox ? 70 : 220;
    }
  }
  return encodeJpeg(width, height, rgb, 80);
}

async function firstActiveUserWithRole(ctx: AppContext, role: string): Promise<{ id: string; name: string; email: string } | undefined> {
  return ctx.db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where(sql<boolean>`${role} = ANY(roles)`)
    .where('status', '=', 'active')
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
}

/** Active sellers to sell (the demo's own, else two made here), each with a member who acts for it. */
async function castSellers(ctx: AppContext, requested: string[] | undefined, password: string, logins: DemoOrdersResult['logins']) {
  let ids = requested ?? (await ctx.db.selectFrom('sellers').select('id').where('status', '=', 'active').orderBy('created_at').orderBy('id').limit(3).execute()).map((s) => s.id);
  if (ids.length === 0) {
    // No seller yet: two shops, written directly (their verification is the sellers' demo, not this one's).
    const now = ctx.clock.now();
    ids = [];
    for (const [i, shop] of [
      { id: 'sel_demo_logistics_shenzhen', name: 'Pearl River Outfitters', legal: 'Shenzhen Pearl River Trading Co., Ltd.', region: 'Guangdong' },
      { id: 'sel_demo_logistics_yiwu', name: 'Yiwu Bright Goods', legal: 'Yiwu Bright Goods Co., Ltd.', region: 'Zhejiang' },
    ].entries()) {
      await ctx.db
        .insertInto('sellers')
        .values({
          id: shop.id,
          external_id: `demo-logistics-seller-${i + 1}`,
          legal_name: shop.legal,
          shop_name: shop.name,
          country: 'CN',
          region: shop.region,
          business_type: 'company',
          contact_name: i === 0 ? 'Li Wei' : 'Chen Jing',
          contact_email: `seller${i + 1}@demo.arbiter.test`,
          contact_phone: null,
          storefronts: JSON.stringify([]),
          status: 'active',
          verified_at: now,
          created_at: now,
          updated_at: now,
        })
        .execute();
      ids.push(shop.id);
    }
  }
  const sellers: { id: string; actor: Actor }[] = [];
  for (const [i, id] of ids.entries()) {
    let member = await ctx.db
      .selectFrom('seller_members')
      .innerJoin('users', 'users.id', 'seller_members.user_id')
      .select(['users.id', 'users.name', 'seller_members.member_role'])
      .where('seller_members.seller_id', '=', id)
      .orderBy('seller_members.created_at')
      .orderBy('users.id')
      .executeTakeFirst();
    if (!member) {
      const email = `shop${i + 1}.staff@demo.arbiter.test`;
      const user = await createUser(ctx, ADMIN, { email, name: i === 0 ? '李伟' : `店员 ${i + 1}`, password, roles: ['seller'] });
      await ctx.db.insertInto('seller_members').values({ seller_id: id, user_id: user.id, member_role: 'staff', created_at: ctx.clock.now() }).execute();
      logins.push({ role: 'seller', email });
      member = { id: user.id, name: user.name, member_role: 'staff' };
    }
    sellers.push({
      id,
      actor: { kind: 'user', id: member.id, name: member.name, roles: ['seller'], memberships: [{ sellerId: id, memberRole: member.member_role }], locale: 'zh-CN' },
    });
  }
  return sellers;
}

/** Seeds the orders into a database that has none of them yet; `sellerIds` picks the shops (default: active ones). */
export async function seedDemoOrders(ctx: AppContext, options: { sellerIds?: string[]; password?: string } = {}): Promise<DemoOrdersResult> {
  const password = options.password ?? DEMO_ORDERS_PASSWORD;
  const now = Math.floor(ctx.clock.now().getTime() / 60_000) * 60_000;
  const clock = new ManualClock(new Date(now - 82 * DAY));
  const demo: AppContext = { ...ctx, clock };
  const logins: DemoOrdersResult['logins'] = [];

  const sellers = await castSellers(demo, options.sellerIds, password, logins);
  let inspectorUser = await firstActiveUserWithRole(ctx, 'qc_inspector');
  if (!inspectorUser) {
    const email = 'warehouse@demo.arbiter.test';
    const u = await createUser(demo, ADMIN, { email, name: 'Wang Fang (warehouse)', password, roles: ['qc_inspector'] });
    inspectorUser = { id: u.id, name: u.name, email };
    logins.push({ role: 'qc_inspector', email });
  }
  const inspector: Actor = { kind: 'user', id: inspectorUser.id, name: inspectorUser.name, roles: ['qc_inspector'], memberships: [], locale: 'en' };

  // ---- the stories, as steps at offsets from now --------------------------------------------------------
  const timeline = new DemoTimeline(demo, clock, 'demo orders');
  const step = (offset: number, label: string, run: () => Promise<void>) => {
    if (offset <= 0) timeline.add(now + offset, label, run);
  };
  const orders = new Map<string, { id: string; buyerId: string; sellerIndex: number; externalId: string }>();
  const parcels = new Map<string, string>();
  const order = (ref: string) => {
    const o = orders.get(ref);
    if (!o) throw new Error(`demo order ${ref} was not created before its next step`);
    return o;
  };
  const buyerActor = (ref: string): Actor => ({ kind: 'user', id: order(ref).buyerId, name: 'Demo buyer', roles: ['buyer'], memberships: [], locale: 'en' });
  const sellerActor = (ref: string) => sellers[order(ref).sellerIndex].actor;
  let orderNo = 0;
  let sfNo = 0;
  let emsNo = 0;
  const sfNumber = () => `SF${String(1460000000000 + ++sfNo * 7919)}`;
  const emsNumber = () => {
    const serial = String(52000000 + ++emsNo * 131);
    return `EA${serial}${s10CheckDigit(serial)}CN`;
  };

  /** The platform sends a paid order. */
  const paid = (ref: string, buyer: number, seller: number, offset: number) => {
    const k = ++orderNo;
    const b = BUYERS[buyer];
    const sellerIndex = seller % sellers.length;
    const items = [
      { ...CATALOGUE[k % CATALOGUE.length], quantity: 1 + (k % 2) },
      ...(k % 3 === 0 ? [{ ...CATALOGUE[(k + 3) % CATALOGUE.length], quantity: 1 }] : []),
    ];
    const amount = items.reduce((sum, i) => sum + i.unitPrice * i.quantity, 0);
    const externalId = `DEMO-${String(10400 + k)}`;
    step(offset + 5 * 60_000, `${ref}: paid`, async () => {
      const [result] = await ingestChunk(demo, INTEGRATION, [
        {
          index: 0,
          value: {
            externalId,
            buyer: { externalId: b.externalId, email: b.email, name: b.name },
            sellerId: sellers[sellerIndex].id,
            items,
            currency: b.currency,
            shippingMethod: { carrier: 'sf', service: 'standard' },
            payment: { amount, method: k % 4 === 0 ? 'paypal' : 'card', reference: `demo-pay-${10400 + k}` },
            paidAt: new Date(now + offset).toISOString(),
          },
        },
      ]);
      if (result.status === 'error') throw new Error(`demo order ${ref}: ${result.code} ${result.message}`);
      const row = await ctx.db.selectFrom('orders').select(['id', 'buyer_id']).where('id', '=', result.orderId).executeTakeFirstOrThrow();
      orders.set(ref, { id: row.id, buyerId: row.buyer_id, sellerIndex, externalId });
    });
  };

  /** The carrier feed reports scans some minutes after they happen. */
  const domesticScans = (tracking: string, dispatchedAt: number, seller: number, upTo: 'picked_up' | 'in_transit' | 'arrived') => {
    const city = SELLER_CITIES[seller % SELLER_CITIES.length];
    const scans = [
      { eventCode: 'picked_up', description: 'Picked up by the courier', location: city, at: dispatchedAt + 5 * HOUR },
      { eventCode: 'in_transit', description: 'Left the sorting centre', location: 'Dongguan', at: dispatchedAt + DAY },
      { eventCode: 'delivered', description: 'Delivered to the consolidation warehouse', location: 'Guangzhou Baiyun', at: dispatchedAt + 2 * DAY },
    ];
    const last = upTo === 'picked_up' ? 1 : upTo === 'in_transit' ? 2 : 3;
    for (const s of scans.slice(0, last)) {
      step(s.at + 20 * 60_000, `scan ${tracking} ${s.eventCode}`, async () => {
        await ingestScans(demo, INTEGRATION, [{ carrier: 'sf', trackingNumber: tracking, eventCode: s.eventCode, description: s.description, location: s.location, occurredAt: new Date(now + s.at).toISOString() }]);
      });
    }
  };

  /** The seller dispatches with a new SF number; `scans` says how far the carrier feed follows it. */
  const dispatched = (ref: string, seller: number, offset: number, scans: 'none' | 'picked_up' | 'in_transit' | 'arrived') => {
    const tracking = sfNumber();
    step(offset, `${ref}: dispatched`, async () => {
      await dispatchOrder(demo, sellerActor(ref), order(ref).id, { carrier: 'sf', trackingNumber: tracking, service: 'standard' });
    });
    if (scans !== 'none') domesticScans(tracking, offset, seller, scans);
    return tracking;
  };

  const received = (ref: string, tracking: string, offset: number, weightGrams: number, photos: number) => {
    step(offset, `${ref}: received at the warehouse`, async () => {
      const receipt = await receiveAtWarehouse(demo, inspector, { trackingNumber: tracking, weightGrams, notes: photos > 1 ? 'Outer box dented at one corner; contents intact.' : undefined });
      for (let i = 0; i < photos; i++) {
        await addReceiptPhoto(demo, inspector, { receiptId: receipt.id, fileName: `${order(ref).externalId}-${i + 1}.jpg`, body: Readable.from([parcelPhoto(weightGrams + i)]) });
      }
    });
  };

  const qcPassed = (ref: string, offset: number) => step(offset, `${ref}: QC passed`, async () => void (await passQc(demo, inspector, order(ref).id, {})));

  /** An order's way to the warehouse and through QC, ending `qcAt` before now. */
  const upToQc = (ref: string, buyer: number, seller: number, qcAt: number, weightGrams: number) => {
    paid(ref, buyer, seller, qcAt - 6 * DAY);
    const tracking = dispatched(ref, seller, qcAt - 5 * DAY, 'arrived');
    received(ref, tracking, qcAt - 2 * DAY, weightGrams, 1);
    qcPassed(ref, qcAt - DAY + 2 * HOUR);
  };

  /** One buyer's QC-passed orders packed and shipped at `shipAt`, with the international carrier's scans. */
  const shipped = (pref: string, buyer: number, refs: string[], shipAt: number, opts: { insured: boolean; deliveredAt?: number; scansUntil?: number; customsHeld?: boolean }) => {
    const tracking = emsNumber();
    const city = BUYERS[buyer].city;
    step(shipAt - 20 * HOUR, `${pref}: packed`, async () => {
      const rows = await ctx.db.selectFrom('orders').select(['id', 'items_total', 'currency']).where('id', 'in', refs.map((r) => order(r).id)).execute();
      const weights = await ctx.db.selectFrom('warehouse_receipts').select('weight_grams').where('order_id', 'in', rows.map((r) => r.id)).execute();
      const parcel = await createParcel(demo, inspector, {
        orderIds: rows.map((r) => r.id),
        declaredWeightGrams: weights.reduce((s, w) => s + w.weight_grams, 0) + 150,
        declaredValue: { amount: rows.reduce((s, r) => s + r.items_total, 0), currency: rows[0].currency },
        carrier: 'ems',
        trackingNumber: tracking,
        insured: opts.insured,
      });
      parcels.set(pref, parcel.id);
    });
    step(shipAt, `${pref}: shipped`, async () => void (await shipParcel(demo, inspector, parcels.get(pref)!)));
    const events = [
      { eventCode: 'accepted', description: 'Accepted by EMS', location: 'Guangzhou', at: shipAt + 6 * HOUR },
      { eventCode: 'departed', description: 'Departed the office of exchange', location: 'Guangzhou', at: shipAt + DAY },
      { eventCode: 'arrived', description: 'Arrived in the destination country', location: 'Frankfurt', at: shipAt + 4 * DAY },
      opts.customsHeld
        ? { eventCode: 'customs_held', description: 'Held by customs for inspection', location: 'Frankfurt', at: shipAt + 6 * DAY }
        : { eventCode: 'customs_cleared', description: 'Customs clearance completed', location: 'Frankfurt', at: shipAt + 5 * DAY },
      ...(opts.customsHeld ? [] : [{ eventCode: 'out_for_delivery', description: 'Out for delivery', location: city, at: shipAt + 8 * DAY }]),
    ].filter((e) => e.at < (opts.deliveredAt ?? opts.scansUntil ?? 0));
    if (opts.deliveredAt !== undefined) events.push({ eventCode: 'delivered', description: 'Delivered, signed for by the addressee', location: city, at: opts.deliveredAt });
    for (const e of events) {
      step(e.at + 30 * 60_000, `${pref}: carrier ${e.eventCode}`, async () => {
        await recordParcelEvents(demo, INTEGRATION, parcels.get(pref)!, [{ eventCode: e.eventCode, description: e.description, location: e.location, occurredAt: new Date(now + e.at).toISOString() }]);
      });
    }
  };

  /** A whole journey to an international parcel shipped `shipAt` before now. */
  const journey = (pref: string, buyer: number, sellersOf: number[], shipAt: number, opts: Parameters<typeof shipped>[4]) => {
    const refs = sellersOf.map((s, i) => `${pref}-${i + 1}`);
    refs.forEach((ref, i) => upToQc(ref, buyer, sellersOf[i], shipAt - DAY - i * HOUR, 480 + ((orderNo + 3) * 137) % 1500));
    shipped(pref, buyer, refs, shipAt, opts);
    return refs;
  };

  // Paid, the dispatch deadline ahead.
  paid('new-1', 2, 0, -2 * HOUR);
  paid('new-2', 5, 1, -26 * HOUR);
  // Paid and overdue: never dispatched.
  paid('overdue-1', 3, 1, -9 * DAY);
  paid('overdue-2', 4, 0, -12 * DAY);
  // Cancellation asked for and waiting for the seller; agreed; and decided by the seller's silence (scheduler).
  paid('cancel-open', 1, 0, -30 * HOUR);
  step(-20 * HOUR, 'cancel-open: requested', async () => void (await requestCancellation(demo, buyerActor('cancel-open'), order('cancel-open').id, { reason: 'I ordered the wrong size.' })));
  paid('cancel-agreed', 2, 1, -6 * DAY);
  step(-6 * DAY + 3 * HOUR, 'cancel-agreed: requested', async () => void (await requestCancellation(demo, buyerActor('cancel-agreed'), order('cancel-agreed').id, { reason: 'Found it cheaper locally, sorry.' })));
  step(-5 * DAY, 'cancel-agreed: accepted', async () => void (await acceptCancellation(demo, sellerActor('cancel-agreed'), order('cancel-agreed').id)));
  paid('cancel-silence', 5, 0, -15 * DAY);
  step(-15 * DAY + 2 * HOUR, 'cancel-silence: requested', async () => void (await requestCancellation(demo, buyerActor('cancel-silence'), order('cancel-silence').id, { reason: 'No longer needed.' })));
  // Dispatched after the deadline, on its way to the warehouse.
  paid('late-dispatch', 0, 1, -10 * DAY);
  dispatched('late-dispatch', 1, -3 * DAY, 'in_transit');
  // Tracking that never got a carrier scan: the no-scan check raises a fictitious-dispatch signal.
  paid('never-scanned-1', 3, 0, -16 * DAY);
  dispatched('never-scanned-1', 0, -15 * DAY, 'none');
  paid('never-scanned-2', 4, 1, -9 * DAY);
  dispatched('never-scanned-2', 1, -8 * DAY, 'none');
  // At the warehouse's door, and received and weighed (one with photos of a dented box).
  paid('to-warehouse', 1, 1, -5 * DAY);
  dispatched('to-warehouse', 1, -4 * DAY, 'arrived');
  paid('received-1', 2, 0, -8 * DAY);
  received('received-1', dispatched('received-1', 0, -7 * DAY, 'arrived'), -3 * DAY, 1840, 2);
  paid('received-2', 5, 1, -11 * DAY);
  received('received-2', dispatched('received-2', 1, -5 * DAY, 'arrived'), -HOUR * 20, 620, 1);
  // QC passed, two sellers' orders of one buyer waiting to be packed together.
  upToQc('qc-1', 1, 0, -4 * DAY, 910);
  upToQc('qc-2', 1, 1, -4 * DAY + 3 * HOUR, 455);
  // Parcels in transit: one with scans; one held in customs whose buyer asked for more time and got it; one
  // whose buyer's request is waiting.
  journey('transit', 0, [0, 1], -7 * DAY, { insured: true, scansUntil: 0 });
  journey('customs', 2, [1], -53 * DAY, { insured: true, customsHeld: true, scansUntil: 0 });
  step(-6 * DAY, 'customs: extension requested', async () =>
    void (await requestProtectionExtension(demo, buyerActor('customs-1'), order('customs-1').id, { days: 15, reason: 'The parcel has been held in customs for weeks.' })),
  );
  step(-5 * DAY, 'customs: extended', async () =>
    void (await extendProtection(demo, sellerActor('customs-1'), order('customs-1').id, { days: 15, reason: 'Customs inspection; we will wait with the buyer.' })),
  );
  journey('slow', 4, [0], -56 * DAY, { insured: false, scansUntil: -40 * DAY });
  step(-2 * DAY, 'slow: extension requested', async () =>
    void (await requestProtectionExtension(demo, buyerActor('slow-1'), order('slow-1').id, { days: 10, reason: 'Tracking has not moved for more than a month.' })),
  );
  // Delivered by the carrier; delivered and confirmed by the buyer (both still within protection).
  journey('delivered', 3, [0], -26 * DAY, { insured: true, deliveredAt: -15 * DAY });
  journey('confirmed', 0, [1], -35 * DAY, { insured: false, scansUntil: -25 * DAY });
  step(-20 * DAY, 'confirmed: buyer confirms', async () => void (await confirmDelivery(demo, buyerActor('confirmed-1'), order('confirmed-1').id)));
  // Completed when protection ended (the scheduler): after a carrier delivery, after the buyer's confirmation,
  // and one delivered automatically because nothing reported delivery.
  journey('done-carrier', 4, [1], -72 * DAY, { insured: true, deliveredAt: -62 * DAY });
  journey('done-confirmed', 1, [1, 0], -68 * DAY, { insured: false, scansUntil: -60 * DAY });
  step(-58 * DAY, 'done-confirmed: buyer confirms', async () => {
    for (const ref of ['done-confirmed-1', 'done-confirmed-2']) await confirmDelivery(demo, buyerActor(ref), order(ref).id);
  });
  journey('done-silent', 5, [0], -70 * DAY, { insured: false, scansUntil: -66 * DAY });

  // ---- play them in time order, running each task that falls due on the way at its own time -------------
  await timeline.playUntil(now);

  // Two buyers may sign in to follow their orders.
  const hash = await hashPassword(password);
  for (const i of BUYER_LOGINS) {
    const identity = await ctx.db.selectFrom('buyer_identities').select('user_id').where('external_id', '=', BUYERS[i].externalId).executeTakeFirst();
    if (!identity) continue;
    const user = await ctx.db.updateTable('users').set({ password_hash: hash }).where('id', '=', identity.user_id).returning('email').executeTakeFirst();
    if (user) logins.push({ role: 'buyer', email: user.email });
  }

  const ids = [...orders.values()].map((o) => o.id);
  const counts = await ctx.db.selectFrom('orders').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('id', 'in', ids).groupBy('status').execute();
  const result: DemoOrdersResult = {
    logins,
    orders: ids.length,
    byStatus: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
    parcels: parcels.size,
  };
  ctx.log.info({ orders: result.orders, byStatus: result.byStatus, parcels: result.parcels }, 'demo orders seeded');
  return result;
}
