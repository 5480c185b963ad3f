-- Visibility: review moderation and seller replies, full-text search of sellers and listings, and seller training
-- (modules with a quiz, and every attempt).

-- ---- reviews ------------------------------------------------------------------------------------
-- The terms that held a review for moderation, and who decided.
ALTER TABLE reviews ADD COLUMN held_terms text[] NOT NULL DEFAULT '{}';
ALTER TABLE reviews ADD COLUMN moderated_by text REFERENCES users(id);
ALTER TABLE reviews ADD COLUMN moderated_at timestamptz;
-- The seller's one reply: abusive replies wait for a moderator too.
ALTER TABLE reviews ADD COLUMN reply_status text CHECK (reply_status IN ('published', 'held', 'removed'));
ALTER TABLE reviews ADD COLUMN replied_by text REFERENCES users(id);
CREATE INDEX reviews_held ON reviews (created_at) WHERE status = 'held' OR reply_status = 'held';
CREATE INDEX reviews_seller_published ON reviews (seller_id, created_at DESC) WHERE status = 'published';

-- ---- search -------------------------------------------------------------------------------------
-- The 'simple' configuration: names are brand words, pinyin and Chinese, which no stemmer knows. Chinese has no
-- spaces, so a query with Chinese characters also matches as a substring (see src/modules/search/repo.ts).
-- The expressions must stay identical to the ones the search statements use.
CREATE INDEX sellers_search ON sellers USING gin (to_tsvector('simple', coalesce(shop_name, '') || ' ' || coalesce(legal_name, '')));
CREATE INDEX listings_search ON listings USING gin (to_tsvector('simple', title || ' ' || description));
CREATE INDEX listings_category_price ON listings (category, price) WHERE status = 'active';

-- ---- training -----------------------------------------------------------------------------------
-- A module: bilingual content (markdown-like text) and a short multiple-choice quiz
-- ([{prompt: {en, zh}, options: [{en, zh}], answer: index}]); a seller member passes with at least pass_mark correct.
CREATE TABLE training_modules (
  id text PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  title_en text NOT NULL,
  title_zh text NOT NULL,
  summary_en text NOT NULL DEFAULT '',
  summary_zh text NOT NULL DEFAULT '',
  content_en text NOT NULL,
  content_zh text NOT NULL,
  questions jsonb NOT NULL,
  -- share of correct answers needed to pass, 0–1
  pass_mark numeric(4, 3) NOT NULL CHECK (pass_mark > 0 AND pass_mark <= 1),
  position integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE training_attempts (
  id text PRIMARY KEY,
  module_id text NOT NULL REFERENCES training_modules(id),
  module_version integer NOT NULL,
  user_id text NOT NULL REFERENCES users(id),
  -- the seller the member took it for; null for staff trying a module
  seller_id text REFERENCES sellers(id),
  answers jsonb NOT NULL,
  correct integer NOT NULL,
  total integer NOT NULL,
  score numeric(4, 3) NOT NULL,
  passed boolean NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX training_attempts_seller_passed ON training_attempts (seller_id, created_at) WHERE passed;
CREATE INDEX training_attempts_user ON training_attempts (user_id, created_at DESC);
