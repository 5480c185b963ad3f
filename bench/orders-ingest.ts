// Batch ingest of orders and carrier scans into PostgreSQL, measured against its limit in the same run and
// the same process: a raw multi-row INSERT of the same rows (orders, items, payments, buyers; scans) into an
// identically migrated schema, with no validation, lookups, history or outbox — in chunks of 500 orders (1,000
// scans), one transaction each, on as many connections at once as the ingest itself uses.
//
//   npx tsx bench/orders-ingest.ts            # fresh database on postgres://postgres@127.0.0.1:5432
//   DATABASE_URL=postgres://… npx tsx bench/orders-ingest.ts   # fresh schemas in that database
//   ORDERS=20000 SCANS=20000 ROUNDS=3 npx tsx bench/orders-ingest.ts
//
// Targets (issue 3): ≥ 5,000 orders/s and ≥ 50 % of the raw rate.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { boot } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { createApiKey, createUser } from '../src/modules/identity/service.js';
import { INGEST_PARALLEL_CHUNKS } from '../src/modules/orders/ingest.js';
import { SCAN_CHUNK_SIZE, SCAN_PARALLEL_CHUNKS } from '../src/modules/orders/scans.js';
import { systemActor } from '../src/platform/actor.js';
import { newId } from '../src/shared/ids.js';
import { freshDatabase } from './lib/postgres.js';

const ORDERS = Number(process.env.ORDERS ?? 20_000);
const SCANS = Number(process.env.SCANS ?? 20_000);
const SELLERS = 50;
const CHUNK = 500;
const SCAN_REQUEST = 10_000;
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const RUN = Date.now().toString(36);

interface OrderRow {
  externalId: string;
  buyer: { externalId: string; email?: string; name: string };
  sellerId: string;
  items: { productId: string; name: string; sku: string; quantity: number; unitPrice: number }[];
  currency: string;
  shippingMethod: { carrier: string; service: string };
  payment: { amount: number; method: string; reference: string };
  paidAt: string;
}

function makeOrders(sellerIds: string[], n: number, tag: string): OrderRow[] {
  const rows: OrderRow[] = [];
  for (let i = 0; i < n; i++) {
    const items = [
      { productId: `p-${i % 997}`, name: 'Canvas sneakers', sku: `SKU-${i % 97}`, quantity: 1 + (i % 3), unitPrice: 1500 + (i % 50) * 10 },
      { productId: `p-${(i * 7) % 991}`, name: 'Cotton hoodie', sku: `SKU-${(i * 3) % 89}`, quantity: 1, unitPrice: 2500 },
    ];
    rows.push({
      externalId: `${tag}-${RUN}-${i}`,
      // two orders per buyer on average
      buyer: { externalId: `${tag}-buyer-${RUN}-${Math.floor(i / 2)}`, email: `${tag}.${RUN}.${Math.floor(i / 2)}@buyers.example`, name: `Buyer ${i}` },
      sellerId: sellerIds[i % sellerIds.length],
      items,
      currency: 'USD',
      shippingMethod: { carrier: 'sf', service: 'standard' },
      payment: { amount: items.reduce((s, it) => s + it.quantity * it.unitPrice, 0), method: 'card', reference: `pay-${tag}-${RUN}-${i}` },
      paidAt: new Date(Date.UTC(2026, 2, 2, 1, 0, 0) + i * 1000).toISOString(),
    });
  }
  return rows;
}

