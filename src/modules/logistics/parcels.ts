import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { LogisticsTables, ParcelStatus } from '../../db/tables/logistics.js';
import { orderMachine } from '../../domain/orders.js';
import { CARRIER_NAMES, validateTrackingNumber, type CarrierCode } from '../../domain/tracking/index.js';
import { firersOf, hasRole, isStaff, systemActor, type Actor } from '../../platform/actor.js';
import { appendHistory, enqueueOutbox, type Tx } from '../../platform/history.js';
import { applyTransition } from '../../platform/transition.js';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { notify } from '../notifications/service.js';
import { isIntegration } from '../orders/access.js';
import { activePolicy } from '../policy/service.js';
import { startProtection } from './protection.js';
import { DELIVERED_EVENT_CODE, addDays, normalizeEventCode, parcelMachine } from './rules.js';
import { deliverOrder, iso, lockOrder, moveItems, requireWarehouse } from './shared.js';
import { LOGISTICS_NOTIFICATIONS } from './templates.js';

/**
 * International parcels: a QC inspector consolidates one buyer's QC-passed orders into a parcel with its own
 * carrier, tracking number, declared weight and value, and insurance; shipping it starts each order's protection
 * period; the carrier's events follow it to the buyer's door.
 */

type ParcelRow = Selectable<LogisticsTables['parcels']>;

export const MAX_ORDERS_PER_PARCEL = 50;

export interface ParcelInput {
  orderIds: string[];
  declaredWeightGrams: number;
  declaredValue: { amount: number; currency: string };
  carrier: CarrierCode;
  trackingNumber: string;
  insured: boolean;
}

export interface ParcelEventView {
  id: string;
  eventCode: string;
  description: string;
  location: string;
  occurredAt: string;
  receivedAt: string;
}

export interface ParcelView {
  id: string;
  status: ParcelStatus;
  buyerId: string;
  orders: { orderId: string; sellerId: string; status: string; protectionEndsAt: string | null }[];
  carrier: string;
  carrierName: string;
  trackingNumber: string;
  declaredWeightGrams: number;
  declaredValue: { amount: number; currency: string };
  insured: boolean;
  createdBy: string | null;
  createdAt: string;
  shippedAt: string | null;
  deliveredAt: string | null;
  cancelledAt: string | null;
  lastEvent: { code: string; at: string } | null;
  events?: ParcelEventView[];
}

// ---- who sees a parcel ------------------------------------------------------------------------------------

/** Staff and integrations see every parcel and order in it; the buyer their own; a seller's members their orders in it. */
function orderFilterFor(actor: Actor, parcel: { buyer_id: string }): ((o: { seller_id: string }) => boolean) | null {
  if (isStaff(actor) || isIntegration(actor)) return () => true;
  if (actor.kind === 'user' && actor.id === parcel.buyer_id) return () => true;
  const mine = new Set(actor.memberships.map((m) => m.sellerId));
  if (mine.size === 0) return null;
  return (o) => mine.has(o.seller_id);
}

async function parcelOrders(db: AppContext['db'] | Tx, parcelIds: string[]) {
  if (parcelIds.length === 0) return [];
  return db
    .selectFrom('parcel_orders')
    .innerJoin('orders', 'orders.id', 'parcel_orders.order_id')
    .leftJoin('order_protection', 'order_protection.order_id', 'parcel_orders.order_id')
    .select(['parcel_orders.parcel_id', 'parcel_orders.order_id', 'parcel_orders.seller_id', 'parcel_orders.released_at', 'orders.status', 'order_protection.protection_ends_at'])
    .where('parcel_orders.parcel_id', 'in', parcelIds)
    .orderBy('parcel_orders.order_id')
    .execute();
}

