-- People, their sessions and the integrations' API keys.

CREATE TABLE users (
  id text PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['buyer','seller','qc_inspector','support_agent','compliance_officer','admin']),
  locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'zh-CN')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE sessions (
  -- sha256 of the cookie's token; the token itself is never stored
  token_hash text PRIMARY KEY,
  id text NOT NULL UNIQUE,
  user_id text NOT NULL REFERENCES users(id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
  email text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  name text NOT NULL,
  -- first characters of the secret, shown so people can tell keys apart
  prefix text NOT NULL,
  secret_hash text NOT NULL UNIQUE,
  roles text[] NOT NULL CHECK (cardinality(roles) > 0),
  created_by text NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
