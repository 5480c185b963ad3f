// Does the score predict? (issue 6, DESIGN §4)
//
// (a) A marketplace simulator: sellers with a known true quality (dispatch delay, defect rate, responsiveness,
//     honesty) sell for 180 days; their orders and reviews go into the real tables; the scorecards are computed as of
//     that day by the evaluation engine; then the next 90 days are simulated and each seller's share of bad buyer
//     experiences (late delivery, defect, seller-fault cancellation, tracking that never moves) is measured. The trust
//     score is compared with the average star rating alone and the order defect rate alone: Spearman's rank
//     correlation with the future share of good experiences, and the AUC for picking out the worst decile.
// (b) The real Olist sample: scores from the first period against each seller's negative-review and late-delivery
//     rates in the later period.
//
//   npx tsx bench/predictive.ts                       # PostgreSQL at 127.0.0.1:5432 (fresh databases)
//   PGLITE=1 npx tsx bench/predictive.ts              # embedded database instead
//   SELLERS=1000 SEED=7 OLIST_SPLIT=2018-01-31 npx tsx bench/predictive.ts
import path from 'node:path';
import { sql } from 'kysely';
import { boot, type Arbiter } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { addDays } from '../src/domain/calendar/zoned-time.js';
import { importOlist } from '../src/modules/imports/olist/import.js';
import { computeScorecards } from '../src/modules/evaluation/service.js';
import { ManualClock } from '../src/shared/clock.js';
import { freshDatabase } from './lib/postgres.js';

const SELLERS = Number(process.env.SELLERS ?? 1000);
const SEED = Number(process.env.SEED ?? 42);
const AS_OF = process.env.AS_OF ?? '2026-06-30';
const HISTORY_DAYS = 180;
const FUTURE_DAYS = 90;
const MIN_FUTURE_ORDERS = Number(process.env.MIN_FUTURE_ORDERS ?? 5);
const OLIST_SPLIT = process.env.OLIST_SPLIT ?? '2018-01-31';
const OLIST_DIR = path.resolve(process.env.OLIST_DIR ?? '../shared/data/olist-sample');
const DAY = 86_400_000;

// ---- statistics ----------------------------------------------------------------------------------------------

/** Ranks 1..n with ties given their average rank. */
function ranks(xs: number[]): number[] {
  const order = xs.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k][1]] = r;
    i = j + 1;
  }
  return out;
}

function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

export const spearman = (a: number[], b: number[]) => pearson(ranks(a), ranks(b));

/** AUC of `score` (higher = more likely positive) for boolean labels (Mann–Whitney, ties count half). */
export function auc(score: number[], label: boolean[]): number {
  const r = ranks(score);
  let pos = 0;
  let sum = 0;
  for (let i = 0; i < r.length; i++) if (label[i]) (pos++, (sum += r[i]));
  const neg = r.length - pos;
  return pos && neg ? (sum - (pos * (pos + 1)) / 2) / (pos * neg) : NaN;
}

/** The worst decile: the 10 % of sellers with the highest bad share (ties broken by more bad orders). */
function worstDecile(share: number[], bad: number[]): boolean[] {
  const order = share.map((s, i) => i).sort((i, j) => share[j] - share[i] || bad[j] - bad[i] || i - j);
  const k = Math.max(1, Math.round(share.length / 10));
  const out = new Array<boolean>(share.length).fill(false);
  for (const i of order.slice(0, k)) out[i] = true;
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

/** Each scored rate or rating alone, smoothed, oriented so that higher is better. */
function perMetric(
  sellers: { card: { metrics: { key: string; smoothed: number | null; direction: string; active: boolean; kind: string }[] } }[],
  outcome: number[],
  worst: boolean[],
): Row[] {
  const keys = sellers[0].card.metrics.filter((m) => m.active && (m.kind === 'rate' || m.kind === 'rating')).map((m) => m.key);
  return keys.map((key) => {
    const v = sellers.map((s) => {
      const m = s.card.metrics.find((x) => x.key === key)!;
      return (m.smoothed ?? 0) * (m.direction === 'lower_better' ? -1 : 1);
    });
    return { name: key, spearman: spearman(v, outcome), auc: auc(v.map((x) => -x), worst), n: sellers.length };
  });
}

// ---- random numbers --------------------------------------------------------------------------------------------

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const poisson = (lambda: number) => {
  // inversion for small means, normal approximation for large
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal()));
  let k = 0;
  let p = Math.exp(-lambda);
  let s = p;
  const u = rand();
  while (u > s) {
    k++;
    p *= lambda / k;
    s += p;
  }
  return k;
};
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

