import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Json } from '../../db/tables/platform.js';
import { addBusinessDays } from '../../domain/calendar/business-days.js';
import type { Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/history.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { activePolicy } from '../policy/service.js';
import { intakeRefusal } from '../../domain/enforcement/ladder.js';
import type { Sanction } from '../../domain/enforcement/policy.js';
import { requireIngester } from './access.js';
import { loadSellerCalendars, type SellerCalendars } from './calendars.js';
import {
  DEFAULT_SOURCE,
  OrderInputSchema,
  canonicalHash,
  canonicalize,
  differingFields,
  zodFieldProblems,
  type CanonicalOrder,
  type OrderInput,
} from './input.js';
import { bulkInsert, type BulkColumn } from '../../db/bulk-insert.js';
import { historyInsert, outboxInsert } from './bulk-records.js';
import { loadCanonicalOrders } from './repo.js';
import { withRetryOnConflict } from './retry.js';

/** Orders per transaction in a batch: large enough for multi-row INSERTs to pay off, small enough to stay short. */
export const INGEST_CHUNK_SIZE = 500;
/** Longest NDJSON line accepted (one order). */
const MAX_LINE_BYTES = 1024 * 1024;

export interface RawRow {
  index: number;
  /** 1-based line number, for NDJSON. */
  line?: number;
  value?: unknown;
  parseError?: string;
}

export type RowResult =
  | { index: number; line?: number; externalId: string | null; status: 'created' | 'unchanged'; orderId: string }
  | {
      index: number;
      line?: number;
      externalId: string | null;
      status: 'error';
      httpStatus: number;
      code: string;
      message: string;
      field?: string;
      fields?: string[];
      errors?: { field: string; message: string }[];
    };
type ErrorResult = Extract<RowResult, { status: 'error' }>;

export interface BatchSummary {
  counts: { created: number; unchanged: number; error: number };
  results: RowResult[];
}

interface ValidRow {
  index: number;
  line?: number;
  input: OrderInput;
  source: string;
}

interface Prepared extends ValidRow {
  key: string;
  canonical: CanonicalOrder;
  hash: string;
  seller: { id: string; status: string; country: string };
}

const keyOf = (source: string, externalId: string) => `${source}\u0000${externalId}`;

function rowError(row: { index: number; line?: number }, externalId: string | null, e: Omit<ErrorResult, 'index' | 'line' | 'externalId' | 'status'>): ErrorResult {
  return { index: row.index, ...(row.line !== undefined ? { line: row.line } : {}), externalId, status: 'error', ...e };
}

function externalIdOf(value: unknown): string | null {
  const v = (value as { externalId?: unknown } | null)?.externalId;
  return typeof v === 'string' ? v : null;
}

/** PostgreSQL errors that a row's content can cause, as a row result rather than a failed batch. */
function databaseRowError(err: unknown): Pick<ErrorResult, 'httpStatus' | 'code' | 'message'> | null {
  const code = (err as { code?: string })?.code;
  if (!code || typeof code !== 'string') return null;
  if (code === '23505') return { httpStatus: 409, code: 'duplicate', message: 'This order collides with an existing record.' };
  if (code === '23503') return { httpStatus: 422, code: 'reference_not_found', message: 'A referenced record does not exist.' };
  if (code === '23514') return { httpStatus: 422, code: 'constraint_violated', message: 'The order breaks a rule of the data.' };
  if (code.startsWith('22')) return { httpStatus: 400, code: 'invalid_value', message: 'A value is not valid for its field.' };
  if (code === '40001' || code === '40P01') return { httpStatus: 409, code: 'concurrent_update', message: 'Another request changed the same data; send this order again.' };
  return null;
}

/**
 * Ingests one chunk of orders: validates each row, then in one transaction looks up what exists, creates the
 * buyers it does not know, and inserts orders, items, payments, history and outbox rows with one multi-row
 * INSERT each. A re-send of an order with the same content is `unchanged`; with different content an
 * `order_conflict` naming the fields. One bad row never fails the others.
 */
export async function ingestChunk(ctx: AppContext, actor: Actor, rows: RawRow[], calendars?: SellerCalendars): Promise<RowResult[]> {
  requireIngester(actor);
  const results: RowResult[] = [];
  const valid: ValidRow[] = [];
  for (const row of rows) {
    if (row.parseError !== undefined) {
      results.push(rowError(row, null, { httpStatus: 400, code: 'malformed_json', message: row.parseError }));
      continue;
    }
    const parsed = OrderInputSchema.safeParse(row.value);
    if (!parsed.success) {
      const errors = zodFieldProblems(parsed.error);
      results.push(
        rowError(row, externalIdOf(row.value), {
          httpStatus: 400,
          code: 'validation_failed',
          message: `Invalid order: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
          field: errors[0]?.field,
          errors,
        }),
      );
      continue;
    }
    valid.push({ index: row.index, line: row.line, input: parsed.data, source: parsed.data.source ?? DEFAULT_SOURCE });
  }
  if (valid.length > 0) {
    const cals = calendars ?? (await loadSellerCalendars(ctx.db));
    try {
      results.push(...(await withRetryOnConflict(() => ctx.db.transaction().execute((trx) => ingestValidRows(ctx, trx, actor, valid, cals)))));
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (valid.length === 1) {
        const mapped = databaseRowError(err);
        if (!mapped) throw err;
        results.push(rowError(valid[0], valid[0].input.externalId, mapped));
      } else {
        // Something in the chunk the checks did not foresee: retry row by row so only that row fails.
        ctx.log.warn({ err }, 'order chunk failed; retrying its rows one by one');
        for (const row of valid) {
          try {
            results.push(...(await withRetryOnConflict(() => ctx.db.transaction().execute((trx) => ingestValidRows(ctx, trx, actor, [row], cals)))));
          } catch (rowErr) {
            const mapped = databaseRowError(rowErr);
            if (!mapped) ctx.log.error({ err: rowErr, externalId: row.input.externalId }, 'order row failed');
            results.push(rowError(row, row.input.externalId, mapped ?? { httpStatus: 500, code: 'internal_error', message: 'This order could not be stored; send it again.' }));
          }
        }
      }
    }
  }
  return results.sort((a, b) => a.index - b.index);
}

async function ingestValidRows(ctx: AppContext, trx: Tx, actor: Actor, rows: ValidRow[], calendars: SellerCalendars): Promise<RowResult[]> {
  const now = ctx.clock.now();
  const results: RowResult[] = [];
  const { version: policyVersion, policy } = await activePolicy(ctx, trx);
  const processingDays = policy.fulfilment.processingBusinessDays;

  // What already exists, the sellers named with their sanctions, and the buyers we know: one statement.
  const { existing, sellers, knownBuyers } = await lookupChunk(trx, rows, now);
  const sellerById = new Map(sellers.map((s) => [s.id, s]));
  const sellerByExternal = new Map(sellers.filter((s) => s.external_id).map((s) => [s.external_id!, s]));
  const sanctionKinds = (sellerId: string) => (sellerById.get(sellerId)?.sanctions ?? []).filter((k): k is Sanction => k !== 'claim_limit');

  const toCreate: Prepared[] = [];
  const firstInChunk = new Map<string, Prepared>();
  const sameAsEarlier: { row: Prepared; first: Prepared }[] = [];
  const conflicts: { row: Prepared; orderId: string }[] = [];

  for (const r of rows) {
    const seller = r.input.sellerId ? sellerById.get(r.input.sellerId) : sellerByExternal.get(r.input.sellerExternalId!);
    if (!seller) {
      const field = r.input.sellerId ? 'sellerId' : 'sellerExternalId';
      results.push(rowError(r, r.input.externalId, { httpStatus: 422, code: 'seller_not_found', message: 'No seller has this id.', field }));
      continue;
    }
    const canonical = canonicalize(r.input, seller.id);
    const p: Prepared = { ...r, key: keyOf(r.source, r.input.externalId), canonical, hash: canonicalHash(canonical), seller };
    const stored = existing.get(p.key);
    if (stored) {
      if (stored.ingest_hash === p.hash) results.push({ index: r.index, ...(r.line !== undefined ? { line: r.line } : {}), externalId: r.input.externalId, status: 'unchanged', orderId: stored.id });
      else conflicts.push({ row: p, orderId: stored.id });
      continue;
    }
    const first = firstInChunk.get(p.key);
    if (first) {
      sameAsEarlier.push({ row: p, first });
      continue;
    }
    // Sanctions act at intake: suspended and banned sellers take no orders, restricted ones do (except small
    // parcels under the small-parcel restriction).
    const refusal = intakeRefusal(seller.status, sanctionKinds(seller.id), r.input.shippingMethod.service, policy.enforcement.smallParcelRestriction.services);
    if (refusal) {
      results.push(
        rowError(r, r.input.externalId, {
          httpStatus: 422,
          code: refusal.code,
          message: refusal.message,
          field: refusal.code === 'small_parcel_restricted' ? 'shippingMethod.service' : r.input.sellerId ? 'sellerId' : 'sellerExternalId',
        }),
      );
      continue;
    }
    firstInChunk.set(p.key, p);
    toCreate.push(p);
  }

  // Buyers: the platform's ids mapped to users, creating the ones we do not know yet.
  const buyerIds = await resolveBuyers(
    trx,
    toCreate.map((p) => ({ source: p.source, externalId: p.input.buyer.externalId, email: p.input.buyer.email, name: p.input.buyer.name })),
    knownBuyers,
    actor,
    now,
  );

  // Orders first; a row a concurrent request created meanwhile is skipped here and compared below.
  toCreate.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const created = new Map<string, { id: string; p: Prepared; deadline: Date; itemsTotal: number }>();
  if (toCreate.length > 0) {
    // The deadline depends only on the local day of payment, which is the same within any quarter hour (every
    // time zone's offset is a multiple of 15 minutes): compute it once per calendar and quarter hour.
    const deadlines = new Map<string, Date>();
    const deadlineFor = (paidAt: Date, country: string) => {
      const cal = calendars(country);
      const quarter = Math.floor(paidAt.getTime() / 900_000);
      const key = `${cal.kind}:${cal.timeZone}:${quarter}`;
      let d = deadlines.get(key);
      if (!d) deadlines.set(key, (d = addBusinessDays(new Date(quarter * 900_000), processingDays, cal)));
      return d;
    };
    const planned = toCreate.map((p) => {
      const paidAt = new Date(p.canonical.paidAt);
      return {
        id: newId('ord', now.getTime()),
        p,
        deadline: deadlineFor(paidAt, p.seller.country),
        itemsTotal: p.canonical.items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0),
      };
    });
    // Orders, items, payments, history and outbox in one statement; the rows of an order a concurrent request
    // created meanwhile (skipped by ON CONFLICT) are left out of the others by the join on new_orders.
    const ofNewOrders = (column: string) => sql`WHERE ${sql.ref(column)} IN (SELECT id FROM new_orders)`;
    const buyerOf = (p: Prepared) => buyerIds.get(keyOf(p.source, p.input.buyer.externalId))!;
    const inserted = (
      await sql<{ id: string }>`
        WITH new_orders AS (${bulkInsert(
          'orders',
          ORDER_COLUMNS,
          planned.map(({ id, p, deadline, itemsTotal }) => [
            id,
            p.source,
            p.input.externalId,
            p.seller.id,
            buyerOf(p),
            p.input.buyer.externalId,
            p.canonical.currency,
            itemsTotal,
            p.canonical.shippingCarrier,
            p.canonical.shippingService,
            'paid',
            p.hash,
            p.canonical.paidAt,
            processingDays,
            deadline,
            now,
            now,
          ]),
          sql`ON CONFLICT (source, external_id) DO NOTHING RETURNING id`,
        )}),
        new_items AS (${bulkInsert(
          'order_items',
          ITEM_COLUMNS,
          planned.flatMap(({ id, p }) =>
            p.canonical.items.map((item, i) => [newId('itm', now.getTime()), id, p.seller.id, i + 1, item.productId, item.name, item.sku, item.quantity, item.unitPrice, 'paid', now, now]),
          ),
          ofNewOrders('order_id'),
        )}),
        new_payments AS (${bulkInsert(
          'order_payments',
          PAYMENT_COLUMNS,
          planned.map(({ id, p }) => [id, p.seller.id, p.canonical.currency, p.canonical.paymentAmount, p.canonical.paymentMethod, p.canonical.paymentReference, p.canonical.paidAt]),
          ofNewOrders('order_id'),
        )}),
        new_history AS (${historyInsert(
          planned.map(({ id, p, deadline, itemsTotal }) => ({
            entityType: 'order',
            entityId: id,
            event: 'create',
            from: null,
            to: 'paid',
            sellerId: p.seller.id,
            data: {
              source: p.source,
              externalId: p.input.externalId,
              itemsTotal,
              capturedAmount: p.canonical.paymentAmount,
              currency: p.canonical.currency,
              processingDays,
              dispatchDeadline: deadline.toISOString(),
              policyVersion,
            },
          })),
          actor,
          now,
          ofNewOrders('entity_id'),
        )}),
        new_outbox AS (${outboxInsert(
          planned.map(({ id, p, deadline, itemsTotal }) => ({
            type: 'order.created',
            entityType: 'order',
            entityId: id,
            sellerId: p.seller.id,
            payload: {
              id,
              source: p.source,
              externalId: p.input.externalId,
              status: 'paid',
              sellerId: p.seller.id,
              buyerId: buyerOf(p),
              currency: p.canonical.currency,
              itemsTotal,
              capturedAmount: p.canonical.paymentAmount,
              paidAt: p.canonical.paidAt,
              dispatchDeadline: deadline.toISOString(),
            } satisfies Json,
          })),
          now,
          ofNewOrders('entity_id'),
        )})
        SELECT id FROM new_orders`.execute(trx)
    ).rows;
    const insertedIds = new Set(inserted.map((r) => r.id));
    for (const plan of planned) {
      if (insertedIds.has(plan.id)) created.set(plan.p.key, plan);
    }
    const raced = planned.filter((plan) => !insertedIds.has(plan.id));
    if (raced.length > 0) {
      const now2 = await findOrdersByExternalId(trx, raced.map((plan) => [plan.p.source, plan.p.input.externalId]));
      for (const { p } of raced) {
        const stored = now2.get(p.key)!;
        if (stored.ingest_hash === p.hash) results.push({ index: p.index, ...(p.line !== undefined ? { line: p.line } : {}), externalId: p.input.externalId, status: 'unchanged', orderId: stored.id });
        else conflicts.push({ row: p, orderId: stored.id });
      }
    }
  }

  for (const { id, p } of created.values()) results.push({ index: p.index, ...(p.line !== undefined ? { line: p.line } : {}), externalId: p.input.externalId, status: 'created', orderId: id });

  // Repeats of an order earlier in the same chunk.
  for (const { row, first } of sameAsEarlier) {
    const firstCreated = created.get(first.key);
    const firstResult = results.find((r) => r.index === first.index);
    const orderId = firstCreated?.id ?? (firstResult && firstResult.status !== 'error' ? firstResult.orderId : null);
    if (row.hash !== first.hash) {
      const fields = differingFields(first.canonical, row.canonical);
      results.push(conflictError(row, fields, orderId));
    } else if (orderId) {
      results.push({ index: row.index, ...(row.line !== undefined ? { line: row.line } : {}), externalId: row.input.externalId, status: 'unchanged', orderId });
    } else {
      results.push(rowError(row, row.input.externalId, { httpStatus: 409, code: 'order_conflict', message: 'An earlier row with this external id could not be stored.' }));
    }
  }

  if (conflicts.length > 0) {
    const stored = await loadCanonicalOrders(trx, [...new Set(conflicts.map((c) => c.orderId))]);
    for (const { row, orderId } of conflicts) {
      const fields = differingFields(stored.get(orderId)!, row.canonical);
      results.push(conflictError(row, fields, orderId));
    }
  }
  return results;
}

function conflictError(row: Prepared, fields: string[], orderId: string | null): ErrorResult {
  const named = fields.length ? fields : ['(content)'];
  return {
    ...rowError(row, row.input.externalId, {
      httpStatus: 409,
      code: 'order_conflict',
      message: `Order ${row.input.externalId} was already received with a different ${named.join(', ')}.`,
      field: named[0],
      fields: named,
    }),
    ...(orderId ? { orderId } : {}),
  } as ErrorResult;
}

async function findOrdersByExternalId(trx: Tx, keys: [string, string][]) {
  const out = new Map<string, { id: string; ingest_hash: string }>();
  if (keys.length === 0) return out;
  const found = await sql<{ id: string; source: string; external_id: string; ingest_hash: string }>`
    SELECT o.id, o.source, o.external_id, o.ingest_hash
      FROM unnest(${keys.map((k) => k[0])}::text[], ${keys.map((k) => k[1])}::text[]) AS k(source, external_id)
      CROSS JOIN LATERAL (SELECT id, source, external_id, ingest_hash FROM orders WHERE source = k.source AND external_id = k.external_id LIMIT 1) o`.execute(trx);
  for (const r of found.rows) out.set(keyOf(r.source, r.external_id), r);
  return out;
}

interface SellerFound {
  id: string;
  external_id: string | null;
  status: string;
  country: string;
  /** Kinds of the sanctions in force (the rule of `sanctionsInForce`: active, and no end or an end still ahead). */
  sanctions: string[];
}

/**
 * Everything a chunk's checks need, in one round trip: the orders already stored under these external ids, the
 * sellers named with the kinds of their sanctions in force, and the buyers already mapped to users. Each lookup by
 * key is one index probe (LATERAL with LIMIT keeps the planner from hashing a whole table).
 */
async function lookupChunk(trx: Tx, rows: ValidRow[], at: Date) {
  const keys = [...new Map(rows.map((r) => [keyOf(r.source, r.input.externalId), [r.source, r.input.externalId] as const])).values()];
  const buyers = [...new Map(rows.map((r) => [keyOf(r.source, r.input.buyer.externalId), [r.source, r.input.buyer.externalId] as const])).values()];
  const sellerIds = [...new Set(rows.flatMap((r) => (r.input.sellerId ? [r.input.sellerId] : [])))];
  const sellerExternalIds = [...new Set(rows.flatMap((r) => (r.input.sellerExternalId ? [r.input.sellerExternalId] : [])))];
  const found = await sql<{ orders: [string, string, string, string][] | null; sellers: SellerFound[] | null; buyers: [string, string, string][] | null }>`
    SELECT
      (SELECT json_agg(json_build_array(o.source, o.external_id, o.id, o.ingest_hash))
         FROM unnest(${keys.map((k) => k[0])}::text[], ${keys.map((k) => k[1])}::text[]) AS k(source, external_id)
         CROSS JOIN LATERAL (SELECT id, source, external_id, ingest_hash FROM orders WHERE source = k.source AND external_id = k.external_id LIMIT 1) o) AS orders,
      (SELECT json_agg(json_build_object('id', s.id, 'external_id', s.external_id, 'status', s.status, 'country', s.country, 'sanctions',
                (SELECT coalesce(json_agg(DISTINCT x.kind), '[]'::json) FROM sanctions x
                  WHERE x.subject_id = s.id AND x.status = 'active' AND (x.ends_at IS NULL OR x.ends_at > ${at.toISOString()}::timestamptz))))
         FROM sellers s WHERE s.id = ANY(${sellerIds}::text[]) OR s.external_id = ANY(${sellerExternalIds}::text[])) AS sellers,
      (SELECT json_agg(json_build_array(b.source, b.external_id, b.user_id))
         FROM unnest(${buyers.map((k) => k[0])}::text[], ${buyers.map((k) => k[1])}::text[]) AS k(source, external_id)
         CROSS JOIN LATERAL (SELECT source, external_id, user_id FROM buyer_identities WHERE source = k.source AND external_id = k.external_id LIMIT 1) b) AS buyers`.execute(trx);
  const row = found.rows[0];
  const existing = new Map<string, { id: string; ingest_hash: string }>();
  for (const [source, externalId, id, hash] of row?.orders ?? []) existing.set(keyOf(source, externalId), { id, ingest_hash: hash });
  const knownBuyers = new Map<string, string>();
  for (const [source, externalId, userId] of row?.buyers ?? []) knownBuyers.set(keyOf(source, externalId), userId);
  return { existing, sellers: row?.sellers ?? [], knownBuyers };
}

/**
 * The user id of each buyer, by the platform's (source, external id); `known` holds those the chunk's lookup found.
 * Unknown buyers become users with the buyer role and no password (they cannot sign in until the platform links an
 * account). The mapping row is claimed first (its user reference is checked at commit), so two batches introducing
 * the same buyer at once end with one user; claims, accounts and their history go in one statement.
 */
async function resolveBuyers(
  trx: Tx,
  wanted: { source: string; externalId: string; email?: string; name?: string }[],
  known: Map<string, string>,
  actor: Actor,
  now: Date,
): Promise<Map<string, string>> {
  const byKey = new Map<string, (typeof wanted)[number]>();
  for (const w of wanted) if (!byKey.has(keyOf(w.source, w.externalId))) byKey.set(keyOf(w.source, w.externalId), w);
  const out = new Map<string, string>();
  for (const key of byKey.keys()) {
    const userId = known.get(key);
    if (userId) out.set(key, userId);
  }
  const missing = [...byKey.entries()].filter(([k]) => !out.has(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (missing.length === 0) return out;

  // The platform's e-mail when no account has it yet; otherwise (or when two new buyers share one) a placeholder.
  // The users insert skips addresses already taken, which then get the placeholder.
  const planned = missing.map(([key, w]) => {
    const userId = newId('usr', now.getTime());
    return { key, w, userId, email: w.email?.toLowerCase() ?? placeholderEmail(userId) };
  });
  // no password: '!' is not a scrypt hash, so no password ever verifies against it
  const userRows = (list: typeof planned, email: (p: (typeof planned)[number]) => string) =>
    list.map((p) => [p.userId, email(p), p.w.name ?? `Buyer ${p.w.externalId}`, '!', ['buyer'], 'en', 'active', now, now]);
  const written = (
    await sql<{ claimed: [string, string][] | null; users: string[] | null }>`
      WITH claimed AS (${bulkInsert(
        'buyer_identities',
        IDENTITY_COLUMNS,
        planned.map((p) => [p.w.source, p.w.externalId, p.userId, p.w.email ?? null, now]),
        sql`ON CONFLICT DO NOTHING RETURNING source, external_id, user_id`,
      )}),
      new_users AS (${bulkInsert('users', USER_COLUMNS, userRows(planned, (p) => p.email), sql`WHERE id IN (SELECT user_id FROM claimed) ON CONFLICT DO NOTHING RETURNING id`)}),
      new_history AS (${historyInsert(
        planned.map((p) => ({
          entityType: 'user',
          entityId: p.userId,
          event: 'create',
          from: null,
          to: 'active',
          sellerId: null,
          data: { roles: ['buyer'], source: p.w.source, externalId: p.w.externalId },
        })),
        actor,
        now,
        sql`WHERE entity_id IN (SELECT user_id FROM claimed)`,
      )})
      SELECT (SELECT json_agg(json_build_array(source, external_id)) FROM claimed) AS claimed, (SELECT json_agg(id) FROM new_users) AS users`.execute(trx)
  ).rows[0];
  const claimedKeys = new Set((written?.claimed ?? []).map(([source, externalId]) => keyOf(source, externalId)));
  const mine = planned.filter((p) => claimedKeys.has(p.key));
  const insertedUsers = new Set(written?.users ?? []);
  // An address someone already has: the account gets a placeholder instead (the given one stays on the mapping).
  const clashed = mine.filter((p) => !insertedUsers.has(p.userId));
  if (clashed.length > 0) await insertBuyerUsers(userRows(clashed, (p) => placeholderEmail(p.userId)), false).execute(trx);
  for (const p of mine) out.set(p.key, p.userId);

  // Claimed by a concurrent batch meanwhile: its mapping is committed now (ON CONFLICT waited for it).
  const lost = planned.filter((p) => !claimedKeys.has(p.key));
  if (lost.length > 0) {
    const rows = await sql<{ source: string; external_id: string; user_id: string }>`
      SELECT b.source, b.external_id, b.user_id
        FROM unnest(${lost.map((p) => p.w.source)}::text[], ${lost.map((p) => p.w.externalId)}::text[]) AS k(source, external_id)
        CROSS JOIN LATERAL (SELECT source, external_id, user_id FROM buyer_identities WHERE source = k.source AND external_id = k.external_id LIMIT 1) b`.execute(trx);
    for (const r of rows.rows) out.set(keyOf(r.source, r.external_id), r.user_id);
  }
  return out;
}

/** Buyer accounts; with `skipConflicts`, rows whose address is taken are skipped and the others' ids returned. */
function insertBuyerUsers(rows: unknown[][], skipConflicts: boolean) {
  return bulkInsert('users', USER_COLUMNS, rows, skipConflicts ? sql`ON CONFLICT DO NOTHING RETURNING id` : sql``);
}

const ORDER_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'external_id', type: 'text' },
  { name: 'seller_id', type: 'text' },
  { name: 'buyer_id', type: 'text' },
  { name: 'buyer_external_id', type: 'text' },
  { name: 'currency', type: 'text' },
  { name: 'items_total', type: 'bigint' },
  { name: 'shipping_carrier', type: 'text' },
  { name: 'shipping_service', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'ingest_hash', type: 'text' },
  { name: 'paid_at', type: 'timestamptz' },
  { name: 'processing_days', type: 'integer' },
  { name: 'dispatch_deadline', type: 'timestamptz' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
];

const ITEM_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'order_id', type: 'text' },
  { name: 'seller_id', type: 'text' },
  { name: 'line_no', type: 'integer' },
  { name: 'product_id', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'sku', type: 'text' },
  { name: 'quantity', type: 'integer' },
  { name: 'unit_price', type: 'bigint' },
  { name: 'status', type: 'text' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
];

const PAYMENT_COLUMNS: BulkColumn[] = [
  { name: 'order_id', type: 'text' },
  { name: 'seller_id', type: 'text' },
  { name: 'currency', type: 'text' },
  { name: 'captured_amount', type: 'bigint' },
  { name: 'method', type: 'text' },
  { name: 'reference', type: 'text' },
  { name: 'captured_at', type: 'timestamptz' },
];

const IDENTITY_COLUMNS: BulkColumn[] = [
  { name: 'source', type: 'text' },
  { name: 'external_id', type: 'text' },
  { name: 'user_id', type: 'text' },
  { name: 'email', type: 'text' },
  { name: 'created_at', type: 'timestamptz' },
];

const USER_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'email', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'password_hash', type: 'text' },
  { name: 'roles', type: 'text[]' },
  { name: 'locale', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
];

/** An address that can never receive mail (RFC 2606), for buyer accounts without a usable e-mail. */
function placeholderEmail(userId: string): string {
  return `${userId}@buyers.invalid`;
}

// ---- batches -----------------------------------------------------------------------------------------

/**
 * Chunks stored at the same time by one batch on a PostgreSQL server (each in its own transaction and
 * connection, so reading and checking the next chunk overlaps the database's work on the previous one).
 */
export const INGEST_PARALLEL_CHUNKS = 2;

function rawKey(row: RawRow): string | null {
  const v = row.value as { source?: unknown; externalId?: unknown } | null;
  if (!v || typeof v !== 'object' || typeof v.externalId !== 'string') return null;
  return keyOf(typeof v.source === 'string' ? v.source : DEFAULT_SOURCE, v.externalId.trim());
}

/**
 * Runs rows through ingestChunk in chunks as they arrive; never stops on a bad row. On a server, up to
 * INGEST_PARALLEL_CHUNKS chunks are in flight; a chunk that repeats an external id of one still in flight waits
 * for it, so the first occurrence in the batch is always the one stored.
 */
export async function ingestBatch(ctx: AppContext, actor: Actor, rows: AsyncIterable<RawRow> | Iterable<RawRow>, chunkSize = INGEST_CHUNK_SIZE): Promise<BatchSummary> {
  requireIngester(actor);
  const parallel = ctx.handle.engine === 'postgres' ? INGEST_PARALLEL_CHUNKS : 1;
  const results: RowResult[] = [];
  const inFlight = new Set<{ done: Promise<void>; keys: Set<string> }>();
  let failure: unknown = null;
  let chunk: RawRow[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const rowsOfChunk = chunk;
    chunk = [];
    const keys = new Set(rowsOfChunk.map(rawKey).filter((k): k is string => k !== null));
    const before = [...inFlight].filter((f) => [...keys].some((k) => f.keys.has(k))).map((f) => f.done);
    while (inFlight.size >= parallel) await Promise.race([...inFlight].map((f) => f.done));
    const entry = {
      keys,
      done: (async () => {
        await Promise.all(before);
        const calendars = await loadSellerCalendars(ctx.db);
        results.push(...(await ingestChunk(ctx, actor, rowsOfChunk, calendars)));
      })()
        .catch((err) => {
          failure ??= err;
        })
        .finally(() => inFlight.delete(entry)),
    };
    inFlight.add(entry);
  };
  for await (const row of rows) {
    if (failure) break;
    chunk.push(row);
    if (chunk.length >= chunkSize) await flush();
  }
  if (!failure) await flush();
  await Promise.all([...inFlight].map((f) => f.done));
  if (failure) throw failure;
  results.sort((a, b) => a.index - b.index);
  const counts = { created: 0, unchanged: 0, error: 0 };
  for (const r of results) counts[r.status]++;
  return { counts, results };
}

export function* arrayRows(values: unknown[]): Generator<RawRow> {
  for (let i = 0; i < values.length; i++) yield { index: i, value: values[i] };
}

/**
 * NDJSON rows from a stream, one JSON object per line, read as the bytes arrive (the batch is never held in
 * memory whole). Blank lines are skipped; a line that is not JSON, or longer than 1 MiB, is an error row.
 */
export async function* ndjsonRows(stream: Readable): AsyncGenerator<RawRow> {
  const decoder = new StringDecoder('utf8');
  let buffered = '';
  let lineNo = 0;
  let index = 0;
  let skipping = false;
  const parse = (text: string): RawRow | null => {
    lineNo++;
    const trimmed = text.trim();
    if (trimmed === '') return null;
    try {
      return { index: index++, line: lineNo, value: JSON.parse(trimmed) };
    } catch {
      return { index: index++, line: lineNo, parseError: `Line ${lineNo} is not valid JSON.` };
    }
  };
  for await (const chunk of stream) {
    buffered += typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (skipping) {
        skipping = false;
        continue;
      }
      const row = parse(line);
      if (row) yield row;
    }
    if (buffered.length > MAX_LINE_BYTES && !skipping) {
      lineNo++;
      yield { index: index++, line: lineNo, parseError: `Line ${lineNo} is longer than ${MAX_LINE_BYTES} bytes.` };
      skipping = true;
      buffered = '';
    } else if (skipping) {
      buffered = '';
    }
  }
  buffered += decoder.end();
  if (!skipping) {
    const row = parse(buffered);
    if (row) yield row;
  }
}
