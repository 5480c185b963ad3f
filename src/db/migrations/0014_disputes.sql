-- Post-delivery disputes on the case engine (0011): five more case types, the structured claim with its weight
-- check and resolution-matrix tier, evidence (immutable, with duplicates across claims found by SHA-256), the
-- buyer's abuse reports to compliance, and resumable chunked uploads that any feature can take files from.
--
-- Sharding: dispute rows carry seller_id like the cases they extend. Upload sessions belong to the user uploading.

ALTER TABLE cases DROP CONSTRAINT cases_type_check;
ALTER TABLE cases ADD CONSTRAINT cases_type_check
  CHECK (type IN ('qc_failure', 'not_received', 'missing_item', 'damaged_item', 'wrong_item', 'not_as_described'));

-- ---- resumable uploads ---------------------------------------------------------------------------------------

-- A file sent in numbered chunks (each streamed to a part file), then assembled into content-addressed storage
-- once every chunk is there, its SHA-256 checked against the one declared at the start and its type sniffed.
-- open → assembling → completed; open → aborted | expired.
CREATE TABLE upload_sessions (
  id text PRIMARY KEY,
  owner_id text NOT NULL REFERENCES users(id),
  status text NOT NULL CHECK (status IN ('open', 'assembling', 'completed', 'aborted', 'expired')),
  -- cleaned of paths and control characters; never used to name anything on disk
  file_name text NOT NULL,
  total_bytes bigint NOT NULL CHECK (total_bytes > 0),
  chunk_bytes integer NOT NULL CHECK (chunk_bytes > 0),
  total_chunks integer NOT NULL CHECK (total_chunks > 0),
  declared_sha256 text NOT NULL CHECK (declared_sha256 ~ '^[0-9a-f]{64}$'),
  -- the kinds of file the session takes: photo, video, document
  accept jsonb NOT NULL,
  -- sniffed from the first chunk, so a wrong type is refused before the rest is sent
  detected_media_type text,
  sha256 text REFERENCES blobs(sha256),
  media_type text,
  kind text CHECK (kind IN ('photo', 'video', 'document')),
  size_bytes bigint,
  -- what took the completed file (e.g. a dispute's evidence); a file is taken once
  used_by text,
  used_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  assembling_since timestamptz,
  completed_at timestamptz,
  CONSTRAINT upload_sessions_completed CHECK ((status = 'completed') = (sha256 IS NOT NULL))
);
CREATE INDEX upload_sessions_owner ON upload_sessions (owner_id, created_at DESC);
CREATE INDEX upload_sessions_expiry ON upload_sessions (expires_at) WHERE status IN ('open', 'assembling');

CREATE TABLE upload_chunks (
  session_id text NOT NULL REFERENCES upload_sessions(id),
  chunk_index integer NOT NULL CHECK (chunk_index >= 0),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  received_at timestamptz NOT NULL,
  PRIMARY KEY (session_id, chunk_index)
);

-- ---- disputes -------------------------------------------------------------------------------------------------

-- The structured claim of a dispute case and what the platform made of it: the weight check, the resolution
-- matrix's tier, the flags, the mediation's appeal and the outcome.
CREATE TABLE disputes (
  case_id text PRIMARY KEY REFERENCES cases(id),
  order_id text NOT NULL REFERENCES orders(id),
  seller_id text NOT NULL,
  buyer_id text NOT NULL REFERENCES users(id),
  issue_type text NOT NULL CHECK (issue_type IN ('not_received', 'missing_item', 'damaged_item', 'wrong_item', 'not_as_described')),
  detail text NOT NULL,
  -- [{itemId, quantity}]: the affected units
  items jsonb NOT NULL,
  -- the buyer's free text as typed, the thread message carrying it and the clarity check's findings on it
  note text,
  claim_message_id text REFERENCES case_messages(id),
  clarity jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- the parcel it came in (or did not), its insurance, and the window the claim was opened in
  parcel_id text REFERENCES parcels(id),
  insured boolean,
  delivered_at timestamptz,
  opened_via text NOT NULL CHECK (opened_via IN ('delivery_window', 'protection')),
  window_ends_at timestamptz NOT NULL,
  -- the weight check: the label's (declared) weight, the warehouse's measurement, the buyer's scale
  label_weight_grams integer,
  warehouse_weight_grams integer,
  scale_reading_grams integer CHECK (scale_reading_grams > 0 AND scale_reading_grams <= 1000000),
  weight_verdict text NOT NULL,
  weight_difference_grams integer,
  weight_tolerance_grams integer,
  weight_supports_missing boolean NOT NULL,
  -- the resolution matrix
  matrix_key text NOT NULL,
  tier smallint NOT NULL CHECK (tier BETWEEN 1 AND 3),
  tier_source text NOT NULL CHECK (tier_source IN ('rule', 'fallback')),
  fitting_remedies jsonb NOT NULL,
  max_partial_refund bigint NOT NULL CHECK (max_partial_refund >= 0),
  video_required boolean NOT NULL,
  needs_video boolean NOT NULL,
  exceeds_tier boolean NOT NULL,
  disproportionate boolean NOT NULL,
  poor_record_at_opening boolean NOT NULL,
  duplicate_evidence boolean NOT NULL DEFAULT false,
  policy_version integer NOT NULL,
  -- the seller's contest
  contest_reason text,
  contested_at timestamptz,
  -- mediation (also on the case: decided_at, decided_by, decision_reason) and the one appeal, to another agent
  mediator_id text,
  decision_remedy jsonb,
  decision_tier smallint CHECK (decision_tier BETWEEN 1 AND 3),
  appealed_by text,
  appealed_side text CHECK (appealed_side IN ('buyer', 'seller')),
  appealed_at timestamptz,
  appeal_reason text,
  appeal_decided_by text,
  appeal_decided_at timestamptz,
  appeal_remedy jsonb,
  appeal_decision_reason text,
  appeal_outcome text CHECK (appeal_outcome IN ('upheld', 'changed')),
  -- carrying it out
  replacement_order_id text REFERENCES orders(id),
  compensation_amount bigint,
  outcome text CHECK (outcome IN ('buyer_won', 'partly_won', 'buyer_lost', 'withdrawn', 'compensated')),
  outcome_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT disputes_appeal_by_another_agent CHECK (appeal_decided_by IS NULL OR appeal_decided_by IS DISTINCT FROM mediator_id),
  CONSTRAINT disputes_one_appeal CHECK ((appealed_at IS NULL) = (appealed_side IS NULL))
);
-- one open dispute per order and issue
CREATE UNIQUE INDEX disputes_one_open ON disputes (order_id, issue_type) WHERE outcome IS NULL;
CREATE INDEX disputes_buyer ON disputes (buyer_id, created_at DESC);
CREATE INDEX disputes_seller ON disputes (seller_id, created_at DESC);
CREATE INDEX disputes_replacement ON disputes (replacement_order_id) WHERE replacement_order_id IS NOT NULL;

-- Evidence of either side: a case attachment with what it shows. Never changed or removed once attached.
CREATE TABLE dispute_evidence (
  id text PRIMARY KEY,
  case_id text NOT NULL REFERENCES cases(id),
  seller_id text NOT NULL,
  buyer_id text NOT NULL,
  side text NOT NULL CHECK (side IN ('buyer', 'seller')),
  kind text NOT NULL CHECK (kind IN ('unboxing_video', 'exterior_photo', 'scale_photo', 'label_photo', 'item_photo', 'customs_notice',
    'packing_video', 'packing_photo', 'dispatch_weight_proof', 'carrier_proof', 'other')),
  attachment_id text NOT NULL REFERENCES case_attachments(id),
  upload_id text REFERENCES upload_sessions(id),
  sha256 text NOT NULL REFERENCES blobs(sha256),
  media_type text NOT NULL,
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  caption text,
  added_by text,
  added_at timestamptz NOT NULL,
  UNIQUE (case_id, sha256)
);
CREATE INDEX dispute_evidence_case ON dispute_evidence (case_id, added_at);
CREATE INDEX dispute_evidence_sha256 ON dispute_evidence (sha256, side);

CREATE FUNCTION dispute_evidence_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dispute evidence is never changed or removed';
END $$;
CREATE TRIGGER dispute_evidence_guard BEFORE UPDATE OR DELETE ON dispute_evidence FOR EACH ROW EXECUTE FUNCTION dispute_evidence_guard();

-- The same file as a buyer's evidence on two claims: of the same buyer, or of another buyer.
CREATE TABLE dispute_evidence_duplicates (
  evidence_id text NOT NULL REFERENCES dispute_evidence(id),
  case_id text NOT NULL,
  other_evidence_id text NOT NULL REFERENCES dispute_evidence(id),
  other_case_id text NOT NULL,
  scope text NOT NULL CHECK (scope IN ('same_buyer', 'other_buyer')),
  sha256 text NOT NULL,
  found_at timestamptz NOT NULL,
  PRIMARY KEY (evidence_id, other_evidence_id)
);
CREATE INDEX dispute_evidence_duplicates_case ON dispute_evidence_duplicates (case_id);

-- Serious abuse by a buyer, reported to compliance (and proposed to enforcement as a buyer violation).
CREATE TABLE buyer_abuse_reports (
  id text PRIMARY KEY,
  buyer_id text NOT NULL REFERENCES users(id),
  case_id text REFERENCES cases(id),
  rule text NOT NULL CHECK (rule IN ('duplicate_evidence', 'disproportionate_demand')),
  dedupe_key text NOT NULL UNIQUE,
  summary text NOT NULL,
  evidence jsonb NOT NULL,
  violation_id text,
  created_at timestamptz NOT NULL
);
CREATE INDEX buyer_abuse_reports_buyer ON buyer_abuse_reports (buyer_id, created_at DESC);
CREATE INDEX buyer_abuse_reports_created ON buyer_abuse_reports (created_at DESC);
