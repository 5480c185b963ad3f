import type { Selectable } from 'kysely';
import type { AppContext, DueTask } from '../../context.js';
import type { LogisticsTables, ProtectionEndOutcome } from '../../db/tables/logistics.js';
import { orderMachine } from '../../domain/orders.js';
import type { PolicyInForce } from '../../domain/policy.js';
import { IllegalTransitionError } from '../../domain/state-machine.js';
import { hasRole, isMemberOf, systemActor, type Actor } from '../../platform/actor.js';
import { appendHistory, enqueueOutbox, type Tx } from '../../platform/history.js';
import { cancelTasks, scheduleTask } from '../../platform/tasks.js';
import { applyTransition } from '../../platform/transition.js';
import { conflict, forbidden, notFound, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { notify } from '../notifications/service.js';
import { requireBuyerOf, visibleOrder } from '../orders/access.js';
import { activePolicy } from '../policy/service.js';
import { NEAR_PROTECTION_EXPIRY_DAYS, addDays, daysLeft, openedNearProtectionExpiry } from './rules.js';
import { deliverOrder, deliverParcelIfAllOrdersArrived, iso, lockOrder, lockParcelOfOrder, type OrderRow } from './shared.js';
import { LOGISTICS_NOTIFICATIONS } from './templates.js';

/**
 * The buyer's protection period. It starts when the international parcel ships and lasts the policy's
 * protectionDays; the buyer may ask for more time while nothing has arrived, and the seller's members or support
 * staff extend it. When it ends (a stored task) with no open dispute, the order completes — first delivered
 * automatically if neither the carrier nor the buyer reported delivery. An open dispute holds the order until
 * the dispute closes (`recordDisputeClosed`).
 */

export const TASK_PROTECTION_END = 'logistics.protection_end';

type ProtectionRow = Selectable<LogisticsTables['order_protection']>;

export interface ProtectionView {
  orderId: string;
  orderStatus: string;
  parcelId: string;
  startedAt: string;
  initialDays: number;
  extendedDays: number;
  endsAt: string;
  daysLeft: number;
  extensionRequested: boolean;
  extensionRequest: { days: number; reason: string | null; requestedAt: string } | null;
  /** The seller's (or staff's) last refusal of a request, with the reason the buyer sees; cleared by a new request. */
  extensionDeclined: { days: number; reason: string; declinedAt: string } | null;
  buyerConfirmedAt: string | null;
  endedAt: string | null;
  endOutcome: ProtectionEndOutcome | null;
  policyVersion: number;
}

export function protectionView(p: ProtectionRow, orderStatus: string, now: Date): ProtectionView {
  return {
    orderId: p.order_id,
    orderStatus,
    parcelId: p.parcel_id,
    startedAt: p.started_at.toISOString(),
    initialDays: p.initial_days,
    extendedDays: p.extended_days,
    endsAt: p.protection_ends_at.toISOString(),
    daysLeft: p.ended_at ? 0 : daysLeft(now, p.protection_ends_at),
    extensionRequested: p.extension_requested_at !== null,
    extensionRequest: p.extension_requested_at
      ? { days: p.extension_requested_days ?? 0, reason: p.extension_request_reason, requestedAt: p.extension_requested_at.toISOString() }
      : null,
    extensionDeclined: p.extension_declined_at
      ? { days: p.extension_declined_days ?? 0, reason: p.extension_decline_reason ?? '', declinedAt: p.extension_declined_at.toISOString() }
      : null,
    buyerConfirmedAt: iso(p.buyer_confirmed_at),
    endedAt: iso(p.ended_at),
    endOutcome: p.end_outcome,
    policyVersion: p.policy_version,
  };
}

function lockProtection(trx: Tx, orderId: string): Promise<ProtectionRow | undefined> {
  return trx.selectFrom('order_protection').selectAll().where('order_id', '=', orderId).forUpdate().executeTakeFirst();
}

async function sellerMemberIds(trx: Tx, sellerId: string): Promise<string[]> {
  const rows = await trx.selectFrom('seller_members').select('user_id').where('seller_id', '=', sellerId).orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

/** Starts an order's protection when its parcel ships: stores the end and schedules it. Returns the end. */
export async function startProtection(trx: Tx, order: OrderRow, parcelId: string, at: Date, inForce: PolicyInForce): Promise<Date> {
  const days = inForce.policy.fulfilment.protectionDays;
  const endsAt = addDays(at, days);
  await trx
    .insertInto('order_protection')
    .values({
      order_id: order.id,
      seller_id: order.seller_id,
      buyer_id: order.buyer_id,
      parcel_id: parcelId,
      started_at: at,
      initial_days: days,
      extended_days: 0,
      protection_ends_at: endsAt,
      policy_version: inForce.version,
      extension_requested_at: null,
      extension_requested_days: null,
      extension_request_reason: null,
      extension_declined_at: null,
      extension_declined_days: null,
      extension_decline_reason: null,
      buyer_confirmed_at: null,
      ended_at: null,
      end_outcome: null,
    })
    .execute();
  await scheduleTask(trx, {
    kind: TASK_PROTECTION_END,
    entityType: 'order',
    entityId: order.id,
    dueAt: endsAt,
    payload: { protectionEndsAt: endsAt.toISOString(), policyVersion: inForce.version },
    now: at,
  });
  return endsAt;
}

/** The protection of an order the actor may see. */
export async function getProtection(ctx: AppContext, actor: Actor, orderId: string): Promise<ProtectionView> {
  const order = await visibleOrder(ctx.db, actor, orderId);
  const p = await ctx.db.selectFrom('order_protection').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  if (!p) throw conflict('protection_not_started', 'The protection period starts when the international parcel ships.');
  return protectionView(p, order.status, ctx.clock.now());
}

// ---- delivery confirmed by the buyer ---------------------------------------------------------------------

/**
 * The buyer confirms receipt. An order still in transit is delivered now; one a carrier event already delivered
 * gets the buyer's confirmation recorded. Completion still waits for the end of protection.
 */
export async function confirmDelivery(ctx: AppContext, actor: Actor, orderId: string): Promise<ProtectionView> {
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const parcelId = await lockParcelOfOrder(trx, orderId);
    const order = await visibleOrder(trx, actor, orderId, { forUpdate: true });
    requireBuyerOf(actor, order);
    const protection = await lockProtection(trx, order.id);
    if (order.status === 'shipped_international') {
      await deliverOrder(trx, order, actor, at, at, 'buyer', parcelId);
      if (parcelId) await deliverParcelIfAllOrdersArrived(trx, parcelId, actor, at, at);
    } else if (order.status === 'delivered') {
      if (protection?.buyer_confirmed_at) throw conflict('delivery_already_confirmed', 'You already confirmed receiving this order.');
      await appendHistory(trx, {
        entityType: 'order',
        entityId: order.id,
        event: 'confirm_delivery',
        from: order.status,
        to: order.status,
        actor,
        data: { via: 'buyer', deliveredAt: iso(order.delivered_at) },
        sellerId: order.seller_id,
        at,
      });
    } else {
      throw new IllegalTransitionError('order', order.status, 'deliver');
    }
    if (protection) await trx.updateTable('order_protection').set({ buyer_confirmed_at: at }).where('order_id', '=', order.id).execute();
  });
  return getProtection(ctx, actor, orderId);
}

