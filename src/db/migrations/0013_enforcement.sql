-- Enforcement: what detectors need that nobody recorded yet (listings, identity links), violations with their
-- points, sanctions, appeals with evidence, audits and their findings, bulk actions, the fate of a banned seller's
-- open orders, and the tamper-evident log of every enforcement decision.
--
-- Sharding: seller-side rows carry seller_id (or subject_id, the seller or buyer they are about).

-- Listings as the platform's catalogue sends them (integration ingest). Only what the detectors and the listing
-- sanctions need: category, price, shipping charge, the parcel's real shipping cost, the text.
CREATE TABLE listings (
  id text PRIMARY KEY,
  source text NOT NULL,
  external_id text NOT NULL,
  seller_id text NOT NULL REFERENCES sellers(id),
  category text NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  price bigint NOT NULL CHECK (price >= 0),
  shipping_charge bigint NOT NULL DEFAULT 0 CHECK (shipping_charge >= 0),
  -- what shipping the parcel really costs (the platform's logistics rate for its weight), when known
  shipping_cost bigint CHECK (shipping_cost >= 0),
  weight_grams integer CHECK (weight_grams > 0),
  status text NOT NULL CHECK (status IN ('active', 'removed')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX listings_source_external ON listings (source, external_id);
CREATE INDEX listings_seller ON listings (seller_id, status);
CREATE INDEX listings_category ON listings (category, currency, price) WHERE status = 'active';

-- Who is linked to whom: a hashed shipping address, payment instrument or device fingerprint seen for a buyer or
-- a seller (the platform sends hashes, never the values). Reviews from buyers sharing one with the seller are
-- suspect.
CREATE TABLE party_links (
  party_type text NOT NULL CHECK (party_type IN ('buyer', 'seller')),
  party_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('address', 'payment', 'device')),
  value_hash text NOT NULL CHECK (length(value_hash) BETWEEN 16 AND 128),
  first_seen_at timestamptz NOT NULL,
  PRIMARY KEY (party_type, party_id, kind, value_hash)
);
CREATE INDEX party_links_value ON party_links (kind, value_hash);

-- A rule broken, proposed by a detector, an audit or an officer. proposed → confirmed | dismissed;
-- confirmed → reversed (upheld appeal, undone batch). Points count from confirmation until points_expire_at.
CREATE TABLE violations (
  id text PRIMARY KEY,
  subject_type text NOT NULL CHECK (subject_type IN ('seller', 'buyer')),
  -- the seller or the buyer (user) it is about
  subject_id text NOT NULL,
  seller_id text REFERENCES sellers(id),
  buyer_id text REFERENCES users(id),
  rule text NOT NULL,
  status text NOT NULL CHECK (status IN ('proposed', 'confirmed', 'dismissed', 'reversed')),
  origin text NOT NULL CHECK (origin IN ('detector', 'audit', 'officer', 'bulk', 'report')),
  -- one violation per fact: a detector's finding is proposed once
  dedupe_key text NOT NULL,
  summary text NOT NULL,
  evidence jsonb NOT NULL DEFAULT '{}'::jsonb,
  points integer NOT NULL DEFAULT 0 CHECK (points >= 0),
  auto_confirmed boolean NOT NULL DEFAULT false,
  -- a sanction imposed on confirmation whatever the points (severe fraud: ban)
  direct_sanction text,
  policy_version integer NOT NULL,
  audit_id text,
  batch_id text,
  detected_at timestamptz NOT NULL,
  proposed_by text,
  decided_at timestamptz,
  decided_by text,
  decision_reason text,
  points_expire_at timestamptz,
  reversed_at timestamptz,
  reversed_by text,
  reversal_reason text,
  updated_at timestamptz NOT NULL,
  CHECK ((subject_type = 'seller') = (seller_id IS NOT NULL)),
  CHECK ((subject_type = 'buyer') = (buyer_id IS NOT NULL)),
  CHECK (status <> 'confirmed' OR points_expire_at IS NOT NULL)
);
CREATE UNIQUE INDEX violations_dedupe ON violations (dedupe_key);
CREATE INDEX violations_queue ON violations (detected_at) WHERE status = 'proposed';
CREATE INDEX violations_subject ON violations (subject_id, detected_at DESC);
CREATE INDEX violations_points ON violations (subject_id, points_expire_at) WHERE status = 'confirmed';
CREATE INDEX violations_rule ON violations (rule, subject_id, detected_at DESC);

-- A sanction on a seller or a buyer. origin: the ladder (points), a violation's own sanction, a rule (small
-- parcels), a bulk batch, an officer. active → lifted | expired | rectified.
CREATE TABLE sanctions (
  id text PRIMARY KEY,
  subject_type text NOT NULL CHECK (subject_type IN ('seller', 'buyer')),
  subject_id text NOT NULL,
  seller_id text REFERENCES sellers(id),
  buyer_id text REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('warning', 'no_promotions', 'search_demotion', 'listing_limit', 'small_parcel_restriction', 'suspension', 'ban', 'claim_limit')),
  status text NOT NULL CHECK (status IN ('active', 'lifted', 'expired', 'rectified')),
  origin text NOT NULL CHECK (origin IN ('ladder', 'violation', 'rule', 'bulk', 'officer')),
  violation_id text REFERENCES violations(id),
  batch_id text,
  -- the points that reached the rung (ladder)
  threshold_points integer,
  reason text NOT NULL,
  rectify_by timestamptz,
  ends_at timestamptz,
  policy_version integer NOT NULL,
  imposed_by text,
  imposed_at timestamptz NOT NULL,
  lifted_at timestamptz,
  lifted_by text,
  lift_reason text,
  updated_at timestamptz NOT NULL
);
CREATE INDEX sanctions_in_force ON sanctions (subject_id, kind) WHERE status = 'active';
CREATE INDEX sanctions_subject ON sanctions (subject_id, imposed_at DESC);
CREATE INDEX sanctions_batch ON sanctions (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX sanctions_violation ON sanctions (violation_id) WHERE violation_id IS NOT NULL;

-- A seller's appeal of a violation or a sanction. submitted → upheld | rejected (decided by an officer other than
-- the one who confirmed what is appealed).
CREATE TABLE appeals (
  id text PRIMARY KEY,
  seller_id text NOT NULL REFERENCES sellers(id),
  target_type text NOT NULL CHECK (target_type IN ('violation', 'sanction')),
  target_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('submitted', 'upheld', 'rejected')),
  statement text NOT NULL,
  submitted_by text NOT NULL,
  submitted_at timestamptz NOT NULL,
  -- who confirmed or imposed what is appealed: they may not decide the appeal
  original_decider text,
  decided_by text,
  decided_at timestamptz,
  decision_reason text,
  policy_version integer NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX appeals_one_open ON appeals (target_type, target_id) WHERE status = 'submitted';
