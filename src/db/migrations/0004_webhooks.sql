-- Webhook endpoints registered by admins and the log of every delivery attempt.

CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  url text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- Standard Webhooks signing secret ('whsec_' + base64); needed in clear to sign
  secret text NOT NULL,
  -- event types delivered; '*' for all
  event_types text[] NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_by text NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  endpoint_id text NOT NULL REFERENCES webhook_endpoints(id),
  outbox_id text NOT NULL REFERENCES outbox(id),
  event_type text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL,
  succeeded_at timestamptz,
  UNIQUE (endpoint_id, outbox_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);
