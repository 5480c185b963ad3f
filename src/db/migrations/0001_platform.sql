-- Platform mechanics every module uses: entity history, the outbox, scheduled tasks, stored files,
-- idempotency keys.

-- Append-only history of every state change (DESIGN §3). Never updated or deleted.
CREATE TABLE entity_history (
  id text PRIMARY KEY,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  event text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  actor_id text,
  actor_role text NOT NULL,
  reason text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- the seller the entity belongs to, for the seller's timeline and sharding
  seller_id text,
  at timestamptz NOT NULL
);
CREATE INDEX entity_history_entity ON entity_history (entity_type, entity_id, at);
CREATE INDEX entity_history_seller ON entity_history (seller_id, at) WHERE seller_id IS NOT NULL;

CREATE FUNCTION entity_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'entity_history is append-only';
END $$;
CREATE TRIGGER entity_history_no_update BEFORE UPDATE OR DELETE ON entity_history
  FOR EACH ROW EXECUTE FUNCTION entity_history_append_only();

-- Events to publish, written in the same transaction as the change they describe.
CREATE TABLE outbox (
  id text PRIMARY KEY,
  event_type text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  seller_id text,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  -- set once the dispatcher has created the webhook deliveries for it
  dispatched_at timestamptz
);
CREATE INDEX outbox_undispatched ON outbox (created_at) WHERE dispatched_at IS NULL;

-- Deadlines and other due work. Stored, never computed on read; claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE scheduled_tasks (
  id text PRIMARY KEY,
  kind text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'cancelled', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX scheduled_tasks_due ON scheduled_tasks (due_at) WHERE status = 'pending';
CREATE INDEX scheduled_tasks_entity ON scheduled_tasks (entity_type, entity_id) WHERE status = 'pending';

-- Content-addressed files: one row per distinct content.
CREATE TABLE blobs (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
  media_type text NOT NULL,
  created_at timestamptz NOT NULL
);

-- A repeat of a POST with the same Idempotency-Key returns the first response.
CREATE TABLE idempotency_keys (
  actor_id text NOT NULL,
  key text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  request_hash text NOT NULL,
  status_code integer,
  response_body jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (actor_id, key)
);