function parcelSummary(p: ParcelRow, orders: Awaited<ReturnType<typeof parcelOrders>>, filter: (o: { seller_id: string }) => boolean): ParcelView {
  return {
    id: p.id,
    status: p.status,
    buyerId: p.buyer_id,
    orders: orders
      .filter((o) => o.parcel_id === p.id && filter(o))
      .map((o) => ({ orderId: o.order_id, sellerId: o.seller_id, status: o.status, protectionEndsAt: iso(o.protection_ends_at) })),
    carrier: p.carrier,
    carrierName: CARRIER_NAMES[p.carrier as CarrierCode] ?? p.carrier,
    trackingNumber: p.tracking_number,
    declaredWeightGrams: p.declared_weight_grams,
    declaredValue: { amount: p.declared_value, currency: p.declared_currency },
    insured: p.insured,
    createdBy: p.created_by,
    createdAt: p.created_at.toISOString(),
    shippedAt: iso(p.shipped_at),
    deliveredAt: iso(p.delivered_at),
    cancelledAt: iso(p.cancelled_at),
    lastEvent: p.last_event_code && p.last_event_at ? { code: p.last_event_code, at: p.last_event_at.toISOString() } : null,
  };
}

/** A parcel with its orders and carrier events, or a 404 for those who may not see it. */
export async function getParcel(ctx: AppContext, actor: Actor, parcelId: string): Promise<ParcelView> {
  const parcel = await ctx.db.selectFrom('parcels').selectAll().where('id', '=', parcelId).executeTakeFirst();
  if (!parcel) throw notFound('Parcel');
  const orders = await parcelOrders(ctx.db, [parcel.id]);
  const filter = orderFilterFor(actor, parcel);
  // A parcel with none of a seller's orders does not exist for that seller.
  if (!filter || !orders.some(filter)) throw notFound('Parcel');
  const events = await ctx.db.selectFrom('parcel_events').selectAll().where('parcel_id', '=', parcel.id).orderBy('occurred_at').orderBy('id').execute();
  return {
    ...parcelSummary(parcel, orders, filter),
    events: events.map((e) => ({
      id: e.id,
      eventCode: e.event_code,
      description: e.description,
      location: e.location,
      occurredAt: e.occurred_at.toISOString(),
      receivedAt: e.received_at.toISOString(),
    })),
  };
}

/** Parcels the actor may see, newest first. */
export async function listParcels(ctx: AppContext, actor: Actor, f: { status?: ParcelStatus; limit: number; offset: number }): Promise<ParcelView[]> {
  let q = ctx.db.selectFrom('parcels').selectAll('parcels');
  if (!(isStaff(actor) || isIntegration(actor))) {
    const sellerIds = actor.memberships.map((m) => m.sellerId);
    const buyerId = actor.kind === 'user' ? actor.id : null;
    if (!buyerId && sellerIds.length === 0) return [];
    q = q.where((eb) =>
      eb.or([
        ...(buyerId ? [eb('parcels.buyer_id', '=', buyerId)] : []),
        ...(sellerIds.length
          ? [eb.exists(eb.selectFrom('parcel_orders').select('parcel_orders.order_id').whereRef('parcel_orders.parcel_id', '=', 'parcels.id').where('parcel_orders.seller_id', 'in', sellerIds))]
          : []),
      ]),
    );
  }
  if (f.status) q = q.where('parcels.status', '=', f.status);
  const rows = await q.orderBy('parcels.created_at', 'desc').orderBy('parcels.id', 'desc').limit(f.limit).offset(f.offset).execute();
  const orders = await parcelOrders(ctx.db, rows.map((r) => r.id));
  return rows.map((p) => parcelSummary(p, orders, orderFilterFor(actor, p) ?? (() => false)));
}

// ---- consolidation ----------------------------------------------------------------------------------------

/**
 * Builds a parcel from one buyer's QC-passed orders. Refused: an order of another buyer (422 `different_buyers`),
 * an order that has not passed QC (409), one already in a parcel (409), an invalid tracking number (422 with the
 * reason), a tracking number another live parcel has (409).
 */