// ---- extension ---------------------------------------------------------------------------------------------

/** The buyer asks for more protection while nothing has arrived (up to the policy's protectionExtensionDays). */
export async function requestProtectionExtension(ctx: AppContext, actor: Actor, orderId: string, input: { days: number; reason: string }): Promise<ProtectionView> {
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const order = await visibleOrder(trx, actor, orderId, { forUpdate: true });
    requireBuyerOf(actor, order);
    const { version, policy } = await activePolicy(ctx, trx);
    const maxDays = policy.fulfilment.protectionExtensionDays;
    if (input.days > maxDays) {
      throw unprocessable('extension_too_long', `You may ask for at most ${maxDays} more days at once.`, { field: 'days', maxDays });
    }
    const protection = await lockProtection(trx, order.id);
    if (!protection) throw conflict('protection_not_started', 'The protection period starts when the international parcel ships.');
    if (protection.ended_at) throw conflict('protection_ended', 'The protection period of this order has ended.');
    if (order.status !== 'shipped_international') {
      throw conflict('already_arrived', 'An extension is for parcels that have not arrived; this order is ' + order.status.replace(/_/g, ' ') + '.', { status: order.status });
    }
    if (protection.extension_requested_at) {
      throw conflict('extension_already_requested', 'An extension request for this order is already waiting for the seller.', {
        requestedAt: protection.extension_requested_at.toISOString(),
      });
    }
    await trx
      .updateTable('order_protection')
      .set({
        extension_requested_at: at,
        extension_requested_days: input.days,
        extension_request_reason: input.reason,
        extension_declined_at: null,
        extension_declined_days: null,
        extension_decline_reason: null,
      })
      .where('order_id', '=', order.id)
      .execute();
    const data = { days: input.days, protectionEndsAt: protection.protection_ends_at.toISOString(), maxDays, policyVersion: version };
    await appendHistory(trx, { entityType: 'order', entityId: order.id, event: 'request_protection_extension', from: order.status, to: order.status, actor, reason: input.reason, data, sellerId: order.seller_id, at });
    await enqueueOutbox(trx, {
      type: 'order.protection_extension_requested',
      entityType: 'order',
      entityId: order.id,
      sellerId: order.seller_id,
      payload: { id: order.id, sellerId: order.seller_id, externalId: order.external_id, reason: input.reason, ...data },
      at,
    });
    await notify(trx, {
      userIds: await sellerMemberIds(trx, order.seller_id),
      eventType: LOGISTICS_NOTIFICATIONS.extensionRequested,
      data: { orderId: order.id, externalId: order.external_id, days: input.days, reason: input.reason },
      link: `/orders/${order.id}`,
      at,
    });
  });
  return getProtection(ctx, actor, orderId);
}

