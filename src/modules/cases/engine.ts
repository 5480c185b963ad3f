import { sql } from 'kysely';
import type { AppContext, DueTask } from '../../context.js';
import type { DB } from '../../db/database.js';
import type { Json } from '../../db/tables/platform.js';
import type { UserRole } from '../../db/tables/identity.js';
import { caseTypeDefinition, deadlineAt, expiryEvent, type CaseParty, type CaseType, type CaseTypeDefinition } from '../../domain/cases/index.js';
import type { PolicyInForce } from '../../domain/policy.js';
import { nextState } from '../../domain/state-machine.js';
import { firersOf, systemActor, type Actor } from '../../platform/actor.js';
import { appendHistory, enqueueOutbox, type Tx } from '../../platform/history.js';
import { scheduleTask } from '../../platform/tasks.js';
import { applyTransition } from '../../platform/transition.js';
import { newId } from '../../shared/ids.js';
import { notify, notifyRoles } from '../notifications/service.js';
import { loadSellerCalendars, type SellerCalendars } from '../orders/calendars.js';
import { activePolicy } from '../policy/service.js';
import { caseActor, type CaseRow } from './access.js';

/**
 * The case engine: generic over case types. It opens cases, moves them through their type's table (with the
 * deadline the new state sets, stored on the row and as a scheduled task), runs expired deadlines through the
 * type's flow, and closes resolved cases once their refunds settled. What a move *means* (refunds, labels,
 * goods) lives in the type's flow (qc-failure.ts for QC failures).
 */

export const TASK_CASE_DEADLINE = 'case.deadline';

/** What every step of a command needs: the time, the policy in force and the sellers' calendars. */
export interface CaseEnv {
  ctx: AppContext;
  at: Date;
  policy: PolicyInForce;
  calendars: SellerCalendars;
}

/** For commands: read before the transaction (the policy and calendars are cached per process). */
export async function commandEnv(ctx: AppContext): Promise<CaseEnv> {
  const [policy, calendars] = await Promise.all([activePolicy(ctx), loadSellerCalendars(ctx.db)]);
  return { ctx, at: ctx.clock.now(), policy, calendars };
}

/** For scheduled tasks, which run inside their own transaction. */
export async function taskEnv(ctx: AppContext, trx: Tx): Promise<CaseEnv> {
  const policy = await activePolicy(ctx, trx);
  const calendars = await loadSellerCalendars(trx as unknown as DB);
  return { ctx, at: ctx.clock.now(), policy, calendars };
}

/** A case type's meaning: what the scheduler's expiry events do for it. */
export interface CaseFlow {
  onDeadline(trx: Tx, env: CaseEnv, c: CaseRow, event: string): Promise<void>;
}

const flows = new Map<CaseType, CaseFlow>();

export function registerCaseFlow(type: CaseType, flow: CaseFlow): void {
  flows.set(type, flow);
}

/** Sellers' countries (for their calendars), read once per command. */
const countries = new WeakMap<CaseEnv, Map<string, string>>();

async function sellerCountry(trx: Tx, env: CaseEnv, sellerId: string): Promise<string> {
  let known = countries.get(env);
  if (!known) countries.set(env, (known = new Map()));
  const hit = known.get(sellerId);
  if (hit) return hit;
  const s = await trx.selectFrom('sellers').select('country').where('id', '=', sellerId).executeTakeFirst();
  known.set(sellerId, s?.country ?? 'CN');
  return known.get(sellerId)!;
}

interface DeadlineColumns {
  deadline_at: Date | null;
  deadline_party: CaseParty | null;
  deadline_event: string | null;
}