export async function createParcel(ctx: AppContext, actor: Actor, input: ParcelInput): Promise<ParcelView> {
  requireWarehouse(actor);
  const check = validateTrackingNumber(input.trackingNumber, input.carrier);
  if (!check.valid) {
    throw unprocessable('invalid_tracking_number', `The tracking number is not valid: ${check.reason}.`, { field: 'trackingNumber', reason: check.reason, carriers: check.carriers });
  }
  const orderIds = [...new Set(input.orderIds)].sort();
  const at = ctx.clock.now();
  const parcelId = newId('pcl', at.getTime());
  await ctx.db.transaction().execute(async (trx) => {
    // Locked in id order, so two inspectors building parcels from overlapping orders cannot deadlock.
    const orders = await trx.selectFrom('orders').selectAll().where('id', 'in', orderIds).orderBy('id').forUpdate().execute();
    const missing = orderIds.filter((id) => !orders.some((o) => o.id === id));
    if (missing.length) throw new AppError(404, 'order_not_found', `No order ${missing.join(', ')}.`, { field: 'orderIds', orderIds: missing });
    const buyerId = orders[0].buyer_id;
    const others = orders.filter((o) => o.buyer_id !== buyerId);
    if (others.length) {
      throw unprocessable('different_buyers', 'A parcel holds the orders of one buyer; these orders belong to another buyer.', {
        field: 'orderIds',
        orderIds: others.map((o) => o.id),
      });
    }
    const notPassed = orders.filter((o) => o.status !== 'qc_passed');
    if (notPassed.length) {
      throw conflict('order_not_qc_passed', 'Only orders that passed QC go into a parcel.', {
        orders: notPassed.map((o) => ({ orderId: o.id, status: o.status })),
      });
    }
    const taken = await trx.selectFrom('parcel_orders').select(['order_id', 'parcel_id']).where('order_id', 'in', orderIds).where('released_at', 'is', null).execute();
    if (taken.length) {
      throw conflict('order_already_in_parcel', 'Some orders are already in a parcel.', { orders: taken.map((t) => ({ orderId: t.order_id, parcelId: t.parcel_id })) });
    }
    const clash = await trx
      .selectFrom('parcels')
      .select('id')
      .where('carrier', '=', input.carrier)
      .where('tracking_number', '=', check.normalized)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst();
    if (clash) throw conflict('tracking_number_in_use', 'Another parcel already has this tracking number.', { field: 'trackingNumber', parcelId: clash.id });

    await insertOrConflict(() => trx
      .insertInto('parcels')
      .values({
        id: parcelId,
        buyer_id: buyerId,
        status: 'created',
        carrier: input.carrier,
        tracking_number_entered: input.trackingNumber,
        tracking_number: check.normalized,
        declared_weight_grams: input.declaredWeightGrams,
        declared_value: input.declaredValue.amount,
        declared_currency: input.declaredValue.currency,
        insured: input.insured,
        created_by: actor.id,
        created_at: at,
        updated_at: at,
        shipped_at: null,
        delivered_at: null,
        cancelled_at: null,
        last_event_code: null,
        last_event_at: null,
      })
      .execute());
    await trx
      .insertInto('parcel_orders')
      .values(orders.map((o) => ({ parcel_id: parcelId, order_id: o.id, seller_id: o.seller_id, added_at: at, released_at: null })))
      .execute();
    const data = {
      buyerId,
      orderIds,
      carrier: input.carrier,
      trackingNumber: check.normalized,
      declaredWeightGrams: input.declaredWeightGrams,
      declaredValue: input.declaredValue,
      insured: input.insured,
    };
    await appendHistory(trx, { entityType: 'parcel', entityId: parcelId, event: 'create', from: null, to: 'created', actor, data, at });
    await enqueueOutbox(trx, { type: 'parcel.created', entityType: 'parcel', entityId: parcelId, payload: { id: parcelId, status: 'created', ...data }, at });
  });
  return getParcel(ctx, actor, parcelId);
}

/** Another inspector's parcel took the same tracking number a moment earlier (unique index): a 409, not a 500. */
async function insertOrConflict(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if ((err as { code?: unknown })?.code === '23505') throw conflict('tracking_number_in_use', 'Another parcel already has this tracking number.', { field: 'trackingNumber' });
    throw err;
  }
}

async function liveOrdersOf(trx: Tx, parcelId: string) {
  return trx.selectFrom('parcel_orders').select(['order_id']).where('parcel_id', '=', parcelId).where('released_at', 'is', null).orderBy('order_id').execute();
}

