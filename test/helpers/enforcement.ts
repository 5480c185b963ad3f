import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { newId } from '../../src/shared/ids.js';
import type { TestServer } from './server.js';

/**
 * Facts for the enforcement detectors written straight into the database (the modules that record them in live
 * traffic are tested in their own suites; the detectors only read them).
 */

const DAY = 86_400_000;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(++n).toString(36)}${randomBytes(2).toString('hex')}`;

export async function insertBuyer(server: TestServer, opts: { createdAt?: Date } = {}): Promise<string> {
  const id = newId('usr');
  const at = opts.createdAt ?? server.clock.now();
  await server.arbiter.ctx.db
    .insertInto('users')
    .values({ id, email: `buyer-${uid()}@example.test`, name: 'Buyer', password_hash: 'x', roles: ['buyer'] as never, locale: 'en', status: 'active', created_at: at, updated_at: at })
    .execute();
  return id;
}

export interface OrderFacts {
  status?: string;
  paidAt?: Date;
  deadline?: Date;
  dispatchedAt?: Date | null;
  late?: boolean | null;
  cancellationFault?: 'seller' | 'buyer' | null;
  cancelledAt?: Date | null;
  cancellationOutcome?: 'accepted' | 'refused' | 'silence' | null;
  refusalReason?: string | null;
  buyerId?: string;
  service?: string;
}

/** Orders of a seller with the given facts (a paid order due three days after payment by default). */
export async function insertOrders(server: TestServer, sellerId: string, count: number, facts: OrderFacts | ((i: number) => OrderFacts) = {}): Promise<string[]> {
  const db = server.arbiter.ctx.db;
  const now = server.clock.now();
  const buyer = await insertBuyer(server);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const f = typeof facts === 'function' ? facts(i) : facts;
    const paidAt = f.paidAt ?? new Date(now.getTime() - 10 * DAY);
    const deadline = f.deadline ?? new Date(paidAt.getTime() + 3 * DAY);
    const id = newId('ord');
    ids.push(id);
    await db
      .insertInto('orders')
      .values({
        id,
        source: 'test',
        external_id: `T-${uid()}`,
        seller_id: sellerId,
        buyer_id: f.buyerId ?? buyer,
        buyer_external_id: null,
        currency: 'USD',
        items_total: 1000,
        shipping_carrier: 'sf',
        shipping_service: f.service ?? 'standard',
        status: (f.status ?? (f.dispatchedAt ? 'dispatched' : f.cancelledAt ? 'cancelled' : 'paid')) as never,
        ingest_hash: 'h',
        paid_at: paidAt,
        processing_days: 3,
        dispatch_deadline: deadline,
        dispatched_at: f.dispatchedAt ?? null,
        dispatched_late: f.dispatchedAt ? (f.late ?? f.dispatchedAt > deadline) : null,
        cancellation_fault: f.cancellationFault ?? null,
        cancelled_at: f.cancelledAt ?? null,
        cancellation_outcome: f.cancellationOutcome ?? null,
        cancellation_refusal_reason: f.refusalReason ?? null,
        cancellation_answered_at: f.refusalReason ? new Date(now.getTime() - DAY) : null,
        created_at: paidAt,
        updated_at: now,
      } as never)
      .execute();
  }
  return ids;
}

export async function insertSignal(server: TestServer, sellerId: string, type: 'method_mismatch' | 'tracking_reused' | 'fictitious_dispatch_suspected', opts: { validTracking?: boolean } = {}): Promise<string> {
  const db = server.arbiter.ctx.db;
  const now = server.clock.now();
  const [orderId] = await insertOrders(server, sellerId, 1, { dispatchedAt: new Date(now.getTime() - 8 * DAY), deadline: new Date(now.getTime() - 7 * DAY) });
  const order = await db.selectFrom('orders').select(['buyer_id']).where('id', '=', orderId).executeTakeFirstOrThrow();
  const shipmentId = newId('shp');
  await db
    .insertInto('shipments')
    .values({
      id: shipmentId,
      order_id: orderId,
      seller_id: sellerId,
      buyer_id: order.buyer_id,
      carrier: 'sf',
      service: 'standard',
      tracking_number_entered: `SF${uid()}`,
      tracking_number: `SF${uid()}`,
      dispatched_at: new Date(now.getTime() - 8 * DAY),
      dispatch_deadline: new Date(now.getTime() - 7 * DAY),
      late: false,
      valid_tracking_at: opts.validTracking ? new Date(now.getTime() - DAY) : null,
      last_scan_at: null,
      last_event_code: null,
      created_by: null,
      created_at: now,
    })
    .execute();
  const id = newId('sig');
  await db.insertInto('signals').values({ id, type, order_id: orderId, seller_id: sellerId, shipment_id: shipmentId, evidence: JSON.stringify({ test: true }), created_at: new Date(now.getTime() - 2 * DAY) }).execute();
  return id;
}

export async function insertReview(server: TestServer, sellerId: string, buyerId: string, opts: { overall?: number; at?: Date; sellerReply?: string } = {}): Promise<string> {
  const db = server.arbiter.ctx.db;
  const at = opts.at ?? new Date(server.clock.now().getTime() - DAY);
  const [orderId] = await insertOrders(server, sellerId, 1, { buyerId, status: 'completed' });
  const id = newId('rev');
  await db
    .insertInto('reviews')
    .values({
      id,
      source: 'platform',
      external_id: null,
      order_id: orderId,
      seller_id: sellerId,
      buyer_id: buyerId,
      overall: opts.overall ?? 5,
      title: '',
      body: '',
      seller_reply: opts.sellerReply ?? null,
      seller_replied_at: opts.sellerReply ? at : null,
      created_at: at,
      updated_at: at,
    } as never)
    .execute();
  return id;
}

export async function insertProtectionDispute(server: TestServer, sellerId: string, opts: { near: boolean; daysAgo: number }): Promise<void> {
  const [orderId] = await insertOrders(server, sellerId, 1, { status: 'delivered' });
  const at = new Date(server.clock.now().getTime() - opts.daysAgo * DAY);
  await server.arbiter.ctx.db
    .insertInto('protection_dispute_openings')
    .values({ id: newId('evt'), order_id: orderId, seller_id: sellerId, case_id: null, opened_at: at, protection_ends_at: new Date(at.getTime() + 2 * DAY), opened_near_protection_expiry: opts.near, near_expiry_days: 5, closed_at: null } as never)
    .execute();
}

export async function clearMarks(server: TestServer): Promise<void> {
  await sql`DELETE FROM enforcement_dirty`.execute(server.arbiter.ctx.db);
}
