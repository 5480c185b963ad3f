import type { AppContext } from '../../../context.js';
import { systemActor, type Actor } from '../../../platform/actor.js';
import { newId } from '../../../shared/ids.js';
import { appendHistoryRows, type Tx } from '../../../platform/history.js';
import { planOlistImport, OLIST_SOURCE, type PlannedOrder } from './plan.js';
import { countLines, OLIST_CURRENCY, readOlist, type RejectedRow } from './reader.js';

export interface ImportProgress {
  phase: 'reading' | 'sellers' | 'buyers' | 'orders' | 'reviews';
  done: number;
  total: number;
}

export interface ImportReport {
  sellers: { created: number; existing: number };
  buyers: { created: number; existing: number };
  orders: { created: number; unchanged: number; conflicting: number };
  reviews: { created: number; existing: number };
  rejected: RejectedRow[];
  durationMs: number;
}

const CHUNK = 500;
const importActor: Actor = { ...systemActor, name: 'Olist import' };

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Imports an Olist export: sellers, buyers, one order per seller's part of each order (items, payment share,
 * dispatch deadline, hand-over to the carrier, delivery and estimated delivery), and reviews. Idempotent: a
 * second run creates nothing and reports what was already there. Bad rows are reported, never fatal.
 */
export async function importOlist(ctx: AppContext, dir: string, onProgress: (p: ImportProgress) => void = () => {}): Promise<ImportReport> {
  const started = Date.now();
  const totalLines = await countLines(dir);
  let read = 0;
  const data = await readOlist(dir, () => {
    if (++read % 500 === 0) onProgress({ phase: 'reading', done: read, total: totalLines });
  });
  onProgress({ phase: 'reading', done: totalLines, total: totalLines });
  const plan = planOlistImport(data);
  const now = ctx.clock.now();
  const report: ImportReport = {
    sellers: { created: 0, existing: 0 },
    buyers: { created: 0, existing: 0 },
    orders: { created: 0, unchanged: 0, conflicting: 0 },
    reviews: { created: 0, existing: 0 },
    rejected: plan.rejected,
    durationMs: 0,
  };

  // Sellers, by their Olist id as external id.
  const sellerIds = new Map<string, string>();
  let done = 0;
  for (const part of chunks(plan.sellers)) {
    await ctx.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('sellers').select(['id', 'external_id']).where('external_id', 'in', part.map((s) => s.sellerId)).execute();
      for (const e of existing) sellerIds.set(e.external_id!, e.id);
      const fresh = part.filter((s) => !sellerIds.has(s.sellerId));
      report.sellers.existing += existing.length;
      if (fresh.length === 0) return;
      const rows = fresh.map((s) => {
        const id = newId('sel', now.getTime());
        sellerIds.set(s.sellerId, id);
        const city = s.city.replace(/\b\w/g, (c) => c.toUpperCase());
        return {
          id,
          external_id: s.sellerId,
          legal_name: `Olist seller ${s.sellerId.slice(0, 8)}`,
          shop_name: `${city || 'Olist'} shop ${s.sellerId.slice(0, 6)}`,
          country: 'BR',
          region: s.state || 'unknown',
          business_type: 'company' as const,
          contact_name: 'Imported seller',
          contact_email: `${s.sellerId}@sellers.invalid`,
          contact_phone: null,
          storefronts: JSON.stringify([{ platform: 'olist' }]),
          status: 'active' as const,
          verified_at: now,
          created_at: now,
          updated_at: now,
        };
      });
      await trx.insertInto('sellers').values(rows).execute();
      await appendHistoryRows(
        trx,
        rows.map((r) => ({ entityType: 'seller', entityId: r.id, event: 'import', from: null, to: 'active', sellerId: r.id, data: { source: OLIST_SOURCE, externalId: r.external_id } })),
        importActor,
        now,
      );
      report.sellers.created += rows.length;
    });
    done += part.length;
    onProgress({ phase: 'sellers', done, total: plan.sellers.length });
  }

  // Buyers: Olist's customer_unique_id is the person; each becomes a buyer account without a password.
  const buyerIds = new Map<string, string>();
  done = 0;
  for (const part of chunks(plan.buyers)) {
    await ctx.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('buyer_identities')
        .select(['external_id', 'user_id'])
        .where('source', '=', OLIST_SOURCE)
        .where('external_id', 'in', part.map((b) => b.externalId))
        .execute();
      for (const e of existing) buyerIds.set(e.external_id, e.user_id);
      report.buyers.existing += existing.length;
      const fresh = part.filter((b) => !buyerIds.has(b.externalId));
      if (fresh.length === 0) return;
      const users = fresh.map((b) => {
        const id = newId('usr', now.getTime());
        buyerIds.set(b.externalId, id);
        return {
          id,
          email: `${id}@buyers.invalid`,
          name: `Customer in ${b.city || 'Brazil'}${b.state ? `, ${b.state}` : ''}`,
          password_hash: '!',
          roles: ['buyer' as const],
          locale: 'en' as const,
          status: 'active' as const,
          created_at: now,
          updated_at: now,
        };
      });
      await trx.insertInto('users').values(users).execute();
      await trx
        .insertInto('buyer_identities')
        .values(fresh.map((b) => ({ source: OLIST_SOURCE, external_id: b.externalId, user_id: buyerIds.get(b.externalId)!, email: null, created_at: now })))
        .execute();
      report.buyers.created += users.length;
    });
    done += part.length;
    onProgress({ phase: 'buyers', done, total: plan.buyers.length });
  }

  // Orders with their items and payment share.
  const orderIds = new Map<string, string>();
  done = 0;
  for (const part of chunks(plan.orders)) {
    await ctx.db.transaction().execute(async (trx) => insertOrders(trx, part, sellerIds, buyerIds, orderIds, report, now));
    done += part.length;
    onProgress({ phase: 'orders', done, total: plan.orders.length });
  }

  // Reviews: one per seller's part of the reviewed order.
  done = 0;
  for (const part of chunks(plan.reviews)) {
    await ctx.db.transaction().execute(async (trx) => {
      const rows = part.flatMap(({ review, orderExternalIds }) =>
        orderExternalIds
          .map((ext) => orderIds.get(ext))
          .filter((id): id is string => Boolean(id))
          .map((orderId) => ({ review, orderId })),
      );
      if (rows.length === 0) return;
      const owners = await trx.selectFrom('orders').select(['id', 'seller_id', 'buyer_id']).where('id', 'in', rows.map((r) => r.orderId)).execute();
      const ownerOf = new Map(owners.map((o) => [o.id, o]));
      const inserted = await trx
        .insertInto('reviews')
        .values(
          rows.map(({ review, orderId }) => ({
            id: newId('rev', review.createdAt.getTime()),
            source: OLIST_SOURCE,
            external_id: review.reviewId,
            order_id: orderId,
            seller_id: ownerOf.get(orderId)!.seller_id,
            buyer_id: ownerOf.get(orderId)!.buyer_id,
            overall: review.score,
            title: review.title,
            body: review.message,
            status: 'published' as const,
            created_at: review.createdAt,
            updated_at: review.answeredAt ?? review.createdAt,
          })),
        )
        .onConflict((oc) => oc.column('order_id').doNothing())
        .returning('id')
        .execute();
      report.reviews.created += inserted.length;
      report.reviews.existing += rows.length - inserted.length;
    });
    done += part.length;
    onProgress({ phase: 'reviews', done, total: plan.reviews.length });
  }

  report.durationMs = Date.now() - started;
  return report;
}

