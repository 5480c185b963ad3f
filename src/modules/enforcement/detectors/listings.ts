import { sql } from 'kysely';
import { priceFarBelowMedian, prohibitedKeywordsIn, shippingOvercharged } from '../../../domain/enforcement/detectors.js';
import { onlySubjects, type Detector } from './types.js';

/** Pricing far below cost to reach the top of the listings (seed 002): below a share of the category median. */
export const priceBelowMedian: Detector = {
  rule: 'price_below_median',
  subject: 'seller',
  async detect(db, { policy, now, subjects }) {
    const rule = policy.enforcement.rules.price_below_median;
    const rows = await sql<{ id: string; seller_id: string; category: string; currency: string; price: number; median: number; n: number }>`
      WITH medians AS (
        SELECT category, currency, percentile_cont(0.5) WITHIN GROUP (ORDER BY price) AS median, count(*)::int AS n
          FROM listings WHERE status = 'active' GROUP BY category, currency HAVING count(*) >= ${rule.minCategoryListings})
      SELECT l.id, l.seller_id, l.category, l.currency, l.price, m.median, m.n
        FROM listings l JOIN medians m ON m.category = l.category AND m.currency = l.currency
       WHERE l.status = 'active' AND l.price < ${rule.maxRatio} * m.median ${onlySubjects('l.seller_id', subjects)}`.execute(db);
    return rows.rows
      .filter((r) => priceFarBelowMedian(Number(r.price), Number(r.median), Number(r.n), rule))
      .map((r) => ({
        subjectType: 'seller' as const,
        sellerId: r.seller_id,
        rule: 'price_below_median',
        dedupeKey: `price_below_median:${r.id}:${r.price}`,
        summary: `Listing ${r.id} priced ${r.price} ${r.currency}, below ${Math.round(rule.maxRatio * 100)} % of the ${r.category} median (${Math.round(Number(r.median))}).`,
        evidence: { listingId: r.id, category: r.category, currency: r.currency, price: Number(r.price), categoryMedian: Number(r.median), categoryListings: Number(r.n), maxRatio: rule.maxRatio },
        occurredAt: now,
      }));
  },
};

/** Overstated shipping costs (seed 002): a shipping charge far above what the parcel really costs to send. */
export const shippingOvercharge: Detector = {
  rule: 'shipping_overcharge',
  subject: 'seller',
  async detect(db, { policy, now, subjects }) {
    const rule = policy.enforcement.rules.shipping_overcharge;
    const rows = await sql<{ id: string; seller_id: string; currency: string; shipping_charge: number; shipping_cost: number }>`
      SELECT l.id, l.seller_id, l.currency, l.shipping_charge, l.shipping_cost
        FROM listings l
       WHERE l.status = 'active' AND l.shipping_cost IS NOT NULL
         AND l.shipping_charge > ${rule.maxRatio} * l.shipping_cost AND l.shipping_charge - l.shipping_cost >= ${rule.minExcess}
         ${onlySubjects('l.seller_id', subjects)}`.execute(db);
    return rows.rows
      .filter((r) => shippingOvercharged(Number(r.shipping_charge), Number(r.shipping_cost), rule))
      .map((r) => ({
        subjectType: 'seller' as const,
        sellerId: r.seller_id,
        rule: 'shipping_overcharge',
        dedupeKey: `shipping_overcharge:${r.id}:${r.shipping_charge}:${r.shipping_cost}`,
        summary: `Listing ${r.id} charges ${r.shipping_charge} ${r.currency} for shipping that costs ${r.shipping_cost}.`,
        evidence: { listingId: r.id, currency: r.currency, shippingCharge: Number(r.shipping_charge), realCost: Number(r.shipping_cost), maxRatio: rule.maxRatio, minExcess: rule.minExcess },
        occurredAt: now,
      }));
  },
};

/** Prohibited or unsafe items (seed 002): a listing naming one of the policy's keywords. */
export const prohibitedItems: Detector = {
  rule: 'prohibited_item',
  subject: 'seller',
  async detect(db, { policy, now, subjects }) {
    const keywords = policy.enforcement.prohibitedKeywords;
    if (keywords.length === 0) return [];
    const patterns = keywords.map((k) => `%${k.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const rows = await sql<{ id: string; seller_id: string; title: string; description: string }>`
      SELECT l.id, l.seller_id, l.title, l.description FROM listings l
       WHERE l.status = 'active' AND (l.title || ' ' || l.description) ILIKE ANY(${sql.val(patterns)}::text[])
         ${onlySubjects('l.seller_id', subjects)}`.execute(db);
    return rows.rows.flatMap((r) => {
      const found = prohibitedKeywordsIn(`${r.title} ${r.description}`, keywords);
      if (found.length === 0) return [];
      return [
        {
          subjectType: 'seller' as const,
          sellerId: r.seller_id,
          rule: 'prohibited_item',
          dedupeKey: `prohibited_item:${r.id}:${[...found].sort().join('|')}`,
          summary: `Listing ${r.id} names a prohibited item: ${found.join(', ')}.`,
          evidence: { listingId: r.id, title: r.title, keywords: found },
          occurredAt: now,
        },
      ];
    });
  },
};