CREATE INDEX appeals_queue ON appeals (submitted_at) WHERE status = 'submitted';
CREATE INDEX appeals_seller ON appeals (seller_id, submitted_at DESC);

-- Evidence attached to an appeal: content-addressed files, never changed.
CREATE TABLE appeal_evidence (
  id text PRIMARY KEY,
  appeal_id text REFERENCES appeals(id),
  seller_id text NOT NULL,
  sha256 text NOT NULL REFERENCES blobs(sha256),
  media_type text NOT NULL,
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  file_name text NOT NULL,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL
);
CREATE INDEX appeal_evidence_appeal ON appeal_evidence (appeal_id);

-- An officer's audit: a sample of a seller's or a category's orders or listings, and the findings recorded on it.
CREATE TABLE audits (
  id text PRIMARY KEY,
  scope text NOT NULL CHECK (scope IN ('seller', 'category')),
  seller_id text REFERENCES sellers(id),
  category text,
  sample_kind text NOT NULL CHECK (sample_kind IN ('orders', 'listings')),
  sample jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  note text NOT NULL DEFAULT '',
  opened_by text NOT NULL,
  opened_at timestamptz NOT NULL,
  closed_by text,
  closed_at timestamptz,
  CHECK ((scope = 'seller') = (seller_id IS NOT NULL)),
  CHECK ((scope = 'category') = (category IS NOT NULL))
);
CREATE INDEX audits_opened ON audits (opened_at DESC);

CREATE TABLE audit_findings (
  id text PRIMARY KEY,
  audit_id text NOT NULL REFERENCES audits(id),
  item_type text NOT NULL CHECK (item_type IN ('order', 'listing')),
  item_id text NOT NULL,
  seller_id text NOT NULL REFERENCES sellers(id),
  rule text NOT NULL,
  note text NOT NULL,
  violation_id text REFERENCES violations(id),
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX audit_findings_audit ON audit_findings (audit_id, recorded_at);

-- Bulk enforcement: criteria, the previewed sellers, one sanction with one reason, the public report, the undo.
-- previewed → applied → undone; previewed → discarded.
CREATE TABLE enforcement_batches (
  id text PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('previewed', 'applied', 'undone', 'discarded')),
  criteria jsonb NOT NULL,
  sanction text NOT NULL,
  reason text NOT NULL,
  public_summary text NOT NULL DEFAULT '',
  seller_ids jsonb NOT NULL,
  -- per seller: status and sanctions before the batch (the undo restores them)
  before_state jsonb,
  applied_count integer,
  policy_version integer NOT NULL,
  previewed_by text NOT NULL,
  previewed_at timestamptz NOT NULL,
  applied_by text,
  applied_at timestamptz,
  undone_by text,
  undone_at timestamptz,
  undo_reason text,
  published boolean NOT NULL DEFAULT false
);
CREATE INDEX enforcement_batches_published ON enforcement_batches (applied_at DESC) WHERE published;

