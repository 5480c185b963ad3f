import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SanctionKind } from '../../db/tables/enforcement.js';
import { verificationState } from '../../domain/evaluation/scoring.js';
import { sanctionsInForce } from '../enforcement/sanctions.js';

/** Seller statuses never shown to the public (search, profile, trusted list). */
export const HIDDEN_STATUSES = ['pending_verification', 'suspended', 'banned'] as const;
/** Sanctions that hide a seller, and those that push it down in search. */
export const HIDING_SANCTIONS: SanctionKind[] = ['suspension', 'ban'];
export const DEMOTING_SANCTIONS: SanctionKind[] = ['search_demotion'];

export interface PublicSellerState {
  visible: boolean;
  demoted: boolean;
  verified: boolean;
  sanctions: SanctionKind[];
}

/** What the public may see of each seller right now: hidden, demoted, verified, and the sanctions in force. */
export async function publicStates(
  db: Kysely<Database>,
  sellers: { id: string; status: string; verified_at: Date | null }[],
  at: Date,
): Promise<Map<string, PublicSellerState>> {
  const sanctions = await sanctionsInForce(db, sellers.map((s) => s.id), at);
  const out = new Map<string, PublicSellerState>();
  for (const s of sellers) {
    const kinds = (sanctions.get(s.id) ?? []).map((x) => x.kind);
    out.set(s.id, {
      visible: !(HIDDEN_STATUSES as readonly string[]).includes(s.status) && !kinds.some((k) => HIDING_SANCTIONS.includes(k)),
      demoted: s.status === 'restricted' || kinds.some((k) => DEMOTING_SANCTIONS.includes(k)),
      verified: verificationState(s.status, s.verified_at) === 'verified',
      sanctions: kinds,
    });
  }
  return out;
}

export interface RatingSummary {
  count: number;
  average: number | null;
  negative: number;
  stars: Record<'1' | '2' | '3' | '4' | '5', number>;
  itemAsDescribed: number | null;
  communication: number | null;
  shippingSpeed: number | null;
}

const round2 = (x: number | string | null) => (x === null ? null : Math.round(Number(x) * 100) / 100);

/** Published reviews of each seller summarised: count, mean stars, negatives (1–2 stars), detailed ratings. */
export async function ratingSummaries(db: Kysely<Database>, sellerIds: string[]): Promise<Map<string, RatingSummary>> {
  const out = new Map<string, RatingSummary>();
  for (const id of sellerIds) out.set(id, { count: 0, average: null, negative: 0, stars: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, itemAsDescribed: null, communication: null, shippingSpeed: null });
  if (sellerIds.length === 0) return out;
  const rows = await sql<{
    seller_id: string; n: number; avg: string | null; s1: number; s2: number; s3: number; s4: number; s5: number;
    item: string | null; comm: string | null; ship: string | null;
  }>`
    SELECT seller_id, count(*)::int AS n, avg(overall) AS avg,
      count(*) FILTER (WHERE overall = 1)::int AS s1, count(*) FILTER (WHERE overall = 2)::int AS s2,
      count(*) FILTER (WHERE overall = 3)::int AS s3, count(*) FILTER (WHERE overall = 4)::int AS s4,
      count(*) FILTER (WHERE overall = 5)::int AS s5,
      avg(item_as_described) AS item, avg(communication) AS comm, avg(shipping_speed) AS ship
    FROM reviews WHERE status = 'published' AND seller_id = ANY(${sellerIds}::text[])
    GROUP BY seller_id`.execute(db);
  for (const r of rows.rows) {
    out.set(r.seller_id, {
      count: r.n,
      average: round2(r.avg),
      negative: r.s1 + r.s2,
      stars: { 1: r.s1, 2: r.s2, 3: r.s3, 4: r.s4, 5: r.s5 },
      itemAsDescribed: round2(r.item),
      communication: round2(r.comm),
      shippingSpeed: round2(r.ship),
    });
  }
  return out;
}
