-- Orders from the platform, their items and captured payment, the seller's shipments and the carriers' scans,
-- signals for enforcement, and the refund ledger.
--
-- Sharding: every table carries seller_id so it can be distributed by seller on a distributed PostgreSQL
-- (Citus). Keys then become (seller_id, id); the per-source external-id index moves to a reference table.

-- Buyers come from the platform with their own ids. Each maps to a user with the buyer role (created without a
-- password when the platform introduces a buyer we do not know).
CREATE TABLE buyer_identities (
  source text NOT NULL,
  external_id text NOT NULL,
  -- checked at commit, so concurrent ingests can claim the mapping before creating the user
  user_id text NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
  -- the e-mail the platform gave, kept even when the account had to use a placeholder address
  email text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (source, external_id)
);
CREATE INDEX buyer_identities_user ON buyer_identities (user_id);

CREATE TABLE orders (
  id text PRIMARY KEY,
  -- the platform system the order came from, and its id there
  source text NOT NULL,
  external_id text NOT NULL,
  seller_id text NOT NULL REFERENCES sellers(id),
  buyer_id text NOT NULL REFERENCES users(id),
  buyer_external_id text,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  items_total bigint NOT NULL CHECK (items_total >= 0),
  -- the shipping method the buyer chose
  shipping_carrier text NOT NULL,
  shipping_service text NOT NULL,
  status text NOT NULL CHECK (status IN ('paid', 'cancellation_requested', 'cancelled', 'dispatched', 'received_at_warehouse',
    'qc_passed', 'qc_failed', 'shipped_international', 'delivered', 'completed', 'refunded')),
  -- sha256 of the order as the platform sent it (canonical form): a re-send with the same hash is unchanged
  ingest_hash text NOT NULL,
  paid_at timestamptz NOT NULL,
  -- the seller's processing time in business days and the deadline it gave, fixed at ingest
  processing_days integer NOT NULL CHECK (processing_days >= 0),
  dispatch_deadline timestamptz NOT NULL,
  dispatched_at timestamptz,
  -- null until dispatched; then whether dispatched_at > dispatch_deadline
  dispatched_late boolean,
  -- first carrier scan of the seller's tracking (valid tracking)
  tracking_valid_at timestamptz,
  cancellation_requested_at timestamptz,
  cancellation_reason text,
  -- accepted | refused | silence (the deadline passed without an answer)
  cancellation_outcome text CHECK (cancellation_outcome IN ('accepted', 'refused', 'silence')),
  cancellation_answered_at timestamptz,
  cancellation_refusal_reason text,
  cancelled_at timestamptz,
  received_at_warehouse_at timestamptz,
  qc_decided_at timestamptz,
  shipped_international_at timestamptz,
  delivered_at timestamptz,
  completed_at timestamptz,
  refunded_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX orders_source_external ON orders (source, external_id);
-- the seller's orders to dispatch, by deadline
CREATE INDEX orders_seller_to_dispatch ON orders (seller_id, dispatch_deadline) WHERE status = 'paid';
-- a seller's and a buyer's orders, newest first (ids are time-ordered ULIDs, so id order is creation order)
CREATE INDEX orders_seller ON orders (seller_id, id);
CREATE INDEX orders_buyer ON orders (buyer_id, id);

CREATE TABLE order_items (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  seller_id text NOT NULL,
  line_no integer NOT NULL CHECK (line_no >= 1),
  product_id text NOT NULL,
  name text NOT NULL,
  sku text,
  quantity integer NOT NULL CHECK (quantity >= 1),
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  status text NOT NULL CHECK (status IN ('paid', 'cancelled', 'dispatched', 'received_at_warehouse', 'qc_passed', 'qc_failed',
    'shipped_international', 'delivered', 'refunded')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (order_id, line_no)
);

-- The captured payment of an order and what has been committed to refunds. refunded_total is maintained by the
-- refunds trigger below, so the check holds whatever the code does.
CREATE TABLE order_payments (
  order_id text PRIMARY KEY REFERENCES orders(id),
  seller_id text NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  captured_amount bigint NOT NULL CHECK (captured_amount >= 0),
  refunded_total bigint NOT NULL DEFAULT 0,
  method text NOT NULL,
  -- the platform's payment reference; refund instructions quote it
  reference text NOT NULL,
  captured_at timestamptz NOT NULL,
  CONSTRAINT order_payments_refunds_within_captured CHECK (refunded_total >= 0 AND refunded_total <= captured_amount)
);

-- What the seller handed to a carrier.
CREATE TABLE shipments (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  seller_id text NOT NULL,
  buyer_id text NOT NULL,
  carrier text NOT NULL,
  service text,
  -- as the seller typed it, and normalised (the form scans are matched on)
  tracking_number_entered text NOT NULL,
  tracking_number text NOT NULL,
  dispatched_at timestamptz NOT NULL,
  dispatch_deadline timestamptz NOT NULL,
  late boolean NOT NULL,
  -- the first carrier scan (its occurred_at) makes the tracking valid
  valid_tracking_at timestamptz,
  last_scan_at timestamptz,
  last_event_code text,
  created_by text,
  created_at timestamptz NOT NULL
);
CREATE INDEX shipments_order ON shipments (order_id);
CREATE INDEX shipments_tracking ON shipments (tracking_number);

-- Carrier events. Scans that arrive before the seller enters the number wait unmatched and are matched at
-- dispatch.
CREATE TABLE carrier_scans (
  id text PRIMARY KEY,
  shipment_id text REFERENCES shipments(id),
  order_id text,
  seller_id text,
  carrier text NOT NULL,
  tracking_number text NOT NULL,
  event_code text NOT NULL,
  description text NOT NULL DEFAULT '',
  location text NOT NULL DEFAULT '',
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL
);
-- a re-sent scan is the same scan
CREATE UNIQUE INDEX carrier_scans_identity ON carrier_scans (tracking_number, carrier, event_code, occurred_at);
CREATE INDEX carrier_scans_shipment ON carrier_scans (shipment_id, occurred_at) WHERE shipment_id IS NOT NULL;
CREATE INDEX carrier_scans_unmatched ON carrier_scans (tracking_number) WHERE shipment_id IS NULL;

-- Facts the enforcement issue judges: method mismatch, reused tracking, no scan after dispatch.
CREATE TABLE signals (
  id text PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('method_mismatch', 'tracking_reused', 'fictitious_dispatch_suspected')),
  order_id text REFERENCES orders(id),
  seller_id text NOT NULL REFERENCES sellers(id),
  shipment_id text REFERENCES shipments(id),
  evidence jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX signals_seller ON signals (seller_id, created_at DESC);
CREATE INDEX signals_order ON signals (order_id);

-- The refund ledger.
CREATE TABLE refunds (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES order_payments(order_id),
  seller_id text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  reason text NOT NULL,
  -- the QC or dispute case that decided it, when one did
  case_id text,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'settled', 'failed')),
  payment_reference text NOT NULL,
  provider_reference text,
  failure_reason text,
  requested_by text,
  requested_at timestamptz NOT NULL,
  sent_at timestamptz,
  settled_at timestamptz,
  failed_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE INDEX refunds_order ON refunds (order_id, requested_at);
CREATE INDEX refunds_open ON refunds (requested_at) WHERE status IN ('pending', 'sent');
CREATE INDEX refunds_case ON refunds (case_id) WHERE case_id IS NOT NULL;

-- Keeps order_payments.refunded_total equal to the sum of the order's refunds that have not failed; with the
-- check on order_payments, over-refunding fails in the database even if a caller forgets the lock.
CREATE FUNCTION refunds_maintain_refunded_total() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.order_id = NEW.order_id THEN
    UPDATE order_payments
       SET refunded_total = refunded_total
         - (CASE WHEN OLD.status <> 'failed' THEN OLD.amount ELSE 0 END)
         + (CASE WHEN NEW.status <> 'failed' THEN NEW.amount ELSE 0 END)
     WHERE order_id = NEW.order_id
       AND (OLD.status <> NEW.status OR OLD.amount <> NEW.amount);
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status <> 'failed' THEN
    UPDATE order_payments SET refunded_total = refunded_total - OLD.amount WHERE order_id = OLD.order_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status <> 'failed' THEN
    UPDATE order_payments SET refunded_total = refunded_total + NEW.amount WHERE order_id = NEW.order_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER refunds_refunded_total AFTER INSERT OR UPDATE OR DELETE ON refunds
  FOR EACH ROW EXECUTE FUNCTION refunds_maintain_refunded_total();

-- The ledger is kept: a refund is never deleted, and its amount and order never change.
CREATE FUNCTION refunds_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'refunds are never deleted';
  END IF;
  IF NEW.amount <> OLD.amount OR NEW.order_id <> OLD.order_id OR NEW.currency <> OLD.currency THEN
    RAISE EXCEPTION 'a refund''s amount, currency and order never change';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER refunds_guard BEFORE UPDATE OR DELETE ON refunds
  FOR EACH ROW EXECUTE FUNCTION refunds_guard();
