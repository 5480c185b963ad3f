import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { normalizeCarrier } from '../../domain/orders.js';
import { normalizeTrackingNumber } from '../../domain/tracking/index.js';
import type { Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/history.js';
import { newId } from '../../shared/ids.js';
import { requireIngester } from './access.js';
import { bulkInsert, type BulkColumn } from '../../db/bulk-insert.js';
import { outboxInsert } from './bulk-records.js';
import { PARCEL_STATUSES_TAKING_EVENTS, recordCarrierScansForParcels } from '../logistics/parcels.js';
import { withRetryOnConflict } from './retry.js';
import { zodFieldProblems } from './input.js';

export const SCAN_CHUNK_SIZE = 1000;
export const MAX_SCANS_PER_REQUEST = 10_000;

export const ScanInputSchema = z.object({
  carrier: z.string().trim().min(1).max(40),
  trackingNumber: z.string().trim().min(1).max(60),
  eventCode: z.string().trim().min(1).max(40),
  description: z.string().max(500).optional(),
  location: z.string().max(200).optional(),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type ScanInput = z.infer<typeof ScanInputSchema>;

export interface ScanBatchResult {
  /** `matched`/`unmatched`: new scans with or without a seller's shipment; `parcelEvents`: new events of international parcels. */
  counts: { received: number; stored: number; duplicate: number; matched: number; unmatched: number; parcelEvents: number; error: number };
  /** Orders whose tracking became valid with this batch (their first scan). */
  trackingValidated: { orderId: string; shipmentId: string; validTrackingAt: string }[];
  /** International parcels a carrier's `delivered` scan delivered, with the orders it delivered. */
  parcelsDelivered: { parcelId: string; orderIds: string[] }[];
  errors: { index: number; code: string; field: string; message: string }[];
}

/** Chunks of one request stored at the same time on a PostgreSQL server (each in its own transaction and connection). */
export const SCAN_PARALLEL_CHUNKS = 2;

/**
 * Carrier events from the platform's carrier feeds. Each scan is stored once (a re-sent scan is a
 * duplicate) and matched to the shipments with its tracking number; a shipment's first scan makes its tracking
 * valid. Scans for a number no seller has entered yet wait and are matched at dispatch. A scan whose carrier and
 * number are an international parcel's becomes the parcel's event; a `delivered` one delivers the parcel and its
 * orders. Chunks of SCAN_CHUNK_SIZE, each one transaction of a few statements whatever its size.
 */
export async function ingestScans(ctx: AppContext, actor: Actor, rows: unknown[]): Promise<ScanBatchResult> {
  requireIngester(actor);
  const result: ScanBatchResult = {
    counts: { received: rows.length, stored: 0, duplicate: 0, matched: 0, unmatched: 0, parcelEvents: 0, error: 0 },
    trackingValidated: [],
    parcelsDelivered: [],
    errors: [],
  };
  const valid: { index: number; scan: ScanInput; number: string }[] = [];
  rows.forEach((row, index) => {
    const parsed = ScanInputSchema.safeParse(row);
    if (!parsed.success) {
      const [first] = zodFieldProblems(parsed.error);
      result.errors.push({ index, code: 'validation_failed', field: first.field, message: first.message });
      return;
    }
    const number = normalizeTrackingNumber(parsed.data.trackingNumber);
    if (!/^[A-Z0-9]+$/.test(number)) {
      result.errors.push({ index, code: 'validation_failed', field: 'trackingNumber', message: 'has only letters and digits' });
      return;
    }
    valid.push({ index, scan: parsed.data, number });
  });
  result.counts.error = result.errors.length;
  const chunks: (typeof valid)[] = [];
  for (let i = 0; i < valid.length; i += SCAN_CHUNK_SIZE) chunks.push(valid.slice(i, i + SCAN_CHUNK_SIZE));
  const parts: Awaited<ReturnType<typeof storeScans>>[] = new Array(chunks.length);
  // Chunks lock the shipments and parcels they touch in id order, so chunks running at once only ever wait.
  let next = 0;
  let failed = false;
  const worker = async () => {
    for (let k = next++; k < chunks.length && !failed; k = next++) {
      try {
        parts[k] = await withRetryOnConflict(() => ctx.db.transaction().execute((trx) => storeScans(ctx, trx, actor, chunks[k])));
      } catch (err) {
        // the other worker takes no new chunk once one failed, as a sequential loop would stop
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: ctx.handle.engine === 'postgres' ? SCAN_PARALLEL_CHUNKS : 1 }, worker));
  for (const part of parts) {
    result.counts.stored += part.stored;
    result.counts.duplicate += part.duplicate;
    result.counts.matched += part.matched;
    result.counts.unmatched += part.stored - part.matched;
    result.counts.parcelEvents += part.parcelEvents;
    result.trackingValidated.push(...part.validated);
    result.parcelsDelivered.push(...part.parcelsDelivered);
  }
  return result;
}

const SCAN_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'shipment_id', type: 'text' },
  { name: 'order_id', type: 'text' },
  { name: 'seller_id', type: 'text' },
  { name: 'carrier', type: 'text' },
  { name: 'tracking_number', type: 'text' },
  { name: 'event_code', type: 'text' },
  { name: 'description', type: 'text' },
  { name: 'location', type: 'text' },
  { name: 'occurred_at', type: 'timestamptz' },
  { name: 'received_at', type: 'timestamptz' },
];

interface LockedShipment {
  id: string;
  order_id: string;
  seller_id: string;
  tracking_number: string;
  created_at: Date;
  valid_tracking_at: Date | null;
  last_scan_at: Date | null;
  last_event_code: string | null;
}

const dateOrNull = (v: string | null): Date | null => (v === null ? null : new Date(v));

/**
 * One chunk in one transaction, in four statements whatever its size: lock the shipments and parcels the scans name
 * (in id order, so concurrent chunks never deadlock), insert the scans, then update the shipments, the orders'
 * first valid scan and the outbox together; parcels get their events only when some matched.
 */
async function storeScans(ctx: AppContext, trx: Tx, actor: Actor, chunk: { scan: ScanInput; number: string }[]) {
  const now = ctx.clock.now();
  const numbers = [...new Set(chunk.map((c) => c.number))].sort();
  const pairs = [...new Map(chunk.map((c) => [`${normalizeCarrier(c.scan.carrier)}\u0000${c.number}`, [normalizeCarrier(c.scan.carrier), c.number] as const])).values()];
  // The first shipment given a number owns its scans; a reused number's later shipments still see them.
  const found = (
    await sql<{ shipments: [string, string, string, string, string, string | null, string | null, string | null][] | null; parcels: string[] | null }>`
      SELECT
        (SELECT json_agg(json_build_array(s.id, s.order_id, s.seller_id, s.tracking_number, s.created_at, s.valid_tracking_at, s.last_scan_at, s.last_event_code) ORDER BY s.id)
           FROM (SELECT id, order_id, seller_id, tracking_number, created_at, valid_tracking_at, last_scan_at, last_event_code
                   FROM shipments WHERE tracking_number = ANY(${numbers}::text[]) ORDER BY id FOR UPDATE) s) AS shipments,
        (SELECT json_agg(p.id ORDER BY p.id)
           FROM (SELECT parcels.id FROM parcels
                   JOIN unnest(${pairs.map((x) => x[0])}::text[], ${pairs.map((x) => x[1])}::text[]) AS k(carrier, tracking_number)
                     ON parcels.carrier = k.carrier AND parcels.tracking_number = k.tracking_number
                  WHERE parcels.status = ANY(${[...PARCEL_STATUSES_TAKING_EVENTS]}::text[])
                  ORDER BY parcels.id FOR UPDATE OF parcels) p) AS parcels`.execute(trx)
  ).rows[0];
  const locked: LockedShipment[] = (found?.shipments ?? []).map(([id, orderId, sellerId, trackingNumber, createdAt, validAt, lastAt, lastCode]) => ({
    id,
    order_id: orderId,
    seller_id: sellerId,
    tracking_number: trackingNumber,
    created_at: new Date(createdAt),
    valid_tracking_at: dateOrNull(validAt),
    last_scan_at: dateOrNull(lastAt),
    last_event_code: lastCode,
  }));
  const owner = new Map<string, LockedShipment>();
  for (const s of locked) {
    const o = owner.get(s.tracking_number);
    if (!o || s.created_at < o.created_at) owner.set(s.tracking_number, s);
  }

  const inserted = (
    await bulkInsert(
      'carrier_scans',
      SCAN_COLUMNS,
      chunk.map(({ scan, number }) => {
        const s = owner.get(number);
        return [
          newId('scn', now.getTime()),
          s?.id ?? null,
          s?.order_id ?? null,
          s?.seller_id ?? null,
          normalizeCarrier(scan.carrier),
          number,
          scan.eventCode,
          scan.description ?? '',
          scan.location ?? '',
          new Date(scan.occurredAt).toISOString(),
          now,
        ];
      }),
      sql`ON CONFLICT DO NOTHING RETURNING tracking_number, occurred_at, event_code, shipment_id`,
    ).execute(trx)
  ).rows as { tracking_number: string; occurred_at: Date; event_code: string; shipment_id: string | null }[];

  // Per number: the earliest and the latest new scan.
  const per = new Map<string, { first: Date; last: Date; code: string }>();
  let matched = 0;
  for (const s of inserted) {
    if (!s.shipment_id) continue;
    matched++;
    const p = per.get(s.tracking_number);
    if (!p) per.set(s.tracking_number, { first: s.occurred_at, last: s.occurred_at, code: s.event_code });
    else {
      if (s.occurred_at < p.first) p.first = s.occurred_at;
      if (s.occurred_at >= p.last) {
        p.last = s.occurred_at;
        p.code = s.event_code;
      }
    }
  }
  const validated: ScanBatchResult['trackingValidated'] = [];
  if (per.size > 0) {
    // Work out what moves for each locked shipment, and write it once.
    const changes: [string, Date, Date, string][] = [];
    const orderFirstScan = new Map<string, Date>();
    const sellerOf = new Map<string, string>();
    for (const s of locked) {
      const p = per.get(s.tracking_number);
      if (!p) continue;
      const valid = s.valid_tracking_at && s.valid_tracking_at <= p.first ? s.valid_tracking_at : p.first;
      // A shipment row is written only when its tracking becomes valid (or an earlier first scan turns up): later
      // scans are rows of carrier_scans only, and the latest scan is read from there (orders/views.ts), so a feed
      // of many scans per parcel costs one insert per scan, not an insert and an update.
      if (s.valid_tracking_at?.getTime() === valid.getTime()) continue;
      const newer = !s.last_scan_at || p.last >= s.last_scan_at;
      const last = newer ? p.last : s.last_scan_at!;
      const code = newer ? p.code : s.last_event_code!;
      changes.push([s.id, valid, last, code]);
      sellerOf.set(s.id, s.seller_id);
      if (!s.valid_tracking_at) validated.push({ orderId: s.order_id, shipmentId: s.id, validTrackingAt: valid.toISOString() });
      const o = orderFirstScan.get(s.order_id);
      if (!o || valid < o) orderFirstScan.set(s.order_id, valid);
    }
    if (changes.length > 0) {
      const ids = [...orderFirstScan.keys()].sort();
      await sql`
        WITH moved_shipments AS (
          UPDATE shipments s
             SET valid_tracking_at = v.valid_at, last_scan_at = v.last_at, last_event_code = v.last_code
            FROM unnest(${changes.map((c) => c[0])}::text[], ${changes.map((c) => c[1].toISOString())}::timestamptz[],
                        ${changes.map((c) => c[2].toISOString())}::timestamptz[], ${changes.map((c) => c[3])}::text[]) AS v(id, valid_at, last_at, last_code)
           WHERE s.id = v.id RETURNING s.id),
        moved_orders AS (
          UPDATE orders o SET tracking_valid_at = v.first_at, updated_at = ${now.toISOString()}::timestamptz
            FROM unnest(${ids}::text[], ${ids.map((id) => orderFirstScan.get(id)!.toISOString())}::timestamptz[]) AS v(id, first_at)
           WHERE o.id = v.id AND (o.tracking_valid_at IS NULL OR o.tracking_valid_at > v.first_at) RETURNING o.id),
        queued AS (${outboxInsert(
          validated.map((v) => ({
            type: 'order.tracking_valid',
            entityType: 'order',
            entityId: v.orderId,
            sellerId: sellerOf.get(v.shipmentId)!,
            payload: { id: v.orderId, shipmentId: v.shipmentId, validTrackingAt: v.validTrackingAt },
          })),
          now,
        )})
        SELECT (SELECT count(*) FROM moved_shipments) AS shipments, (SELECT count(*) FROM moved_orders) AS orders`.execute(trx);
    }
  }

  // International parcels with these carriers and numbers (locked above) take the scans as their events.
  const parcels = await recordCarrierScansForParcels(
    trx,
    actor,
    now,
    found?.parcels ?? [],
    chunk.map(({ scan, number }) => ({
      carrier: normalizeCarrier(scan.carrier),
      trackingNumber: number,
      event: { eventCode: scan.eventCode, description: scan.description, location: scan.location, occurredAt: scan.occurredAt },
    })),
  );
  return { stored: inserted.length, duplicate: chunk.length - inserted.length, matched, validated, parcelEvents: parcels.stored, parcelsDelivered: parcels.delivered };
}
