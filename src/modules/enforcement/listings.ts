import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { isStaff, type Actor } from '../../platform/actor.js';
import { newId } from '../../shared/ids.js';
import { activePolicy } from '../policy/service.js';
import { requireIntegrationOrAdmin } from './access.js';
import { sanctionsInForce } from './sanctions.js';

/**
 * What the detectors need that no module recorded before: the catalogue's listings (category, price, shipping
 * charge, the parcel's real shipping cost, text) and identity links (hashed address, payment instrument, device).
 * The platform's integration pushes both. Listings also carry two sanctions: a suspended or banned seller's
 * listings are hidden, and the listing limit caps a restricted seller's active listings.
 */

export interface ListingInput {
  source?: string;
  externalId: string;
  sellerId: string;
  category: string;
  title: string;
  description?: string;
  currency: string;
  price: number;
  shippingCharge?: number;
  shippingCost?: number | null;
  weightGrams?: number | null;
  status?: 'active' | 'removed';
}

export type ListingResult =
  | { index: number; externalId: string; status: 'created' | 'updated'; listingId: string }
  | { index: number; externalId: string; status: 'error'; code: string; message: string; field?: string };

export async function ingestListings(ctx: AppContext, actor: Actor, rows: ListingInput[]): Promise<{ results: ListingResult[] }> {
  requireIntegrationOrAdmin(actor);
  const now = ctx.clock.now();
  const results: ListingResult[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    const { policy } = await activePolicy(ctx, trx);
    const sellerIds = [...new Set(rows.map((r) => r.sellerId))];
    const sellers = new Map((await trx.selectFrom('sellers').select(['id', 'status']).where('id', 'in', sellerIds.length ? sellerIds : ['-']).forUpdate().execute()).map((s) => [s.id, s]));
    const sanctions = await sanctionsInForce(trx, sellerIds, now);
    const activeCounts = new Map(
      (await sql<{ seller_id: string; n: number }>`SELECT seller_id, count(*)::int AS n FROM listings WHERE status = 'active' AND seller_id = ANY(${sql.val(sellerIds)}::text[]) GROUP BY seller_id`.execute(trx)).rows.map((r) => [r.seller_id, Number(r.n)]),
    );
    for (const [index, r] of rows.entries()) {
      const source = r.source ?? 'platform';
      const seller = sellers.get(r.sellerId);
      if (!seller) {
        results.push({ index, externalId: r.externalId, status: 'error', code: 'seller_not_found', message: 'No seller has this id.', field: 'sellerId' });
        continue;
      }
      const existing = await trx.selectFrom('listings').select(['id', 'status', 'seller_id']).where('source', '=', source).where('external_id', '=', r.externalId).executeTakeFirst();
      if (existing && existing.seller_id !== r.sellerId) {
        results.push({ index, externalId: r.externalId, status: 'error', code: 'listing_conflict', message: 'This listing belongs to another seller.', field: 'sellerId' });
        continue;
      }
      const status = r.status ?? 'active';
      const kinds = (sanctions.get(r.sellerId) ?? []).map((s) => s.kind);
      const becomesActive = status === 'active' && existing?.status !== 'active';
      if (becomesActive && (kinds.includes('suspension') || kinds.includes('ban') || !['active', 'restricted'].includes(seller.status))) {
        results.push({ index, externalId: r.externalId, status: 'error', code: 'seller_not_active', message: `The seller is ${seller.status} and may not list.`, field: 'sellerId' });
        continue;
      }
      const count = activeCounts.get(r.sellerId) ?? 0;
      if (becomesActive && kinds.includes('listing_limit') && count >= policy.enforcement.listingLimit) {
        results.push({ index, externalId: r.externalId, status: 'error', code: 'listing_limit_reached', message: `The seller may have at most ${policy.enforcement.listingLimit} active listings while the listing limit is in force.` });
        continue;
      }
      const values = {
        category: r.category,
        title: r.title,
        description: r.description ?? '',
        currency: r.currency,
        price: r.price,
        shipping_charge: r.shippingCharge ?? 0,
        shipping_cost: r.shippingCost ?? null,
        weight_grams: r.weightGrams ?? null,
        status,
        updated_at: now,
      };
      if (existing) {
        await trx.updateTable('listings').set(values).where('id', '=', existing.id).execute();
        results.push({ index, externalId: r.externalId, status: 'updated', listingId: existing.id });
      } else {
        const id = newId('evt', now.getTime()).replace(/^evt_/, 'lst_');
        await trx.insertInto('listings').values({ id, source, external_id: r.externalId, seller_id: r.sellerId, created_at: now, ...values }).execute();
        results.push({ index, externalId: r.externalId, status: 'created', listingId: id });
      }
      if (becomesActive) activeCounts.set(r.sellerId, count + 1);
      if (status !== 'active' && existing?.status === 'active') activeCounts.set(r.sellerId, Math.max(0, count - 1));
    }
    if (sellerIds.length) await sql`INSERT INTO enforcement_dirty (subject_type, subject_id) SELECT 'seller', unnest(${sql.val(sellerIds)}::text[])`.execute(trx);
  });
  return { results };
}

/** Listings as buyers see them: a suspended or banned seller's are hidden (staff see all, marked). */
export async function listListings(ctx: AppContext, actor: Actor | null, q: { sellerId?: string; category?: string; limit: number; offset: number }) {
  let query = ctx.db.selectFrom('listings as l').innerJoin('sellers as s', 's.id', 'l.seller_id').where('l.status', '=', 'active');
  if (q.sellerId) query = query.where('l.seller_id', '=', q.sellerId);
  if (q.category) query = query.where('l.category', '=', q.category);
  const staff = !!actor && isStaff(actor);
  if (!staff) {
    query = query
      .where('s.status', 'in', ['active', 'restricted'])
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('sanctions as x').select('x.id').whereRef('x.subject_id', '=', 'l.seller_id').where('x.status', '=', 'active').where('x.kind', 'in', ['suspension', 'ban']))),
      );
  }
  const rows = await query
    .select(['l.id', 'l.seller_id', 'l.category', 'l.title', 'l.currency', 'l.price', 'l.shipping_charge', 'l.external_id', 's.status as seller_status'])
    .orderBy('l.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      externalId: r.external_id,
      sellerId: r.seller_id,
      category: r.category,
      title: r.title,
      currency: r.currency,
      price: Number(r.price),
      shippingCharge: Number(r.shipping_charge),
      ...(staff ? { hidden: !['active', 'restricted'].includes(r.seller_status) } : {}),
    })),
    limit: q.limit,
    offset: q.offset,
  };
}

export interface LinkInput {
  partyType: 'buyer' | 'seller';
  partyId: string;
  kind: 'address' | 'payment' | 'device';
  valueHash: string;
}

export async function ingestLinks(ctx: AppContext, actor: Actor, links: LinkInput[]): Promise<{ stored: number }> {
  requireIntegrationOrAdmin(actor);
  if (links.length === 0) return { stored: 0 };
  const now = ctx.clock.now();
  const r = await ctx.db
    .insertInto('party_links')
    .values(links.map((l) => ({ party_type: l.partyType, party_id: l.partyId, kind: l.kind, value_hash: l.valueHash.toLowerCase(), first_seen_at: now })))
    .onConflict((oc) => oc.columns(['party_type', 'party_id', 'kind', 'value_hash']).doNothing())
    .executeTakeFirst();
  return { stored: Number(r.numInsertedOrUpdatedRows ?? 0) };
}