/** The parcel leaves the warehouse: each order ships internationally and its protection period starts. */
export async function shipParcel(ctx: AppContext, actor: Actor, parcelId: string): Promise<ParcelView> {
  requireWarehouse(actor);
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const parcel = await trx.selectFrom('parcels').selectAll().where('id', '=', parcelId).forUpdate().executeTakeFirst();
    if (!parcel) throw notFound('Parcel');
    const inForce = await activePolicy(ctx, trx);
    const members = await liveOrdersOf(trx, parcel.id);
    await applyTransition(trx, {
      machine: parcelMachine,
      table: 'parcels',
      id: parcel.id,
      event: 'ship',
      actor,
      at,
      patch: { shipped_at: at },
      data: { carrier: parcel.carrier, trackingNumber: parcel.tracking_number, orderIds: members.map((m) => m.order_id) },
      outbox: {
        type: 'parcel.shipped',
        payload: {
          buyerId: parcel.buyer_id,
          orderIds: members.map((m) => m.order_id),
          carrier: parcel.carrier,
          trackingNumber: parcel.tracking_number,
          insured: parcel.insured,
          declaredWeightGrams: parcel.declared_weight_grams,
          declaredValue: { amount: parcel.declared_value, currency: parcel.declared_currency },
          shippedAt: at.toISOString(),
        },
      },
    });
    let firstEnd: Date | null = null;
    for (const m of members) {
      const order = await lockOrder(trx, m.order_id);
      if (!order) throw notFound('Order');
      const endsAt = addDays(at, inForce.policy.fulfilment.protectionDays);
      await applyTransition(trx, {
        machine: orderMachine,
        table: 'orders',
        id: order.id,
        event: 'ship_international',
        actor,
        at,
        sellerId: order.seller_id,
        patch: { shipped_international_at: at },
        data: {
          parcelId: parcel.id,
          carrier: parcel.carrier,
          trackingNumber: parcel.tracking_number,
          protectionDays: inForce.policy.fulfilment.protectionDays,
          protectionEndsAt: endsAt.toISOString(),
          policyVersion: inForce.version,
        },
        outbox: {
          type: 'order.shipped_international',
          payload: { sellerId: order.seller_id, externalId: order.external_id, parcelId: parcel.id, carrier: parcel.carrier, trackingNumber: parcel.tracking_number, protectionEndsAt: endsAt.toISOString() },
        },
      });
      await moveItems(trx, order, 'qc_passed', 'ship_international', actor, at, { parcelId: parcel.id });
      const started = await startProtection(trx, order, parcel.id, at, inForce);
      firstEnd ??= started;
    }
    await notify(trx, {
      userIds: [parcel.buyer_id],
      eventType: LOGISTICS_NOTIFICATIONS.parcelShipped,
      data: {
        parcelId: parcel.id,
        carrier: parcel.carrier,
        carrierName: CARRIER_NAMES[parcel.carrier as CarrierCode] ?? parcel.carrier,
        trackingNumber: parcel.tracking_number,
        protectionEndsAt: firstEnd?.toISOString() ?? null,
      },
      link: members[0] ? `/orders/${members[0].order_id}` : null,
      at,
    });
  });
  return getParcel(ctx, actor, parcelId);
}

/** A parcel not yet shipped is cancelled; its orders are released to go into another parcel. */
export async function cancelParcel(ctx: AppContext, actor: Actor, parcelId: string, reason: string): Promise<ParcelView> {
  if (!(hasRole(actor, 'qc_inspector', 'admin') || isIntegration(actor))) throw forbidden('Only warehouse staff may cancel a parcel.');
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const members = await liveOrdersOf(trx, parcelId);
    await applyTransition(trx, {
      machine: parcelMachine,
      table: 'parcels',
      id: parcelId,
      event: 'cancel',
      actor,
      at,
      reason,
      patch: { cancelled_at: at },
      data: { orderIds: members.map((m) => m.order_id) },
      outbox: { type: 'parcel.cancelled', payload: { orderIds: members.map((m) => m.order_id), reason } },
    });
    await trx.updateTable('parcel_orders').set({ released_at: at }).where('parcel_id', '=', parcelId).where('released_at', 'is', null).execute();
  });
  return getParcel(ctx, actor, parcelId);
}

// ---- carrier events ---------------------------------------------------------------------------------------