// ---- the marketplace -------------------------------------------------------------------------------------------

interface TrueSeller {
  id: string;
  /** Orders per day. */
  rate: number;
  lateShip: number;
  defect: number;
  cancel: number;
  /** 0–1: answers and fixes problems (better stars after a defect, better communication ratings). */
  responsive: number;
  honest: boolean;
  /** Expected share of bad experiences per order (the oracle). */
  expectedBad: number;
}

interface SimOrder {
  id: string;
  sellerId: string;
  buyerId: string;
  paidAt: number;
  deadline: number;
  dispatchedAt: number | null;
  trackingValidAt: number | null;
  deliveredAt: number | null;
  estimatedOn: string;
  cancelledAt: number | null;
  review: { stars: number; communication: number | null; createdAt: number } | null;
  bad: boolean;
}

const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

function makeSellers(n: number): TrueSeller[] {
  return Array.from({ length: n }, (_, i) => {
    // one competence factor drives the rest in part; each trait has its own noise
    const z = normal();
    const honest = rand() > 0.15;
    const s: TrueSeller = {
      id: `sel_sim_${String(i).padStart(5, '0')}`,
      rate: Math.exp(-1.3 + 1.1 * normal()),
      lateShip: sigmoid(-2.6 - 0.9 * z + 0.5 * normal()),
      defect: sigmoid(-3.1 - 0.8 * z + 0.6 * normal()),
      cancel: sigmoid(-4.2 - 0.7 * z + 0.4 * normal()),
      responsive: sigmoid(0.8 * z + normal()),
      honest,
      expectedBad: 0,
    };
    return s;
  });
}

/** One order of a seller paid at `paidAt`, with what really happened and what the platform records. */
function simulateOrder(s: TrueSeller, paidAt: number, id: string, buyerId: string): SimOrder {
  const deadline = paidAt + 3 * DAY;
  const estimatedOn = dayOf(paidAt + 16 * DAY);
  const o: SimOrder = { id, sellerId: s.id, buyerId, paidAt, deadline, dispatchedAt: null, trackingValidAt: null, deliveredAt: null, estimatedOn, cancelledAt: null, review: null, bad: false };
  if (rand() < s.cancel) {
    o.cancelledAt = paidAt + (0.5 + rand()) * DAY;
    o.bad = true;
    return o;
  }
  const late = rand() < s.lateShip;
  const handover = late ? deadline + (0.2 + 4 * rand()) * DAY : paidAt + (0.2 + 2.7 * rand()) * DAY;
  // a dishonest seller who is late marks the order dispatched on time with a number that never moves
  const fictitious = !s.honest && late && rand() < 0.7;
  o.dispatchedAt = fictitious ? paidAt + (0.5 + 2 * rand()) * DAY : handover;
  o.trackingValidAt = fictitious ? null : handover + (0.3 + rand()) * DAY;
  o.deliveredAt = handover + (6 + 5 * rand() + (rand() < 0.08 ? 6 * rand() : 0)) * DAY;
  const lateDelivery = dayOf(o.deliveredAt) > estimatedOn;
  const defect = rand() < s.defect;
  o.bad = lateDelivery || defect || fictitious;
  // reviews: half the buyers write one; a dishonest seller solicits them and buys off the bad ones
  if (rand() < (s.honest ? 0.45 : 0.6)) {
    let stars: number;
    if (defect) stars = rand() < s.responsive * 0.6 ? 3 : rand() < 0.6 ? 1 : 2;
    else if (lateDelivery) stars = pick([2, 3, 3, 4, 4, 5]);
    else stars = rand() < 0.72 ? 5 : rand() < 0.8 ? 4 : pick([1, 2, 3]);
    if (!s.honest && stars <= 3 && rand() < 0.6) stars = 5;
    const communication = rand() < 0.5 ? Math.max(1, Math.min(5, Math.round(1.5 + 3.5 * s.responsive + 0.7 * normal()))) : null;
    o.review = { stars, communication, createdAt: o.deliveredAt + (1 + 9 * rand()) * DAY };
  }
  return o;
}

