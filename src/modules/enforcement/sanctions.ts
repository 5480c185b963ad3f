import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/schema.js';
import type { SanctionKind, SanctionOrigin, SubjectType } from '../../db/tables/enforcement.js';
import type { SellerStatus } from '../../db/tables/sellers.js';
import { buyerLadderSanctions, rungsReached, statusEvent, statusFor } from '../../domain/enforcement/ladder.js';
import type { Sanction } from '../../domain/enforcement/policy.js';
import { DAY_MS } from '../../domain/enforcement/points.js';
import type { Policy } from '../../domain/policy.js';
import { sanctionMachine } from '../../domain/enforcement/machines.js';
import { sellerMachine } from '../../domain/sellers.js';
import { systemActor, type Actor } from '../../platform/actor.js';
import { appendHistory, enqueueOutbox, type Tx } from '../../platform/history.js';
import { cancelTasks, scheduleTask } from '../../platform/tasks.js';
import { applyTransition } from '../../platform/transition.js';
import { newId } from '../../shared/ids.js';
import { notify } from '../notifications/service.js';
import { notFound, unprocessable } from '../../shared/errors.js';
import { activePolicy } from '../policy/service.js';
import { isOfficer, requireOfficer } from './access.js';
import { sanctionView } from './views.js';
import { handleBannedSellerOrders } from './banned.js';
import { appendLog } from './ledger.js';
import { activePointsOf } from './points.js';

export const TASK_SANCTION_END = 'enforcement.sanction_end';
export const TASK_RECTIFY_DEADLINE = 'enforcement.rectify_deadline';

/** One enforcement decision's setting: inside its transaction, at one instant, by one actor, under one policy. */
export interface Decision {
  trx: Tx;
  at: Date;
  actor: Actor;
  policy: Policy;
  version: number;
  /** Replays (dry run, activation) do not notify anyone: the activation records its own summary. */
  quiet?: boolean;
}

export type SanctionRow = Awaited<ReturnType<typeof activeSanctions>>[number];

// ---- reading ---------------------------------------------------------------------------------------------

export interface SanctionInForce {
  id: string;
  kind: SanctionKind;
  origin: SanctionOrigin;
  reason: string;
  imposedAt: Date;
  endsAt: Date | null;
  rectifyBy: Date | null;
}

/**
 * The sanctions in force for each seller (or buyer): what search, the trusted list, order intake and the scorecard
 * act on. Sellers without any are in the map with an empty list.
 */
export async function sanctionsInForce(db: Kysely<Database>, subjectIds: readonly string[], at: Date = new Date()): Promise<Map<string, SanctionInForce[]>> {
  const out = new Map<string, SanctionInForce[]>(subjectIds.map((id) => [id, []]));
  if (subjectIds.length === 0) return out;
  const rows = await db
    .selectFrom('sanctions')
    .select(['id', 'subject_id', 'kind', 'origin', 'reason', 'imposed_at', 'ends_at', 'rectify_by'])
    .where('subject_id', 'in', [...new Set(subjectIds)])
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', at)]))
    .orderBy('imposed_at')
    .execute();
  for (const r of rows) {
    out.get(r.subject_id)?.push({ id: r.id, kind: r.kind, origin: r.origin, reason: r.reason, imposedAt: r.imposed_at, endsAt: r.ends_at, rectifyBy: r.rectify_by });
  }
  return out;
}

export async function sanctionKindsInForce(db: Kysely<Database>, subjectId: string, at: Date): Promise<SanctionKind[]> {
  return [...new Set(((await sanctionsInForce(db, [subjectId], at)).get(subjectId) ?? []).map((s) => s.kind))];
}

async function activeSanctions(trx: Tx, subjectId: string) {
  return trx.selectFrom('sanctions').selectAll().where('subject_id', '=', subjectId).where('status', '=', 'active').orderBy('imposed_at').execute();
}

export async function sellerMemberIds(db: Kysely<Database>, sellerId: string): Promise<string[]> {
  return (await db.selectFrom('seller_members').select('user_id').where('seller_id', '=', sellerId).execute()).map((m) => m.user_id);
}