/** Who may extend, or decline a request: the seller's members, and support staff. Others who can see the order get a 403. */
function requireExtender(actor: Actor, order: { seller_id: string }): void {
  if (isMemberOf(actor, order.seller_id) || hasRole(actor, 'support_agent', 'admin')) return;
  throw forbidden("Only the seller's members or support staff may extend the protection period or decline a request.");
}

/**
 * The seller (or support staff) declines the buyer's open extension request, with a reason the buyer sees. The
 * period keeps its end; the buyer may ask again while nothing has arrived (a new request clears the decline).
 */
export async function declineProtectionExtension(ctx: AppContext, actor: Actor, orderId: string, input: { reason: string }): Promise<ProtectionView> {
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const order = await visibleOrder(trx, actor, orderId, { forUpdate: true });
    requireExtender(actor, order);
    const protection = await lockProtection(trx, order.id);
    if (!protection) throw conflict('protection_not_started', 'The protection period starts when the international parcel ships.');
    if (!protection.extension_requested_at) throw conflict('no_extension_request', 'No extension request of the buyer is waiting for an answer.');
    const days = protection.extension_requested_days ?? 0;
    await trx
      .updateTable('order_protection')
      .set({
        extension_requested_at: null,
        extension_requested_days: null,
        extension_request_reason: null,
        extension_declined_at: at,
        extension_declined_days: days || null,
        extension_decline_reason: input.reason,
      })
      .where('order_id', '=', order.id)
      .execute();
    const data = {
      days,
      requestedAt: protection.extension_requested_at.toISOString(),
      requestReason: protection.extension_request_reason,
      protectionEndsAt: protection.protection_ends_at.toISOString(),
    };
    await appendHistory(trx, { entityType: 'order', entityId: order.id, event: 'decline_protection_extension', from: order.status, to: order.status, actor, reason: input.reason, data, sellerId: order.seller_id, at });
    await enqueueOutbox(trx, {
      type: 'order.protection_extension_declined',
      entityType: 'order',
      entityId: order.id,
      sellerId: order.seller_id,
      payload: { id: order.id, sellerId: order.seller_id, buyerId: order.buyer_id, externalId: order.external_id, reason: input.reason, ...data },
      at,
    });
    await notify(trx, {
      userIds: [order.buyer_id],
      eventType: LOGISTICS_NOTIFICATIONS.extensionDeclined,
      data: { orderId: order.id, externalId: order.external_id, days, protectionEndsAt: data.protectionEndsAt, reason: input.reason },
      link: `/orders/${order.id}`,
      at,
    });
  });
  return getProtection(ctx, actor, orderId);
}