export interface ParcelEventInput {
  eventCode: string;
  description?: string;
  location?: string;
  occurredAt: string;
}

export interface ParcelEventsResult {
  received: number;
  stored: number;
  duplicate: number;
  delivered: boolean;
  parcel: ParcelView;
}

/**
 * The international carrier's events for a parcel (the platform's integration). A re-sent event is stored once.
 * A `delivered` event delivers the parcel and every order in it that is still in transit.
 */
export async function recordParcelEvents(ctx: AppContext, actor: Actor, parcelId: string, events: ParcelEventInput[]): Promise<ParcelEventsResult> {
  if (!isIntegration(actor)) throw forbidden('Only the platform integration sends carrier events.');
  const at = ctx.clock.now();
  let stored = 0;
  let delivered = false;
  await ctx.db.transaction().execute(async (trx) => {
    const parcel = await trx.selectFrom('parcels').selectAll().where('id', '=', parcelId).forUpdate().executeTakeFirst();
    if (!parcel) throw notFound('Parcel');
    if (parcel.status === 'created' || parcel.status === 'cancelled') {
      throw conflict('parcel_not_shipped', `Carrier events are recorded for parcels that shipped; this one is ${parcel.status}.`, { status: parcel.status });
    }
    const outcome = await applyParcelEvents(trx, actor, at, [{ parcel, events }]);
    stored = outcome.stored;
    delivered = outcome.delivered.length > 0;
  });
  return { received: events.length, stored, duplicate: events.length - stored, delivered, parcel: await getParcel(ctx, actor, parcelId) };
}

export interface CarrierScanForParcel {
  /** Normalised: lower case. */
  carrier: string;
  /** Normalised as parcels store it. */
  trackingNumber: string;
  event: ParcelEventInput;
}

/** Parcels that take carrier events: shipped, whether delivered yet or not. */
export const PARCEL_STATUSES_TAKING_EVENTS = ['in_transit', 'delivered'] as const satisfies readonly ParcelStatus[];

/**
 * The carrier feed's scans (POST /api/v1/carrier-scans) for international parcels, matched by carrier and tracking
 * number: stored as the parcel's events, and a `delivered` scan delivers the parcel and its orders (the carrier's
 * confirmation of delivery). Runs in the caller's transaction. `parcelIds` are the parcels in
 * PARCEL_STATUSES_TAKING_EVENTS with the scans' carriers and numbers, already locked by the caller in id order (the
 * scan ingest finds them in the same statement as the shipments); parcels not yet shipped, or cancelled, take no
 * events (the scan stays in the feed's record).
 */
export async function recordCarrierScansForParcels(
  trx: Tx,
  actor: Actor,
  at: Date,
  parcelIds: string[],
  scans: CarrierScanForParcel[],
): Promise<{ matched: number; stored: number; delivered: { parcelId: string; orderIds: string[] }[] }> {
  if (parcelIds.length === 0 || scans.length === 0) return { matched: 0, stored: 0, delivered: [] };
  const keyOf = (carrier: string, number: string) => `${carrier}\u0000${number}`;
  const parcels = await trx.selectFrom('parcels').selectAll().where('id', 'in', parcelIds).orderBy('id').forUpdate().execute();
  const byKey = new Map(parcels.filter((p) => (PARCEL_STATUSES_TAKING_EVENTS as readonly string[]).includes(p.status)).map((p) => [keyOf(p.carrier, p.tracking_number), p]));
  const grouped = new Map<string, { parcel: ParcelRow; events: ParcelEventInput[] }>();
  let matched = 0;
  for (const s of scans) {
    const parcel = byKey.get(keyOf(s.carrier, s.trackingNumber));
    if (!parcel) continue;
    matched++;
    const g = grouped.get(parcel.id) ?? { parcel, events: [] };
    g.events.push(s.event);
    grouped.set(parcel.id, g);
  }
  // The carrier's facts move the parcel as the integration that relays them; an admin posting the feed by hand is
  // recorded in the history's data, the move itself being the system's processing of the carrier's event.
  const mover = firersOf(actor).includes('integration') ? actor : systemActor;
  const outcome = await applyParcelEvents(trx, mover, at, [...grouped.values()], { postedBy: actor.id });
  return { matched, ...outcome };
}