// ---- imposing and lifting ---------------------------------------------------------------------------------

export interface ImposeInput {
  subjectType: SubjectType;
  subjectId: string;
  kind: SanctionKind;
  origin: SanctionOrigin;
  reason: string;
  violationId?: string | null;
  batchId?: string | null;
  thresholdPoints?: number | null;
  rectifyDays?: number | null;
  endsAt?: Date | null;
}

export async function imposeSanction(d: Decision, input: ImposeInput): Promise<string> {
  const id = newId('snc', d.at.getTime());
  const rectifyBy = input.rectifyDays ? new Date(d.at.getTime() + input.rectifyDays * DAY_MS) : null;
  const sellerId = input.subjectType === 'seller' ? input.subjectId : null;
  await d.trx
    .insertInto('sanctions')
    .values({
      id,
      subject_type: input.subjectType,
      subject_id: input.subjectId,
      seller_id: sellerId,
      buyer_id: input.subjectType === 'buyer' ? input.subjectId : null,
      kind: input.kind,
      status: 'active',
      origin: input.origin,
      violation_id: input.violationId ?? null,
      batch_id: input.batchId ?? null,
      threshold_points: input.thresholdPoints ?? null,
      reason: input.reason,
      rectify_by: rectifyBy,
      ends_at: input.endsAt ?? null,
      policy_version: d.version,
      imposed_by: d.actor.id,
      imposed_at: d.at,
      lifted_at: null,
      lifted_by: null,
      lift_reason: null,
      updated_at: d.at,
    })
    .execute();
  const facts = { kind: input.kind, origin: input.origin, reason: input.reason, violationId: input.violationId ?? null, batchId: input.batchId ?? null, thresholdPoints: input.thresholdPoints ?? null, rectifyBy: rectifyBy?.toISOString() ?? null, endsAt: input.endsAt?.toISOString() ?? null };
  await appendHistory(d.trx, { entityType: 'sanction', entityId: id, event: 'impose', from: null, to: 'active', actor: d.actor, reason: input.reason, data: facts, sellerId, at: d.at });
  await appendLog(d.trx, { action: 'sanction.imposed', entityType: 'sanction', entityId: id, subjectId: input.subjectId, actor: d.actor, policyVersion: d.version, payload: { subjectType: input.subjectType, ...facts }, at: d.at });
  await enqueueOutbox(d.trx, {
    type: 'enforcement.sanction_imposed',
    entityType: 'sanction',
    entityId: id,
    sellerId,
    payload: { id, subjectType: input.subjectType, subjectId: input.subjectId, policyVersion: d.version, ...facts },
    at: d.at,
  });
  if (input.endsAt) await scheduleTask(d.trx, { kind: TASK_SANCTION_END, entityType: 'sanction', entityId: id, dueAt: input.endsAt, now: d.at });
  if (rectifyBy) await scheduleTask(d.trx, { kind: TASK_RECTIFY_DEADLINE, entityType: 'sanction', entityId: id, dueAt: rectifyBy, now: d.at });
  if (!d.quiet && sellerId) {
    await notify(d.trx, {
      userIds: await sellerMemberIds(d.trx, sellerId),
      eventType: 'enforcement.sanction_imposed',
      data: { kind: input.kind, reason: input.reason, rectifyBy: rectifyBy?.toISOString() ?? null },
      link: '/seller/enforcement',
      at: d.at,
    });
  }
  return id;
}

