import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { ViolationOrigin, ViolationStatus } from '../../db/tables/enforcement.js';
import type { Json } from '../../db/tables/platform.js';
import type { Sanction } from '../../domain/enforcement/policy.js';
import { pointsExpireAt } from '../../domain/enforcement/points.js';
import type { Policy } from '../../domain/policy.js';
import { systemActor, type Actor } from '../../platform/actor.js';
import { violationMachine } from '../../domain/enforcement/machines.js';
import { appendHistory, type Tx } from '../../platform/history.js';
import { applyTransition } from '../../platform/transition.js';
import { cancelTasks, scheduleTask } from '../../platform/tasks.js';
import { badRequest, conflict, notFound, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { notify, notifyRoles } from '../notifications/service.js';
import { activePolicy } from '../policy/service.js';
import { requireOfficer } from './access.js';
import type { Proposal } from './detectors/types.js';
import { appendLog } from './ledger.js';
import { imposeSanction, liftSanctionRow, reconcileSubject, sellerMemberIds, type Decision } from './sanctions.js';
import { SMALL_PARCEL_RULE, canSeeViolation, violationView } from './views.js';

export const TASK_POINTS_EXPIRE = 'enforcement.points_expire';

export interface RuleConfig {
  enabled: boolean;
  points: number;
  autoConfirm: boolean;
  sanction?: Sanction;
}

/** A rule's settings under a policy; rules the policy does not name (an officer's own finding) wait for an officer. */
export function ruleConfig(policy: Policy, subjectType: 'seller' | 'buyer', rule: string): RuleConfig | null {
  const table = (subjectType === 'seller' ? policy.enforcement.rules : policy.enforcement.buyerRules) as Record<string, RuleConfig>;
  return table[rule] ?? null;
}

type ViolationRow = NonNullable<Awaited<ReturnType<typeof lockViolation>>>;

async function lockViolation(trx: Tx, id: string) {
  return trx.selectFrom('violations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

// ---- proposals -------------------------------------------------------------------------------------------

/**
 * Records proposals once each (their dedupe key), and confirms at once those whose rule the policy marks clear-cut.
 * Returns the new violations' ids. The caller's transaction holds everything.
 */
export async function recordProposals(d: Decision, proposals: readonly Proposal[]): Promise<{ created: string[]; confirmed: string[] }> {
  const created: string[] = [];
  const confirmed: string[] = [];
  const queued: string[] = [];
  for (const p of proposals) {
    const cfg = ruleConfig(d.policy, p.subjectType, p.rule);
    if (cfg && !cfg.enabled && (p.origin ?? 'detector') === 'detector') continue;
    const id = newId('vio', d.at.getTime());
    const subjectId = p.subjectType === 'seller' ? p.sellerId! : p.buyerId!;
    const inserted = await d.trx
      .insertInto('violations')
      .values({
        id,
        subject_type: p.subjectType,
        subject_id: subjectId,
        seller_id: p.subjectType === 'seller' ? subjectId : null,
        buyer_id: p.subjectType === 'buyer' ? subjectId : null,
        rule: p.rule,
        status: 'proposed',
        origin: p.origin ?? 'detector',
        dedupe_key: p.dedupeKey,
        summary: p.summary,
        evidence: JSON.stringify(p.evidence),
        points: p.points ?? cfg?.points ?? 0,
        auto_confirmed: false,
        direct_sanction: p.directSanction ?? cfg?.sanction ?? null,
        policy_version: d.version,
        audit_id: p.auditId ?? null,
        batch_id: null,
        detected_at: d.at,
        proposed_by: d.actor.id,
        decided_at: null,
        decided_by: null,
        decision_reason: null,
        points_expire_at: null,
        reversed_at: null,
        reversed_by: null,
        reversal_reason: null,
        updated_at: d.at,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) continue;
    created.push(id);
    await appendHistory(d.trx, { entityType: 'violation', entityId: id, event: 'propose', from: null, to: 'proposed', actor: d.actor, reason: p.summary, data: { rule: p.rule, origin: p.origin ?? 'detector' }, sellerId: p.sellerId ?? null, at: d.at });
    await appendLog(d.trx, { action: 'violation.proposed', entityType: 'violation', entityId: id, subjectId, actor: d.actor, policyVersion: d.version, payload: { rule: p.rule, origin: p.origin ?? 'detector', summary: p.summary, dedupeKey: p.dedupeKey, evidence: p.evidence }, at: d.at });
    if (cfg?.autoConfirm && (p.origin ?? 'detector') === 'detector') {
      const row = (await lockViolation(d.trx, id))!;
      await confirmRow(d, row, { reason: 'Confirmed by rule (the policy marks it clear-cut).', auto: true });
      confirmed.push(id);
    } else {
      queued.push(id);
    }
  }
  if (queued.length > 0 && !d.quiet) {
    await notifyRoles(d.trx, { roles: ['compliance_officer'], eventType: 'enforcement.violations_queued', data: { count: queued.length }, link: '/compliance/violations', at: d.at, email: false });
  }
  return { created, confirmed };
}

// ---- decisions -------------------------------------------------------------------------------------------

/**
 * Confirms a proposed violation: its points (the rule's, under the policy in force now) count until they expire, a
 * rule's own sanction is imposed (severe fraud: a ban), and the ladder is reconciled.
 */
async function confirmRow(d: Decision, v: ViolationRow, opts: { reason?: string | null; auto?: boolean; severeFraud?: boolean; points?: number; sanction?: Sanction }): Promise<void> {
  if (v.status !== 'proposed') throw conflict('violation_not_proposed', `This violation is ${v.status}; only a proposed violation can be confirmed.`);
  const cfg = ruleConfig(d.policy, v.subject_type, v.rule);
  const points = opts.points ?? (v.origin === 'detector' || v.origin === 'report' ? (cfg?.points ?? v.points) : v.points);
  const expires = pointsExpireAt(d.at, d.policy.enforcement.pointsExpireDays);
  // The officer's own choice of sanction wins over the rule's; severe fraud is a ban whatever was chosen.
  const direct: Sanction | null = opts.severeFraud ? 'ban' : (opts.sanction ?? (v.direct_sanction as Sanction | null) ?? cfg?.sanction ?? null);
  const facts = { rule: v.rule, points, pointsExpireAt: expires.toISOString(), autoConfirmed: !!opts.auto, directSanction: direct, severeFraud: !!opts.severeFraud };
  await applyTransition(d.trx, {
    machine: violationMachine,
    table: 'violations',
    id: v.id,
    event: 'confirm',
    actor: d.actor,
    at: d.at,
    reason: opts.reason ?? null,
    sellerId: v.seller_id,
    patch: {
      points,
      auto_confirmed: !!opts.auto,
      direct_sanction: direct,
      policy_version: d.version,
      decided_at: d.at,
      decided_by: opts.auto ? null : d.actor.id,
      decision_reason: opts.reason ?? null,
      points_expire_at: expires,
    },
    data: facts,
    outbox: { type: 'enforcement.violation_confirmed', payload: { subjectType: v.subject_type, subjectId: v.subject_id, summary: v.summary, policyVersion: d.version, ...facts } },
  });
  await appendLog(d.trx, { action: 'violation.confirmed', entityType: 'violation', entityId: v.id, subjectId: v.subject_id, actor: d.actor, policyVersion: d.version, payload: { ...facts, reason: opts.reason ?? null }, at: d.at });
  await scheduleTask(d.trx, { kind: TASK_POINTS_EXPIRE, entityType: 'violation', entityId: v.id, dueAt: expires, now: d.at });
  if (!d.quiet) {
    const userIds = v.seller_id ? await sellerMemberIds(d.trx, v.seller_id) : [v.subject_id];
    await notify(d.trx, { userIds, eventType: 'enforcement.violation_confirmed', data: { rule: v.rule, points, summary: v.summary, pointsExpireAt: expires.toISOString() }, link: v.seller_id ? '/seller/enforcement' : null, at: d.at });
  }
  if (direct) {
    const duration = direct === 'small_parcel_restriction' || v.rule === SMALL_PARCEL_RULE ? d.policy.enforcement.smallParcelRestriction.durationDays : null;
    await imposeSanction(d, {
      subjectType: v.subject_type,
      subjectId: v.subject_id,
      kind: direct,
      origin: 'violation',
      violationId: v.id,
      reason: opts.severeFraud ? `Severe fraud: ${v.summary}` : v.summary,
      endsAt: duration ? new Date(d.at.getTime() + duration * 86_400_000) : null,
    });
  }
  await reconcileSubject(d, v.subject_type, v.subject_id);
}

async function decision(ctx: AppContext, trx: Tx, actor: Actor): Promise<Decision> {
  const { policy, version } = await activePolicy(ctx, trx);
  return { trx, at: ctx.clock.now(), actor, policy, version };
}

export async function confirmViolation(ctx: AppContext, actor: Actor, id: string, input: { reason?: string | null; severeFraud?: boolean; points?: number; sanction?: Sanction }) {
  requireOfficer(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const v = await lockViolation(trx, id);
    if (!v) throw notFound('Violation');
    if (input.sanction && v.subject_type !== 'seller') throw unprocessable('sanction_for_sellers_only', 'A buyer is given warnings and claim limits through points, not a seller sanction.', { field: 'sanction' });
    await confirmRow(await decision(ctx, trx, actor), v, { reason: input.reason ?? null, severeFraud: input.severeFraud, points: input.points, sanction: input.sanction });
  });
  return getViolation(ctx, actor, id);
}

export async function dismissViolation(ctx: AppContext, actor: Actor, id: string, input: { reason: string }) {
  requireOfficer(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const v = await lockViolation(trx, id);
    if (!v) throw notFound('Violation');
    if (v.status !== 'proposed') throw conflict('violation_not_proposed', `This violation is ${v.status}; only a proposed violation can be dismissed.`);
    const d = await decision(ctx, trx, actor);
    await applyTransition(trx, {
      machine: violationMachine,
      table: 'violations',
      id,
      event: 'dismiss',
      actor,
      at: d.at,
      reason: input.reason,
      sellerId: v.seller_id,
      patch: { decided_at: d.at, decided_by: actor.id, decision_reason: input.reason },
      data: { rule: v.rule },
    });
    await appendLog(trx, { action: 'violation.dismissed', entityType: 'violation', entityId: id, subjectId: v.subject_id, actor, policyVersion: d.version, payload: { rule: v.rule, reason: input.reason }, at: d.at });
  });
  return getViolation(ctx, actor, id);
}

/**
 * Reverses a confirmed violation (an upheld appeal, an undone batch): its points stop counting, the sanctions it
 * imposed itself are lifted, and the ladder is reconciled (a ban may be lifted).
 */
export async function reverseViolation(d: Decision, v: ViolationRow, reason: string): Promise<void> {
  if (v.status !== 'confirmed') throw conflict('violation_not_confirmed', `This violation is ${v.status}; only a confirmed violation can be reversed.`);
  await applyTransition(d.trx, {
    machine: violationMachine,
    table: 'violations',
    id: v.id,
    event: 'reverse',
    actor: d.actor,
    at: d.at,
    reason,
    sellerId: v.seller_id,
    patch: { reversed_at: d.at, reversed_by: d.actor.id, reversal_reason: reason },
    data: { rule: v.rule, points: v.points },
    outbox: { type: 'enforcement.violation_reversed', payload: { subjectId: v.subject_id, rule: v.rule, points: v.points, reason } },
  });
  await cancelTasks(d.trx, 'violation', v.id, d.at, TASK_POINTS_EXPIRE);
  await appendLog(d.trx, { action: 'violation.reversed', entityType: 'violation', entityId: v.id, subjectId: v.subject_id, actor: d.actor, policyVersion: d.version, payload: { rule: v.rule, points: v.points, reason }, at: d.at });
  const own = await d.trx.selectFrom('sanctions').selectAll().where('violation_id', '=', v.id).where('status', '=', 'active').execute();
  for (const s of own) await liftSanctionRow(d, s, `${reason} (the violation was reversed)`);
  await reconcileSubject(d, v.subject_type, v.subject_id, { liftBans: true });
}

export { lockViolation };

// ---- officers' own findings and reports from other modules ------------------------------------------------

export interface ManualViolationInput {
  sellerId?: string;
  buyerId?: string;
  rule: string;
  summary: string;
  evidence?: Json;
  points?: number;
}

export async function proposeViolation(ctx: AppContext, actor: Actor, input: ManualViolationInput) {
  requireOfficer(actor);
  if (!!input.sellerId === !!input.buyerId) throw badRequest('subject_required', 'Name either a seller or a buyer.', { errors: [{ field: 'sellerId', message: 'name either a seller or a buyer' }] });
  const id = await ctx.db.transaction().execute(async (trx) => {
    const d = await decision(ctx, trx, actor);
    if (input.sellerId && !(await trx.selectFrom('sellers').select('id').where('id', '=', input.sellerId).executeTakeFirst())) throw unprocessable('seller_not_found', 'No seller has this id.', { field: 'sellerId' });
    if (input.buyerId && !(await trx.selectFrom('users').select('id').where('id', '=', input.buyerId).executeTakeFirst())) throw unprocessable('buyer_not_found', 'No buyer has this id.', { field: 'buyerId' });
    const subjectType = input.sellerId ? 'seller' : 'buyer';
    const cfg = ruleConfig(d.policy, subjectType, input.rule);
    const { created } = await recordProposals(d, [
      {
        subjectType,
        sellerId: input.sellerId,
        buyerId: input.buyerId,
        rule: input.rule,
        dedupeKey: `officer:${newId('vio', d.at.getTime())}`,
        summary: input.summary,
        evidence: input.evidence ?? {},
        points: input.points ?? cfg?.points ?? 0,
        origin: 'officer',
      },
    ]);
    return created[0];
  });
  return getViolation(ctx, actor, id);
}

/**
 * For other modules (disputes): a buyer's or seller's violation they observed — e.g. a full refund demanded for a
 * cosmetic issue. Runs in the caller's transaction; the rule's policy decides whether it confirms itself.
 */
export async function reportViolation(ctx: AppContext, trx: Tx, proposal: Proposal): Promise<string | null> {
  const { policy, version } = await activePolicy(ctx, trx);
  const { created } = await recordProposals({ trx, at: ctx.clock.now(), actor: systemActor, policy, version }, [{ ...proposal, origin: proposal.origin ?? 'detector' }]);
  return created[0] ?? null;
}

// ---- reading ---------------------------------------------------------------------------------------------

export async function getViolation(ctx: AppContext, actor: Actor, id: string) {
  const v = await ctx.db.selectFrom('violations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!v || !canSeeViolation(actor, v)) throw notFound('Violation');
  const { policy } = await activePolicy(ctx);
  const appeals = await ctx.db.selectFrom('appeals').selectAll().where('target_type', '=', 'violation').where('target_id', '=', id).orderBy('submitted_at').execute();
  const names = await subjectNames(ctx, [v.subject_id]);
  return { ...violationView(v, policy, ctx.clock.now(), appeals), subjectName: names.get(v.subject_id) ?? null };
}

export interface ViolationQuery {
  status?: ViolationStatus;
  rule?: string;
  subjectType?: 'seller' | 'buyer';
  subjectId?: string;
  origin?: ViolationOrigin;
  limit: number;
  offset: number;
}

/** The compliance queue (proposed, oldest first) and every other list of violations. */
export async function listViolations(ctx: AppContext, actor: Actor, q: ViolationQuery) {
  requireOfficer(actor);
  let query = ctx.db.selectFrom('violations');
  if (q.status) query = query.where('status', '=', q.status);
  if (q.rule) query = query.where('rule', '=', q.rule);
  if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
  if (q.subjectId) query = query.where('subject_id', '=', q.subjectId);
  if (q.origin) query = query.where('origin', '=', q.origin);
  const total = Number((await query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  const rows = await query
    .selectAll()
    .orderBy('detected_at', q.status === 'proposed' ? 'asc' : 'desc')
    .orderBy('id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  const { policy } = await activePolicy(ctx);
  const now = ctx.clock.now();
  const names = await subjectNames(ctx, rows.map((r) => r.subject_id));
  return { items: rows.map((r) => ({ ...violationView(r, policy, now, []), subjectName: names.get(r.subject_id) ?? null })), total, limit: q.limit, offset: q.offset };
}

async function subjectNames(ctx: AppContext, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const sellers = await ctx.db.selectFrom('sellers').select(['id', 'shop_name']).where('id', 'in', [...new Set(ids)]).execute();
  const users = await ctx.db.selectFrom('users').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map([...sellers.map((s) => [s.id, s.shop_name] as const), ...users.map((u) => [u.id, u.name] as const)]);
}
