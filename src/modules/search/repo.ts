import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import { DEMOTION_FACTOR, NEUTRAL_SCORE, needsSubstring, prefixTsQuery } from './ranking.js';

/**
 * The search statements. Suspended, banned and unverified sellers (by status or by a suspension or ban in force) never
 * come out; restricted and search-demoted sellers are multiplied by the demotion factor. The text expressions are the
 * ones 0015_visibility.sql (sellers) and 0020_listing_search_document.sql (listings) index with GIN.
 */

const SELLER_DOC = sql`to_tsvector('simple', coalesce(s.shop_name, '') || ' ' || coalesce(s.legal_name, ''))`;
// Stored by 0020 (a generated column): ranking reads the vector instead of parsing every matching listing again.
const LISTING_DOC = sql`l.search_doc`;

function textMatch(q: string | undefined, doc: RawBuilder<unknown>, plain: RawBuilder<unknown>) {
  const trimmed = (q ?? '').trim();
  if (!trimmed) return { where: sql`TRUE`, relevance: sql`1.0::float8` };
  if (needsSubstring(trimmed)) {
    const needle = trimmed.toLowerCase();
    // lower() of every name is most of a substring scan's time (bench/search.ts): a needle without cased letters
    // (Chinese alone) matches the same rows without it.
    const haystack = /[\p{Lu}\p{Ll}\p{Lt}]/u.test(needle) ? sql`lower(${plain})` : plain;
    return {
      where: sql`strpos(${haystack}, ${needle}) > 0`,
      // a closer match (the query covers more of the name) ranks higher
      relevance: sql`(0.5 + 0.5 * ${needle.length}::float8 / greatest(length(${plain}), 1))::float8`,
    };
  }
  const tsq = prefixTsQuery(trimmed);
  if (!tsq) return { where: sql`FALSE`, relevance: sql`0::float8` };
  return { where: sql`${doc} @@ to_tsquery('simple', ${tsq})`, relevance: sql`ts_rank(${doc}, to_tsquery('simple', ${tsq}))::float8` };
}

const visibleSeller = (at: Date) => sql`s.status IN ('active', 'reverification', 'restricted')
  AND NOT EXISTS (SELECT 1 FROM sanctions x WHERE x.subject_id = s.id AND x.status = 'active' AND x.kind IN ('suspension', 'ban')
                  AND (x.ends_at IS NULL OR x.ends_at > ${at.toISOString()}::timestamptz))`;
const demotedSeller = (at: Date) => sql`(s.status = 'restricted' OR EXISTS (SELECT 1 FROM sanctions x WHERE x.subject_id = s.id AND x.status = 'active'
  AND x.kind = 'search_demotion' AND (x.ends_at IS NULL OR x.ends_at > ${at.toISOString()}::timestamptz)))`;
const rankOf = (boost: number) =>
  sql`relevance * greatest(0, 1 + ${boost}::float8 * (score - ${NEUTRAL_SCORE}::float8) / ${NEUTRAL_SCORE}::float8) * CASE WHEN demoted THEN ${DEMOTION_FACTOR}::float8 ELSE 1 END`;

/**
 * Runs a search statement with PostgreSQL's JIT off. A broad search's plan costs enough to cross jit_above_cost, and
 * compiling it took seconds where running it takes a few hundred milliseconds (bench/search.ts: a Chinese substring
 * over 300,000 listings, 3.5 s → 0.3 s).
 */
async function withoutJit<T>(db: Kysely<Database>, run: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    return run(trx);
  });
}

export interface SellerHit {
  id: string; shop_name: string; country: string; status: string; verified_at: Date | null; score: number; has_score: boolean;
  tier: string | null; relevance: number; demoted: boolean; rank: number; total: number;
}

export async function searchSellers(
  db: Kysely<Database>,
  q: { q?: string; country?: string; tier?: string; minRating?: number; limit: number; offset: number; at: Date; boost: number },
): Promise<SellerHit[]> {
  const text = textMatch(q.q, SELLER_DOC, sql`coalesce(s.shop_name, '') || ' ' || coalesce(s.legal_name, '')`);
  const filters = [visibleSeller(q.at), text.where];
  if (q.country) filters.push(sql`s.country = ${q.country.toUpperCase()}`);
  if (q.tier) filters.push(sql`c.tier = ${q.tier}`);
  if (q.minRating !== undefined) {
    filters.push(sql`(SELECT avg(r.overall) FROM reviews r WHERE r.seller_id = s.id AND r.status = 'published') >= ${q.minRating}`);
  }
  const r = await withoutJit(db, (trx) => sql<SellerHit>`
    WITH hits AS (
      SELECT s.id, s.shop_name, s.country, s.status, s.verified_at, coalesce(c.score, ${NEUTRAL_SCORE}) AS score, c.score IS NOT NULL AS has_score,
             c.tier, ${text.relevance} AS relevance, ${demotedSeller(q.at)} AS demoted
        FROM sellers s LEFT JOIN seller_scorecard_records c ON c.seller_id = s.id
       WHERE ${sql.join(filters, sql` AND `)}
    )
    SELECT *, ${rankOf(q.boost)} AS rank, count(*) OVER ()::int AS total
      FROM hits ORDER BY rank DESC, id LIMIT ${q.limit} OFFSET ${q.offset}`.execute(trx));
  return r.rows;
}

export interface ListingHit {
  id: string; title: string; category: string; currency: string; price: string | number; shipping_charge: string | number;
  seller_id: string; shop_name: string; country: string; score: number; has_score: boolean; tier: string | null;
  relevance: number; demoted: boolean; rank: number; total: number;
}

export async function searchListings(
  db: Kysely<Database>,
  q: { q?: string; category?: string; maxPrice?: number; limit: number; offset: number; at: Date; boost: number },
): Promise<ListingHit[]> {
  const text = textMatch(q.q, LISTING_DOC, sql`l.title || ' ' || l.description`);
  const filters = [sql`l.status = 'active'`, visibleSeller(q.at), text.where];
  if (q.category) filters.push(sql`l.category = ${q.category}`);
  if (q.maxPrice !== undefined) filters.push(sql`l.price <= ${q.maxPrice}`);
  const r = await withoutJit(db, (trx) => sql<ListingHit>`
    WITH hits AS (
      SELECT l.id, l.title, l.category, l.currency, l.price, l.shipping_charge, s.id AS seller_id, s.shop_name, s.country,
             coalesce(c.score, ${NEUTRAL_SCORE}) AS score, c.score IS NOT NULL AS has_score, c.tier,
             ${text.relevance} AS relevance, ${demotedSeller(q.at)} AS demoted
        FROM listings l JOIN sellers s ON s.id = l.seller_id LEFT JOIN seller_scorecard_records c ON c.seller_id = s.id
       WHERE ${sql.join(filters, sql` AND `)}
    )
    SELECT *, ${rankOf(q.boost)} AS rank, count(*) OVER ()::int AS total
      FROM hits ORDER BY rank DESC, id LIMIT ${q.limit} OFFSET ${q.offset}`.execute(trx));
  return r.rows;
}