export async function liftSanctionRow(d: Decision, s: { id: string; subject_id: string; subject_type: SubjectType; kind: SanctionKind }, reason: string, status: 'lifted' | 'expired' = 'lifted'): Promise<void> {
  const sellerId = s.subject_type === 'seller' ? s.subject_id : null;
  await applyTransition(d.trx, {
    machine: sanctionMachine,
    table: 'sanctions',
    id: s.id,
    event: status === 'expired' ? 'expire' : 'lift',
    actor: d.actor,
    at: d.at,
    reason,
    sellerId,
    patch: { lifted_at: d.at, lifted_by: d.actor.id, lift_reason: reason },
    data: { kind: s.kind },
    outbox: { type: 'enforcement.sanction_lifted', payload: { subjectType: s.subject_type, subjectId: s.subject_id, kind: s.kind, reason } },
  });
  await cancelTasks(d.trx, 'sanction', s.id, d.at);
  await appendLog(d.trx, { action: status === 'expired' ? 'sanction.expired' : 'sanction.lifted', entityType: 'sanction', entityId: s.id, subjectId: s.subject_id, actor: d.actor, policyVersion: d.version, payload: { kind: s.kind, reason }, at: d.at });
  if (!d.quiet && sellerId) {
    await notify(d.trx, { userIds: await sellerMemberIds(d.trx, sellerId), eventType: 'enforcement.sanction_lifted', data: { kind: s.kind, reason }, link: '/seller/enforcement', at: d.at });
  }
}

// ---- reconciling --------------------------------------------------------------------------------------------

export interface ReconcileOptions {
  /** An upheld appeal or an undone batch may lift a ban; expiring points never do (a ban is permanent). */
  liftBans?: boolean;
}

/** Status changes are the platform's act: an officer's when an officer decided, the system's otherwise. */
function statusActor(actor: Actor): Actor {
  return isOfficer(actor) ? actor : systemActor;
}

/**
 * Brings a seller's ladder sanctions and account status in line with the points in force under the policy: rungs
 * reached are imposed, rungs no longer reached lifted (a ban only with `liftBans`), time-limited sanctions that
 * ended expire, and the account follows — restricted, suspended or banned through the seller machine. A ladder
 * sanction lifted by an upheld appeal is not imposed again until the points rise above what they were then.
 */
