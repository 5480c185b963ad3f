-- Logistics after the seller's dispatch: the warehouse receipt (weight, photos), the international parcel that
-- consolidates a buyer's QC-passed orders, the parcel's carrier events, and each order's protection period.
--
-- Sharding: order-level rows carry seller_id. A parcel belongs to a buyer and may hold several sellers' orders,
-- so parcels and their events are keyed by buyer (a reference-style table on a distributed PostgreSQL).

-- A QC inspector scans an order's parcel in at the warehouse and weighs it. One receipt per order.
CREATE TABLE warehouse_receipts (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  seller_id text NOT NULL,
  buyer_id text NOT NULL,
  -- the seller's shipment the scanned tracking number matched (null when received by order id without one)
  shipment_id text REFERENCES shipments(id),
  tracking_number text,
  weight_grams integer NOT NULL CHECK (weight_grams > 0 AND weight_grams <= 1000000),
  notes text,
  received_by text,
  received_at timestamptz NOT NULL,
  CONSTRAINT warehouse_receipts_one_per_order UNIQUE (order_id)
);
CREATE INDEX warehouse_receipts_seller ON warehouse_receipts (seller_id, received_at DESC);
CREATE INDEX warehouse_receipts_received ON warehouse_receipts (received_at DESC);

-- Photos taken at receipt: content-addressed files (blobs), with who uploaded them and when. Never changed.
CREATE TABLE warehouse_receipt_photos (
  id text PRIMARY KEY,
  receipt_id text NOT NULL REFERENCES warehouse_receipts(id),
  order_id text NOT NULL,
  seller_id text NOT NULL,
  sha256 text NOT NULL REFERENCES blobs(sha256),
  file_name text NOT NULL,
  media_type text NOT NULL,
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  uploaded_by text,
  uploaded_at timestamptz NOT NULL
);
CREATE INDEX warehouse_receipt_photos_receipt ON warehouse_receipt_photos (receipt_id, uploaded_at);

-- The international parcel: one buyer's orders consolidated, with its own carrier, tracking, declared data and
-- insurance. created → in_transit → delivered; created → cancelled (orders released).
CREATE TABLE parcels (
  id text PRIMARY KEY,
  buyer_id text NOT NULL REFERENCES users(id),
  status text NOT NULL CHECK (status IN ('created', 'in_transit', 'delivered', 'cancelled')),
  carrier text NOT NULL,
  tracking_number_entered text NOT NULL,
  tracking_number text NOT NULL,
  declared_weight_grams integer NOT NULL CHECK (declared_weight_grams > 0 AND declared_weight_grams <= 1000000),
  declared_value bigint NOT NULL CHECK (declared_value >= 0),
  declared_currency text NOT NULL CHECK (declared_currency ~ '^[A-Z]{3}$'),
  insured boolean NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  shipped_at timestamptz,
  delivered_at timestamptz,
  cancelled_at timestamptz,
  last_event_code text,
  last_event_at timestamptz
);
CREATE INDEX parcels_buyer ON parcels (buyer_id, created_at DESC);
CREATE INDEX parcels_status ON parcels (status, created_at DESC);
-- a tracking number names one live parcel
CREATE UNIQUE INDEX parcels_tracking_live ON parcels (carrier, tracking_number) WHERE status <> 'cancelled';

-- The orders in a parcel. An order is in at most one parcel that was not cancelled.
CREATE TABLE parcel_orders (
  parcel_id text NOT NULL REFERENCES parcels(id),
  order_id text NOT NULL REFERENCES orders(id),
  seller_id text NOT NULL,
  added_at timestamptz NOT NULL,
  -- set when the parcel is cancelled and the order may go into another one
  released_at timestamptz,
  PRIMARY KEY (parcel_id, order_id)
);
CREATE UNIQUE INDEX parcel_orders_one_live ON parcel_orders (order_id) WHERE released_at IS NULL;
CREATE INDEX parcel_orders_seller ON parcel_orders (seller_id);

-- The international carrier's events for a parcel. A re-sent event is the same event.
CREATE TABLE parcel_events (
  id text PRIMARY KEY,
  parcel_id text NOT NULL REFERENCES parcels(id),
  event_code text NOT NULL,
  description text NOT NULL DEFAULT '',
  location text NOT NULL DEFAULT '',
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX parcel_events_identity ON parcel_events (parcel_id, event_code, occurred_at);

-- The buyer's protection period of an order: starts when its parcel ships, for the policy's days; extended on
-- request by the seller or staff. Its end is a scheduled task; ended_at is set when that task ran.
CREATE TABLE order_protection (
  order_id text PRIMARY KEY REFERENCES orders(id),
  seller_id text NOT NULL,
  buyer_id text NOT NULL,
  parcel_id text NOT NULL REFERENCES parcels(id),
  started_at timestamptz NOT NULL,
  initial_days integer NOT NULL CHECK (initial_days >= 0),
  extended_days integer NOT NULL DEFAULT 0 CHECK (extended_days >= 0),
  protection_ends_at timestamptz NOT NULL,
  policy_version integer NOT NULL,
  -- the buyer's open request for more time (cleared when the seller or staff extends)
  extension_requested_at timestamptz,
  extension_requested_days integer CHECK (extension_requested_days > 0),
  extension_request_reason text,
  -- the buyer confirmed receipt (also when a carrier event had delivered the order first)
  buyer_confirmed_at timestamptz,
  ended_at timestamptz,
  -- completed | delivered_and_completed | held_by_dispute | not_applicable (the order had left the flow)
  end_outcome text CHECK (end_outcome IN ('completed', 'delivered_and_completed', 'held_by_dispute', 'not_applicable'))
);
CREATE INDEX order_protection_seller ON order_protection (seller_id, protection_ends_at);
CREATE INDEX order_protection_buyer ON order_protection (buyer_id, protection_ends_at);

-- Disputes opened on an order, as far as the protection period is concerned: whether each was opened close to
-- the end of protection (the small-parcel rule of enforcement counts these), and whether it is still open
-- (an open dispute holds the order back from completing when protection ends).
CREATE TABLE protection_dispute_openings (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  seller_id text NOT NULL,
  case_id text,
  opened_at timestamptz NOT NULL,
  protection_ends_at timestamptz,
  opened_near_protection_expiry boolean NOT NULL,
  near_expiry_days integer NOT NULL,
  closed_at timestamptz
);
CREATE INDEX protection_dispute_openings_order ON protection_dispute_openings (order_id) WHERE closed_at IS NULL;
CREATE INDEX protection_dispute_openings_near ON protection_dispute_openings (seller_id, opened_at) WHERE opened_near_protection_expiry;
