-- The seller (or support staff) may decline a buyer's request to extend the protection period, with a reason the
-- buyer sees. The latest decline is kept on the protection row until the buyer asks again; every decision is also
-- in the order's history.
ALTER TABLE order_protection ADD COLUMN extension_declined_at timestamptz;
ALTER TABLE order_protection ADD COLUMN extension_declined_days integer CHECK (extension_declined_days > 0);
ALTER TABLE order_protection ADD COLUMN extension_decline_reason text;
