-- Quality-control reports with their photos and videos, and the case engine: cases of every type, structured
-- proposals, the message thread with attachments, the seller's response facts, return labels and the return and
-- replacement shipments. QC failures are the first case type; disputes add types to the same tables.
--
-- Sharding: every row carries seller_id (cases belong to one seller's order) so the tables distribute by seller.

-- An inspector's verdict on one order item: pass, or fail with issues. A replacement sent in an exchange gets its
-- own report, linked to the case it belongs to.
CREATE TABLE qc_reports (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  order_item_id text NOT NULL REFERENCES order_items(id),
  seller_id text NOT NULL,
  buyer_id text NOT NULL,
  -- 'original': the item the seller dispatched; 'replacement': an exchange's replacement
  subject text NOT NULL CHECK (subject IN ('original', 'replacement')),
  -- the case a failed original opened, or the case a replacement belongs to
  case_id text,
  result text NOT NULL CHECK (result IN ('pass', 'fail')),
  severity text CHECK (severity IN ('minor', 'major', 'critical')),
  -- [{type, description}] with type one of defect, wrong_colour, size_discrepancy, damage, missing_parts,
  -- not_as_described, suspected_counterfeit
  issues jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- [{name, expected, actual, unit}]
  measurements jsonb NOT NULL DEFAULT '[]'::jsonb,
  notes text,
  inspector_id text,
  created_at timestamptz NOT NULL,
  CONSTRAINT qc_reports_fail_has_severity CHECK ((result = 'fail') = (severity IS NOT NULL)),
  CONSTRAINT qc_reports_fail_has_issues CHECK (result = 'pass' OR jsonb_array_length(issues) > 0)
);
CREATE INDEX qc_reports_item ON qc_reports (order_item_id, created_at);
CREATE INDEX qc_reports_order ON qc_reports (order_id, created_at);
CREATE INDEX qc_reports_case ON qc_reports (case_id, created_at) WHERE case_id IS NOT NULL;
CREATE INDEX qc_reports_seller ON qc_reports (seller_id, created_at DESC);
CREATE INDEX qc_reports_created ON qc_reports (created_at DESC);

-- Photos and videos of an inspection: content-addressed files (blobs). Uploaded before the report is written (then
-- attached by it) or added to a report afterwards. Evidence never changes once attached.
CREATE TABLE qc_media (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  order_item_id text NOT NULL REFERENCES order_items(id),
  seller_id text NOT NULL,
  report_id text REFERENCES qc_reports(id),
  kind text NOT NULL CHECK (kind IN ('photo', 'video')),
  sha256 text NOT NULL REFERENCES blobs(sha256),
  media_type text NOT NULL,
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  file_name text NOT NULL,
  caption text,
  uploaded_by text,
  uploaded_at timestamptz NOT NULL,
  attached_at timestamptz
);
CREATE INDEX qc_media_report ON qc_media (report_id, uploaded_at) WHERE report_id IS NOT NULL;
CREATE INDEX qc_media_item ON qc_media (order_item_id, uploaded_at);

CREATE FUNCTION qc_media_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'QC media are never deleted';
  END IF;
  IF OLD.report_id IS NOT NULL OR NEW.sha256 <> OLD.sha256 OR NEW.size_bytes <> OLD.size_bytes OR NEW.media_type <> OLD.media_type
     OR NEW.order_item_id <> OLD.order_item_id THEN
    RAISE EXCEPTION 'QC media are immutable once attached';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER qc_media_guard BEFORE UPDATE OR DELETE ON qc_media FOR EACH ROW EXECUTE FUNCTION qc_media_guard();

-- A case: one type's transition table runs it (src/domain/cases). The status is checked by that table, not here,
-- since each type has its own states.
CREATE TABLE cases (
  id text PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('qc_failure')),
  status text NOT NULL,
  order_id text NOT NULL REFERENCES orders(id),
  order_item_id text REFERENCES order_items(id),
  seller_id text NOT NULL REFERENCES sellers(id),
  buyer_id text NOT NULL REFERENCES users(id),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- the value at stake: the item line's total, minor units
  claim_amount bigint NOT NULL CHECK (claim_amount >= 0),
  -- a replacement that fails QC again starts a new round of the same case
  round integer NOT NULL DEFAULT 1 CHECK (round >= 1),
  qc_report_id text REFERENCES qc_reports(id),
  -- the remedy the buyer asked for in this round, and the one agreed (structured, see remedies.ts)
  requested_remedy jsonb,
  agreed_remedy jsonb,
  agreed_via text CHECK (agreed_via IN ('buyer_accepted_as_is', 'buyer_silence', 'seller_accepted', 'seller_silence', 'counter_accepted', 'mediation')),
  agreed_at timestamptz,
  -- where the goods are: at the warehouse, on the way back to the seller, with the seller
  item_location text NOT NULL DEFAULT 'warehouse' CHECK (item_location IN ('warehouse', 'in_return', 'seller')),
  -- the deadline of the current state (also a scheduled task), who it waits for, and what silence does
  deadline_at timestamptz,
  deadline_party text CHECK (deadline_party IN ('buyer', 'seller', 'support', 'warehouse')),
  deadline_event text,
  escalated_at timestamptz,
  escalated_by text,
  escalation_reason text,
  decided_at timestamptz,
  decided_by text,
  decision_reason text,
  -- what the case refunded in total once resolved (what "settled" is measured against)
  refund_due bigint NOT NULL DEFAULT 0 CHECK (refund_due >= 0),
  policy_version integer NOT NULL,
  opened_at timestamptz NOT NULL,
  resolved_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- one open case per item and type
CREATE UNIQUE INDEX cases_one_open_per_item ON cases (order_item_id, type) WHERE resolved_at IS NULL;
CREATE INDEX cases_order ON cases (order_id);
CREATE INDEX cases_buyer ON cases (buyer_id, opened_at DESC);
CREATE INDEX cases_seller ON cases (seller_id, opened_at DESC);
-- what waits for a seller, by deadline
CREATE INDEX cases_seller_waiting ON cases (seller_id, deadline_at) WHERE deadline_party = 'seller';
-- the support queue: escalated, and open cases whose deadline passed
CREATE INDEX cases_escalated ON cases (escalated_at) WHERE status = 'escalated';
CREATE INDEX cases_open_deadline ON cases (deadline_at) WHERE resolved_at IS NULL AND deadline_at IS NOT NULL;
-- resolved cases waiting for their refunds to settle
CREATE INDEX cases_resolved_open ON cases (resolved_at) WHERE resolved_at IS NOT NULL AND closed_at IS NULL;
CREATE INDEX cases_status ON cases (status, opened_at DESC);

-- Structured proposals: the buyer's request, the seller's counter-offer or refusal, support's decision.
CREATE TABLE case_proposals (
  id text PRIMARY KEY,
  case_id text NOT NULL REFERENCES cases(id),
  seller_id text NOT NULL,
  round integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('request', 'counter', 'refusal', 'decision')),
  party text NOT NULL CHECK (party IN ('buyer', 'seller', 'support', 'system')),
  author_id text,
  remedy jsonb,
  reason_code text,
  reason text,
  -- open until answered: accepted, rejected (countered, refused, escalated) or superseded
  status text NOT NULL CHECK (status IN ('open', 'accepted', 'rejected', 'superseded', 'final')),
  created_at timestamptz NOT NULL,
  answered_at timestamptz,
  CONSTRAINT case_proposals_remedy CHECK ((kind = 'refusal') = (remedy IS NULL))
);
CREATE INDEX case_proposals_case ON case_proposals (case_id, created_at);

