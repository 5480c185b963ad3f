-- Seller evaluation: the current scorecard of every seller, daily snapshots for the trend, the platform priors each
-- day's scores were shrunk toward, recompute runs with their progress, and the sellers waiting for an incremental
-- recompute.
--
-- Sharding: scorecards, snapshots and dirty marks are keyed by seller_id; priors and runs are small platform tables.

-- What the evaluation needs to know about where orders come from. time_zone: the calendar an order source's local
-- days are counted in ("delivered after the estimated delivery day" compares the delivery's calendar day there
-- with the promised day; sources not listed use the policy's evaluation.timeZone). carrier_scans: whether the
-- source records carrier scans; where it does not (an export with only hand-over and delivery dates), a delivery
-- is the proof that the tracking worked. Olist's timestamps and promised days are Brazil local time.
CREATE TABLE evaluation_order_sources (
  source text PRIMARY KEY,
  time_zone text NOT NULL,
  carrier_scans boolean NOT NULL DEFAULT true
);
INSERT INTO evaluation_order_sources (source, time_zone, carrier_scans) VALUES ('olist', 'America/Sao_Paulo', false);

-- The platform's Beta prior of every rate and rating for one as-of day and policy version:
-- {metric: {mean, strength, dispersion, sellers, units, method}}. Computed once per day (or on an admin's request),
-- so every scorecard of the day, full or incremental, is shrunk toward the same average.
CREATE TABLE evaluation_priors (
  as_of date NOT NULL,
  policy_version integer NOT NULL,
  priors jsonb NOT NULL,
  sellers integer NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (as_of, policy_version)
);

-- The current scorecard of each seller: a computed record with its source and time (Marble-style). Everything the
-- explanation needs is here or referenced: counts per metric, the seller's state, the policy version and the priors.
-- Per-metric values are arrays in the order of metric_keys (numbers, not jsonb: a full recompute writes every row).
-- Read it through the seller_scorecards view below.
CREATE TABLE seller_scorecard_records (
  seller_id text PRIMARY KEY REFERENCES sellers(id),
  as_of date NOT NULL,
  policy_version integer NOT NULL,
  -- the evaluation_priors row (as_of, policy_version) used
  priors_on date NOT NULL,
  score integer NOT NULL CHECK (score BETWEEN 0 AND 1000),
  tier text NOT NULL CHECK (tier IN ('trusted', 'good', 'fair', 'at_risk')),
  -- why the tier is below the score's (not_verified, suspended, penalty_points, few_orders, …)
  tier_reasons text[] NOT NULL DEFAULT '{}',
  previous_tier text CHECK (previous_tier IN ('trusted', 'good', 'fair', 'at_risk')),
  -- when the seller entered the current tier
  tier_since timestamptz NOT NULL,
  -- the seller's state the scorecard used
  seller_status text NOT NULL,
  verification text NOT NULL CHECK (verification IN ('verified', 'reverification', 'unverified')),
  penalty_points integer NOT NULL,
  -- null while the platform has no training
  training_completed integer,
  metric_keys text[] NOT NULL,
  -- counts (null where a metric has none: penalty points have no denominator) and the smoothed value
  numerators float8[] NOT NULL,
  denominators float8[] NOT NULL,
  smoothed float8[] NOT NULL,
  dimension_keys text[] NOT NULL,
  dimension_scores float8[] NOT NULL,
  -- full: the scheduled or requested recompute of every seller; incremental: after an event; on_demand: first read
  source text NOT NULL CHECK (source IN ('full', 'incremental', 'on_demand')),
  -- the database time the facts were read; an older read never overwrites a newer one
  facts_at timestamptz NOT NULL,
  computed_at timestamptz NOT NULL,
  -- the end of the as-of day: a newer day's recompute is due
  stale_after timestamptz NOT NULL,
  CHECK (cardinality(numerators) = cardinality(metric_keys) AND cardinality(denominators) = cardinality(metric_keys)
    AND cardinality(smoothed) = cardinality(metric_keys) AND cardinality(dimension_scores) = cardinality(dimension_keys))
-- every recompute rewrites every row: room on the page and no index on the score keep those updates HOT
) WITH (fillfactor = 50);
CREATE INDEX seller_scorecard_records_tier ON seller_scorecard_records (tier, tier_since DESC);

-- The current scorecards for readers: every column, plus the metrics, dimensions and seller state as jsonb
-- ({metric: {num, den, smoothed}}, {dimension: score}, {status, verification, penaltyPoints, trainingCompleted}).
CREATE VIEW seller_scorecards AS
SELECT c.*,
  (SELECT jsonb_object_agg(u.key, jsonb_build_object('num', c.numerators[u.i], 'den', c.denominators[u.i], 'smoothed', c.smoothed[u.i]))
     FROM unnest(c.metric_keys) WITH ORDINALITY AS u(key, i)) AS metrics,
  (SELECT jsonb_object_agg(u.key, c.dimension_scores[u.i]) FROM unnest(c.dimension_keys) WITH ORDINALITY AS u(key, i)) AS dimensions,
  jsonb_build_object('status', c.seller_status, 'verification', c.verification, 'penaltyPoints', c.penalty_points,
    'trainingCompleted', c.training_completed) AS seller_state
FROM seller_scorecard_records c;

-- One scorecard per seller per day, for the trend chart and the staff dashboards (same layout).
CREATE TABLE seller_scorecard_snapshots (
  seller_id text NOT NULL REFERENCES sellers(id),
  as_of date NOT NULL,
  policy_version integer NOT NULL,
  priors_on date NOT NULL,
  score integer NOT NULL CHECK (score BETWEEN 0 AND 1000),
  tier text NOT NULL CHECK (tier IN ('trusted', 'good', 'fair', 'at_risk')),
  tier_reasons text[] NOT NULL DEFAULT '{}',
  seller_status text NOT NULL,
  verification text NOT NULL,
  penalty_points integer NOT NULL,
  training_completed integer,
  metric_keys text[] NOT NULL,
  numerators float8[] NOT NULL,
  denominators float8[] NOT NULL,
  smoothed float8[] NOT NULL,
  dimension_keys text[] NOT NULL,
  dimension_scores float8[] NOT NULL,
  source text NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (seller_id, as_of)
);
CREATE INDEX seller_scorecard_snapshots_day ON seller_scorecard_snapshots (as_of, tier);

-- Full recomputes: requested by an admin or the daily schedule, run by any replica (claimed FOR UPDATE SKIP LOCKED),
-- with their progress.
CREATE TABLE evaluation_runs (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('full', 'daily')),
  status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  as_of date NOT NULL,
  options jsonb NOT NULL DEFAULT '{}'::jsonb,
  phase text,
  done integer NOT NULL DEFAULT 0,
  total integer NOT NULL DEFAULT 0,
  result jsonb,
  error text,
  requested_by text,
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  heartbeat_at timestamptz,
  finished_at timestamptz
);
CREATE UNIQUE INDEX evaluation_runs_one_daily ON evaluation_runs (as_of) WHERE kind = 'daily';
CREATE INDEX evaluation_runs_queued ON evaluation_runs (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX evaluation_runs_created ON evaluation_runs (created_at DESC);

-- Sellers whose facts changed since their scorecard: appended by the triggers below, taken by the incremental job.
-- No key, so concurrent writers never wait on each other.
CREATE TABLE evaluation_dirty_sellers (
  seller_id text NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evaluation_dirty_sellers_marked ON evaluation_dirty_sellers (marked_at);

-- Every outbox event about a seller's business (orders dispatched, delivered, cancelled, tracking valid, cases,
-- refunds, status changes, penalties) marks the seller, in the transaction of the change. The evaluation's own
-- tier-change events do not.
CREATE FUNCTION evaluation_mark_from_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO evaluation_dirty_sellers (seller_id)
  SELECT DISTINCT seller_id FROM evaluation_new_events
   WHERE seller_id IS NOT NULL AND event_type NOT LIKE 'evaluation.%' AND event_type <> 'seller.tier_changed';
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_marks_evaluation AFTER INSERT ON outbox
  REFERENCING NEW TABLE AS evaluation_new_events
  FOR EACH STATEMENT EXECUTE FUNCTION evaluation_mark_from_outbox();

-- Reviews are facts of their own (an import writes them without events).
CREATE FUNCTION evaluation_mark_from_reviews() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO evaluation_dirty_sellers (seller_id) SELECT DISTINCT seller_id FROM evaluation_new_reviews;
  RETURN NULL;
END $$;
CREATE TRIGGER reviews_insert_marks_evaluation AFTER INSERT ON reviews
  REFERENCING NEW TABLE AS evaluation_new_reviews
  FOR EACH STATEMENT EXECUTE FUNCTION evaluation_mark_from_reviews();
CREATE TRIGGER reviews_update_marks_evaluation AFTER UPDATE ON reviews
  REFERENCING NEW TABLE AS evaluation_new_reviews
  FOR EACH STATEMENT EXECUTE FUNCTION evaluation_mark_from_reviews();
