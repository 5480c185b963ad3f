import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { fromZonedTime } from 'date-fns-tz';
import { importOlist } from '../../src/modules/imports/olist/import.js';
import { computeScorecards } from '../../src/modules/evaluation/service.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SAMPLE = path.resolve('../shared/data/olist-sample');
const DAY = 86_400_000;

/** Olist's local timestamps ('YYYY-MM-DD HH:MM:SS', Brazil) as instants. */
const instant = (local: string) => fromZonedTime(local.replace(' ', 'T'), 'America/Sao_Paulo').getTime();

interface Unit {
  orderId: string;
  sellerId: string;
  status: string;
  paidAt: number;
  deadline: number;
  handedOver: number | null;
  deliveredLocal: string | null;
  estimatedDay: string | null;
  review: { score: number; created: number } | null;
}

/**
 * The units (one seller's part of one Olist order) straight from the CSV text, without the importer: deadline the
 * earliest of the seller's items' shipping limits, and the order's latest review.
 */
function unitsFromCsv(): Unit[] {
  const read = (f: string) => parse(fs.readFileSync(path.join(SAMPLE, f)), { columns: true, bom: true }) as Record<string, string>[];
  const orders = new Map(read('olist_orders_dataset.csv').map((o) => [o.order_id, o]));
  const latestReview = new Map<string, { score: number; created: number }>();
  for (const r of read('olist_order_reviews_dataset.csv')) {
    const created = instant(r.review_creation_date);
    const had = latestReview.get(r.order_id);
    if (!had || created > had.created) latestReview.set(r.order_id, { score: Number(r.review_score), created });
  }
  const units = new Map<string, Unit>();
  for (const it of read('olist_order_items_dataset.csv')) {
    const o = orders.get(it.order_id);
    if (!o) continue;
    const key = `${it.order_id}/${it.seller_id}`;
    const deadline = instant(it.shipping_limit_date);
    const u = units.get(key);
    if (u) {
      u.deadline = Math.min(u.deadline, deadline);
      continue;
    }
    units.set(key, {
      orderId: it.order_id,
      sellerId: it.seller_id,
      status: o.order_status,
      paidAt: instant(o.order_approved_at || o.order_purchase_timestamp),
      deadline,
      handedOver: o.order_delivered_carrier_date ? instant(o.order_delivered_carrier_date) : null,
      deliveredLocal: o.order_delivered_customer_date || null,
      estimatedDay: o.order_estimated_delivery_date ? o.order_estimated_delivery_date.slice(0, 10) : null,
      review: latestReview.get(it.order_id) ?? null,
    });
  }
  return [...units.values()];
}

type Pair = [number, number];

/** Every seller's counts as of the end of `asOf` (UTC), each metric over its own window of days. */
function expectedCounts(units: Unit[], asOf: string, days: { ls: number; ld: number; nr: number; ar: number; c: number; odr: number }) {
  const end = Date.parse(`${asOf}T00:00:00Z`) + DAY;
  const start = (n: number) => end - n * DAY;
  const out = new Map<string, Record<string, Pair>>();
  const add = (seller: string, key: string, num: number, den: number) => {
    const m = out.get(seller) ?? {};
    const p = m[key] ?? [0, 0];
    m[key] = [p[0] + num, p[1] + den];
    out.set(seller, m);
  };
  for (const u of units) {
    if (u.deadline >= start(days.ls) && u.deadline < end && u.handedOver !== null && u.handedOver < end) {
      add(u.sellerId, 'late_shipment_rate', u.handedOver > u.deadline ? 1 : 0, 1);
    }
    if (u.deliveredLocal && u.estimatedDay) {
      const delivered = instant(u.deliveredLocal);
      if (delivered >= start(days.ld) && delivered < end) add(u.sellerId, 'late_delivery_rate', u.deliveredLocal.slice(0, 10) > u.estimatedDay ? 1 : 0, 1);
    }
    if (u.review && u.review.created < end) {
      if (u.review.created >= start(days.nr)) add(u.sellerId, 'negative_review_rate', u.review.score <= 2 ? 1 : 0, 1);
      if (u.review.created >= start(days.ar)) add(u.sellerId, 'average_rating', u.review.score, 1);
    }
    if (u.paidAt >= start(days.c) && u.paidAt < end) add(u.sellerId, 'seller_cancellation_rate', u.status === 'unavailable' ? 1 : 0, 1);
    if (u.paidAt >= start(days.odr) && u.paidAt < end) add(u.sellerId, 'order_defect_rate', u.review && u.review.created < end && u.review.score <= 2 ? 1 : 0, 1);
  }
  return out;
}

const KEYS = ['late_shipment_rate', 'late_delivery_rate', 'negative_review_rate', 'average_rating', 'seller_cancellation_rate', 'order_defect_rate'];

function compare(expected: Map<string, Record<string, Pair>>, actual: Map<string, Record<string, Pair>>, label: string) {
  let checked = 0;
  let nonZero = 0;
  for (const [seller, got] of actual) {
    const want = expected.get(seller) ?? {};
    for (const key of KEYS) {
      const w = want[key] ?? [0, 0];
      assert.deepEqual(got[key], w, `${label}: seller ${seller} ${key}`);
      checked++;
      if (w[1] > 0) nonZero++;
    }
  }
  return { checked, nonZero };
}

