// Search of sellers and listings on PostgreSQL: p50/p95/p99 latency of the search API (ranked by relevance × trust
// boost, suspended and banned sellers left out, the total counted) over 100,000 sellers and their listings, beside
// its limit measured in the same run — a bare indexed SELECT of the same page (the same text match and filters,
// no ranking, no visibility checks, no total).
//
//   npx tsx bench/search.ts                        # 100,000 sellers, 3 listings each, fresh database
//   SELLERS=20000 LISTINGS_PER_SELLER=2 RUNS=50 npx tsx bench/search.ts
//   KEEP=1 ... / REUSE=postgres://…/arbiter_bench_search_… npx tsx bench/search.ts
//
// Measured 22 Nov 2026 on the shared 2-core machine (load average 7–12 from other work), 100,000 sellers, 300,000
// listings, 40 requests per case: API p95 over all cases 216 ms (p50 49 ms), bare page p95 6 ms. Broad queries rank
// and count every match (16,317 listings for one word: p95 260 ms), where the bare page stops at its 20th row.
// Before the stored listing document (0020) and JIT off for search statements, the same run gave p95 3.7 s over
// all cases, 1.0 s for one word over listings and 5.4 s for a Chinese substring over listings.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql, type RawBuilder } from 'kysely';
import { boot } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { freshDatabase } from './lib/postgres.js';

const SELLERS = Number(process.env.SELLERS ?? 100_000);
const PER_SELLER = Number(process.env.LISTINGS_PER_SELLER ?? 3);
const RUNS = Number(process.env.RUNS ?? 100);
const WARMUP = 5;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const f = (v: number) => `${v.toFixed(1)} ms`;

const database = process.env.REUSE ? { url: process.env.REUSE, drop: async () => {} } : await freshDatabase('arbiter_bench_search');
console.log(`PostgreSQL database ${database.url}`);
const config = loadConfig({ DATABASE_URL: database.url, ARBITER_LOG_LEVEL: 'silent', ARBITER_DEMO: '0', ARBITER_SCHEDULER: '0', ARBITER_DATA_DIR: `/tmp/arbiter-bench-${Date.now()}` });
const arbiter = await boot(config);
const db = arbiter.ctx.db;

// Shop names: brand-like words, pinyin and Chinese, as the marketplace's sellers name themselves.
const WORDS = ['golden', 'dragon', 'lotus', 'river', 'star', 'jade', 'phoenix', 'harbor', 'summit', 'maple', 'ocean', 'silk', 'panda', 'cloud',
  'tiger', 'pearl', 'orchid', 'bamboo', 'crane', 'amber', 'xinghe', 'jinlong', 'huaxia', 'tianyi', 'meili', 'haoyun', 'kaixin', 'yuanfang'];
const SUFFIX = ['trading', 'store', 'shop', 'outlet', 'studio', 'goods', 'mall', 'house', 'direct', 'supply'];
const ZH = ['星河', '金龙', '华夏', '天一', '美丽', '好运', '开心', '远方', '晨光', '青竹', '明月', '东方'];
const ZH_SUFFIX = ['数码', '家居', '服饰', '鞋业', '百货', '电子', '美妆', '户外'];
const ITEMS = ['sneaker', 'headphones', 'jacket', 'backpack', 'watch', 'charger', 'lamp', 'kettle', 'dress', 'keyboard', 'camera', 'tripod'];
const ITEMS_ZH = ['运动鞋', '耳机', '夹克', '背包', '手表', '充电器', '台灯', '水壶'];
const CATEGORIES = ['shoes', 'electronics', 'apparel', 'bags', 'home', 'beauty', 'outdoor', 'toys'];
const arr = (xs: string[]) => sql`${`{${xs.map((x) => `"${x}"`).join(',')}}`}::text[]`;