async function deadlineFor(trx: Tx, env: CaseEnv, def: CaseTypeDefinition, sellerId: string, state: string, start: Date): Promise<DeadlineColumns> {
  const rule = def.deadlines[state];
  if (!rule) return { deadline_at: null, deadline_party: null, deadline_event: null };
  const calendar = env.calendars(await sellerCountry(trx, env, sellerId));
  return { deadline_at: deadlineAt(rule, env.policy.policy, start, calendar), deadline_party: rule.party, deadline_event: expiryEvent(rule, env.policy.policy) };
}

/**
 * Cancels the case's pending deadline. A deadline the scheduler is running right now is skipped, not waited for:
 * it holds its task row and waits for the case row this command holds, so waiting here would deadlock. Once this
 * command commits, that run finds the case moved on and does nothing.
 */
async function cancelDeadline(trx: Tx, caseId: string, now: Date): Promise<void> {
  await sql`UPDATE scheduled_tasks SET status = 'cancelled', finished_at = ${now}
    WHERE id IN (SELECT id FROM scheduled_tasks
                 WHERE entity_type = 'case' AND entity_id = ${caseId} AND kind = ${TASK_CASE_DEADLINE} AND status = 'pending'
                 FOR UPDATE SKIP LOCKED)`.execute(trx);
}

async function scheduleDeadline(trx: Tx, env: CaseEnv, caseId: string, state: string, round: number, d: DeadlineColumns): Promise<void> {
  await cancelDeadline(trx, caseId, env.at);
  if (!d.deadline_at) return;
  await scheduleTask(trx, {
    kind: TASK_CASE_DEADLINE,
    entityType: 'case',
    entityId: caseId,
    dueAt: d.deadline_at,
    payload: { state, round, event: d.deadline_event, party: d.deadline_party, policyVersion: env.policy.version },
    now: env.at,
  });
}

export interface OpenCaseInput {
  type: CaseType;
  orderId: string;
  orderItemId: string | null;
  sellerId: string;
  buyerId: string;
  currency: string;
  claimAmount: number;
  qcReportId?: string | null;
  reason?: string | null;
  data?: Json;
  /** The outbox payload of `case.opened` (the engine adds ids, type, status and deadline). */
  payload?: Json;
}

