import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { normalizeCarrier } from '../../domain/orders.js';
import { normalizeTrackingNumber } from '../../domain/tracking/index.js';
import type { Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/history.js';
import { newId } from '../../shared/ids.js';
import { requireIngester } from './access.js';
import { enqueueOutboxRows } from './repo.js';
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
  counts: { received: number; stored: number; duplicate: number; matched: number; unmatched: number; error: number };
  /** Orders whose tracking became valid with this batch (their first scan). */
  trackingValidated: { orderId: string; shipmentId: string; validTrackingAt: string }[];
  errors: { index: number; code: string; field: string; message: string }[];
}

/**
 * Carrier events from the platform's carrier feeds. Each scan is stored once (a re-sent scan is a
 * duplicate) and matched to the shipments with its tracking number; a shipment's first scan makes its tracking
 * valid. Scans for a number no seller has entered yet wait and are matched at dispatch.
 */
export async function ingestScans(ctx: AppContext, actor: Actor, rows: unknown[]): Promise<ScanBatchResult> {
  requireIngester(actor);
  const result: ScanBatchResult = {
    counts: { received: rows.length, stored: 0, duplicate: 0, matched: 0, unmatched: 0, error: 0 },
    trackingValidated: [],
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
  for (let i = 0; i < valid.length; i += SCAN_CHUNK_SIZE) {
    const chunk = valid.slice(i, i + SCAN_CHUNK_SIZE);
    const part = await withRetryOnConflict(() => ctx.db.transaction().execute((trx) => storeScans(ctx, trx, chunk)));
    result.counts.stored += part.stored;
    result.counts.duplicate += part.duplicate;
    result.counts.matched += part.matched;
    result.counts.unmatched += part.stored - part.matched;
    result.trackingValidated.push(...part.validated);
  }
  return result;
}

async function storeScans(ctx: AppContext, trx: Tx, chunk: { scan: ScanInput; number: string }[]) {
  const now = ctx.clock.now();
  const numbers = [...new Set(chunk.map((c) => c.number))].sort();
  // The first shipment given each number owns its scans (a reused number's later shipments still see them).
  const shipments = await trx
    .selectFrom('shipments')
    .select(['id', 'order_id', 'seller_id', 'tracking_number'])
    .where('tracking_number', 'in', numbers)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const owner = new Map<string, (typeof shipments)[number]>();
  for (const s of shipments) if (!owner.has(s.tracking_number)) owner.set(s.tracking_number, s);

  const inserted = await trx
    .insertInto('carrier_scans')
    .values(
      chunk.map(({ scan, number }) => {
        const s = owner.get(number);
        return {
          id: newId('scn', now.getTime()),
          shipment_id: s?.id ?? null,
          order_id: s?.order_id ?? null,
          seller_id: s?.seller_id ?? null,
          carrier: normalizeCarrier(scan.carrier),
          tracking_number: number,
          event_code: scan.eventCode,
          description: scan.description ?? '',
          location: scan.location ?? '',
          occurred_at: new Date(scan.occurredAt),
          received_at: now,
        };
      }),
    )
    .onConflict((oc) => oc.doNothing())
    .returning(['tracking_number', 'occurred_at', 'event_code', 'shipment_id'])
    .execute();

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
    const nums = [...per.keys()].sort();
    const firsts = nums.map((n) => per.get(n)!.first.toISOString());
    const lasts = nums.map((n) => per.get(n)!.last.toISOString());
    const codes = nums.map((n) => per.get(n)!.code);
    const values = sql`unnest(${nums}::text[], ${firsts}::timestamptz[], ${lasts}::timestamptz[], ${codes}::text[]) AS v(num, first_at, last_at, last_code)`;
    // First scans: the tracking becomes valid (only the statement that sets it reports it, under the row lock).
    const newly = await sql<{ id: string; order_id: string; seller_id: string; valid_tracking_at: Date }>`
      UPDATE shipments s SET valid_tracking_at = v.first_at
        FROM ${values}
       WHERE s.tracking_number = v.num AND s.valid_tracking_at IS NULL
      RETURNING s.id, s.order_id, s.seller_id, s.valid_tracking_at`.execute(trx);
    await sql`
      UPDATE shipments s
         SET valid_tracking_at = LEAST(s.valid_tracking_at, v.first_at),
             last_event_code = CASE WHEN s.last_scan_at IS NULL OR v.last_at >= s.last_scan_at THEN v.last_code ELSE s.last_event_code END,
             last_scan_at = GREATEST(COALESCE(s.last_scan_at, v.last_at), v.last_at)
        FROM ${values}
       WHERE s.tracking_number = v.num`.execute(trx);
    await sql`
      UPDATE orders o SET tracking_valid_at = f.first_at, updated_at = ${now}
        FROM (SELECT order_id, min(valid_tracking_at) AS first_at FROM shipments
               WHERE tracking_number = ANY(${nums}::text[]) AND valid_tracking_at IS NOT NULL GROUP BY order_id) f
       WHERE o.id = f.order_id AND o.tracking_valid_at IS DISTINCT FROM f.first_at`.execute(trx);
    for (const s of newly.rows) validated.push({ orderId: s.order_id, shipmentId: s.id, validTrackingAt: new Date(s.valid_tracking_at).toISOString() });
    await enqueueOutboxRows(
      trx,
      newly.rows.map((s) => ({
        type: 'order.tracking_valid',
        entityType: 'order',
        entityId: s.order_id,
        sellerId: s.seller_id,
        payload: { id: s.order_id, shipmentId: s.id, validTrackingAt: new Date(s.valid_tracking_at).toISOString() },
      })),
      now,
    );
  }
  return { stored: inserted.length, duplicate: chunk.length - inserted.length, matched, validated };
}
