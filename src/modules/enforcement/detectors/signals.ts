import { sql } from 'kysely';
import { DAY_MS, onlySubjects, ts, type Detector, type DetectorEnv } from './types.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';

/** Signals the orders module raised, not yet explained away (a no-scan signal whose tracking later scanned is not). */
async function signalsOf(db: Kysely<Database>, types: string[], { policy, now, subjects }: DetectorEnv) {
  const since = new Date(now.getTime() - policy.enforcement.replayDays * DAY_MS);
  const rows = await sql<{ id: string; type: string; order_id: string | null; seller_id: string; shipment_id: string | null; evidence: Record<string, unknown>; created_at: Date; valid_tracking_at: Date | null }>`
    SELECT s.id, s.type, s.order_id, s.seller_id, s.shipment_id, s.evidence, s.created_at, sh.valid_tracking_at
      FROM signals s
      LEFT JOIN shipments sh ON sh.id = s.shipment_id
     WHERE s.type = ANY(${sql.val(types)}::text[]) AND s.created_at >= ${ts(since)}::timestamptz AND s.created_at < ${ts(now)}::timestamptz
       ${onlySubjects('s.seller_id', subjects)}
     ORDER BY s.created_at`.execute(db);
  return rows.rows;
}

/** Fictitious dispatch (seed 002): a tracking number that never got a carrier scan, or one on another buyer's parcel. */
export const fictitiousDispatch: Detector = {
  rule: 'fictitious_dispatch',
  subject: 'seller',
  async detect(db, env) {
    const rows = await signalsOf(db, ['fictitious_dispatch_suspected', 'tracking_reused'], env);
    return rows
      .filter((s) => s.type === 'tracking_reused' || s.valid_tracking_at === null)
      .map((s) => ({
        subjectType: 'seller' as const,
        sellerId: s.seller_id,
        rule: 'fictitious_dispatch',
        dedupeKey: `fictitious_dispatch:${s.id}`,
        summary:
          s.type === 'tracking_reused'
            ? `Order ${s.order_id}: the tracking number was already used on another buyer's order.`
            : `Order ${s.order_id}: the tracking number never got a carrier scan after dispatch.`,
        evidence: { signalId: s.id, signalType: s.type, orderId: s.order_id, shipmentId: s.shipment_id, signal: s.evidence },
        occurredAt: s.created_at,
      }));
  },
};

/** Shipping method mismatch (seed 002): another carrier or service than the buyer chose. */
export const methodMismatch: Detector = {
  rule: 'method_mismatch',
  subject: 'seller',
  async detect(db, env) {
    const rows = await signalsOf(db, ['method_mismatch'], env);
    return rows.map((s) => ({
      subjectType: 'seller' as const,
      sellerId: s.seller_id,
      rule: 'method_mismatch',
      dedupeKey: `method_mismatch:${s.id}`,
      summary: `Order ${s.order_id}: shipped with another method than the buyer chose.`,
      evidence: { signalId: s.id, orderId: s.order_id, shipmentId: s.shipment_id, signal: s.evidence },
      occurredAt: s.created_at,
    }));
  },
};
