-- The versioned policy document. Exactly one version is active; drafts are edited and dry-run first.
CREATE TABLE policy_versions (
  version integer PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
  document jsonb NOT NULL,
  note text NOT NULL DEFAULT '',
  created_by text REFERENCES users(id),
  created_at timestamptz NOT NULL,
  activated_by text REFERENCES users(id),
  activated_at timestamptz,
  retired_at timestamptz
);
CREATE UNIQUE INDEX policy_versions_one_active ON policy_versions (status) WHERE status = 'active';
