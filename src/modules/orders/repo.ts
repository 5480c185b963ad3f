import { sql, type RawBuilder } from 'kysely';
import type { Json } from '../../db/tables/platform.js';
import { primaryRole, type Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/history.js';
import { newId } from '../../shared/ids.js';
import type { CanonicalOrder } from './input.js';

/**
 * The rows `appendHistory` and `enqueueOutbox` write, for many entities in one statement each. Batch ingest
 * creates thousands of orders per second, and one round trip per history row would be most of its time.
 */
export async function appendHistoryRows(
  trx: Tx,
  rows: { entityType: string; entityId: string; event: string; from: string | null; to: string; sellerId: string | null; data: Json; reason?: string | null }[],
  actor: Actor,
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const when = at.toISOString();
  const role = primaryRole(actor);
  await bulkInsert(
    'entity_history',
    HISTORY_COLUMNS,
    rows.map((r) => [newId('evt', at.getTime()), r.entityType, r.entityId, r.event, r.from, r.to, actor.id, role, r.reason ?? null, r.data, r.sellerId, when]),
  ).execute(trx);
}

const HISTORY_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'entity_type', type: 'text' },
  { name: 'entity_id', type: 'text' },
  { name: 'event', type: 'text' },
  { name: 'from_state', type: 'text' },
  { name: 'to_state', type: 'text' },
  { name: 'actor_id', type: 'text' },
  { name: 'actor_role', type: 'text' },
  { name: 'reason', type: 'text' },
  { name: 'data', type: 'jsonb' },
  { name: 'seller_id', type: 'text' },
  { name: 'at', type: 'timestamptz' },
];

const OUTBOX_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'event_type', type: 'text' },
  { name: 'entity_type', type: 'text' },
  { name: 'entity_id', type: 'text' },
  { name: 'seller_id', type: 'text' },
  { name: 'payload', type: 'jsonb' },
  { name: 'created_at', type: 'timestamptz' },
];

export async function enqueueOutboxRows(
  trx: Tx,
  rows: { type: string; entityType: string; entityId: string; sellerId: string | null; payload: Json }[],
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const when = at.toISOString();
  await bulkInsert(
    'outbox',
    OUTBOX_COLUMNS,
    rows.map((e) => [newId('obx', at.getTime()), e.type, e.entityType, e.entityId, e.sellerId, { type: e.type, timestamp: when, data: e.payload }, when]),
  ).execute(trx);
}

/** Stored orders in their canonical form, to name the fields a conflicting re-send differs in. */
export async function loadCanonicalOrders(trx: Tx, orderIds: string[]): Promise<Map<string, CanonicalOrder>> {
  const out = new Map<string, CanonicalOrder>();
  if (orderIds.length === 0) return out;
  const orders = await trx
    .selectFrom('orders')
    .innerJoin('order_payments', 'order_payments.order_id', 'orders.id')
    .select([
      'orders.id',
      'orders.source',
      'orders.external_id',
      'orders.buyer_external_id',
      'orders.seller_id',
      'orders.currency',
      'orders.shipping_carrier',
      'orders.shipping_service',
      'orders.paid_at',
      'order_payments.captured_amount',
      'order_payments.method',
      'order_payments.reference',
    ])
    .where('orders.id', 'in', orderIds)
    .execute();
  const items = await trx.selectFrom('order_items').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('line_no').execute();
  for (const o of orders) {
    out.set(o.id, {
      source: o.source,
      externalId: o.external_id,
      buyerExternalId: o.buyer_external_id ?? '',
      sellerId: o.seller_id,
      currency: o.currency,
      shippingCarrier: o.shipping_carrier,
      shippingService: o.shipping_service,
      paidAt: o.paid_at.toISOString(),
      paymentAmount: o.captured_amount,
      paymentMethod: o.method,
      paymentReference: o.reference,
      items: [],
    });
  }
  for (const i of items) {
    out.get(i.order_id)?.items.push({ productId: i.product_id, name: i.name, sku: i.sku, quantity: i.quantity, unitPrice: i.unit_price });
  }
  return out;
}

/** A column of a bulk insert and its PostgreSQL type. */
export interface BulkColumn {
  name: string;
  type: 'text' | 'text[]' | 'integer' | 'bigint' | 'boolean' | 'timestamptz' | 'jsonb';
}

/**
 * A multi-row INSERT whose rows travel as one JSON document: `INSERT … SELECT cols FROM
 * json_populate_recordset(NULL::table, $1)`. Thousands of rows cost one parameter instead of one per value; the
 * client's JSON.stringify is native and the server parses the document once, each value by its column's type.
 * Rows are arrays in `columns` order (Dates become ISO strings, jsonb columns take objects); `tail` adds ON
 * CONFLICT or RETURNING.
 */
export function bulkInsert(table: string, columns: BulkColumn[], rows: unknown[][], tail: RawBuilder<unknown> = sql``) {
  const names = columns.map((c) => c.name);
  // Dates as ISO strings, each Date object converted once (a chunk's rows share their timestamps).
  const isoOf = new Map<Date, string>();
  const json = JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) {
        const v = r[i];
        if (v instanceof Date) {
          let iso = isoOf.get(v);
          if (iso === undefined) isoOf.set(v, (iso = v.toISOString()));
          o[names[i]] = iso;
        } else o[names[i]] = v;
      }
      return o;
    }),
  );
  const cols = sql.join(names.map((n) => sql.ref(n)));
  return sql`INSERT INTO ${sql.table(table)} (${cols})
    SELECT ${cols} FROM json_populate_recordset(NULL::${sql.table(table)}, ${json}::json) ${tail}`;
}
