import type { Generated, JSONColumnType } from 'kysely';
import type { DateString, Json, Timestamp } from './platform.js';

export type EvaluationTier = 'trusted' | 'good' | 'fair' | 'at_risk';
export type ScorecardSource = 'full' | 'incremental' | 'on_demand';

/**
 * A metric as a scorecard stores it: the counts it was computed from and the smoothed value. (Ratings' sums of
 * squared stars only matter for estimating the day's priors, which are stored on their own.)
 */
export interface StoredMetric {
  num: number | null;
  den: number | null;
  sq?: number;
  smoothed: number | null;
}

export interface StoredSellerState {
  status: string;
  verification: 'verified' | 'reverification' | 'unverified';
  penaltyPoints: number;
  trainingCompleted: number | null;
}

/** The columns a current scorecard and a snapshot share: the seller's state and per-metric arrays. */
interface ScorecardColumns {
  seller_id: string;
  as_of: DateString;
  policy_version: number;
  priors_on: DateString;
  score: number;
  tier: EvaluationTier;
  tier_reasons: string[];
  seller_status: string;
  verification: StoredSellerState['verification'];
  penalty_points: number;
  training_completed: number | null;
  /** The order of the arrays below. */
  metric_keys: string[];
  numerators: (number | null)[];
  denominators: (number | null)[];
  smoothed: (number | null)[];
  dimension_keys: string[];
  dimension_scores: (number | null)[];
}

type CurrentScorecardColumns = ScorecardColumns & {
  previous_tier: EvaluationTier | null;
  tier_since: Timestamp;
  source: ScorecardSource;
  facts_at: Timestamp;
  computed_at: Timestamp;
  stale_after: Timestamp;
};

export interface EvaluationTables {
  evaluation_order_sources: { source: string; time_zone: string; carrier_scans: boolean };
  evaluation_priors: {
    as_of: DateString;
    policy_version: number;
    priors: JSONColumnType<Json>;
    sellers: number;
    computed_at: Timestamp;
  };
  /** Written by the evaluation; read through the seller_scorecards view. */
  seller_scorecard_records: CurrentScorecardColumns;
  /** The current scorecards with the metrics, dimensions and seller state as jsonb (a view; read only). */
  seller_scorecards: CurrentScorecardColumns & {
    metrics: JSONColumnType<Record<string, StoredMetric>>;
    dimensions: JSONColumnType<Record<string, number | null>>;
    seller_state: JSONColumnType<StoredSellerState>;
  };
  seller_scorecard_snapshots: ScorecardColumns & {
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
