import type { Generated, JSONColumnType } from 'kysely';
import type { DateString, Json, Timestamp } from './platform.js';

export type EvaluationTier = 'trusted' | 'good' | 'fair' | 'at_risk';
export type ScorecardSource = 'full' | 'incremental' | 'on_demand';

/** A metric as a scorecard stores it: the counts it was computed from, the smoothed value and its 0–100 score. */
export interface StoredMetric {
  num: number | null;
  den: number | null;
  /** Ratings: the sum of squared stars (the within-seller spread the prior estimate needs). */
  sq?: number;
  smoothed: number | null;
  score: number | null;
}

export interface StoredSellerState {
  status: string;
  verification: 'verified' | 'reverification' | 'unverified';
  penaltyPoints: number;
  trainingCompleted: number | null;
}

export interface EvaluationTables {
  order_source_time_zones: { source: string; time_zone: string };
  evaluation_priors: {
    as_of: DateString;
    policy_version: number;
    priors: JSONColumnType<Json>;
    sellers: number;
    computed_at: Timestamp;
  };
  seller_scorecards: {
    seller_id: string;
    as_of: DateString;
    policy_version: number;
    priors_on: DateString;
    score: number;
    tier: EvaluationTier;
    tier_reasons: JSONColumnType<string[]>;
    previous_tier: EvaluationTier | null;
    tier_since: Timestamp;
    dimensions: JSONColumnType<Record<string, number | null>>;
    metrics: JSONColumnType<Record<string, StoredMetric>>;
    seller_state: JSONColumnType<StoredSellerState>;
    source: ScorecardSource;
    facts_at: Timestamp;
    computed_at: Timestamp;
    stale_after: Timestamp;
  };
  seller_scorecard_snapshots: {
    seller_id: string;
    as_of: DateString;
    policy_version: number;
    priors_on: DateString;
    score: number;
    tier: EvaluationTier;
    dimensions: JSONColumnType<Record<string, number | null>>;
    metrics: JSONColumnType<Record<string, StoredMetric>>;
    seller_state: JSONColumnType<StoredSellerState>;
    source: string;
    computed_at: Timestamp;
  };
  evaluation_runs: {
    id: string;
    kind: 'full' | 'daily';
    status: 'queued' | 'running' | 'succeeded' | 'failed';
    as_of: DateString;
    options: JSONColumnType<Json>;
    phase: string | null;
    done: Generated<number>;
    total: Generated<number>;
    result: JSONColumnType<Json> | null;
    error: string | null;
    requested_by: string | null;
    created_at: Timestamp;
    started_at: Timestamp | null;
    heartbeat_at: Timestamp | null;
    finished_at: Timestamp | null;
  };
  evaluation_dirty_sellers: { seller_id: string; marked_at: Generated<Timestamp> };
}