describe('scorecards of the shared Olist sample against counts computed from the CSV files', () => {
  let server: TestServer;
  const units = unitsFromCsv();

  before(async () => {
    server = await startTestServer();
    await importOlist(server.arbiter.ctx, SAMPLE);
  });
  after(async () => server.close());

  async function actualCounts(asOf: string, windowDays?: number) {
    const { run } = await computeScorecards(server.arbiter.ctx, { asOf, windowDays });
    const out = new Map<string, Record<string, Pair>>();
    for (const s of run.sellers) {
      out.set(s.seller.externalId!, Object.fromEntries(KEYS.map((k) => {
        const m = s.card.metrics.find((x) => x.key === k)!;
        return [k, [m.numerator, m.denominator] as Pair];
      })));
    }
    return { run, out };
  }

  it("counts every seller's metrics exactly with the policy's windows (30, 30, 90, 365, 30 and 60 days)", async () => {
    const asOf = '2018-05-31';
    const { run, out } = await actualCounts(asOf);
    assert.equal(run.sellers.length, 3095);
    const { checked, nonZero } = compare(expectedCounts(units, asOf, { ls: 30, ld: 30, nr: 90, ar: 365, c: 30, odr: 60 }), out, asOf);
    assert.equal(checked, 3095 * KEYS.length);
    assert.ok(nonZero > 500, `only ${nonZero} non-empty metrics: the date misses the data`);
  });

  it('counts them exactly with every window set to 120 days, at another date', async () => {
    const asOf = '2017-11-30';
    const { out } = await actualCounts(asOf, 120);
    const all = { ls: 120, ld: 120, nr: 120, ar: 120, c: 120, odr: 120 };
    const { nonZero } = compare(expectedCounts(units, asOf, all), out, `${asOf}/120`);
    assert.ok(nonZero > 500);
  });

  it('shrinks the busiest sellers less than the small ones, and keeps small sellers off the extremes', async () => {
    const { run } = await actualCounts('2018-08-31', 365);
    const rows = run.sellers.map((s) => ({ n: s.seller.counts.order_defect_rate?.den ?? 0, score: s.card.score, late: s.card.metrics.find((m) => m.key === 'late_delivery_rate')! }));
    const withData = rows.filter((r) => r.late.denominator! > 0);
    const small = withData.filter((r) => r.late.denominator! <= 2);
    const big = withData.filter((r) => r.late.denominator! >= 15);
    assert.ok(small.length > 100 && big.length > 3, `${small.length} small, ${big.length} big`);
    const shift = (r: (typeof rows)[number]) => Math.abs(r.late.value! - r.late.smoothed!);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // a seller whose 1–2 deliveries were late is pulled far toward the average; a big seller much less
    const lateSmall = small.filter((r) => r.late.value! > 0);
    const lateBig = big.filter((r) => r.late.value! > 0);
    if (lateSmall.length && lateBig.length) assert.ok(mean(lateSmall.map(shift)) > mean(lateBig.map(shift)));
    // The top and bottom 2 % by trust score are mostly sellers with a record; by the raw average rating they are
    // mostly sellers with a single order (half of the sellers have only one).
    const sellers = rows.filter((r) => r.n > 0);
    const k = Math.ceil(sellers.length / 50);
    const single = (xs: typeof rows) => xs.filter((r) => r.n <= 1).length / xs.length;
    const byScore = [...sellers].sort((a, b) => b.score - a.score);
    const rated = run.sellers
      .map((s) => ({ n: s.seller.counts.order_defect_rate?.den ?? 0, avg: s.card.metrics.find((m) => m.key === 'average_rating')! }))
      .filter((r) => r.n > 0 && r.avg.denominator! > 0)
      .sort((a, b) => b.avg.value! - a.avg.value!);
    const singleRated = (xs: typeof rated) => xs.filter((r) => r.n <= 1).length / xs.length;
    assert.ok(single(sellers) > 0.4, `${single(sellers)} of the sellers have one order`);
    assert.ok(single(byScore.slice(0, k)) < 0.2, `top ${k} by score: ${single(byScore.slice(0, k))} single-order`);
    assert.ok(single(byScore.slice(-k)) < 0.4, `bottom ${k} by score: ${single(byScore.slice(-k))} single-order`);
    assert.ok(singleRated(rated.slice(0, k)) > 0.6 && singleRated(rated.slice(-k)) > 0.6, 'raw ratings put single orders at the extremes');
  });

  it('prints the same counts through `arbiter scorecards --json`', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbiter-cli-'));
    const env = { ...process.env, ARBITER_DATA_DIR: dataDir, ARBITER_DEMO: '0', DATABASE_URL: '' };
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    try {
      const cli = (args: string[]) => spawnSync(process.execPath, ['bin/arbiter.js', ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const imported = cli(['import', 'olist', SAMPLE, '--quiet']);
      assert.equal(imported.status, 0, imported.stderr);
      const res = cli(['scorecards', '--json', '--as-of', '2018-05-31', '--window-days', '45']);
      assert.equal(res.status, 0, res.stderr);
      const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(lines.length, 3095);
      const out = new Map<string, Record<string, Pair>>();
      for (const l of lines) {
        assert.ok(typeof l.score === 'number' && l.score >= 0 && l.score <= 1000);
        assert.ok(['trusted', 'good', 'fair', 'at_risk'].includes(l.tier));
        out.set(l.seller, Object.fromEntries(KEYS.map((k) => [k, [l.metrics[k].numerator, l.metrics[k].denominator] as Pair])));
        const m = l.metrics.late_shipment_rate;
        if (m.denominator > 0) assert.ok(m.interval[0] <= m.smoothed && m.smoothed <= m.interval[1]);
      }
      const d = { ls: 45, ld: 45, nr: 45, ar: 45, c: 45, odr: 45 };
      compare(expectedCounts(units, '2018-05-31', d), out, 'cli');
      const bad = cli(['scorecards', '--json', '--window-days', '0']);
      assert.equal(bad.status, 2);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