/**
 * Stores carrier events for locked parcels that shipped (one INSERT for all), moves each parcel's last event, and
 * delivers each in-transit parcel that got a `delivered` event, with its orders still in transit: through the
 * parcel's and the orders' transition tables, with history and outbox, in the caller's transaction.
 */
async function applyParcelEvents(
  trx: Tx,
  actor: Actor,
  at: Date,
  batches: { parcel: ParcelRow; events: ParcelEventInput[] }[],
  extra: Record<string, string | null> = {},
): Promise<{ stored: number; delivered: { parcelId: string; orderIds: string[] }[] }> {
  const rows = batches.flatMap(({ parcel, events }) =>
    events.map((e) => ({
      id: newId('scn', at.getTime()),
      parcel_id: parcel.id,
      event_code: normalizeEventCode(e.eventCode),
      description: e.description?.trim() ?? '',
      location: e.location?.trim() ?? '',
      occurred_at: new Date(e.occurredAt),
      received_at: at,
    })),
  );
  if (rows.length === 0) return { stored: 0, delivered: [] };
  const inserted = await trx.insertInto('parcel_events').values(rows).onConflict((oc) => oc.doNothing()).returning(['parcel_id', 'event_code', 'occurred_at']).execute();
  const delivered: { parcelId: string; orderIds: string[] }[] = [];
  for (const { parcel } of batches) {
    const mine = inserted.filter((e) => e.parcel_id === parcel.id);
    if (mine.length === 0) continue;
    const latest = mine.reduce((a, b) => (b.occurred_at.getTime() >= a.occurred_at.getTime() ? b : a));
    if (!parcel.last_event_at || latest.occurred_at.getTime() >= parcel.last_event_at.getTime()) {
      await trx.updateTable('parcels').set({ last_event_code: latest.event_code, last_event_at: latest.occurred_at, updated_at: at }).where('id', '=', parcel.id).execute();
    }
    const deliveries = mine.filter((e) => e.event_code === DELIVERED_EVENT_CODE).sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime());
    if (deliveries.length === 0 || parcel.status !== 'in_transit') continue;
    // A carrier clock ahead of ours does not deliver in the future.
    const deliveredAt = new Date(Math.min(deliveries[0].occurred_at.getTime(), at.getTime()));
    delivered.push({ parcelId: parcel.id, orderIds: await deliverParcelByCarrier(trx, parcel, actor, at, deliveredAt, extra) });
  }
  return { stored: inserted.length, delivered };
}

/** A carrier's delivery event: the parcel is delivered, then each of its orders still in transit; the buyer is told. */
async function deliverParcelByCarrier(trx: Tx, parcel: ParcelRow, actor: Actor, at: Date, deliveredAt: Date, extra: Record<string, string | null>): Promise<string[]> {
  await applyTransition(trx, {
    machine: parcelMachine,
    table: 'parcels',
    id: parcel.id,
    event: 'deliver',
    actor,
    at,
    patch: { delivered_at: deliveredAt },
    data: { via: 'carrier', deliveredAt: deliveredAt.toISOString(), ...extra },
    outbox: { type: 'parcel.delivered', payload: { via: 'carrier', deliveredAt: deliveredAt.toISOString() } },
  });
  let protectionEndsAt: string | null = null;
  const orderIds: string[] = [];
  for (const m of await liveOrdersOf(trx, parcel.id)) {
    const order = await lockOrder(trx, m.order_id);
    if (!order || order.status !== 'shipped_international') continue;
    await deliverOrder(trx, order, actor, at, deliveredAt, 'carrier', parcel.id);
    orderIds.push(order.id);
    const p = await trx.selectFrom('order_protection').select('protection_ends_at').where('order_id', '=', order.id).executeTakeFirst();
    protectionEndsAt ??= iso(p?.protection_ends_at);
  }
  await notify(trx, {
    userIds: [parcel.buyer_id],
    eventType: LOGISTICS_NOTIFICATIONS.orderDelivered,
    data: { parcelId: parcel.id, trackingNumber: parcel.tracking_number, protectionEndsAt },
    at,
  });
  return orderIds;
}
