import { sql } from 'kysely';
import type { SellerStatus } from '../../db/tables/sellers.js';
import { pointsExpireAt } from '../../domain/enforcement/points.js';
import { cancelTasks, scheduleTask } from '../../platform/tasks.js';
import { appendLog } from './ledger.js';
import { activePenaltyPoints } from './points.js';
import { detectAll } from './runner.js';
import { reconcileSubject, sanctionsInForce, type Decision } from './sanctions.js';
import { recordProposals, ruleConfig, TASK_POINTS_EXPIRE } from './violations.js';

/**
 * Applying a policy to the recent past (DESIGN §5): what an activation does, and what the dry run does inside a
 * transaction it then rolls back — so the dry run shows exactly what activation will do.
 *
 * 1. Violations confirmed in the last `replayDays` are re-scored under the policy: detector findings take the
 *    rule's points, and every one's points expire `pointsExpireDays` after confirmation.
 * 2. Every detector runs under the policy's thresholds (event rules look back `replayDays`; rate rules over their
 *    own window ending now). New findings are proposed; clear-cut rules confirm themselves.
 * 3. Every seller and buyer with points or sanctions is reconciled with the policy's ladder. Bans are permanent:
 *    a ladder that would no longer reach one does not lift it.
 */
export async function replayUnderPolicy(d: Decision): Promise<{ rescored: number; proposed: number; autoConfirmed: number; reconciled: number }> {
  const start = new Date(d.at.getTime() - d.policy.enforcement.replayDays * 86_400_000);
  const recent = await d.trx
    .selectFrom('violations')
    .selectAll()
    .where('status', '=', 'confirmed')
    .where('decided_at', '>=', start)
    .orderBy('id')
    .forUpdate()
    .execute();
  let rescored = 0;
  for (const v of recent) {
    const cfg = ruleConfig(d.policy, v.subject_type, v.rule);
    const points = v.origin === 'detector' || v.origin === 'report' ? (cfg?.points ?? v.points) : v.points;
    const expires = pointsExpireAt(v.decided_at!, d.policy.enforcement.pointsExpireDays);
    if (points === v.points && expires.getTime() === v.points_expire_at?.getTime()) continue;
    await d.trx.updateTable('violations').set({ points, points_expire_at: expires, policy_version: d.version, updated_at: d.at }).where('id', '=', v.id).execute();
    await cancelTasks(d.trx, 'violation', v.id, d.at, TASK_POINTS_EXPIRE);
    await scheduleTask(d.trx, { kind: TASK_POINTS_EXPIRE, entityType: 'violation', entityId: v.id, dueAt: expires, now: d.at });
    await appendLog(d.trx, {
      action: 'violation.rescored',
      entityType: 'violation',
      entityId: v.id,
      subjectId: v.subject_id,
      actor: d.actor,
      policyVersion: d.version,
      payload: { rule: v.rule, points: { from: v.points, to: points }, pointsExpireAt: { from: v.points_expire_at?.toISOString() ?? null, to: expires.toISOString() } },
      at: d.at,
    });
    rescored++;
  }

  const proposals = await detectAll(d.trx, { policy: d.policy, now: d.at, subjects: null, buyers: null });
  const { created, confirmed } = await recordProposals(d, proposals);

  const subjects = await sql<{ subject_type: 'seller' | 'buyer'; subject_id: string }>`
    SELECT DISTINCT subject_type, subject_id FROM violations WHERE status = 'confirmed' AND points_expire_at > ${d.at.toISOString()}::timestamptz
    UNION SELECT DISTINCT subject_type, subject_id FROM sanctions WHERE status = 'active'
    ORDER BY 2`.execute(d.trx);
  for (const s of subjects.rows) await reconcileSubject(d, s.subject_type, s.subject_id);
  return { rescored, proposed: created.length, autoConfirmed: confirmed.length, reconciled: subjects.rows.length };
}

export interface SellerSnapshot {
  status: SellerStatus;
  points: number;
  sanctions: string[];
}

/** Every seller's status, points and sanctions in force at `d.at`, read inside the transaction. */
export async function snapshotSellers(d: Decision): Promise<Map<string, SellerSnapshot & { shopName: string }>> {
  const sellers = await d.trx.selectFrom('sellers').select(['id', 'status', 'shop_name']).orderBy('id').execute();
  const ids = sellers.map((s) => s.id);
  const points = await activePenaltyPoints(d.trx, ids, d.at);
  const sanctions = await sanctionsInForce(d.trx, ids, d.at);
  return new Map(
    sellers.map((s) => [
      s.id,
      { status: s.status as SellerStatus, shopName: s.shop_name, points: points.get(s.id) ?? 0, sanctions: [...new Set((sanctions.get(s.id) ?? []).map((x) => x.kind))].sort() },
    ]),
  );
}