/** The seller or staff extend the protection period: the end moves and its task is rescheduled. */
export async function extendProtection(ctx: AppContext, actor: Actor, orderId: string, input: { days: number; reason: string }): Promise<ProtectionView> {
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const order = await visibleOrder(trx, actor, orderId, { forUpdate: true });
    requireExtender(actor, order);
    const protection = await lockProtection(trx, order.id);
    if (!protection) throw conflict('protection_not_started', 'The protection period starts when the international parcel ships.');
    if (protection.ended_at || !['shipped_international', 'delivered'].includes(order.status)) {
      throw conflict('protection_ended', 'The protection period of this order has ended.', { status: order.status });
    }
    const previous = protection.protection_ends_at;
    // Extending a period whose end already passed (its task not yet run) counts from now.
    const base = previous.getTime() > at.getTime() ? previous : at;
    const endsAt = addDays(base, input.days);
    const answered = protection.extension_requested_at
      ? { requestedAt: protection.extension_requested_at.toISOString(), days: protection.extension_requested_days, reason: protection.extension_request_reason }
      : null;
    await trx
      .updateTable('order_protection')
      .set({
        protection_ends_at: endsAt,
        extended_days: protection.extended_days + input.days,
        extension_requested_at: null,
        extension_requested_days: null,
        extension_request_reason: null,
        extension_declined_at: null,
        extension_declined_days: null,
        extension_decline_reason: null,
        end_outcome: null,
      })
      .where('order_id', '=', order.id)
      .execute();
    await cancelTasks(trx, 'order', order.id, at, TASK_PROTECTION_END);
    await scheduleTask(trx, { kind: TASK_PROTECTION_END, entityType: 'order', entityId: order.id, dueAt: endsAt, payload: { protectionEndsAt: endsAt.toISOString() }, now: at });
    const data = { days: input.days, previousEndsAt: previous.toISOString(), protectionEndsAt: endsAt.toISOString(), answeredRequest: answered };
    await appendHistory(trx, { entityType: 'order', entityId: order.id, event: 'extend_protection', from: order.status, to: order.status, actor, reason: input.reason, data, sellerId: order.seller_id, at });
    await enqueueOutbox(trx, {
      type: 'order.protection_extended',
      entityType: 'order',
      entityId: order.id,
      sellerId: order.seller_id,
      payload: { id: order.id, sellerId: order.seller_id, buyerId: order.buyer_id, externalId: order.external_id, reason: input.reason, ...data },
      at,
    });
    await notify(trx, {
      userIds: [order.buyer_id],
      eventType: LOGISTICS_NOTIFICATIONS.protectionExtended,
      data: { orderId: order.id, externalId: order.external_id, days: input.days, protectionEndsAt: endsAt.toISOString(), reason: input.reason },
      link: `/orders/${order.id}`,
      at,
    });
  });
  return getProtection(ctx, actor, orderId);
}

// ---- the end of protection ------------------------------------------------------------------------------

