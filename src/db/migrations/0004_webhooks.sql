-- Webhook endpoints registered by admins and the log of every delivery (Standard Webhooks, DESIGN §3).

CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  url text NOT NULL CHECK (url ~ '^https?://'),
  description text NOT NULL DEFAULT '',
  -- Standard Webhooks signing secret ('whsec_' + base64); needed in clear to sign
  secret text NOT NULL,
  -- event types delivered: exact types, family patterns such as 'seller.*', or '*' for all
  event_types text[] NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  -- the user or API key that registered it
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- One row per (endpoint, outbox event). A pending row is due at next_attempt_at; while a replica is
-- calling the endpoint, next_attempt_at is pushed past the call's timeout so no other replica claims it.
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  endpoint_id text NOT NULL REFERENCES webhook_endpoints(id),
  outbox_id text NOT NULL REFERENCES outbox(id),
  event_type text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- attempts allowed before the delivery fails; a manual retry grants one more
  max_attempts integer NOT NULL CHECK (max_attempts >= 1),
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  last_duration_ms integer,
  created_at timestamptz NOT NULL,
  succeeded_at timestamptz,
  UNIQUE (endpoint_id, outbox_id),
  CHECK (status <> 'pending' OR next_attempt_at IS NOT NULL)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);
CREATE INDEX webhook_deliveries_outbox ON webhook_deliveries (outbox_id);