function expectedBad(s: TrueSeller): number {
  // Monte Carlo of the oracle: the seller's true probability of a bad experience
  let bad = 0;
  const n = 400;
  for (let i = 0; i < n; i++) if (simulateOrder(s, 0, 'x', 'x').bad) bad++;
  return bad / n;
}

async function insertMarketplace(arbiter: Arbiter, sellers: TrueSeller[], orders: SimOrder[]) {
  const db = arbiter.ctx.db;
  const now = new Date(`${AS_OF}T00:00:00Z`);
  const buyers = [...new Set(orders.map((o) => o.buyerId))];
  for (let i = 0; i < buyers.length; i += 1000) {
    await db
      .insertInto('users')
      .values(buyers.slice(i, i + 1000).map((id) => ({ id, email: `${id}@sim.test`, name: id, password_hash: '!', roles: ['buyer' as const], locale: 'en' as const, status: 'active' as const, created_at: now, updated_at: now })))
      .execute();
  }
  for (let i = 0; i < sellers.length; i += 1000) {
    await db
      .insertInto('sellers')
      .values(
        sellers.slice(i, i + 1000).map((s) => ({
          id: s.id,
          external_id: s.id,
          legal_name: s.id,
          shop_name: s.id,
          country: 'CN',
          region: 'Guangdong',
          business_type: 'company' as const,
          contact_name: 'Sim',
          contact_email: `${s.id}@sim.test`,
          contact_phone: null,
          storefronts: JSON.stringify([]),
          status: 'active' as const,
          verified_at: now,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  const d = (t: number | null) => (t === null ? null : new Date(t));
  for (let i = 0; i < orders.length; i += 1000) {
    const part = orders.slice(i, i + 1000);
    await db
      .insertInto('orders')
      .values(
        part.map((o) => ({
          id: o.id,
          source: 'sim',
          external_id: o.id,
          seller_id: o.sellerId,
          buyer_id: o.buyerId,
          buyer_external_id: null,
          currency: 'USD',
          items_total: 2000,
          shipping_carrier: 'sf',
          shipping_service: 'standard',
          status: (o.cancelledAt ? 'cancelled' : 'completed') as 'completed',
          ingest_hash: 'sim',
          paid_at: new Date(o.paidAt),
          processing_days: 3,
          dispatch_deadline: new Date(o.deadline),
          dispatched_at: d(o.dispatchedAt),
          dispatched_late: o.dispatchedAt === null ? null : o.dispatchedAt > o.deadline,
          tracking_valid_at: d(o.trackingValidAt),
          delivered_at: d(o.deliveredAt),
          estimated_delivery_on: o.estimatedOn,
          cancelled_at: d(o.cancelledAt),
          cancellation_fault: o.cancelledAt ? ('seller' as const) : null,
          created_at: new Date(o.paidAt),
          updated_at: new Date(o.paidAt),
        })),
      )
      .execute();
    const reviewed = part.filter((o) => o.review);
    if (reviewed.length) {
      await db
        .insertInto('reviews')
        .values(
          reviewed.map((o) => ({
            id: `rev_${o.id}`,
            source: 'sim',
            external_id: null,
            order_id: o.id,
            seller_id: o.sellerId,
            buyer_id: o.buyerId,
            overall: o.review!.stars,
            item_as_described: null,
            communication: o.review!.communication,
            shipping_speed: null,
            title: '',
            body: '',
            status: 'published' as const,
            created_at: new Date(o.review!.createdAt),
            updated_at: new Date(o.review!.createdAt),
          })),
        )
        .execute();
    }
  }
}

interface Row {
  name: string;
  spearman: number;
  auc: number;
  n: number;
  note?: string;
}

function printTable(title: string, rows: Row[], outcome: string) {
  console.log(`\n${title}`);
  console.log(`| predictor | Spearman ρ with ${outcome} (higher is better) | AUC, worst decile | sellers |`);
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.spearman.toFixed(3)} | ${Number.isNaN(r.auc) ? '—' : r.auc.toFixed(3)} | ${r.n}${r.note ? ` ${r.note}` : ''} |`);
}

async function openArbiter(clockAt: string): Promise<{ arbiter: Arbiter; drop(): Promise<void> }> {
  const clock = new ManualClock(`${clockAt}T12:00:00Z`);
  const env = { ARBITER_LOG_LEVEL: 'silent', ARBITER_DEMO: '0', ARBITER_DATA_DIR: `/tmp/arbiter-predictive-${Date.now()}` };
  if (process.env.PGLITE) {
    const arbiter = await boot(loadConfig(env), { clock, handle: await openDatabase({}) });
    return { arbiter, drop: async () => {} };
  }
  const database = await freshDatabase('arbiter_bench_predictive');
  const arbiter = await boot(loadConfig({ ...env, DATABASE_URL: database.url }), { clock });
  return { arbiter, drop: () => database.drop() };
}

// ---- (a) simulated marketplace --------------------------------------------------------------------------------

async function simulated() {
  const start = Date.parse(`${addDays(AS_OF, 1 - HISTORY_DAYS)}T00:00:00Z`);
  const end = Date.parse(`${addDays(AS_OF, 1)}T00:00:00Z`);
  const futureEnd = end + FUTURE_DAYS * DAY;
  const sellers = makeSellers(SELLERS);
  for (const s of sellers) s.expectedBad = expectedBad(s);
  const orders: SimOrder[] = [];
  let seq = 0;
  for (const s of sellers) {
    for (let day = start; day < futureEnd; day += DAY) {
      const k = poisson(s.rate);
      for (let j = 0; j < k; j++) orders.push(simulateOrder(s, day + rand() * DAY, `ord_sim_${++seq}`, `usr_sim_${Math.floor(rand() * 5000)}`));
    }
  }
  const { arbiter, drop } = await openArbiter(addDays(AS_OF, FUTURE_DAYS + 1));
  try {
    const t0 = Date.now();
    await insertMarketplace(arbiter, sellers, orders);
    console.log(`(a) ${sellers.length} simulated sellers, ${orders.length} orders (${orders.filter((o) => o.review).length} reviews) over ${HISTORY_DAYS} + ${FUTURE_DAYS} days, inserted in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // everything after AS_OF is in the tables too: the as-of computation must not see it
    const { run } = await computeScorecards(arbiter.ctx, { asOf: AS_OF });
    const bySeller = new Map(run.sellers.map((s) => [s.seller.sellerId, s]));

    const future = new Map<string, { n: number; bad: number }>();
    const past = new Map<string, number>();
    for (const o of orders) {
      if (o.paidAt >= end) {
        const f = future.get(o.sellerId) ?? { n: 0, bad: 0 };
        f.n++;
        if (o.bad) f.bad++;
        future.set(o.sellerId, f);
      } else past.set(o.sellerId, (past.get(o.sellerId) ?? 0) + 1);
    }
    const evaluated = sellers.filter((s) => (future.get(s.id)?.n ?? 0) >= MIN_FUTURE_ORDERS && (past.get(s.id) ?? 0) > 0);
    const good = evaluated.map((s) => 1 - future.get(s.id)!.bad / future.get(s.id)!.n);
    const worst = worstDecile(
      evaluated.map((s) => future.get(s.id)!.bad / future.get(s.id)!.n),
      evaluated.map((s) => future.get(s.id)!.bad),
    );
    const metric = (s: TrueSeller, key: string) => bySeller.get(s.id)!.card.metrics.find((m) => m.key === key)!;
    const platformOf = (key: string) => {
      const vals = evaluated.map((s) => metric(s, key)).filter((m) => m.value !== null);
      const num = vals.reduce((a, m) => a + m.numerator!, 0);
      const den = vals.reduce((a, m) => a + m.denominator!, 0);
      return den ? num / den : 0;
    };
    const avgAll = platformOf('average_rating');
    const odrAll = platformOf('order_defect_rate');
    const predictors: { name: string; value: (s: TrueSeller) => number }[] = [
      { name: '**trust score** (0–1000)', value: (s) => bySeller.get(s.id)!.card.score },
      { name: 'average star rating alone (raw, 365 days)', value: (s) => metric(s, 'average_rating').value ?? avgAll },
      { name: 'order defect rate alone (raw, 60 days; lower is better)', value: (s) => -(metric(s, 'order_defect_rate').value ?? odrAll) },
      { name: 'average star rating, smoothed', value: (s) => metric(s, 'average_rating').smoothed ?? avgAll },
      { name: 'order defect rate, smoothed', value: (s) => -(metric(s, 'order_defect_rate').smoothed ?? odrAll) },
      { name: 'oracle: true probability of a bad experience', value: (s) => -s.expectedBad },
    ];
    const rows: Row[] = predictors.map((p) => {
      const v = evaluated.map(p.value);
      return { name: p.name, spearman: spearman(v, good), auc: auc(v.map((x) => -x), worst), n: evaluated.length };
    });
    printTable(
      `(a) Simulated marketplace: scores as of ${AS_OF} against the next ${FUTURE_DAYS} days (sellers with ≥ ${MIN_FUTURE_ORDERS} orders then)`,
      rows,
      'the share of good experiences',
    );
    printTable('(a) Each scored metric alone (smoothed value, oriented so higher is better)', perMetric(evaluated.map((s) => bySeller.get(s.id)!), good, worst), 'the share of good experiences');
    // do small sellers take the extremes?
    const size = (s: TrueSeller) => past.get(s.id) ?? 0;
    console.log('\nOrders before the as-of day of the sellers each predictor puts at the extremes (median, 5 % best / 5 % worst):');
    for (const p of predictors.slice(0, 3)) {
      const sorted = [...evaluated].sort((a, b) => p.value(b) - p.value(a));
      const k = Math.max(1, Math.round(sorted.length / 20));
      console.log(`  ${p.name.replace(/\*/g, '')}: ${median(sorted.slice(0, k).map(size))} / ${median(sorted.slice(-k).map(size))} (all sellers: ${median(evaluated.map(size))})`);
    }
    const dishonest = evaluated.filter((s) => !s.honest);
    const rankOf = (p: (s: TrueSeller) => number) => {
      const sorted = [...evaluated].sort((a, b) => p(a) - p(b));
      const pos = new Map(sorted.map((s, i) => [s.id, i / (sorted.length - 1)]));
      return median(dishonest.map((s) => pos.get(s.id)!));
    };
    console.log(
      `Dishonest sellers (${dishonest.length}; bought-off reviews, fictitious dispatch): median percentile by trust score ${(100 * rankOf(predictors[0].value)).toFixed(0)}, ` +
        `by average rating ${(100 * rankOf(predictors[1].value)).toFixed(0)}, by order defect rate ${(100 * rankOf(predictors[2].value)).toFixed(0)} (0 = worst)`,
    );
    return rows;
  } finally {
    await arbiter.close();
    await drop();
  }
}

// ---- (b) the Olist sample ---------------------------------------------------------------------------------------

async function olist() {
  const { arbiter, drop } = await openArbiter('2026-03-02');
  try {
    await importOlist(arbiter.ctx, OLIST_DIR);
    const db = arbiter.ctx.db;
    const first = (await sql<{ d: string }>`SELECT min(paid_at)::date::text AS d FROM orders`.execute(db)).rows[0].d;
    const windowDays = Math.round((Date.parse(`${OLIST_SPLIT}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY) + 1;
    const { run } = await computeScorecards(arbiter.ctx, { asOf: OLIST_SPLIT, windowDays });
    const splitEnd = `${addDays(OLIST_SPLIT, 1)}T00:00:00Z`;
    // the later period's outcomes, straight from the tables
    const later = await sql<{ seller_id: string; reviews: number; negative: number; delivered: number; late: number }>`
      SELECT s.id AS seller_id,
        (SELECT count(*) FROM reviews r WHERE r.seller_id = s.id AND r.created_at >= ${splitEnd}::timestamptz) AS reviews,
        (SELECT count(*) FROM reviews r WHERE r.seller_id = s.id AND r.created_at >= ${splitEnd}::timestamptz AND r.overall <= 2) AS negative,
        (SELECT count(*) FROM orders o WHERE o.seller_id = s.id AND o.delivered_at >= ${splitEnd}::timestamptz) AS delivered,
        (SELECT count(*) FROM orders o WHERE o.seller_id = s.id AND o.delivered_at >= ${splitEnd}::timestamptz
           AND (o.delivered_at AT TIME ZONE 'America/Sao_Paulo')::date > o.estimated_delivery_on) AS late
      FROM sellers s`.execute(db);
    const outcome = new Map(later.rows.map((r) => [r.seller_id, r]));
    const bySeller = run.sellers.filter((s) => (s.seller.counts.order_defect_rate?.den ?? 0) > 0);
    const metric = (s: (typeof bySeller)[number], key: string) => s.card.metrics.find((m) => m.key === key)!;
    const pooled = (key: string) => {
      let num = 0;
      let den = 0;
      for (const s of bySeller) {
        const m = metric(s, key);
        num += m.numerator ?? 0;
        den += m.denominator ?? 0;
      }
      return den ? num / den : 0;
    };
    const avgAll = pooled('average_rating');
    const odrAll = pooled('order_defect_rate');
    const predictors: { name: string; value: (s: (typeof bySeller)[number]) => number }[] = [
      { name: '**trust score** (0–1000)', value: (s) => s.card.score },
      { name: 'average star rating alone (raw)', value: (s) => metric(s, 'average_rating').value ?? avgAll },
      { name: 'order defect rate alone (raw; lower is better)', value: (s) => -(metric(s, 'order_defect_rate').value ?? odrAll) },
    ];
    const out: Record<string, Row[]> = {};
    const perMetricOlist: Record<string, Row[]> = {};
    for (const [label, key, of, minN] of [
      ['negative-review rate', 'negative', 'reviews', 1],
      ['negative-review rate, sellers with ≥ 3 later reviews', 'negative', 'reviews', 3],
      ['late-delivery rate', 'late', 'delivered', 1],
      ['late-delivery rate, sellers with ≥ 3 later deliveries', 'late', 'delivered', 3],
    ] as const) {
      const sel = bySeller.filter((s) => Number(outcome.get(s.seller.sellerId)?.[of] ?? 0) >= minN);
      const rate = sel.map((s) => Number(outcome.get(s.seller.sellerId)![key]) / Number(outcome.get(s.seller.sellerId)![of]));
      const platform = sel.reduce((a, s) => a + Number(outcome.get(s.seller.sellerId)![key]), 0) / sel.reduce((a, s) => a + Number(outcome.get(s.seller.sellerId)![of]), 0);
      // worse than the platform in the later period (most sellers have few later orders: a decile would be all ties)
      const worse = rate.map((r) => r > platform);
      out[label] = predictors.map((p) => {
        const v = sel.map(p.value);
        return { name: p.name, spearman: spearman(v, rate.map((r) => -r)), auc: auc(v.map((x) => -x), worse), n: sel.length };
      });
      if (minN === 1) perMetricOlist[label] = perMetric(sel, rate.map((r) => -r), worse);
    }
    console.log(`\n(b) Olist sample: scores as of ${OLIST_SPLIT} over the first period (${first} on, every window ${windowDays} days) against the later period`);
    for (const [label, rows] of Object.entries(out)) {
      printTable(`Later ${label}`, rows, `the later ${label.split(',')[0].replace(' rate', '')}-free share`);
    }
    console.log('(AUC here: for sellers worse than the platform in the later period.)');
    if (process.env.PER_METRIC) for (const [label, rows] of Object.entries(perMetricOlist)) printTable(`Each metric alone against the later ${label}`, rows, 'the later good share');
    return out;
  } finally {
    await arbiter.close();
    await drop();
  }
}

const sim = await simulated();
await olist();
const trust = sim[0];
const better = sim.slice(1, 3).every((r) => trust.spearman > r.spearman && trust.auc > r.auc);
console.log(`\nTrust score beats the average rating and the order defect rate on both figures in the simulation: ${better ? 'yes' : 'NO'}`);
