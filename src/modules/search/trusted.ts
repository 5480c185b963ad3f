import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../../context.js';
import { sanctionsInForce } from '../enforcement/sanctions.js';
import { ratingSummaries } from '../reviews/visibility.js';

/**
 * The trusted-seller list (the marketplace's curated spreadsheet of reliable shops): tier trusted, verified and
 * active, and no sanction of any kind in force. Best score first.
 */
export interface TrustedSeller {
  sellerId: string;
  externalId: string | null;
  shopName: string;
  country: string;
  region: string;
  trustScore: number;
  trustedSince: string;
  rating: number | null;
  reviews: number;
}

export async function trustedSellers(ctx: AppContext, q: { country?: string } = {}): Promise<TrustedSeller[]> {
  let query = ctx.db
    .selectFrom('sellers as s')
    .innerJoin('seller_scorecard_records as c', 'c.seller_id', 's.id')
    .select(['s.id', 's.external_id', 's.shop_name', 's.country', 's.region', 'c.score', 'c.tier_since'])
    .where('c.tier', '=', 'trusted')
    .where('s.status', '=', 'active')
    .where('s.verified_at', 'is not', null);
  if (q.country) query = query.where('s.country', '=', q.country.toUpperCase());
  const rows = await query.orderBy('c.score', 'desc').orderBy('s.id').execute();
  const sanctions = await sanctionsInForce(ctx.db, rows.map((r) => r.id), ctx.clock.now());
  const clean = rows.filter((r) => (sanctions.get(r.id) ?? []).length === 0);
  const ratings = await ratingSummaries(ctx.db, clean.map((r) => r.id));
  return clean.map((r) => ({
    sellerId: r.id,
    externalId: r.external_id,
    shopName: r.shop_name,
    country: r.country,
    region: r.region,
    trustScore: r.score,
    trustedSince: new Date(r.tier_since).toISOString(),
    rating: ratings.get(r.id)?.average ?? null,
    reviews: ratings.get(r.id)?.count ?? 0,
  }));
}

const COLUMNS: { key: keyof TrustedSeller; header: string }[] = [
  { key: 'sellerId', header: 'seller_id' },
  { key: 'externalId', header: 'external_id' },
  { key: 'shopName', header: 'shop_name' },
  { key: 'country', header: 'country' },
  { key: 'region', header: 'region' },
  { key: 'trustScore', header: 'trust_score' },
  { key: 'trustedSince', header: 'trusted_since' },
  { key: 'rating', header: 'average_rating' },
  { key: 'reviews', header: 'reviews' },
];

/** RFC 4180 CSV with a header row; a leading =, +, - or @ is prefixed with ' so spreadsheets never run a name as a formula. */
export function trustedCsv(rows: TrustedSeller[]): string {
  const safe = (v: unknown) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  return stringify(
    rows.map((r) => Object.fromEntries(COLUMNS.map((c) => [c.key, safe(r[c.key])]))),
    { header: true, columns: COLUMNS, record_delimiter: '\r\n', cast: { number: (n) => String(n) } },
  );
}