/** Opens a case in its type's initial state, with that state's deadline, history and a `case.opened` event. */
export async function openCase(trx: Tx, env: CaseEnv, input: OpenCaseInput, actor: Actor): Promise<CaseRow> {
  const def = caseTypeDefinition(input.type);
  const id = newId('case', env.at.getTime());
  const deadline = await deadlineFor(trx, env, def, input.sellerId, def.initial, env.at);
  const row = await trx
    .insertInto('cases')
    .values({
      id,
      type: input.type,
      status: def.initial,
      order_id: input.orderId,
      order_item_id: input.orderItemId,
      seller_id: input.sellerId,
      buyer_id: input.buyerId,
      currency: input.currency,
      claim_amount: input.claimAmount,
      qc_report_id: input.qcReportId ?? null,
      requested_remedy: null,
      agreed_remedy: null,
      agreed_via: null,
      agreed_at: null,
      ...deadline,
      escalated_at: null,
      escalated_by: null,
      escalation_reason: null,
      decided_at: null,
      decided_by: null,
      decision_reason: null,
      policy_version: env.policy.version,
      opened_at: env.at,
      resolved_at: null,
      closed_at: null,
      created_at: env.at,
      updated_at: env.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendHistory(trx, {
    entityType: def.machine.entity,
    entityId: id,
    event: 'open',
    from: null,
    to: def.initial,
    actor,
    reason: input.reason ?? null,
    data: { ...input.data, deadlineAt: deadline.deadline_at?.toISOString() ?? null, policyVersion: env.policy.version },
    sellerId: input.sellerId,
    at: env.at,
  });
  await enqueueOutbox(trx, {
    type: 'case.opened',
    entityType: 'case',
    entityId: id,
    sellerId: input.sellerId,
    payload: {
      id,
      type: input.type,
      status: def.initial,
      orderId: input.orderId,
      orderItemId: input.orderItemId,
      sellerId: input.sellerId,
      buyerId: input.buyerId,
      claimAmount: input.claimAmount,
      currency: input.currency,
      deadlineAt: deadline.deadline_at?.toISOString() ?? null,
      deadlineParty: deadline.deadline_party,
      ...input.payload,
    },
    at: env.at,
  });
  await scheduleDeadline(trx, env, id, def.initial, row.round, deadline);
  return row;
}

/** Checks that the actor may make the move now (409 / 403), before a command validates its input. */
export function assertMove(c: CaseRow, event: string, actor: Actor): void {
  nextState(caseTypeDefinition(c.type).machine, c.status, event, firersOf(caseActor(actor, c)));
}

export interface MoveOptions {
  reason?: string | null;
  /** Other columns to set with the new status (the deadline columns are set by the engine). */
  patch?: Record<string, unknown>;
  data?: Json;
  outbox?: { type: string; payload?: Json };
  /** When the new state's clock starts, if not now (e.g. the carrier's delivery scan). */
  deadlineStart?: Date;
}

/**
 * Moves a (locked) case by its type's table: checks the move (409 / 403), stores the new state with its
 * deadline, appends history and the outbox event, and replaces the pending deadline task. Returns the row as
 * it now is.
 */
export async function moveCase(trx: Tx, env: CaseEnv, c: CaseRow, event: string, actor: Actor, options: MoveOptions = {}): Promise<CaseRow> {
  const def = caseTypeDefinition(c.type);
  const asParty = caseActor(actor, c);
  const to = nextState(def.machine, c.status, event, firersOf(asParty));
  const round = typeof options.patch?.round === 'number' ? (options.patch.round as number) : c.round;
  const deadline = await deadlineFor(trx, env, def, c.seller_id, to, options.deadlineStart ?? env.at);
  const patch: Record<string, unknown> = { ...options.patch, ...deadline };
  if (def.resolved.includes(to) && !c.resolved_at) patch.resolved_at = env.at;
  if (def.final.includes(to)) patch.closed_at = env.at;
  await applyTransition(trx, {
    machine: def.machine,
    table: 'cases',
    id: c.id,
    event,
    actor: asParty,
    at: env.at,
    reason: options.reason ?? null,
    sellerId: c.seller_id,
    patch,
    data: { ...options.data, ...(deadline.deadline_at ? { deadlineAt: deadline.deadline_at.toISOString(), deadlineParty: deadline.deadline_party } : {}) },
    outbox: options.outbox
      ? {
          type: options.outbox.type,
          payload: {
            type: c.type,
            event,
            orderId: c.order_id,
            orderItemId: c.order_item_id,
            sellerId: c.seller_id,
            buyerId: c.buyer_id,
            round,
            deadlineAt: deadline.deadline_at?.toISOString() ?? null,
            deadlineParty: deadline.deadline_party,
            ...options.outbox.payload,
          },
        }
      : undefined,
  });
  await scheduleDeadline(trx, env, c.id, to, round, deadline);
  return trx.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
}

/**
 * A case deadline fell due (possibly long ago, if the server was down). Stale tasks — the case moved on, or a new
 * round began — do nothing; otherwise the type's flow fires the expiry event.
 */
export async function runCaseDeadline(ctx: AppContext, trx: Tx, task: DueTask): Promise<void> {
  const c = await trx.selectFrom('cases').selectAll().where('id', '=', task.entityId).forUpdate().executeTakeFirst();
  if (!c) return;
  if (c.status !== task.payload.state || c.round !== task.payload.round) return;
  if (c.deadline_at && c.deadline_at.getTime() > ctx.clock.now().getTime()) return;
  const flow = flows.get(c.type);
  if (!flow) throw new Error(`no flow for case type ${c.type}`);
  const env = await taskEnv(ctx, trx);
  const def = caseTypeDefinition(c.type);
  const rule = def.deadlines[c.status];
  const event = rule ? expiryEvent(rule, env.policy.policy) : String(task.payload.event);
  await flow.onDeadline(trx, env, c, event);
}

/** What the case's refunds add up to, by status. */
export async function caseRefundTotals(db: DB | Tx, caseId: string): Promise<{ committed: number; settled: number; open: number; failed: number }> {
  const rows = await db
    .selectFrom('refunds')
    .select(['status', sql<number>`sum(amount)::bigint`.as('total')])
    .where('case_id', '=', caseId)
    .groupBy('status')
    .execute();
  const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.total)])) as Record<string, number>;
  const settled = by.settled ?? 0;
  const open = (by.pending ?? 0) + (by.sent ?? 0);
  return { committed: settled + open, settled, open, failed: by.failed ?? 0 };
}

