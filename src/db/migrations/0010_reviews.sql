-- Buyers' reviews of their orders, and the facts an import brings that live traffic records elsewhere.

-- The delivery day the buyer was promised (a calendar day); a delivery after it is late.
ALTER TABLE orders ADD COLUMN estimated_delivery_on date;
-- Whose fault a cancellation was: the seller's (no stock, no answer, no dispatch) counts against them.
ALTER TABLE orders ADD COLUMN cancellation_fault text CHECK (cancellation_fault IN ('seller', 'buyer', 'platform'));

CREATE TABLE reviews (
  id text PRIMARY KEY,
  -- 'platform' for reviews written here; an import's name for imported ones
  source text NOT NULL,
  external_id text,
  order_id text NOT NULL REFERENCES orders(id),
  seller_id text NOT NULL REFERENCES sellers(id),
  buyer_id text NOT NULL REFERENCES users(id),
  overall smallint NOT NULL CHECK (overall BETWEEN 1 AND 5),
  item_as_described smallint CHECK (item_as_described BETWEEN 1 AND 5),
  communication smallint CHECK (communication BETWEEN 1 AND 5),
  shipping_speed smallint CHECK (shipping_speed BETWEEN 1 AND 5),
  title text NOT NULL DEFAULT '',
  body text NOT NULL DEFAULT '',
  -- abusive text waits for a moderator before it shows
  status text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'held', 'removed')),
  moderation_reason text,
  seller_reply text,
  seller_replied_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- one review per order; an imported review of a multi-seller order counts once for each seller's part
CREATE UNIQUE INDEX reviews_order ON reviews (order_id);
CREATE INDEX reviews_seller_created ON reviews (seller_id, created_at DESC);
CREATE INDEX reviews_negative ON reviews (seller_id, created_at DESC) WHERE overall <= 2;
