-- Seller teams: the owner invites staff by e-mail; and a rejected application can be started again.

CREATE TABLE seller_invitations (
  id text PRIMARY KEY,
  seller_id text NOT NULL REFERENCES sellers(id),
  email text NOT NULL,
  -- sha256 of the token in the invitation link; the token itself is never stored
  token_hash text NOT NULL UNIQUE,
  -- pending → accepted | revoked | expired
  status text NOT NULL CHECK (status IN ('pending', 'accepted', 'revoked', 'expired')),
  invited_by text NOT NULL REFERENCES users(id),
  locale text NOT NULL CHECK (locale IN ('en', 'zh-CN')),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  accepted_by text REFERENCES users(id),
  accepted_at timestamptz,
  updated_at timestamptz NOT NULL
);
-- one open invitation per address and seller
CREATE UNIQUE INDEX seller_invitations_pending ON seller_invitations (seller_id, lower(email)) WHERE status = 'pending';
CREATE INDEX seller_invitations_seller ON seller_invitations (seller_id, created_at);

-- Which attempt the seller's application is: 1, then one more each time a rejected application starts again.
ALTER TABLE seller_applications ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1);
