import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { importOlist, type ImportReport } from '../../src/modules/imports/olist/import.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SAMPLE = path.resolve('../shared/data/olist-sample');

/** The sample's facts computed straight from the CSV text, independently of the importer. */
function expectedFromCsv() {
  const read = (f: string) => parse(fs.readFileSync(path.join(SAMPLE, f)), { columns: true, bom: true }) as Record<string, string>[];
  const orders = new Map(read('olist_orders_dataset.csv').map((o) => [o.order_id, o]));
  const items = read('olist_order_items_dataset.csv');
  const units = new Map<string, { order: Record<string, string>; deadline: string }>();
  for (const it of items) {
    const key = `${it.order_id}/${it.seller_id}`;
    const u = units.get(key);
    if (!u) units.set(key, { order: orders.get(it.order_id)!, deadline: it.shipping_limit_date });
    else if (it.shipping_limit_date < u.deadline) u.deadline = it.shipping_limit_date;
  }
  let handedOver = 0;
  let lateDispatch = 0;
  let delivered = 0;
  let lateDelivery = 0;
  for (const { order, deadline } of units.values()) {
    if (order.order_delivered_carrier_date) {
      handedOver++;
      if (order.order_delivered_carrier_date > deadline) lateDispatch++;
    }
    if (order.order_delivered_customer_date) {
      delivered++;
      if (order.order_delivered_customer_date.slice(0, 10) > order.order_estimated_delivery_date.slice(0, 10)) lateDelivery++;
    }
  }
  const reviewed = new Set(read('olist_order_reviews_dataset.csv').map((r) => r.order_id));
  const reviewedUnits = [...units.keys()].filter((k) => reviewed.has(k.split('/')[0])).length;
  return { units: units.size, handedOver, lateDispatch, delivered, lateDelivery, sellers: read('olist_sellers_dataset.csv').length, reviewedUnits };
}

describe('Olist import of the shared sample', () => {
  let server: TestServer;
  let first: ImportReport;
  before(async () => {
    server = await startTestServer();
    first = await importOlist(server.arbiter.ctx, SAMPLE);
  });
  after(async () => server.close());

  it('imports one order per seller part, every seller, and reviews for each part', async () => {
    const expected = expectedFromCsv();
    assert.equal(first.orders.created, expected.units);
    assert.equal(first.sellers.created, expected.sellers);
    assert.equal(first.reviews.created, expected.reviewedUnits);
    const db = server.arbiter.ctx.db;
    const count = async (table: 'orders' | 'sellers' | 'reviews') =>
      (await db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n;
    assert.equal(await count('orders'), expected.units);
    assert.equal(await count('sellers'), expected.sellers);
  });

  it('records the hand-over to the carrier against the dispatch deadline exactly', async () => {
    const expected = expectedFromCsv();
    const row = await sql<{ handed: number; late: number }>`
      SELECT count(*) FILTER (WHERE dispatched_at IS NOT NULL) AS handed, count(*) FILTER (WHERE dispatched_late) AS late
      FROM orders WHERE source = 'olist'`.execute(server.arbiter.ctx.db);
    assert.equal(row.rows[0].handed, expected.handedOver);
    assert.equal(row.rows[0].late, expected.lateDispatch);
  });

  it('records deliveries and the promised day, so late deliveries can be counted', async () => {
    const expected = expectedFromCsv();
    const row = await sql<{ delivered: number; late: number }>`
      SELECT count(*) FILTER (WHERE delivered_at IS NOT NULL) AS delivered,
             count(*) FILTER (WHERE (delivered_at AT TIME ZONE 'America/Sao_Paulo')::date > estimated_delivery_on) AS late
      FROM orders WHERE source = 'olist'`.execute(server.arbiter.ctx.db);
    assert.equal(row.rows[0].delivered, expected.delivered);
    assert.equal(row.rows[0].late, expected.lateDelivery);
  });

  it('never refunds more than was paid: payment shares add up to the Olist payments', async () => {
    const row = await sql<{ captured: number }>`SELECT sum(captured_amount) AS captured FROM order_payments`.execute(server.arbiter.ctx.db);
    const payments = parse(fs.readFileSync(path.join(SAMPLE, 'olist_order_payments_dataset.csv')), { columns: true }) as Record<string, string>[];
    const importedOrders = new Set(
      (await server.arbiter.ctx.db.selectFrom('order_payments').select('reference').execute()).map((r) => r.reference.replace('olist:', '')),
    );
    const cents = payments.filter((p) => importedOrders.has(p.order_id)).reduce((s, p) => s + Math.round(Number(p.payment_value) * 100), 0);
    assert.equal(row.rows[0].captured, cents);
  });

  it('reports the rows it could not use, with the reason', () => {
    assert.ok(first.rejected.length > 0);
    assert.ok(first.rejected.some((r) => r.file === 'orders' && /has no items/.test(r.reason)));
  });

  it('is idempotent: a second run creates nothing', async () => {
    const second = await importOlist(server.arbiter.ctx, SAMPLE);
    assert.equal(second.orders.created, 0);
    assert.equal(second.orders.unchanged, first.orders.created);
    assert.equal(second.sellers.created, 0);
    assert.equal(second.buyers.created, 0);
    assert.equal(second.reviews.created, 0);
  });

  it('keeps going past bad rows', async () => {
    const dir = fs.mkdtempSync(path.join(server.dataDir, 'olist-bad-'));
    for (const f of fs.readdirSync(SAMPLE).filter((f) => f.endsWith('.csv'))) fs.copyFileSync(path.join(SAMPLE, f), path.join(dir, f));
    const itemsFile = path.join(dir, 'olist_order_items_dataset.csv');
    fs.appendFileSync(itemsFile, 'not-an-id,1,x,y,2018-01-01 00:00:00,1.00,1.00\n' + '8426a61c687c38a2fb35080413ec9eb4,2,110adb18eeba9a0984478ee3c9302e16,080199a181c46c657dc5aa235411be3b,yesterday,1,1\n');
    const report = await importOlist(server.arbiter.ctx, dir);
    assert.ok(report.rejected.some((r) => r.file === 'items' && /order_id/.test(r.reason)));
    assert.ok(report.rejected.some((r) => r.file === 'items' && /shipping_limit_date/.test(r.reason)));
    assert.equal(report.orders.created, 0);
  });
});
