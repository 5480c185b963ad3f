import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { SellerStatus } from '../../db/tables/sellers.js';
import { batchMachine } from '../../domain/enforcement/machines.js';
import type { Sanction } from '../../domain/enforcement/policy.js';
import { DAY_MS } from '../../domain/enforcement/points.js';
import type { Actor } from '../../platform/actor.js';
import { appendHistory } from '../../platform/history.js';
import { applyTransition } from '../../platform/transition.js';
import { notFound, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { activePolicy } from '../policy/service.js';
import { requireOfficer } from './access.js';
import { appendLog } from './ledger.js';
import { activePenaltyPoints } from './points.js';
import { imposeSanction, liftSanctionRow, reconcileSeller, type Decision } from './sanctions.js';

/**
 * Bulk enforcement (seed 003: 300 sellers shut down at once after investigation, with a public report): select
 * sellers by criteria, preview, apply one sanction with one reason to all, publish the report, and undo a wrong
 * batch (its sanctions lifted, the accounts restored; refunds already paid to buyers stay paid).
 */

export interface BatchCriteria {
  sellerIds?: string[];
  statuses?: SellerStatus[];
  country?: string;
  minActivePoints?: number;
  /** Sellers with a confirmed violation of this rule within `withinDays`. */
  rule?: string;
  withinDays?: number;
  /** Sellers with at least `minSignals` order signals (fictitious dispatch, reused tracking, mismatch) within `withinDays`. */
  minSignals?: number;
}

const MAX_BATCH = 5000;

async function selectSellers(ctx: AppContext, c: BatchCriteria): Promise<string[]> {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - (c.withinDays ?? 90) * DAY_MS).toISOString();
  const conds = [sql`TRUE`];
  if (c.sellerIds?.length) conds.push(sql`s.id = ANY(${sql.val(c.sellerIds)}::text[])`);
  if (c.statuses?.length) conds.push(sql`s.status = ANY(${sql.val(c.statuses)}::text[])`);
  else conds.push(sql`s.status <> 'banned'`);
  if (c.country) conds.push(sql`s.country = ${c.country}`);
  if (c.rule) conds.push(sql`EXISTS (SELECT 1 FROM violations v WHERE v.seller_id = s.id AND v.rule = ${c.rule} AND v.status = 'confirmed' AND v.decided_at >= ${since}::timestamptz)`);
  if (c.minSignals) conds.push(sql`(SELECT count(*) FROM signals g WHERE g.seller_id = s.id AND g.created_at >= ${since}::timestamptz) >= ${c.minSignals}`);
  let ids = (await sql<{ id: string }>`SELECT s.id FROM sellers s WHERE ${sql.join(conds, sql` AND `)} ORDER BY s.id LIMIT ${MAX_BATCH + 1}`.execute(ctx.db)).rows.map((r) => r.id);
  if (c.minActivePoints) {
    const pts = await activePenaltyPoints(ctx.db, ids, now);
    ids = ids.filter((id) => (pts.get(id) ?? 0) >= c.minActivePoints!);
  }
  if (ids.length > MAX_BATCH) throw unprocessable('batch_too_large', `The criteria select more than ${MAX_BATCH} sellers; narrow them.`, { field: 'criteria' });
  return ids;
}

export async function previewBatch(ctx: AppContext, actor: Actor, input: { criteria: BatchCriteria; sanction: Sanction; reason: string; publicSummary?: string }) {
  requireOfficer(actor);
  const ids = await selectSellers(ctx, input.criteria);
  const at = ctx.clock.now();
  const id = newId('evt', at.getTime()).replace(/^evt_/, 'bat_');
  const { version } = await activePolicy(ctx);
  await ctx.db
    .insertInto('enforcement_batches')
    .values({
      id,
      status: 'previewed',
      criteria: JSON.stringify(input.criteria),
      sanction: input.sanction,
      reason: input.reason,
      public_summary: input.publicSummary ?? '',
      seller_ids: JSON.stringify(ids),
      before_state: null,
      applied_count: null,
      policy_version: version,
      previewed_by: actor.id!,
      previewed_at: at,
      applied_by: null,
      applied_at: null,
      undone_by: null,
      undone_at: null,
      undo_reason: null,
    })
    .execute();
  return getBatch(ctx, actor, id);
}