async function insertOrders(
  trx: Tx,
  part: PlannedOrder[],
  sellerIds: Map<string, string>,
  buyerIds: Map<string, string>,
  orderIds: Map<string, string>,
  report: ImportReport,
  now: Date,
) {
  const existing = await trx
    .selectFrom('orders')
    .select(['id', 'external_id', 'ingest_hash'])
    .where('source', '=', OLIST_SOURCE)
    .where('external_id', 'in', part.map((o) => o.externalId))
    .execute();
  const existingByExt = new Map(existing.map((e) => [e.external_id, e]));
  const fresh: PlannedOrder[] = [];
  for (const o of part) {
    const found = existingByExt.get(o.externalId);
    if (!found) {
      fresh.push(o);
      continue;
    }
    orderIds.set(o.externalId, found.id);
    if (found.ingest_hash === o.ingestHash) report.orders.unchanged++;
    else {
      report.orders.conflicting++;
      report.rejected.push({ file: 'orders', line: 0, reason: `order ${o.externalId} differs from the one imported before; kept as it was` });
    }
  }
  if (fresh.length === 0) return;
  const rows = fresh.map((o) => {
    const id = newId('ord', o.paidAt.getTime());
    orderIds.set(o.externalId, id);
    const dayMs = 86_400_000;
    return {
      id,
      source: OLIST_SOURCE,
      external_id: o.externalId,
      seller_id: sellerIds.get(o.sellerExternalId)!,
      buyer_id: buyerIds.get(o.buyerExternalId)!,
      buyer_external_id: o.buyerExternalId,
      currency: OLIST_CURRENCY,
      items_total: o.itemsTotal,
      shipping_carrier: 'olist',
      shipping_service: 'standard',
      status: o.status,
      ingest_hash: o.ingestHash,
      paid_at: o.paidAt,
      // Olist gives the deadline itself; the processing time is the whole days it allowed.
      processing_days: Math.max(0, Math.round((o.dispatchDeadline.getTime() - o.paidAt.getTime()) / dayMs)),
      dispatch_deadline: o.dispatchDeadline,
      dispatched_at: o.dispatchedAt,
      dispatched_late: o.dispatchedAt ? o.dispatchedAt > o.dispatchDeadline : null,
      shipped_international_at: o.dispatchedAt,
      delivered_at: o.deliveredAt,
      completed_at: o.status === 'completed' ? o.deliveredAt : null,
      cancelled_at: o.cancelledAt,
      cancellation_fault: o.cancellationFault,
      estimated_delivery_on: o.estimatedDeliveryOn,
      created_at: now,
      updated_at: now,
    };
  });
  await trx.insertInto('orders').values(rows).execute();
  await trx
    .insertInto('order_items')
    .values(
      fresh.flatMap((o) =>
        o.items.map((it) => ({
          id: newId('itm', now.getTime()),
          order_id: orderIds.get(o.externalId)!,
          seller_id: sellerIds.get(o.sellerExternalId)!,
          line_no: it.lineNo,
          product_id: it.productId,
          name: `Product ${it.productId.slice(0, 8)}`,
          sku: null,
          quantity: 1,
          unit_price: it.priceMinor,
          status: o.itemStatus,
          created_at: now,
          updated_at: now,
        })),
      ),
    )
    .execute();
  await trx
    .insertInto('order_payments')
    .values(
      fresh.map((o) => ({
        order_id: orderIds.get(o.externalId)!,
        seller_id: sellerIds.get(o.sellerExternalId)!,
        currency: OLIST_CURRENCY,
        captured_amount: o.capturedAmount,
        method: o.paymentMethod,
        reference: `olist:${o.olistOrderId}`,
        captured_at: o.paidAt,
      })),
    )
    .execute();
  await appendHistoryRows(
    trx,
    rows.map((r) => ({ entityType: 'order', entityId: r.id, event: 'import', from: null, to: r.status, sellerId: r.seller_id, data: { source: OLIST_SOURCE, externalId: r.external_id } })),
    importActor,
    now,
  );
  report.orders.created += rows.length;
}