/** Closes a resolved case when nothing is left to settle (called after resolving, and by the periodic sweep). */
export async function closeIfSettled(trx: Tx, env: CaseEnv, c: CaseRow): Promise<CaseRow> {
  if (c.closed_at || !c.resolved_at) return c;
  const totals = await caseRefundTotals(trx, c.id);
  if (totals.open > 0 || totals.settled < c.refund_due) return c;
  return moveCase(trx, env, c, 'close', systemActor, {
    data: { refundDue: c.refund_due, settled: totals.settled },
    outbox: { type: 'case.closed', payload: { refundDue: c.refund_due, refundSettled: totals.settled } },
  });
}

/** Periodic: resolved cases whose refunds have all settled are closed. */
export async function closeSettledCases(ctx: AppContext, limit = 200): Promise<number> {
  const candidates = await ctx.db
    .selectFrom('cases')
    .select('id')
    .where('resolved_at', 'is not', null)
    .where('closed_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('refunds')
            .select('refunds.id')
            .whereRef('refunds.case_id', '=', 'cases.id')
            .where('refunds.status', 'in', ['pending', 'sent']),
        ),
      ),
    )
    // a failed refund leaves the case short until support refunds again: not a candidate until then
    .where(sql<boolean>`coalesce((SELECT sum(r.amount) FROM refunds r WHERE r.case_id = cases.id AND r.status = 'settled'), 0) >= cases.refund_due`)
    .orderBy('resolved_at')
    .limit(limit)
    .execute();
  let closed = 0;
  for (const { id } of candidates) {
    await ctx.db.transaction().execute(async (trx) => {
      const c = await trx.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!c) return;
      const after = await closeIfSettled(trx, await taskEnv(ctx, trx), c);
      if (after.closed_at) closed++;
    });
  }
  return closed;
}

// ---- who is told ---------------------------------------------------------------------------------------

export type NotifyParty = 'buyer' | 'seller' | 'support' | 'warehouse';

const PARTY_ROLES: Record<'support' | 'warehouse', UserRole[]> = { support: ['support_agent'], warehouse: ['qc_inspector'] };

/** Tells a party of the case (in the console and by e-mail) about a step, usually one that asks them to act. */
export async function notifyParty(
  trx: Tx,
  c: CaseRow,
  party: NotifyParty,
  eventType: string,
  at: Date,
  data: Json = {},
  options: { email?: boolean } = {},
): Promise<void> {
  const full = { caseId: c.id, orderId: c.order_id, caseType: c.type, ...data };
  const link = `/cases/${c.id}`;
  if (party === 'buyer') {
    await notify(trx, { userIds: [c.buyer_id], eventType, data: full, link, at, email: options.email });
  } else if (party === 'seller') {
    const members = await trx.selectFrom('seller_members').select('user_id').where('seller_id', '=', c.seller_id).execute();
    await notify(trx, { userIds: members.map((m) => m.user_id), eventType, data: full, link, at, email: options.email });
  } else {
    await notifyRoles(trx, { roles: PARTY_ROLES[party], eventType, data: full, link, at, email: options.email });
  }
}