-- What became of each open order of a banned seller, so nothing is lost.
CREATE TABLE banned_seller_orders (
  order_id text PRIMARY KEY REFERENCES orders(id),
  seller_id text NOT NULL,
  sanction_id text NOT NULL REFERENCES sanctions(id),
  -- refunded: cancelled and refunded in full; awaiting_reassignment: held for support to re-source;
  -- in_transit: already dispatched, delivered under protection as usual
  outcome text NOT NULL CHECK (outcome IN ('refunded', 'awaiting_reassignment', 'in_transit')),
  refund_id text,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX banned_seller_orders_seller ON banned_seller_orders (seller_id);

-- Sellers and buyers whose facts changed since the detectors last looked (filled by triggers, taken by the job).
CREATE TABLE enforcement_dirty (
  subject_type text NOT NULL CHECK (subject_type IN ('seller', 'buyer')),
  subject_id text NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enforcement_dirty_marked ON enforcement_dirty (marked_at);

-- When each scheduled full detector pass last ran.
CREATE TABLE enforcement_runs (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('scheduled', 'events', 'manual', 'replay')),
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  policy_version integer NOT NULL,
  result jsonb
);
CREATE INDEX enforcement_runs_started ON enforcement_runs (kind, started_at DESC);

-- The tamper-evident log: every enforcement decision, each entry's SHA-256 covering its content and the previous
-- entry's hash. Appends take the head row's lock, so entries are numbered without gaps in commit order.
CREATE TABLE enforcement_log (
  seq bigint PRIMARY KEY,
  id text NOT NULL UNIQUE,
  at timestamptz NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  subject_id text,
  actor_id text,
  actor_role text NOT NULL,
  policy_version integer,
  payload jsonb NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX enforcement_log_entity ON enforcement_log (entity_type, entity_id);
CREATE INDEX enforcement_log_subject ON enforcement_log (subject_id, seq) WHERE subject_id IS NOT NULL;

CREATE TABLE enforcement_log_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO enforcement_log_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

CREATE FUNCTION enforcement_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'enforcement_log is append-only';
END $$;
CREATE TRIGGER enforcement_log_no_update BEFORE UPDATE OR DELETE ON enforcement_log
  FOR EACH ROW EXECUTE FUNCTION enforcement_log_append_only();

-- Events that can break a rule mark their seller (or buyer) for the detectors, in the transaction of the change.
CREATE FUNCTION enforcement_mark_from_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO enforcement_dirty (subject_type, subject_id)
  SELECT DISTINCT 'seller', seller_id FROM enforcement_new_events
   WHERE seller_id IS NOT NULL
     AND (event_type IN ('order.dispatched', 'order.cancelled', 'order.signal_raised')
          OR event_type LIKE 'case.%' OR event_type LIKE 'listing.%');
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_marks_enforcement AFTER INSERT ON outbox
  REFERENCING NEW TABLE AS enforcement_new_events
  FOR EACH STATEMENT EXECUTE FUNCTION enforcement_mark_from_outbox();

CREATE FUNCTION enforcement_mark_from_seller_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO enforcement_dirty (subject_type, subject_id) SELECT DISTINCT 'seller', seller_id FROM enforcement_new_rows;
  RETURN NULL;
END $$;
CREATE TRIGGER reviews_mark_enforcement AFTER INSERT ON reviews
  REFERENCING NEW TABLE AS enforcement_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION enforcement_mark_from_seller_rows();
CREATE TRIGGER protection_disputes_mark_enforcement AFTER INSERT ON protection_dispute_openings
  REFERENCING NEW TABLE AS enforcement_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION enforcement_mark_from_seller_rows();

-- The case threads' messages, when the cases tables exist.
DO $$
BEGIN
  IF to_regclass('case_messages') IS NOT NULL THEN
    CREATE TRIGGER case_messages_mark_enforcement AFTER INSERT ON case_messages
      REFERENCING NEW TABLE AS enforcement_new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION enforcement_mark_from_seller_rows();
  END IF;
END $$;
