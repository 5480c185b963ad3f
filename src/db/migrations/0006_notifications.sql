-- Notifications for people: what the console shows each user, and the e-mails sent (or captured) for them.

-- One row per user per event. Title and body are rendered from event_type and data in the reader's language.
CREATE TABLE notifications (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  event_type text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- a path in the console, e.g. /sellers/sel_…
  link text,
  created_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- E-mails to send. Without an SMTP server configured they are kept as 'captured' for staff to read.
-- While a replica is talking to the SMTP server, next_attempt_at is pushed ahead so no other replica sends it.
CREATE TABLE email_outbox (
  id text PRIMARY KEY,
  notification_id text REFERENCES notifications(id),
  user_id text REFERENCES users(id),
  to_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text NOT NULL,
  -- a path in the console; the sender makes it absolute with ARBITER_PUBLIC_URL
  link text,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'captured')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  CHECK (status <> 'pending' OR next_attempt_at IS NOT NULL)
);
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX email_outbox_created ON email_outbox (created_at DESC, id DESC);
