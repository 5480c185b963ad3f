-- Business-day calendars: admin-entered exceptions to mainland China's official holiday calendar (the
-- chinese-days package) or to plain Monday–Friday weeks. An override wins over both for its day.

CREATE TABLE calendar_overrides (
  id text PRIMARY KEY,
  calendar text NOT NULL CHECK (calendar IN ('CN', 'weekends')),
  day date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('workday', 'holiday')),
  note text NOT NULL DEFAULT '',
  -- the admin user or admin API key that entered it (no foreign key: API keys may do this too)
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT calendar_overrides_calendar_day UNIQUE (calendar, day)
);