export async function applyBatch(ctx: AppContext, actor: Actor, batchId: string, input: { publish?: boolean }) {
  requireOfficer(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const batch = await trx.selectFrom('enforcement_batches').selectAll().where('id', '=', batchId).forUpdate().executeTakeFirst();
    if (!batch) throw notFound('Batch');
    const { policy, version } = await activePolicy(ctx, trx);
    const d: Decision = { trx, at: ctx.clock.now(), actor, policy, version };
    const before: Record<string, { status: string }> = {};
    let applied = 0;
    for (const sellerId of batch.seller_ids) {
      const seller = await trx.selectFrom('sellers').select(['id', 'status']).where('id', '=', sellerId).forUpdate().executeTakeFirst();
      if (!seller || seller.status === 'banned') continue;
      before[sellerId] = { status: seller.status };
      await imposeSanction(d, { subjectType: 'seller', subjectId: sellerId, kind: batch.sanction as Sanction, origin: 'bulk', batchId, reason: batch.reason });
      await reconcileSeller(d, sellerId);
      applied++;
    }
    await applyTransition(trx, {
      machine: batchMachine,
      table: 'enforcement_batches',
      id: batchId,
      event: 'apply',
      actor,
      at: d.at,
      reason: batch.reason,
      touch: false,
      patch: { applied_by: actor.id, applied_at: d.at, applied_count: applied, before_state: JSON.stringify(before), published: !!input.publish },
      data: { sanction: batch.sanction, sellers: applied },
      outbox: { type: 'enforcement.batch_applied', payload: { sanction: batch.sanction, reason: batch.reason, sellers: applied, published: !!input.publish } },
    });
    await appendLog(trx, { action: 'batch.applied', entityType: 'enforcement_batch', entityId: batchId, actor, policyVersion: version, payload: { sanction: batch.sanction, reason: batch.reason, criteria: batch.criteria, sellerIds: Object.keys(before), published: !!input.publish }, at: d.at });
  });
  return getBatch(ctx, actor, batchId);
}

export async function discardBatch(ctx: AppContext, actor: Actor, batchId: string) {
  requireOfficer(actor);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await trx.selectFrom('enforcement_batches').select('id').where('id', '=', batchId).executeTakeFirst())) throw notFound('Batch');
    await applyTransition(trx, { machine: batchMachine, table: 'enforcement_batches', id: batchId, event: 'discard', actor, at: ctx.clock.now(), touch: false });
  });
  return getBatch(ctx, actor, batchId);
}

/** Lifts every sanction the batch imposed and restores each account as far as nothing else holds it. */
export async function undoBatch(ctx: AppContext, actor: Actor, batchId: string, input: { reason: string }) {
  requireOfficer(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const batch = await trx.selectFrom('enforcement_batches').selectAll().where('id', '=', batchId).forUpdate().executeTakeFirst();
    if (!batch) throw notFound('Batch');
    const { policy, version } = await activePolicy(ctx, trx);
    const d: Decision = { trx, at: ctx.clock.now(), actor, policy, version };
    await applyTransition(trx, {
      machine: batchMachine,
      table: 'enforcement_batches',
      id: batchId,
      event: 'undo',
      actor,
      at: d.at,
      reason: input.reason,
      touch: false,
      patch: { undone_by: actor.id, undone_at: d.at, undo_reason: input.reason },
      outbox: { type: 'enforcement.batch_undone', payload: { sanction: batch.sanction, reason: input.reason } },
    });
    const sanctions = await trx.selectFrom('sanctions').selectAll().where('batch_id', '=', batchId).where('status', '=', 'active').orderBy('id').execute();
    for (const s of sanctions) await liftSanctionRow(d, s, `Batch undone: ${input.reason}`);
    const restored: string[] = [];
    for (const sellerId of Object.keys(batch.before_state ?? {})) {
      await reconcileSeller(d, sellerId, { liftBans: true });
      restored.push(sellerId);
    }
    const refunded = await trx.selectFrom('banned_seller_orders').select(['order_id', 'outcome']).where('sanction_id', 'in', sanctions.length ? sanctions.map((s) => s.id) : ['-']).execute();
    await appendHistory(trx, { entityType: 'enforcement_batch', entityId: batchId, event: 'restore', from: 'undone', to: 'undone', actor, data: { sellers: restored, ordersSettledByBan: refunded.length }, at: d.at });
    await appendLog(trx, { action: 'batch.undone', entityType: 'enforcement_batch', entityId: batchId, actor, policyVersion: version, payload: { reason: input.reason, sanctionsLifted: sanctions.map((s) => s.id), sellers: restored, ordersSettledByBan: refunded }, at: d.at });
  });
  return getBatch(ctx, actor, batchId);
}

