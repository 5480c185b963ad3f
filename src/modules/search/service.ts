import type { AppContext } from '../../context.js';
import { isStaff, type Actor } from '../../platform/actor.js';
import { forbidden } from '../../shared/errors.js';
import { activePolicy } from '../policy/service.js';
import { ratingSummaries } from '../reviews/visibility.js';
import { DEMOTION_FACTOR, trustMultiplier } from './ranking.js';
import * as repo from './repo.js';

/** Search of sellers and listings for everyone; staff may ask why each result ranks where it does. */

function assertExplain(actor: Actor | null, explain: boolean) {
  if (explain && !(actor && isStaff(actor))) throw forbidden('Only staff see how results are ranked.', 'explain_staff_only');
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

function explainOf(h: { relevance: number; score: number; has_score: boolean; demoted: boolean; rank: number }, boost: number, position: number) {
  return {
    relevance: r6(Number(h.relevance)),
    trustScore: Number(h.score),
    trustScoreKnown: h.has_score,
    boost,
    trustMultiplier: r6(trustMultiplier(Number(h.score), boost)),
    demoted: h.demoted,
    demotionFactor: h.demoted ? DEMOTION_FACTOR : 1,
    finalRank: r6(Number(h.rank)),
    position,
    formula: 'relevance × max(0, 1 + boost × (score − 500) / 500) × demotion',
  };
}

export async function searchSellers(
  ctx: AppContext,
  actor: Actor | null,
  q: { q?: string; country?: string; tier?: string; minRating?: number; limit: number; offset: number; explain: boolean },
) {
  assertExplain(actor, q.explain);
  const { policy } = await activePolicy(ctx);
  const boost = policy.evaluation.searchTrustBoost;
  const hits = await repo.searchSellers(ctx.db, { ...q, at: ctx.clock.now(), boost });
  const ratings = await ratingSummaries(ctx.db, hits.map((h) => h.id));
  return {
    total: hits[0]?.total ?? 0,
    limit: q.limit,
    offset: q.offset,
    results: hits.map((h, i) => ({
      id: h.id,
      shopName: h.shop_name,
      country: h.country,
      verified: h.verified_at !== null && h.status !== 'reverification',
      tier: h.tier,
      rating: { average: ratings.get(h.id)?.average ?? null, count: ratings.get(h.id)?.count ?? 0 },
      explain: q.explain ? explainOf(h, boost, q.offset + i + 1) : undefined,
    })),
  };
}

export async function searchListings(
  ctx: AppContext,
  actor: Actor | null,
  q: { q?: string; category?: string; maxPrice?: number; limit: number; offset: number; explain: boolean },
) {
  assertExplain(actor, q.explain);
  const { policy } = await activePolicy(ctx);
  const boost = policy.evaluation.searchTrustBoost;
  const hits = await repo.searchListings(ctx.db, { ...q, at: ctx.clock.now(), boost });
  return {
    total: hits[0]?.total ?? 0,
    limit: q.limit,
    offset: q.offset,
    results: hits.map((h, i) => ({
      id: h.id,
      title: h.title,
      category: h.category,
      currency: h.currency,
      price: Number(h.price),
      shippingCharge: Number(h.shipping_charge),
      seller: { id: h.seller_id, shopName: h.shop_name, country: h.country, tier: h.tier },
      explain: q.explain ? explainOf(h, boost, q.offset + i + 1) : undefined,
    })),
  };
}