async function openDisputes(trx: Tx, orderId: string): Promise<number> {
  const row = await trx
    .selectFrom('protection_dispute_openings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('order_id', '=', orderId)
    .where('closed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Due when an order's protection ends (also when that time passed while the server was down: the task simply
 * runs at the next tick). With no open dispute the order completes; if nothing reported delivery, it is first
 * delivered automatically. An open dispute holds it; closing the dispute runs this again.
 */
export async function runProtectionEnd(ctx: AppContext, trx: Tx, task: DueTask): Promise<void> {
  const now = ctx.clock.now();
  const parcelId = await lockParcelOfOrder(trx, task.entityId);
  const order = await lockOrder(trx, task.entityId);
  const protection = await lockProtection(trx, task.entityId);
  if (!order || !protection || protection.ended_at) return;
  // A task left from before an extension (they are cancelled, so this is only a guard).
  if (protection.protection_ends_at.getTime() > now.getTime()) return;
  const endsAt = protection.protection_ends_at.toISOString();

  const disputes = await openDisputes(trx, order.id);
  if (disputes > 0) {
    if (protection.end_outcome !== 'held_by_dispute') {
      await trx.updateTable('order_protection').set({ end_outcome: 'held_by_dispute' }).where('order_id', '=', order.id).execute();
      await appendHistory(trx, {
        entityType: 'order',
        entityId: order.id,
        event: 'end_protection',
        from: order.status,
        to: order.status,
        actor: systemActor,
        data: { outcome: 'held_by_dispute', openDisputes: disputes, protectionEndsAt: endsAt },
        sellerId: order.seller_id,
        at: now,
      });
    }
    return;
  }

  let outcome: ProtectionEndOutcome = 'not_applicable';
  if (order.status === 'shipped_international') {
    await deliverOrder(trx, order, systemActor, now, now, 'protection_expired', parcelId);
    if (parcelId) await deliverParcelIfAllOrdersArrived(trx, parcelId, systemActor, now, now);
    outcome = 'delivered_and_completed';
  } else if (order.status === 'delivered') {
    outcome = 'completed';
  }
  if (outcome !== 'not_applicable') {
    await applyTransition(trx, {
      machine: orderMachine,
      table: 'orders',
      id: order.id,
      event: 'complete',
      actor: systemActor,
      at: now,
      sellerId: order.seller_id,
      reason: 'The protection period ended with no open dispute.',
      patch: { completed_at: now },
      data: { protectionEndsAt: endsAt, outcome },
      outbox: { type: 'order.completed', payload: { sellerId: order.seller_id, buyerId: order.buyer_id, externalId: order.external_id, protectionEndsAt: endsAt, outcome } },
    });
  }
  await trx.updateTable('order_protection').set({ ended_at: now, end_outcome: outcome }).where('order_id', '=', order.id).execute();
  await appendHistory(trx, {
    entityType: 'order',
    entityId: order.id,
    event: 'end_protection',
    from: outcome === 'not_applicable' ? order.status : 'completed',
    to: outcome === 'not_applicable' ? order.status : 'completed',
    actor: systemActor,
    data: { outcome, protectionEndsAt: endsAt },
    sellerId: order.seller_id,
    at: now,
  });
}

// ---- disputes, as far as protection is concerned ------------------------------------------------------------

export interface DisputeOpeningRecord {
  id: string;
  orderId: string;
  protectionEndsAt: Date | null;
  /** Opened at most NEAR_PROTECTION_EXPIRY_DAYS before protection ends (seed 002's small-parcel rule counts these). */
  openedNearProtectionExpiry: boolean;
}

/**
 * For the dispute cases: call inside the transaction that opens a dispute on an order. Records whether it was
 * opened close to the end of protection (within NEAR_PROTECTION_EXPIRY_DAYS), and holds the order back from
 * completing while the dispute is open. Call `recordDisputeClosed` when it closes.
 */
export async function recordDisputeOpened(trx: Tx, input: { orderId: string; at: Date; caseId?: string | null }): Promise<DisputeOpeningRecord> {
  const order = await trx.selectFrom('orders').select(['id', 'seller_id']).where('id', '=', input.orderId).executeTakeFirst();
  if (!order) throw notFound('Order');
  const protection = await lockProtection(trx, order.id);
  const endsAt = protection?.protection_ends_at ?? null;
  const near = openedNearProtectionExpiry(input.at, endsAt, NEAR_PROTECTION_EXPIRY_DAYS);
  const id = newId('evt', input.at.getTime());
  await trx
    .insertInto('protection_dispute_openings')
    .values({
      id,
      order_id: order.id,
      seller_id: order.seller_id,
      case_id: input.caseId ?? null,
      opened_at: input.at,
      protection_ends_at: endsAt,
      opened_near_protection_expiry: near,
      near_expiry_days: NEAR_PROTECTION_EXPIRY_DAYS,
      closed_at: null,
    })
    .execute();
  return { id, orderId: order.id, protectionEndsAt: endsAt, openedNearProtectionExpiry: near };
}

/**
 * For the dispute cases: call when a dispute on the order closes (whatever its outcome). With no other dispute
 * open and the protection period already over, the end of protection runs again at the next tick.
 */
export async function recordDisputeClosed(trx: Tx, input: { orderId: string; at: Date; caseId?: string | null }): Promise<{ openDisputes: number }> {
  let q = trx
    .selectFrom('protection_dispute_openings')
    .select('id')
    .where('order_id', '=', input.orderId)
    .where('closed_at', 'is', null)
    .orderBy('opened_at')
    .orderBy('id')
    .limit(1);
  if (input.caseId) q = q.where('case_id', '=', input.caseId);
  const open = await q.executeTakeFirst();
  if (open) await trx.updateTable('protection_dispute_openings').set({ closed_at: input.at }).where('id', '=', open.id).execute();
  const remaining = await openDisputes(trx, input.orderId);
  if (remaining === 0) {
    const protection = await lockProtection(trx, input.orderId);
    if (protection && !protection.ended_at && protection.protection_ends_at.getTime() <= input.at.getTime()) {
      await cancelTasks(trx, 'order', input.orderId, input.at, TASK_PROTECTION_END);
      await scheduleTask(trx, {
        kind: TASK_PROTECTION_END,
        entityType: 'order',
        entityId: input.orderId,
        dueAt: input.at,
        payload: { protectionEndsAt: protection.protection_ends_at.toISOString(), afterDispute: true },
        now: input.at,
      });
    }
  }
  return { openDisputes: remaining };
}