try {
  let t = performance.now();
  const existing = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM sellers`.execute(db)).rows[0]!.n);
  if (existing === 0) {
    await sql`SELECT setseed(0.17)`.execute(db);
    // 70 % latin names, 30 % Chinese; 94 % active, 2 % restricted, 1 % each suspended, banned, pending, reverification
    await sql`
      INSERT INTO sellers (id, external_id, legal_name, shop_name, country, region, business_type, contact_name, contact_email, status, verified_at, created_at, updated_at)
      SELECT 'sel_bs_' || lpad(g::text, 7, '0'), 'bs-' || g,
        CASE WHEN zh THEN 'Shenzhen ' || initcap(w1) || ' Trading Co., Ltd.' ELSE initcap(w1) || ' ' || initcap(w2) || ' Ltd.' END,
        CASE WHEN zh THEN z1 || z2 ELSE initcap(w1) || ' ' || initcap(w2) || ' ' || initcap(s1) END,
        (ARRAY['CN', 'CN', 'CN', 'HK', 'TW', 'SG', 'MY', 'VN'])[1 + (g % 8)], 'Guangdong', 'company', 'Bench', 'bs' || g || '@bench.test',
        CASE WHEN r < 0.94 THEN 'active' WHEN r < 0.96 THEN 'restricted' WHEN r < 0.97 THEN 'suspended' WHEN r < 0.98 THEN 'banned'
             WHEN r < 0.99 THEN 'pending_verification' ELSE 'reverification' END,
        CASE WHEN r < 0.98 OR r >= 0.99 THEN now() END, now(), now()
      FROM (
        SELECT g, random() < 0.3 AS zh, random() AS r,
          (${arr(WORDS)})[1 + floor(random() * ${WORDS.length})::int] AS w1, (${arr(WORDS)})[1 + floor(random() * ${WORDS.length})::int] AS w2,
          (${arr(SUFFIX)})[1 + floor(random() * ${SUFFIX.length})::int] AS s1,
          (${arr(ZH)})[1 + floor(random() * ${ZH.length})::int] AS z1, (${arr(ZH_SUFFIX)})[1 + floor(random() * ${ZH_SUFFIX.length})::int] AS z2
        FROM generate_series(1, ${SELLERS}) g) x`.execute(db);
    await sql`
      INSERT INTO listings (id, source, external_id, seller_id, category, title, description, currency, price, shipping_charge, status, created_at, updated_at)
      SELECT 'lst_bs_' || s.n || '_' || k, 'bench', s.n || '-' || k, s.id, (${arr(CATEGORIES)})[1 + floor(random() * ${CATEGORIES.length})::int],
        CASE WHEN random() < 0.3 THEN (${arr(ITEMS_ZH)})[1 + floor(random() * ${ITEMS_ZH.length})::int] || ' ' || (${arr(ZH)})[1 + floor(random() * ${ZH.length})::int]
             ELSE initcap((${arr(WORDS)})[1 + floor(random() * ${WORDS.length})::int]) || ' ' || (${arr(ITEMS)})[1 + floor(random() * ${ITEMS.length})::int] END,
        'Ships from Shenzhen in 3 business days.', 'USD', 500 + floor(random() * 20000)::int, 300, CASE WHEN random() < 0.97 THEN 'active' ELSE 'removed' END, now(), now()
      FROM (SELECT id, substr(id, 8)::int AS n FROM sellers) s CROSS JOIN generate_series(1, ${PER_SELLER}) k`.execute(db);
    // scorecards for 90 % of the sellers (the rest rank as neutral 500)
    await sql`
      INSERT INTO seller_scorecard_records (seller_id, as_of, policy_version, priors_on, score, tier, tier_since, seller_status, verification, penalty_points,
        metric_keys, numerators, denominators, smoothed, dimension_keys, dimension_scores, source, facts_at, computed_at, stale_after)
      SELECT id, current_date, 1, current_date, sc, CASE WHEN sc >= 800 THEN 'trusted' WHEN sc >= 650 THEN 'good' WHEN sc >= 450 THEN 'fair' ELSE 'at_risk' END,
        now(), status, 'verified', 0, '{}', '{}', '{}', '{}', '{}', '{}', 'full', now(), now(), now() + interval '1 day'
      FROM (SELECT id, status, floor(200 + random() * 800)::int AS sc FROM sellers WHERE random() < 0.9) x`.execute(db);
    // sanctions in force: 0.5 % suspended by a sanction while still 'active', 1 % demoted in search
    await sql`
      INSERT INTO sanctions (id, subject_type, subject_id, seller_id, kind, status, origin, reason, policy_version, imposed_at, updated_at)
      SELECT 'snc_bs_' || id, 'seller', id, id, CASE WHEN random() < 0.33 THEN 'suspension' ELSE 'search_demotion' END, 'active', 'officer', 'bench', 1, now(), now()
      FROM sellers WHERE status = 'active' AND random() < 0.015`.execute(db);
  }
  await sql`ANALYZE`.execute(db);
  const n = (await sql<{ s: number; l: number; c: number; x: number }>`
    SELECT (SELECT count(*) FROM sellers) AS s, (SELECT count(*) FROM listings) AS l, (SELECT count(*) FROM seller_scorecard_records) AS c,
           (SELECT count(*) FROM sanctions WHERE status = 'active') AS x`.execute(db)).rows[0]!;
  console.log(`Data: ${n.s} sellers, ${n.l} listings, ${n.c} scorecards, ${n.x} sanctions in force (${(performance.now() - t).toFixed(0)} ms)`);

  // Each case: the API's query string, and the bare page — the same match and filters, straight from the index.
  const SELLER_DOC = sql`to_tsvector('simple', coalesce(s.shop_name, '') || ' ' || coalesce(s.legal_name, ''))`;
  const LISTING_DOC = sql`l.search_doc`;
  const cases: { name: string; url: string; bare: RawBuilder<unknown> }[] = [
    {
      name: 'sellers: one word',
      url: '/api/v1/search/sellers?q=phoenix&limit=20',
      bare: sql`SELECT s.id, s.shop_name FROM sellers s WHERE ${SELLER_DOC} @@ to_tsquery('simple', 'phoenix:*') LIMIT 20`,
    },
    {
      name: 'sellers: two words, prefix',
      url: '/api/v1/search/sellers?q=golden%20drag&limit=20',
      bare: sql`SELECT s.id, s.shop_name FROM sellers s WHERE ${SELLER_DOC} @@ to_tsquery('simple', 'golden:* & drag:*') LIMIT 20`,
    },
    {
      name: 'sellers: word + country',
      url: '/api/v1/search/sellers?q=lotus&country=HK&limit=20',
      bare: sql`SELECT s.id, s.shop_name FROM sellers s WHERE ${SELLER_DOC} @@ to_tsquery('simple', 'lotus:*') AND s.country = 'HK' LIMIT 20`,
    },
    {
      name: 'sellers: Chinese substring',
      url: `/api/v1/search/sellers?q=${encodeURIComponent('星河数码')}&limit=20`,
      bare: sql`SELECT s.id, s.shop_name FROM sellers s WHERE strpos(coalesce(s.shop_name, '') || ' ' || coalesce(s.legal_name, ''), '星河数码') > 0 LIMIT 20`,
    },
    {
      name: 'sellers: no text, tier filter',
      url: '/api/v1/search/sellers?tier=trusted&limit=20',
      bare: sql`SELECT s.id, s.shop_name FROM sellers s JOIN seller_scorecard_records c ON c.seller_id = s.id WHERE c.tier = 'trusted' LIMIT 20`,
    },
    {
      name: 'listings: one word',
      url: '/api/v1/search/listings?q=headphones&limit=20',
      bare: sql`SELECT l.id, l.title FROM listings l WHERE l.status = 'active' AND ${LISTING_DOC} @@ to_tsquery('simple', 'headphones:*') LIMIT 20`,
    },
    {
      name: 'listings: word + category + price',
      url: '/api/v1/search/listings?q=jade&category=electronics&maxPrice=5000&limit=20',
      bare: sql`SELECT l.id, l.title FROM listings l WHERE l.status = 'active' AND ${LISTING_DOC} @@ to_tsquery('simple', 'jade:*') AND l.category = 'electronics' AND l.price <= 5000 LIMIT 20`,
    },
    {
      name: 'listings: Chinese substring',
      url: `/api/v1/search/listings?q=${encodeURIComponent('耳机')}&limit=20`,
      bare: sql`SELECT l.id, l.title FROM listings l WHERE l.status = 'active' AND strpos(l.title || ' ' || l.description, '耳机') > 0 LIMIT 20`,
    },
  ];

  console.log(`\nload before: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (1/5/15 min, ${os.cpus().length} cores)`);
  console.log(`${RUNS} sequential requests per case after ${WARMUP} warm-up ones; API = HTTP request through Fastify (inject), bare = the SQL alone\n`);
  console.log(['case'.padEnd(36), 'total'.padStart(7), 'API p50'.padStart(9), 'API p95'.padStart(9), 'API p99'.padStart(9), 'bare p50'.padStart(9), 'bare p95'.padStart(9), 'p95 ×'.padStart(7)].join(' '));
  const allApi: number[] = [];
  const allBare: number[] = [];
  for (const c of cases) {
    const api: number[] = [];
    const bare: number[] = [];
    let total = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      // alternate, so both see the same cache and the same load
      let s = performance.now();
      const res = await arbiter.app.inject({ method: 'GET', url: c.url });
      const a = performance.now() - s;
      if (res.statusCode !== 200) throw new Error(`${c.url}: ${res.statusCode} ${res.body}`);
      total = (res.json() as { total: number }).total;
      s = performance.now();
      await c.bare.execute(db);
      const b = performance.now() - s;
      if (i >= WARMUP) {
        api.push(a);
        bare.push(b);
      }
    }
    allApi.push(...api);
    allBare.push(...bare);
    console.log([c.name.padEnd(36), String(total).padStart(7), f(pct(api, 50)).padStart(9), f(pct(api, 95)).padStart(9), f(pct(api, 99)).padStart(9),
      f(pct(bare, 50)).padStart(9), f(pct(bare, 95)).padStart(9), `${(pct(api, 95) / Math.max(0.01, pct(bare, 95))).toFixed(1)}×`.padStart(7)].join(' '));
  }
  console.log(`\nall cases: API p95 ${f(pct(allApi, 95))} (p50 ${f(pct(allApi, 50))}), bare p95 ${f(pct(allBare, 95))} (p50 ${f(pct(allBare, 50))})`);
  console.log(`load after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  await arbiter.close();
  if (!process.env.KEEP) await database.drop();
}