export async function getBatch(ctx: AppContext, actor: Actor, id: string) {
  requireOfficer(actor);
  const b = await ctx.db.selectFrom('enforcement_batches').selectAll().where('id', '=', id).executeTakeFirst();
  if (!b) throw notFound('Batch');
  const ids = b.seller_ids;
  const sellers = ids.length ? await ctx.db.selectFrom('sellers').select(['id', 'shop_name', 'status', 'country']).where('id', 'in', ids).orderBy('id').execute() : [];
  const points = await activePenaltyPoints(ctx.db, ids, ctx.clock.now());
  return {
    ...batchView(b),
    sellers: sellers.map((s) => ({ id: s.id, shopName: s.shop_name, status: s.status, country: s.country, activePoints: points.get(s.id) ?? 0, before: (b.before_state as Record<string, { status: string }> | null)?.[s.id] ?? null })),
  };
}

function batchView(b: { id: string; status: string; criteria: unknown; sanction: string; reason: string; public_summary: string; seller_ids: string[]; applied_count: number | null; policy_version: number; previewed_by: string; previewed_at: Date; applied_at: Date | null; undone_at: Date | null; undo_reason: string | null; published: boolean }) {
  return {
    id: b.id,
    status: b.status,
    criteria: b.criteria as Record<string, unknown>,
    sanction: b.sanction,
    reason: b.reason,
    publicSummary: b.public_summary,
    selected: b.seller_ids.length,
    applied: b.applied_count,
    policyVersion: b.policy_version,
    previewedBy: b.previewed_by,
    previewedAt: b.previewed_at.toISOString(),
    appliedAt: b.applied_at?.toISOString() ?? null,
    undoneAt: b.undone_at?.toISOString() ?? null,
    undoReason: b.undo_reason,
    published: b.published,
  };
}

export async function listBatches(ctx: AppContext, actor: Actor, q: { limit: number; offset: number }) {
  requireOfficer(actor);
  const total = Number((await ctx.db.selectFrom('enforcement_batches').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await ctx.db.selectFrom('enforcement_batches').selectAll().orderBy('previewed_at', 'desc').limit(q.limit).offset(q.offset).execute();
  return { items: rows.map(batchView), total, limit: q.limit, offset: q.offset };
}

/** The public report of published batches: how many sellers, which sanction, what for. No names. */
export async function publicReports(ctx: AppContext, q: { limit: number; offset: number }) {
  const rows = await ctx.db
    .selectFrom('enforcement_batches')
    .selectAll()
    .where('published', '=', true)
    .where('status', 'in', ['applied', 'undone'])
    .orderBy('applied_at', 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { items: rows.map(publicView), limit: q.limit, offset: q.offset };
}

export async function publicReport(ctx: AppContext, id: string) {
  const b = await ctx.db.selectFrom('enforcement_batches').selectAll().where('id', '=', id).where('published', '=', true).where('status', 'in', ['applied', 'undone']).executeTakeFirst();
  if (!b) throw notFound('Report');
  return publicView(b);
}

function publicView(b: { id: string; status: string; sanction: string; reason: string; public_summary: string; applied_count: number | null; applied_at: Date | null; undone_at: Date | null; criteria: unknown }) {
  const c = b.criteria as BatchCriteria;
  return {
    id: b.id,
    sanction: b.sanction,
    sellers: b.applied_count ?? 0,
    summary: b.public_summary || b.reason,
    rule: c.rule ?? null,
    publishedAt: b.applied_at?.toISOString() ?? null,
    withdrawn: b.status === 'undone',
    withdrawnAt: b.undone_at?.toISOString() ?? null,
  };
}