async function insertSellers(handle: DatabaseHandle): Promise<string[]> {
  const now = new Date();
  const ids = Array.from({ length: SELLERS }, () => newId('sel'));
  await handle.db
    .insertInto('sellers')
    .values(
      ids.map((id, i) => ({
        id,
        external_id: `bench-seller-${RUN}-${i}`,
        legal_name: `Bench Trading ${i}`,
        shop_name: `Bench shop ${i}`,
        country: 'CN',
        region: 'Guangdong',
        business_type: 'company' as const,
        contact_name: 'Bench',
        contact_email: `seller${i}@bench.example`,
        contact_phone: null,
        storefronts: JSON.stringify([]),
        status: 'active' as const,
        verified_at: now,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  return ids;
}

type RawMode = 'values' | 'json';

/**
 * The raw limit: INSERT … VALUES ($1, …), (…) for many rows ('values', as the issue defines it), or the same rows
 * as one JSON document through json_populate_recordset ('json', the technique ingest itself uses).
 */
async function multiInsert(client: pg.PoolClient, table: string, columns: string[], rows: unknown[][], mode: RawMode = 'values'): Promise<void> {
  if (rows.length === 0) return;
  if (mode === 'json') {
    const doc = JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))));
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM json_populate_recordset(NULL::${table}, $1::json)`, [doc]);
    return;
  }
  const params: unknown[] = [];
  const tuples = rows.map((r) => `(${r.map((v) => `$${params.push(v)}`).join(', ')})`);
  await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
}

/**
 * The rows ingest stores for these orders, inserted chunk by chunk with one transaction per chunk, on as many
 * connections at once as ingest uses (INGEST_PARALLEL_CHUNKS).
 */
async function rawOrders(pool: pg.Pool, rows: OrderRow[], mode: RawMode): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    const client = await pool.connect();
    try {
      for (let i = next; i < rows.length; i = next) {
        next += CHUNK;
        await rawOrderChunk(client, rows.slice(i, i + CHUNK), mode);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: INGEST_PARALLEL_CHUNKS }, worker));
  return performance.now() - started;
}

async function rawOrderChunk(client: pg.PoolClient, chunk: OrderRow[], mode: RawMode): Promise<void> {
  const now = new Date();
  const buyers = new Map<string, { userId: string; b: OrderRow['buyer'] }>();
  for (const r of chunk) if (!buyers.has(r.buyer.externalId)) buyers.set(r.buyer.externalId, { userId: newId('usr'), b: r.buyer });
  await client.query('BEGIN');
  await multiInsert(client, 'buyer_identities', ['source', 'external_id', 'user_id', 'email', 'created_at'], [...buyers.values()].map(({ userId, b }) => ['platform', b.externalId, userId, b.email ?? null, now]), mode);
  await multiInsert(
    client,
    'users',
    ['id', 'email', 'name', 'password_hash', 'roles', 'locale', 'status', 'created_at', 'updated_at'],
    [...buyers.values()].map(({ userId, b }) => [userId, b.email, b.name, '!', ['buyer'], 'en', 'active', now, now]),
    mode,
  );
  const ids = chunk.map(() => newId('ord'));
  await multiInsert(
    client,
    'orders',
    ['id', 'source', 'external_id', 'seller_id', 'buyer_id', 'buyer_external_id', 'currency', 'items_total', 'shipping_carrier', 'shipping_service', 'status', 'ingest_hash', 'paid_at', 'processing_days', 'dispatch_deadline', 'created_at', 'updated_at'],
    chunk.map((r, j) => [
      ids[j], 'platform', r.externalId, r.sellerId, buyers.get(r.buyer.externalId)!.userId, r.buyer.externalId, r.currency, r.payment.amount,
      r.shippingMethod.carrier, r.shippingMethod.service, 'paid', 'x'.repeat(64), r.paidAt, 3, r.paidAt, now, now,
    ]),
    mode,
  );
  await multiInsert(
    client,
    'order_items',
    ['id', 'order_id', 'seller_id', 'line_no', 'product_id', 'name', 'sku', 'quantity', 'unit_price', 'status', 'created_at', 'updated_at'],
    chunk.flatMap((r, j) => r.items.map((it, k) => [newId('itm'), ids[j], r.sellerId, k + 1, it.productId, it.name, it.sku, it.quantity, it.unitPrice, 'paid', now, now])),
    mode,
  );
  await multiInsert(
    client,
    'order_payments',
    ['order_id', 'seller_id', 'currency', 'captured_amount', 'method', 'reference', 'captured_at'],
    chunk.map((r, j) => [ids[j], r.sellerId, r.currency, r.payment.amount, r.payment.method, r.payment.reference, r.paidAt]),
    mode,
  );
  await client.query('COMMIT');
}

interface ScanRow {
  carrier: string;
  trackingNumber: string;
  eventCode: string;
  description: string;
  location: string;
  occurredAt: string;
}

/** The scans as rows, 1,000 per transaction, on as many connections at once as scan ingest uses (SCAN_PARALLEL_CHUNKS). */
async function rawScans(pool: pg.Pool, scans: ScanRow[]): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    const client = await pool.connect();
    try {
      for (let i = next; i < scans.length; i = next) {
        next += SCAN_CHUNK_SIZE;
        const now = new Date();
        await client.query('BEGIN');
        await multiInsert(
          client,
          'carrier_scans',
          ['id', 'carrier', 'tracking_number', 'event_code', 'description', 'location', 'occurred_at', 'received_at'],
          scans.slice(i, i + SCAN_CHUNK_SIZE).map((s) => [newId('scn'), s.carrier, s.trackingNumber, s.eventCode, s.description, s.location, s.occurredAt, now]),
        );
        await client.query('COMMIT');
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: SCAN_PARALLEL_CHUNKS }, worker));
  return performance.now() - started;
}

/** Shipments for the first orders, so the scans have something to match (dispatch itself is one order at a time). */
async function seedShipments(handle: DatabaseHandle, count: number): Promise<string[]> {
  const orders = await handle.db.selectFrom('orders').select(['id', 'seller_id', 'buyer_id', 'dispatch_deadline']).orderBy('id').limit(count).execute();
  const now = new Date();
  const numbers: string[] = [];
  for (let i = 0; i < orders.length; i += 1000) {
    await handle.db
      .insertInto('shipments')
      .values(
        orders.slice(i, i + 1000).map((o, j) => {
          const number = `SF${String(1_000_000_000_000 + i + j)}`;
          numbers.push(number);
          return {
            id: newId('shp'),
            order_id: o.id,
            seller_id: o.seller_id,
            buyer_id: o.buyer_id,
            carrier: 'sf',
            service: 'standard',
            tracking_number_entered: number,
            tracking_number: number,
            dispatched_at: now,
            dispatch_deadline: o.dispatch_deadline,
            late: false,
            valid_tracking_at: null,
            last_scan_at: null,
            last_event_code: null,
            created_by: null,
            created_at: now,
          };
        }),
      )
      .execute();
  }
  return numbers;
}

function makeScans(numbers: string[], n: number, tag: string): ScanRow[] {
  const codes = ['PICKED_UP', 'ARRIVED_HUB', 'DEPARTED_HUB', 'OUT_FOR_DELIVERY', 'DELIVERED_TO_WAREHOUSE'];
  const scans: ScanRow[] = [];
  for (let i = 0; i < n; i++) {
    const number = numbers[i % numbers.length];
    const step = Math.floor(i / numbers.length);
    scans.push({
      carrier: 'sf',
      trackingNumber: number,
      eventCode: `${codes[step % codes.length]}${tag}`,
      description: 'Scanned',
      location: 'Shenzhen',
      occurredAt: new Date(Date.UTC(2026, 2, 3, 0, 0, 0) + step * 3_600_000 + (i % 1000)).toISOString(),
    });
  }
  return scans;
}

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

async function main() {
  const url = process.env.DATABASE_URL;
  const fresh = url ? null : await freshDatabase('arbiter_bench_orders');
  const dbUrl = url ?? fresh!.url;
  const appSchema = `bench_app_${RUN}`;
  const rawSchema = `bench_raw_${RUN}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbiter-bench-'));
  const appHandle = await openDatabase({ url: dbUrl, schema: appSchema });
  const rawHandle = await openDatabase({ url: dbUrl, schema: rawSchema });
  const rawPool = new pg.Pool({ connectionString: dbUrl, max: Math.max(INGEST_PARALLEL_CHUNKS, SCAN_PARALLEL_CHUNKS) + 1, options: `-c search_path=${rawSchema}` });
  const arbiter = await boot(loadConfig({ ARBITER_DATA_DIR: dataDir, ARBITER_LOG_LEVEL: 'silent', ARBITER_SCHEDULER: '0', ARBITER_DEMO: '0' }), { handle: appHandle });
  try {
    await migrate(rawHandle);
    await arbiter.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(arbiter.app.server.address() as { port: number }).port}`;
    const admin = await createUser(arbiter.ctx, { ...systemActor, roles: ['admin'] }, { email: `bench-${RUN}@example.com`, name: 'Bench', password: 'bench-password-1', roles: ['admin'] });
    const key = await createApiKey(arbiter.ctx, { ...systemActor, id: admin.id, roles: ['admin'] }, { name: 'bench', roles: ['integration'] });
    const headers = { authorization: `Bearer ${key.secret}` };

    const appSellers = await insertSellers(appHandle);
    const rawSellers = await insertSellers(rawHandle);

    const ingest = async (rows: OrderRow[]) => {
      const body = rows.map((r) => JSON.stringify(r)).join('\n');
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/orders/batch`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-ndjson' }, body });
      const json = (await res.json()) as { counts: { created: number; error: number } };
      const ms = performance.now() - started;
      if (res.status !== 200 || json.counts.created !== rows.length) throw new Error(`ingest failed: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
      return ms;
    };
    const sendScans = async (scans: ScanRow[]) => {
      const started = performance.now();
      for (let i = 0; i < scans.length; i += SCAN_REQUEST) {
        const res = await fetch(`${base}/api/v1/carrier-scans`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(scans.slice(i, i + SCAN_REQUEST)) });
        const json = (await res.json()) as { counts: { stored: number } };
        if (res.status !== 200 || json.counts.stored !== Math.min(SCAN_REQUEST, scans.length - i)) throw new Error(`scans failed: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
      }
      return performance.now() - started;
    };

    // Warm up both paths (JIT, plan caches, connections).
    await ingest(makeOrders(appSellers, 1000, 'warm'));
    await rawOrders(rawPool, makeOrders(rawSellers, 1000, 'warm'), 'values');
    await rawOrders(rawPool, makeOrders(rawSellers, 1000, 'warmj'), 'json');

    // Alternate the two sides over several rounds and keep each side's best, so a burst of load on a shared
    // machine does not decide the ratio.
    let appMs = Infinity;
    let rawMs = Infinity;
    let rawJsonMs = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const sides = [
        async () => (appMs = Math.min(appMs, await ingest(makeOrders(appSellers, ORDERS, `o${round}`)))),
        async () => (rawMs = Math.min(rawMs, await rawOrders(rawPool, makeOrders(rawSellers, ORDERS, `o${round}`), 'values'))),
        async () => (rawJsonMs = Math.min(rawJsonMs, await rawOrders(rawPool, makeOrders(rawSellers, ORDERS, `j${round}`), 'json'))),
      ];
      for (let k = 0; k < sides.length; k++) await sides[(round + k) % sides.length]();
    }

    const numbers = await seedShipments(appHandle, Math.min(ORDERS, Math.ceil(SCANS / 2)));
    await sendScans(makeScans(numbers, 1000, 'W'));
    await rawScans(rawPool, makeScans(numbers, 1000, 'W'));
    let scanMs = Infinity;
    let rawScanMs = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const scans = makeScans(numbers, SCANS, `R${round}`);
      const runApp = async () => (scanMs = Math.min(scanMs, await sendScans(scans)));
      const runRaw = async () => (rawScanMs = Math.min(rawScanMs, await rawScans(rawPool, scans)));
      if (round % 2 === 0) await runApp().then(runRaw);
      else await runRaw().then(runApp);
    }

    const ordersPerSec = rate(ORDERS, appMs);
    const rawOrdersPerSec = rate(ORDERS, rawMs);
    const rawJsonPerSec = rate(ORDERS, rawJsonMs);
    const scansPerSec = rate(SCANS, scanMs);
    const rawScansPerSec = rate(SCANS, rawScanMs);
    console.log('');
    console.log(`PostgreSQL ${(await rawPool.query('SHOW server_version')).rows[0].server_version}; ${ORDERS} orders per round (2 items each, 2 orders per new buyer), ${SCANS} scans per round; best of ${ROUNDS} alternating rounds`);
    console.log('');
    console.log('batch'.padEnd(44), 'per second'.padStart(11), 'raw INSERT/s'.padStart(13), 'ratio'.padStart(7));
    console.log('orders: NDJSON POST /api/v1/orders/batch'.padEnd(44), String(ordersPerSec).padStart(11), String(rawOrdersPerSec).padStart(13), `${Math.round((ordersPerSec / rawOrdersPerSec) * 100)} %`.padStart(7));
    console.log('  (raw as one JSON document per INSERT)'.padEnd(44), ''.padStart(11), String(rawJsonPerSec).padStart(13), `${Math.round((ordersPerSec / rawJsonPerSec) * 100)} %`.padStart(7));
    console.log('scans: POST /api/v1/carrier-scans'.padEnd(44), String(scansPerSec).padStart(11), String(rawScansPerSec).padStart(13), `${Math.round((scansPerSec / rawScansPerSec) * 100)} %`.padStart(7));
    console.log('');
    console.log(`targets: ≥ 5000 orders/s ${ordersPerSec >= 5000 ? 'met' : 'MISSED'}; ≥ 50 % of raw ${ordersPerSec / rawOrdersPerSec >= 0.5 ? 'met' : 'MISSED'}`);
  } finally {
    await arbiter.close();
    await rawHandle.close();
    await rawPool.end();
    if (fresh) await fresh.drop();
    else {
      const adminHandle = await openDatabase({ url: dbUrl });
      await adminHandle.exec(`DROP SCHEMA IF EXISTS ${appSchema} CASCADE; DROP SCHEMA IF EXISTS ${rawSchema} CASCADE`);
      await adminHandle.close();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
