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
import { enqueueOutboxRows } from '../../platform/history.js';
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

async function storeScans(ctx: AppContext, trx: Tx, chunk: { scan: ScanInput; number: string }[]) {
  const now = ctx.clock.now();
  const numbers = [...new Set(chunk.map((c) => c.number))].sort();
  // The shipments with these numbers, locked in id order (concurrent batches then never deadlock). The first
  // shipment given a number owns its scans; a reused number's later shipments still see them.
  const locked = await trx
    .selectFrom('shipments')
    .select(['id', 'order_id', 'seller_id', 'tracking_number', 'created_at', 'valid_tracking_at', 'last_scan_at', 'last_event_code'])
    .where('tracking_number', 'in', numbers)
    .orderBy('id')
    .forUpdate()
    .execute();
  const owner = new Map<string, (typeof locked)[number]>();
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
    for (const s of locked) {
      const p = per.get(s.tracking_number);
      if (!p) continue;
      const valid = s.valid_tracking_at && s.valid_tracking_at <= p.first ? s.valid_tracking_at : p.first;
      const newer = !s.last_scan_at || p.last >= s.last_scan_at;
      const last = newer ? p.last : s.last_scan_at!;
      const code = newer ? p.code : s.last_event_code!;
      if (s.valid_tracking_at?.getTime() === valid.getTime() && s.last_scan_at?.getTime() === last.getTime() && s.last_event_code === code) continue;
      changes.push([s.id, valid, last, code]);
      if (!s.valid_tracking_at) validated.push({ orderId: s.order_id, shipmentId: s.id, validTrackingAt: valid.toISOString() });
      if (s.valid_tracking_at?.getTime() !== valid.getTime()) {
        const o = orderFirstScan.get(s.order_id);
        if (!o || valid < o) orderFirstScan.set(s.order_id, valid);
      }
    }
    if (changes.length > 0) {
      await sql`
        UPDATE shipments s
           SET valid_tracking_at = v.valid_at, last_scan_at = v.last_at, last_event_code = v.last_code
          FROM unnest(${changes.map((c) => c[0])}::text[], ${changes.map((c) => c[1].toISOString())}::timestamptz[],
                      ${changes.map((c) => c[2].toISOString())}::timestamptz[], ${changes.map((c) => c[3])}::text[]) AS v(id, valid_at, last_at, last_code)
         WHERE s.id = v.id`.execute(trx);
    }
    if (orderFirstScan.size > 0) {
      const ids = [...orderFirstScan.keys()].sort();
      await sql`
        UPDATE orders o SET tracking_valid_at = v.first_at, updated_at = ${now.toISOString()}::timestamptz
          FROM unnest(${ids}::text[], ${ids.map((id) => orderFirstScan.get(id)!.toISOString())}::timestamptz[]) AS v(id, first_at)
         WHERE o.id = v.id AND (o.tracking_valid_at IS NULL OR o.tracking_valid_at > v.first_at)`.execute(trx);
    }
    await enqueueOutboxRows(
      trx,
      validated.map((v) => ({
        type: 'order.tracking_valid',
        entityType: 'order',
        entityId: v.orderId,
        sellerId: locked.find((s) => s.id === v.shipmentId)!.seller_id,
        payload: { id: v.orderId, shipmentId: v.shipmentId, validTrackingAt: v.validTrackingAt },
      })),
      now,
    );
  }
  return { stored: inserted.length, duplicate: chunk.length - inserted.length, matched, validated };
}
