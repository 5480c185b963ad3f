import type { SellerRules } from './policy.js';

/**
 * Detector thresholds (pure): the database aggregates the facts, these decide whether they break a rule. Each
 * returns null when the rule is not broken, or the numbers that show it is (they become the evidence).
 */

export interface RateBreach {
  num: number;
  den: number;
  rate: number;
  maxRate: number;
  windowDays: number;
}

/** A rate above its maximum on at least the minimum number of orders. */
export function rateBreach(num: number, den: number, rule: { maxRate: number; minOrders: number; windowDays: number }): RateBreach | null {
  if (den < rule.minOrders || den === 0) return null;
  const r = num / den;
  return r > rule.maxRate ? { num, den, rate: Math.round(r * 10_000) / 10_000, maxRate: rule.maxRate, windowDays: rule.windowDays } : null;
}

export function countReaches(count: number, min: number): boolean {
  return count >= min;
}

/** A price below `maxRatio` × the category's median, when the category has enough listings to have a median. */
export function priceFarBelowMedian(price: number, median: number, categoryListings: number, rule: SellerRules['price_below_median']): boolean {
  if (categoryListings < rule.minCategoryListings || median <= 0) return false;
  return price < rule.maxRatio * median;
}

/** A shipping charge above `maxRatio` × the real cost and by at least `minExcess` minor units. */
export function shippingOvercharged(charge: number, realCost: number, rule: SellerRules['shipping_overcharge']): boolean {
  if (realCost < 0) return false;
  return charge > rule.maxRatio * realCost && charge - realCost >= rule.minExcess;
}

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Text folded for keyword matching: NFKC (full-width to half-width), lower case, separators between CJK removed. */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u200b-\u200f\u2060\ufeff]/g, '')
    .replace(/(?<=[\p{Script=Han}])[\s\p{P}\p{S}_]+(?=[\p{Script=Han}])/gu, '');
}

/** Prohibited keywords found in a listing's text: Latin keywords as whole words, Chinese ones anywhere. */
export function prohibitedKeywordsIn(text: string, keywords: readonly string[]): string[] {
  const folded = foldText(text);
  const found: string[] = [];
  for (const k of keywords) {
    const kw = foldText(k);
    if (!kw) continue;
    if (/\p{Script=Han}/u.test(kw)) {
      if (folded.includes(kw)) found.push(k);
    } else {
      const escaped = kw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(folded)) found.push(k);
    }
  }
  return found;
}

/**
 * A burst of top ratings from new accounts: at least `burstReviews` five-star reviews within `burstHours` of each
 * other, each from a buyer account younger than `newAccountDays` when it reviewed. Returns the reviews of the
 * largest such burst.
 */
export function topRatingBurst<R extends { at: Date; stars: number; accountAgeDays: number }>(
  reviews: readonly R[],
  rule: Pick<SellerRules['rating_manipulation'], 'burstReviews' | 'burstHours' | 'newAccountDays'>,
): R[] | null {
  const qualifying = reviews.filter((r) => r.stars === 5 && r.accountAgeDays < rule.newAccountDays).sort((a, b) => a.at.getTime() - b.at.getTime());
  const span = rule.burstHours * 3_600_000;
  let best: R[] = [];
  let start = 0;
  for (let end = 0; end < qualifying.length; end++) {
    while (qualifying[end].at.getTime() - qualifying[start].at.getTime() > span) start++;
    if (end - start + 1 > best.length) best = qualifying.slice(start, end + 1);
  }
  return best.length >= rule.burstReviews ? best : null;
}
