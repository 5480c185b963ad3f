-- Seller organisations, their members, verification applications and documents.

CREATE TABLE sellers (
  id text PRIMARY KEY,
  external_id text UNIQUE,
  legal_name text NOT NULL,
  shop_name text NOT NULL,
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  region text NOT NULL,
  business_type text NOT NULL CHECK (business_type IN ('individual', 'company')),
  contact_name text NOT NULL,
  contact_email text NOT NULL,
  contact_phone text,
  storefronts jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- pending_verification → active ⇄ restricted ⇄ suspended → banned; reverification when a document expires
  status text NOT NULL CHECK (status IN ('pending_verification', 'active', 'reverification', 'restricted', 'suspended', 'banned')),
  verified_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX sellers_status ON sellers (status);
CREATE INDEX sellers_created ON sellers (created_at);

CREATE TABLE seller_members (
  seller_id text NOT NULL REFERENCES sellers(id),
  user_id text NOT NULL REFERENCES users(id),
  member_role text NOT NULL CHECK (member_role IN ('owner', 'staff')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (seller_id, user_id)
);
CREATE INDEX seller_members_user ON seller_members (user_id);
-- a user owns at most one seller organisation
CREATE UNIQUE INDEX seller_members_one_owner ON seller_members (user_id) WHERE member_role = 'owner';

CREATE TABLE seller_applications (
  id text PRIMARY KEY,
  seller_id text NOT NULL UNIQUE REFERENCES sellers(id),
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'under_review', 'revision_requested', 'verified', 'rejected')),
  submitted_at timestamptz,
  -- when the application last started waiting for staff; the review queue is ordered by it
  waiting_since timestamptz,
  decided_at timestamptz,
  decided_by text REFERENCES users(id),
  decision_reason text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX seller_applications_queue ON seller_applications (waiting_since) WHERE status IN ('submitted', 'under_review');

CREATE TABLE seller_documents (
  id text PRIMARY KEY,
  application_id text NOT NULL REFERENCES seller_applications(id),
  seller_id text NOT NULL REFERENCES sellers(id),
  kind text NOT NULL CHECK (kind IN ('identity', 'business_licence', 'proof_of_address')),
  -- pending_review → approved | rejected | revision_requested; superseded when re-uploaded; expired past expires_on
  status text NOT NULL CHECK (status IN ('pending_review', 'approved', 'rejected', 'revision_requested', 'superseded', 'expired')),
  sha256 text NOT NULL REFERENCES blobs(sha256),
  file_name text NOT NULL,
  media_type text NOT NULL,
  size_bytes bigint NOT NULL,
  expires_on date,
  uploaded_by text NOT NULL REFERENCES users(id),
  uploaded_at timestamptz NOT NULL,
  reviewed_by text REFERENCES users(id),
  reviewed_at timestamptz,
  review_reason text,
  version integer NOT NULL CHECK (version >= 1),
  UNIQUE (application_id, kind, version)
);
-- at most one current (not superseded) document of each kind per application
CREATE UNIQUE INDEX seller_documents_current ON seller_documents (application_id, kind) WHERE status <> 'superseded';
CREATE INDEX seller_documents_seller ON seller_documents (seller_id);
CREATE INDEX seller_documents_expiry ON seller_documents (expires_on) WHERE status = 'approved';
