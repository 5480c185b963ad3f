/**
 * Search ranking (pure): relevance × trust boost × demotion. The trust boost is the policy's
 * `evaluation.searchTrustBoost`: relevance × (1 + boost × (score − 500) / 500), never below zero. A seller without a
 * scorecard yet counts as 500 (neutral). Restricted and search-demoted sellers keep their place in the results but
 * with their rank multiplied by DEMOTION_FACTOR.
 */
export const DEMOTION_FACTOR = 0.25;
export const NEUTRAL_SCORE = 500;

export function trustMultiplier(score: number, boost: number): number {
  return Math.max(0, 1 + (boost * (score - NEUTRAL_SCORE)) / NEUTRAL_SCORE);
}

export function finalRank(relevance: number, score: number, boost: number, demoted: boolean): number {
  return relevance * trustMultiplier(score, boost) * (demoted ? DEMOTION_FACTOR : 1);
}

/** Words of a query for a prefix tsquery ('simple' configuration): letters and digits only, so nothing needs quoting. */
export function prefixTsQuery(q: string): string | null {
  const words = q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 12);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/** Chinese (and other scripts without spaces) cannot be split into words: such queries match as substrings. */
export function needsSubstring(q: string): boolean {
  return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(q);
}