export async function reconcileSeller(d: Decision, sellerId: string, opts: ReconcileOptions = {}): Promise<{ status: SellerStatus; points: number; inForce: SanctionKind[] }> {
  const seller = await d.trx.selectFrom('sellers').select(['id', 'status', 'shop_name']).where('id', '=', sellerId).forUpdate().executeTakeFirst();
  if (!seller) return { status: 'active', points: 0, inForce: [] };
  const points = await activePointsOf(d.trx, sellerId, d.at);
  const ladder = d.policy.enforcement.ladder;
  const reached = rungsReached(points, ladder);
  let active = await activeSanctions(d.trx, sellerId);

  for (const s of active.filter((x) => x.ends_at && x.ends_at.getTime() <= d.at.getTime())) await liftSanctionRow(d, s, 'The sanction period ended.', 'expired');
  active = active.filter((x) => !(x.ends_at && x.ends_at.getTime() <= d.at.getTime()));

  const ladderActive = active.filter((s) => s.origin === 'ladder');
  for (const rung of reached) {
    if (ladderActive.some((s) => s.kind === rung.sanction)) continue;
    if (await liftedByAppealAtOrAbove(d.trx, sellerId, rung.sanction, points)) continue;
    const id = await imposeSanction(d, {
      subjectType: 'seller',
      subjectId: sellerId,
      kind: rung.sanction,
      origin: 'ladder',
      reason: `${points} penalty points reached the ${rung.points}-point rung.`,
      thresholdPoints: points,
      rectifyDays: rung.rectifyDays ?? null,
    });
    active.push((await d.trx.selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as never);
  }
  const reachedKinds = new Set<Sanction>(reached.map((r) => r.sanction));
  for (const s of ladderActive) {
    if (reachedKinds.has(s.kind as Sanction)) continue;
    if (s.kind === 'ban' && !opts.liftBans) continue;
    await liftSanctionRow(d, s, `Penalty points (${points}) are below the rung.`);
    active = active.filter((x) => x.id !== s.id);
  }

  const inForce = [...new Set(active.map((s) => s.kind))] as SanctionKind[];
  const sellerKinds = inForce.filter((k): k is Sanction => k !== 'claim_limit');
  let current = seller.status as SellerStatus;
  const mover = statusActor(d.actor);
  if (current === 'banned' && !sellerKinds.includes('ban') && opts.liftBans) {
    await applyTransition(d.trx, {
      machine: sellerMachine,
      table: 'sellers',
      id: sellerId,
      event: 'lift_ban',
      actor: d.actor,
      at: d.at,
      sellerId,
      reason: 'The ban was lifted.',
      data: { points, policyVersion: d.version },
      outbox: { type: 'seller.status_changed', payload: { sellerId, shopName: seller.shop_name, reason: 'ban_lifted' } },
    });
    await appendLog(d.trx, { action: 'seller.status_changed', entityType: 'seller', entityId: sellerId, subjectId: sellerId, actor: d.actor, policyVersion: d.version, payload: { from: 'banned', to: 'active', event: 'lift_ban', points }, at: d.at });
    current = 'active';
  }
  const target = statusFor(current, sellerKinds);
  const event = statusEvent(current, target);
  const legal = event && sellerMachine.transitions.some((t) => t.event === event && t.from.includes(current));
  if (event && event !== 'lift_ban' && legal) {
    await applyTransition(d.trx, {
      machine: sellerMachine,
      table: 'sellers',
      id: sellerId,
      event,
      actor: mover,
      at: d.at,
      sellerId,
      reason: `Sanctions in force: ${sellerKinds.join(', ') || 'none'}.`,
      data: { points, sanctions: sellerKinds, policyVersion: d.version },
      outbox: { type: 'seller.status_changed', payload: { sellerId, shopName: seller.shop_name, sanctions: sellerKinds, points } },
    });
    await appendLog(d.trx, { action: 'seller.status_changed', entityType: 'seller', entityId: sellerId, subjectId: sellerId, actor: mover, policyVersion: d.version, payload: { from: current, to: target, event, points, sanctions: sellerKinds }, at: d.at });
    if (target === 'banned') {
      const ban = active.find((s) => s.kind === 'ban');
      await handleBannedSellerOrders(d, sellerId, ban?.id ?? null);
    }
    current = target;
  }
  return { status: current, points, inForce };
}

async function liftedByAppealAtOrAbove(trx: Tx, subjectId: string, kind: Sanction, points: number): Promise<boolean> {
  const row = await trx
    .selectFrom('sanctions')
    .select('id')
    .where('subject_id', '=', subjectId)
    .where('kind', '=', kind)
    .where('origin', '=', 'ladder')
    .where('status', '=', 'lifted')
    .where('lift_reason', 'like', 'Appeal upheld%')
    .where('threshold_points', '>=', points)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

/** A buyer's ladder: warnings and a claim limit through the same sanctions. */
export async function reconcileBuyer(d: Decision, buyerId: string): Promise<{ points: number; inForce: SanctionKind[] }> {
  await sql`SELECT id FROM users WHERE id = ${buyerId} FOR UPDATE`.execute(d.trx);
  const points = await activePointsOf(d.trx, buyerId, d.at);
  const desired = new Set<string>(buyerLadderSanctions(points, d.policy.enforcement.buyerLadder));
  let active = await activeSanctions(d.trx, buyerId);
  for (const s of active.filter((x) => x.ends_at && x.ends_at.getTime() <= d.at.getTime())) await liftSanctionRow(d, s, 'The sanction period ended.', 'expired');
  active = active.filter((x) => !(x.ends_at && x.ends_at.getTime() <= d.at.getTime()));
  for (const kind of desired) {
    if (active.some((s) => s.origin === 'ladder' && s.kind === kind)) continue;
    const id = await imposeSanction(d, { subjectType: 'buyer', subjectId: buyerId, kind: kind as SanctionKind, origin: 'ladder', reason: `${points} penalty points on the buyer ladder.`, thresholdPoints: points });
    active.push((await d.trx.selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as never);
  }
  for (const s of active.filter((x) => x.origin === 'ladder' && !desired.has(x.kind))) {
    await liftSanctionRow(d, s, `Penalty points (${points}) are below the rung.`);
    active = active.filter((x) => x.id !== s.id);
  }
  return { points, inForce: [...new Set(active.map((s) => s.kind))] };
}

export async function reconcileSubject(d: Decision, subjectType: SubjectType, subjectId: string, opts: ReconcileOptions = {}): Promise<void> {
  if (subjectType === 'seller') await reconcileSeller(d, subjectId, opts);
  else await reconcileBuyer(d, subjectId);
}

/** What a buyer may still do: the claim limit the dispute module checks before opening a claim. */
export async function buyerRestrictions(db: Kysely<Database>, buyerId: string, at: Date, policy: Policy): Promise<{ warned: boolean; claimLimitPer30Days: number | null }> {
  const kinds = await sanctionKindsInForce(db, buyerId, at);
  return { warned: kinds.includes('warning'), claimLimitPer30Days: kinds.includes('claim_limit') ? policy.enforcement.buyerClaimLimit : null };
}

// ---- officers' use-cases ------------------------------------------------------------------------------------

export async function listSanctions(ctx: AppContext, actor: Actor, q: { status?: SanctionRow['status']; kind?: string; subjectId?: string; limit: number; offset: number }) {
  requireOfficer(actor);
  let query = ctx.db.selectFrom('sanctions');
  if (q.status) query = query.where('status', '=', q.status);
  if (q.kind) query = query.where('kind', '=', q.kind as SanctionKind);
  if (q.subjectId) query = query.where('subject_id', '=', q.subjectId);
  const total = Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await query.selectAll().orderBy('imposed_at', 'desc').limit(q.limit).offset(q.offset).execute();
  const { policy } = await activePolicy(ctx);
  const now = ctx.clock.now();
  return { items: rows.map((s) => sanctionView(s, policy, now)), total, limit: q.limit, offset: q.offset };
}

export async function imposeByOfficer(ctx: AppContext, actor: Actor, input: { sellerId: string; kind: Sanction; reason: string; endsAt?: string }) {
  requireOfficer(actor);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const { policy, version } = await activePolicy(ctx, trx);
    const d: Decision = { trx, at: ctx.clock.now(), actor, policy, version };
    if (!(await trx.selectFrom('sellers').select('id').where('id', '=', input.sellerId).executeTakeFirst())) throw unprocessable('seller_not_found', 'No seller has this id.', { field: 'sellerId' });
    const endsAt = input.endsAt ? new Date(input.endsAt) : input.kind === 'small_parcel_restriction' ? new Date(d.at.getTime() + policy.enforcement.smallParcelRestriction.durationDays * DAY_MS) : null;
    if (endsAt && endsAt.getTime() <= d.at.getTime()) throw unprocessable('ends_in_past', 'The end must be in the future.', { field: 'endsAt' });
    const rung = policy.enforcement.ladder.find((r) => r.sanction === input.kind);
    const sid = await imposeSanction(d, { subjectType: 'seller', subjectId: input.sellerId, kind: input.kind, origin: 'officer', reason: input.reason, endsAt, rectifyDays: input.kind === 'warning' ? (rung?.rectifyDays ?? 14) : null });
    await reconcileSeller(d, input.sellerId);
    return sid;
  });
  return getSanction(ctx, id);
}

export async function liftByOfficer(ctx: AppContext, actor: Actor, sanctionId: string, reason: string) {
  requireOfficer(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const s = await trx.selectFrom('sanctions').selectAll().where('id', '=', sanctionId).forUpdate().executeTakeFirst();
    if (!s) throw notFound('Sanction');
    const { policy, version } = await activePolicy(ctx, trx);
    const d: Decision = { trx, at: ctx.clock.now(), actor, policy, version };
    await liftSanctionRow(d, s, reason);
    await reconcileSubject(d, s.subject_type, s.subject_id, { liftBans: true });
  });
  return getSanction(ctx, sanctionId);
}

async function getSanction(ctx: AppContext, id: string) {
  const s = await ctx.db.selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const { policy } = await activePolicy(ctx);
  return sanctionView(s, policy, ctx.clock.now());
}
