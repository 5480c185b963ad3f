import { api } from './client';
import type { Tier } from './evaluation';
import type { RatingSummary } from './reviews';

const e = encodeURIComponent;

/** Why a result ranks where it does (staff only): relevance × trust multiplier × demotion. */
export interface RankExplanation {
  relevance: number;
  trustScore: number;
  trustScoreKnown: boolean;
  boost: number;
  trustMultiplier: number;
  demoted: boolean;
  demotionFactor: number;
  finalRank: number;
  position: number;
  formula: string;
}

export interface SellerHit {
  id: string;
  shopName: string;
  country: string;
  verified: boolean;
  tier: Tier | null;
  rating: { average: number | null; count: number };
  explain?: RankExplanation;
}

export interface ListingHit {
  id: string;
  title: string;
  category: string;
  currency: string;
  price: number;
  shippingCharge: number;
  seller: { id: string; shopName: string; country: string; tier: Tier | null };
  explain?: RankExplanation;
}

export interface SearchPage<T> {
  total: number;
  limit: number;
  offset: number;
  results: T[];
}

export interface SellerQuery {
  q?: string;
  country?: string;
  tier?: Tier | '';
  minRating?: number;
  limit?: number;
  offset?: number;
  explain?: boolean;
}

export interface ListingQuery {
  q?: string;
  category?: string;
  /** Minor units. */
  maxPrice?: number;
  limit?: number;
  offset?: number;
  explain?: boolean;
}

export interface TrustedSeller {
  sellerId: string;
  externalId: string | null;
  shopName: string;
  country: string;
  region: string;
  trustScore: number;
  trustedSince: string;
  rating: number | null;
  reviews: number;
}

export interface PublicProfile {
  id: string;
  shopName: string;
  country: string;
  region: string | null;
  verified: boolean;
  memberSince: string;
  rating: RatingSummary;
  tier: Tier | null;
  trustScore: number | null;
  trusted: boolean;
}

const flag = (b: boolean | undefined) => (b ? 'true' : undefined);

export const visibilityApi = {
  searchSellers: (q: SellerQuery, signal?: AbortSignal) =>
    api.get<SearchPage<SellerHit>>('/api/v1/search/sellers', { ...q, tier: q.tier || undefined, explain: flag(q.explain) }, signal),
  searchListings: (q: ListingQuery, signal?: AbortSignal) => api.get<SearchPage<ListingHit>>('/api/v1/search/listings', { ...q, explain: flag(q.explain) }, signal),
  trusted: (q: { country?: string; limit?: number; offset?: number } = {}) =>
    api.get<{ total: number; countries: string[]; sellers: TrustedSeller[] }>('/api/v1/trusted-sellers', q),
  /** The export files are plain downloads: the browser saves what these addresses answer. */
  trustedCsvUrl: (country?: string) => `/api/v1/trusted-sellers.csv${country ? `?country=${e(country)}` : ''}`,
  trustedJsonUrl: (country?: string) => `/api/v1/trusted-sellers.json${country ? `?country=${e(country)}` : ''}`,
  publicProfile: (sellerId: string) => api.get<PublicProfile>(`/api/v1/sellers/${e(sellerId)}/public`),
};
