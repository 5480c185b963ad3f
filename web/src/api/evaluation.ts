import { api } from './client';

const e = encodeURIComponent;

export type Tier = 'trusted' | 'good' | 'fair' | 'at_risk';

export interface ScorecardMetric {
  key: string;
  label: string;
  dimension: string;
  kind: 'rate' | 'rating' | 'count' | 'state' | string;
  direction: 'lower_better' | 'higher_better' | string;
  active: boolean;
  definition: { numerator: string; denominator: string; windowBasis: string };
  window: { from: string; to: string; days: number };
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  smoothed: number | null;
  interval: { low: number; high: number; level: number } | null;
  prior: { platformAverage: number; strength: number } | null;
  target: number;
  limit: number;
  meetsTarget: boolean | null;
  score: number | null;
  weight: number;
  contribution: number;
  potentialGain: number;
}

export interface Scorecard {
  sellerId: string;
  externalId: string | null;
  shopName: string;
  sellerStatus: string;
  asOf: string;
  policyVersion: number;
  source: string;
  computedAt: string;
  stale: boolean;
  score: number;
  tier: Tier;
  tierLabel: string;
  scoreTier: Tier;
  tierReasons: string[];
  previousTier: Tier | null;
  tierSince: string;
  verification: string;
  penalty: { points: number; deduction: number };
  dimensions: { key: string; label: string; score: number | null; weight: number; contribution: number }[];
  metrics: ScorecardMetric[];
  improve: { key: string; label: string; smoothed: number | null; target: number; potentialGain: number }[];
}

export interface ScorecardHistory {
  sellerId: string;
  from: string;
  points: { asOf: string; score: number; tier: Tier; policyVersion: number; dimensions: Record<string, number | null>; metrics: Record<string, number | null> }[];
  current: { asOf: string; score: number; tier: Tier; computedAt: string } | null;
}

export interface Distribution {
  asOf: string;
  sellers: number;
  averageScore: number | null;
  buckets: { from: number; to: number; count: number }[];
  tiers: Record<string, number>;
  scoreTrend: { asOf: string; sellers: number; averageScore: number; atRisk: number; trusted: number }[];
  metricTrends: { key: string; points: { asOf: string; platformAverage: number; sellers: number; units: number }[] }[];
}

export interface AtRiskList {
  days: number;
  total: number;
  sellers: {
    sellerId: string;
    externalId: string | null;
    shopName: string;
    status: string;
    score: number;
    previousTier: Tier | null;
    tierSince: string;
    newlyAtRisk: boolean;
    reasons: string[];
    asOf: string;
    improve: { key: string; smoothed: number | null; target: number; potentialGain: number }[];
  }[];
}

export const evaluationApi = {
  scorecard: (sellerId: string) => api.get<Scorecard>(`/api/v1/sellers/${e(sellerId)}/scorecard`),
  history: (sellerId: string, days = 90) => api.get<ScorecardHistory>(`/api/v1/sellers/${e(sellerId)}/scorecard/history`, { days }),
  distribution: (days = 90) => api.get<Distribution>('/api/v1/evaluation/distribution', { days }),
  atRisk: (query: { newly?: 'true' | 'false'; days?: number; limit?: number; offset?: number } = {}) => api.get<AtRiskList>('/api/v1/evaluation/at-risk', query),
};
