import { sql, type Kysely } from 'kysely';
import type { AppContext, DueTask } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { systemActor, type Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/history.js';
import { newId } from '../../shared/ids.js';
import { notifyRoles } from '../notifications/service.js';
import { activePolicy } from '../policy/service.js';
import { DETECTORS, type Proposal } from './detectors/index.js';
import type { DetectorEnv } from './detectors/types.js';
import { appendLog } from './ledger.js';
import { reconcileSubject, type Decision } from './sanctions.js';
import { recordProposals } from './violations.js';

/** Proposals are written in transactions of this many, so one pass never holds locks for long. */
const WRITE_CHUNK = 200;
/** Subjects taken from the event marks per pass. */
const EVENT_BATCH = 500;

export interface DetectionResult {
  proposals: number;
  created: number;
  confirmed: number;
  byRule: Record<string, number>;
  ms: number;
}

/** Every enabled detector over the facts (seller detectors for sellers, buyer detectors for buyers). */
export async function detectAll(db: Kysely<Database>, env: DetectorEnv & { buyers?: string[] | null }): Promise<Proposal[]> {
  const out: Proposal[] = [];
  for (const det of DETECTORS) {
    const rules = (det.subject === 'seller' ? env.policy.enforcement.rules : env.policy.enforcement.buyerRules) as Record<string, { enabled: boolean }>;
    if (rules[det.rule] && !rules[det.rule].enabled) continue;
    const subjects = det.subject === 'seller' ? env.subjects : env.buyers === undefined ? env.subjects : env.buyers;
    if (subjects && subjects.length === 0) continue;
    out.push(...(await det.detect(db, { ...env, subjects })));
  }
  return out;
}

/** Runs the detectors and records what they found, in small transactions. */
export async function runDetectors(
  ctx: AppContext,
  opts: { sellers: string[] | null; buyers?: string[] | null; kind: 'scheduled' | 'events' | 'manual'; actor?: Actor },
): Promise<DetectionResult> {
  const started = Date.now();
  const now = ctx.clock.now();
  const { policy, version } = await activePolicy(ctx);
  const proposals = await detectAll(ctx.db, { policy, now, subjects: opts.sellers, buyers: opts.buyers });
  const byRule: Record<string, number> = {};
  for (const p of proposals) byRule[p.rule] = (byRule[p.rule] ?? 0) + 1;
  // Known facts are skipped before any transaction opens: a pass over a quiet platform writes nothing.
  const fresh = await unseen(ctx.db, proposals);
  let created = 0;
  let confirmed = 0;
  const actor = opts.actor ?? systemActor;
  for (let i = 0; i < fresh.length; i += WRITE_CHUNK) {
    const chunk = fresh.slice(i, i + WRITE_CHUNK);
    const r = await ctx.db.transaction().execute((trx) => recordProposals({ trx, at: now, actor, policy, version }, chunk));
    created += r.created.length;
    confirmed += r.confirmed.length;
  }
  const result = { proposals: proposals.length, created, confirmed, byRule, ms: Date.now() - started };
  if (opts.kind !== 'events' || created > 0) {
    await ctx.db
      .insertInto('enforcement_runs')
      .values({ id: newId('evt', now.getTime()).replace(/^evt_/, 'erun_'), kind: opts.kind, started_at: now, finished_at: ctx.clock.now(), policy_version: version, result: JSON.stringify(result) })
      .execute();
  }
  return result;
}

async function unseen(db: Kysely<Database>, proposals: Proposal[]): Promise<Proposal[]> {
  const out: Proposal[] = [];
  for (let i = 0; i < proposals.length; i += 5000) {
    const chunk = proposals.slice(i, i + 5000);
    const known = await db.selectFrom('violations').select('dedupe_key').where('dedupe_key', 'in', chunk.map((p) => p.dedupeKey)).execute();
    const set = new Set(known.map((k) => k.dedupe_key));
    out.push(...chunk.filter((p) => !set.has(p.dedupeKey)));
  }
  return out;
}

/**
 * The scheduler's periodic job: a pass over the sellers and buyers events marked (signals, cancellations, dispatches,
 * reviews, case messages, protection disputes), and a full pass every `detectorScanHours`.
 */
export async function enforcementPeriodic(ctx: AppContext): Promise<void> {
  const marked = await ctx.db.transaction().execute(async (trx) => {
    const r = await sql<{ subject_type: 'seller' | 'buyer'; subject_id: string }>`
      DELETE FROM enforcement_dirty WHERE ctid IN (
        SELECT ctid FROM enforcement_dirty ORDER BY marked_at LIMIT ${EVENT_BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING subject_type, subject_id`.execute(trx);
    return r.rows;
  });
  if (marked.length > 0) {
    const sellers = [...new Set(marked.filter((m) => m.subject_type === 'seller').map((m) => m.subject_id))];
    const buyers = [...new Set(marked.filter((m) => m.subject_type === 'buyer').map((m) => m.subject_id))];
    await runDetectors(ctx, { sellers, buyers, kind: 'events' });
  }
  const { policy } = await activePolicy(ctx);
  const now = ctx.clock.now();
  const last = await ctx.db.selectFrom('enforcement_runs').select('started_at').where('kind', '=', 'scheduled').orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  if (!last || now.getTime() - last.started_at.getTime() >= policy.enforcement.detectorScanHours * 3_600_000 || last.started_at.getTime() > now.getTime()) {
    await runDetectors(ctx, { sellers: null, buyers: null, kind: 'scheduled' });
  }
}

// ---- stored tasks ---------------------------------------------------------------------------------------------

async function systemDecision(ctx: AppContext, trx: Tx): Promise<Decision> {
  const { policy, version } = await activePolicy(ctx, trx);
  return { trx, at: ctx.clock.now(), actor: systemActor, policy, version };
}

/** A violation's points expired: the ladder may step down. */
export async function runPointsExpire(ctx: AppContext, trx: Tx, task: DueTask): Promise<void> {
  const v = await trx.selectFrom('violations').select(['id', 'subject_type', 'subject_id', 'points', 'status']).where('id', '=', task.entityId).executeTakeFirst();
  if (!v || v.status !== 'confirmed') return;
  const d = await systemDecision(ctx, trx);
  await appendLog(trx, { action: 'violation.points_expired', entityType: 'violation', entityId: v.id, subjectId: v.subject_id, actor: systemActor, policyVersion: d.version, payload: { points: v.points }, at: d.at });
  await reconcileSubject(d, v.subject_type, v.subject_id);
}

/** A time-limited sanction (the small-parcel restriction) reached its end. */
export async function runSanctionEnd(ctx: AppContext, trx: Tx, task: DueTask): Promise<void> {
  const s = await trx.selectFrom('sanctions').select(['id', 'subject_type', 'subject_id', 'status']).where('id', '=', task.entityId).executeTakeFirst();
  if (!s || s.status !== 'active') return;
  await reconcileSubject(await systemDecision(ctx, trx), s.subject_type, s.subject_id);
}

/**
 * A warning's deadline to rectify passed: rectified when no new violation was confirmed since the warning,
 * otherwise compliance is told. Both outcomes go into the log.
 */
export async function runRectifyDeadline(ctx: AppContext, trx: Tx, task: DueTask): Promise<void> {
  const s = await trx.selectFrom('sanctions').selectAll().where('id', '=', task.entityId).executeTakeFirst();
  if (!s || s.status !== 'active') return;
  const d = await systemDecision(ctx, trx);
  const newer = await trx
    .selectFrom('violations')
    .select(['id', 'rule'])
    .where('subject_id', '=', s.subject_id)
    .where('status', '=', 'confirmed')
    .where('decided_at', '>', s.imposed_at)
    .execute();
  const outcome = newer.length === 0 ? 'rectified' : 'not_rectified';
  await appendLog(trx, { action: `sanction.${outcome}`, entityType: 'sanction', entityId: s.id, subjectId: s.subject_id, actor: systemActor, policyVersion: d.version, payload: { kind: s.kind, newViolations: newer.map((v) => v.id) }, at: d.at });
  if (outcome === 'not_rectified') {
    await notifyRoles(trx, { roles: ['compliance_officer'], eventType: 'enforcement.not_rectified', data: { sellerId: s.subject_id, violations: newer.length }, link: `/compliance/sellers/${s.subject_id}/enforcement`, at: d.at, email: false });
  }
}