-- The thread: short factual messages between buyer, seller and staff, with attachments.
CREATE TABLE case_messages (
  id text PRIMARY KEY,
  case_id text NOT NULL REFERENCES cases(id),
  seller_id text NOT NULL,
  author_id text,
  author_role text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX case_messages_case ON case_messages (case_id, created_at);

CREATE TABLE case_attachments (
  id text PRIMARY KEY,
  case_id text NOT NULL REFERENCES cases(id),
  seller_id text NOT NULL,
  message_id text REFERENCES case_messages(id),
  sha256 text NOT NULL REFERENCES blobs(sha256),
  media_type text NOT NULL,
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  file_name text NOT NULL,
  uploaded_by text,
  uploaded_at timestamptz NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments (case_id, uploaded_at);
CREATE INDEX case_attachments_message ON case_attachments (message_id) WHERE message_id IS NOT NULL;

-- How the seller answered each round of a case: the facts seller evaluation measures responsiveness from.
CREATE TABLE case_response_facts (
  case_id text NOT NULL REFERENCES cases(id),
  round integer NOT NULL,
  seller_id text NOT NULL,
  requested_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  business_days_allowed integer NOT NULL,
  -- the seller's first message or answer in the round
  first_response_at timestamptz,
  -- accepted | countered | refused | silence
  response text CHECK (response IN ('accepted', 'countered', 'refused', 'silence')),
  responded_at timestamptz,
  -- null while waiting; false when the deadline passed first (silence)
  responded_on_time boolean,
  policy_version integer NOT NULL,
  PRIMARY KEY (case_id, round)
);
CREATE INDEX case_response_facts_seller ON case_response_facts (seller_id, requested_at);

-- Where a seller wants returns sent. Without one, a label uses the seller's registered details.
CREATE TABLE seller_return_addresses (
  seller_id text PRIMARY KEY REFERENCES sellers(id),
  recipient_name text NOT NULL,
  phone text NOT NULL,
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  province text NOT NULL,
  city text NOT NULL,
  district text NOT NULL DEFAULT '',
  address_line text NOT NULL,
  postal_code text NOT NULL DEFAULT '',
  updated_by text,
  updated_at timestamptz NOT NULL
);

-- A return shipping label issued for an approved return or exchange, with the addresses it was made with (a later
-- change of address does not alter an issued label). The PDF is rendered from these once, on first download, and
-- kept as a blob.
CREATE TABLE return_labels (
  id text PRIMARY KEY,
  case_id text NOT NULL REFERENCES cases(id),
  seller_id text NOT NULL,
  round integer NOT NULL,
  sha256 text REFERENCES blobs(sha256),
  size_bytes bigint,
  rendered_at timestamptz,
  ship_to jsonb NOT NULL,
  ship_from jsonb NOT NULL,
  address_source text NOT NULL CHECK (address_source IN ('return_address', 'seller_profile')),
  issued_at timestamptz NOT NULL,
  UNIQUE (case_id, round)
);

-- The goods travelling for a case: the return to the seller (with its label) and an exchange's replacement to the
-- warehouse. Received means the seller confirmed (or receipt was assumed), or the replacement reached QC.
CREATE TABLE case_shipments (
  id text PRIMARY KEY,
  case_id text NOT NULL REFERENCES cases(id),
  seller_id text NOT NULL,
  round integer NOT NULL,
  direction text NOT NULL CHECK (direction IN ('return_to_seller', 'replacement_to_warehouse')),
  label_id text REFERENCES return_labels(id),
  carrier text NOT NULL,
  tracking_number_entered text NOT NULL,
  tracking_number text NOT NULL,
  shipped_at timestamptz NOT NULL,
  shipped_by text,
  -- the carrier's delivery scan (when it happened)
  delivered_at timestamptz,
  received_at timestamptz,
  received_via text CHECK (received_via IN ('seller_confirmed', 'assumed', 'warehouse_inspected')),
  last_event_code text,
  last_event_at timestamptz,
  created_at timestamptz NOT NULL,
  UNIQUE (case_id, round, direction)
);
CREATE INDEX case_shipments_tracking ON case_shipments (tracking_number);

CREATE TABLE case_shipment_events (
  id text PRIMARY KEY,
  shipment_id text NOT NULL REFERENCES case_shipments(id),
  case_id text NOT NULL,
  event_code text NOT NULL,
  description text NOT NULL DEFAULT '',
  location text NOT NULL DEFAULT '',
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX case_shipment_events_identity ON case_shipment_events (shipment_id, event_code, occurred_at);
