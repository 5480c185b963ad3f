import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/actor.js';
import { appendHistory } from '../../platform/history.js';
import { conflict, notFound, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { activePolicy } from '../policy/service.js';
import { requireOfficer } from './access.js';
import { appendLog } from './ledger.js';
import { recordProposals, ruleConfig } from './violations.js';

/**
 * Audits (seed 003: "regular audits"): an officer samples a seller's or a category's orders or listings, records
 * findings item by item, and each finding becomes a violation proposal in the queue.
 */

export interface OpenAuditInput {
  scope: 'seller' | 'category';
  sellerId?: string;
  category?: string;
  sampleKind: 'orders' | 'listings';
  sampleSize: number;
  note?: string;
}

export async function openAudit(ctx: AppContext, actor: Actor, input: OpenAuditInput) {
  requireOfficer(actor);
  if (input.scope === 'seller' && !input.sellerId) throw unprocessable('seller_required', 'A seller audit names the seller.', { field: 'sellerId' });
  if (input.scope === 'category' && !input.category) throw unprocessable('category_required', 'A category audit names the category.', { field: 'category' });
  const at = ctx.clock.now();
  const id = newId('aud', at.getTime());
  await ctx.db.transaction().execute(async (trx) => {
    const { version } = await activePolicy(ctx, trx);
    if (input.scope === 'seller' && !(await trx.selectFrom('sellers').select('id').where('id', '=', input.sellerId!).executeTakeFirst())) {
      throw unprocessable('seller_not_found', 'No seller has this id.', { field: 'sellerId' });
    }
    // A random sample, reproducible from the audit id (so the sample can be explained later).
    const seed = sql`md5(${id} || t.id)`;
    let sample: string[];
    if (input.sampleKind === 'listings') {
      const where = input.scope === 'seller' ? sql`t.seller_id = ${input.sellerId!}` : sql`t.category = ${input.category!}`;
      sample = (await sql<{ id: string }>`SELECT t.id FROM listings t WHERE ${where} ORDER BY ${seed} LIMIT ${input.sampleSize}`.execute(trx)).rows.map((r) => r.id);
    } else if (input.scope === 'seller') {
      sample = (await sql<{ id: string }>`SELECT t.id FROM orders t WHERE t.seller_id = ${input.sellerId!} ORDER BY ${seed} LIMIT ${input.sampleSize}`.execute(trx)).rows.map((r) => r.id);
    } else {
      // Orders of a category: orders with an item whose product is a listing of the category.
      sample = (
        await sql<{ id: string }>`SELECT t.id FROM orders t
           WHERE EXISTS (SELECT 1 FROM order_items i JOIN listings l ON l.external_id = i.product_id AND l.seller_id = i.seller_id
                          WHERE i.order_id = t.id AND l.category = ${input.category!})
           ORDER BY ${seed} LIMIT ${input.sampleSize}`.execute(trx)
      ).rows.map((r) => r.id);
    }
    await trx
      .insertInto('audits')
      .values({
        id,
        scope: input.scope,
        seller_id: input.scope === 'seller' ? input.sellerId! : null,
        category: input.scope === 'category' ? input.category! : null,
        sample_kind: input.sampleKind,
        sample: JSON.stringify(sample),
        status: 'open',
        note: input.note ?? '',
        opened_by: actor.id!,
        opened_at: at,
        closed_by: null,
        closed_at: null,
      })
      .execute();
    await appendHistory(trx, { entityType: 'audit', entityId: id, event: 'open', from: null, to: 'open', actor, data: { ...input, sampled: sample.length }, sellerId: input.sellerId ?? null, at });
    await appendLog(trx, { action: 'audit.opened', entityType: 'audit', entityId: id, subjectId: input.sellerId ?? null, actor, policyVersion: version, payload: { ...input, sample }, at });
  });
  return getAudit(ctx, actor, id);
}

export async function recordFinding(ctx: AppContext, actor: Actor, auditId: string, input: { itemId: string; rule: string; note: string; points?: number }) {
  requireOfficer(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const audit = await trx.selectFrom('audits').selectAll().where('id', '=', auditId).forUpdate().executeTakeFirst();
    if (!audit) throw notFound('Audit');
    if (audit.status !== 'open') throw conflict('audit_closed', 'The audit is closed.');
    if (!audit.sample.includes(input.itemId)) throw unprocessable('not_in_sample', 'The item is not in this audit’s sample.', { field: 'itemId' });
    const itemType = audit.sample_kind === 'orders' ? 'order' : 'listing';
    const item =
      itemType === 'order'
        ? await trx.selectFrom('orders').select(['id', 'seller_id']).where('id', '=', input.itemId).executeTakeFirst()
        : await trx.selectFrom('listings').select(['id', 'seller_id']).where('id', '=', input.itemId).executeTakeFirst();
    if (!item) throw notFound('Item');
    const at = ctx.clock.now();
    const { policy, version } = await activePolicy(ctx, trx);
    const cfg = ruleConfig(policy, 'seller', input.rule);
    const { created } = await recordProposals({ trx, at, actor, policy, version }, [
      {
        subjectType: 'seller',
        sellerId: item.seller_id,
        rule: input.rule,
        dedupeKey: `audit:${auditId}:${input.itemId}:${input.rule}`,
        summary: `Audit finding on ${itemType} ${input.itemId}: ${input.note}`,
        evidence: { auditId, itemType, itemId: input.itemId, note: input.note },
        points: input.points ?? cfg?.points ?? 0,
        origin: 'audit',
        auditId,
      },
    ]);
    if (created.length === 0) throw conflict('finding_exists', 'This finding is already recorded for the item.');
    const findingId = newId('aud', at.getTime()).replace(/^aud_/, 'afd_');
    await trx
      .insertInto('audit_findings')
      .values({ id: findingId, audit_id: auditId, item_type: itemType, item_id: input.itemId, seller_id: item.seller_id, rule: input.rule, note: input.note, violation_id: created[0], recorded_by: actor.id!, recorded_at: at })
      .execute();
    await appendLog(trx, { action: 'audit.finding_recorded', entityType: 'audit', entityId: auditId, subjectId: item.seller_id, actor, policyVersion: version, payload: { findingId, itemType, itemId: input.itemId, rule: input.rule, note: input.note, violationId: created[0] }, at });
  });
  return getAudit(ctx, actor, auditId);
}

export async function closeAudit(ctx: AppContext, actor: Actor, auditId: string, input: { note?: string }) {
  requireOfficer(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const audit = await trx.selectFrom('audits').selectAll().where('id', '=', auditId).forUpdate().executeTakeFirst();
    if (!audit) throw notFound('Audit');
    if (audit.status !== 'open') throw conflict('audit_closed', 'The audit is closed already.');
    const at = ctx.clock.now();
    const { version } = await activePolicy(ctx, trx);
    await trx.updateTable('audits').set({ status: 'closed', closed_by: actor.id, closed_at: at, note: input.note ? `${audit.note}\n${input.note}`.trim() : audit.note }).where('id', '=', auditId).execute();
    await appendHistory(trx, { entityType: 'audit', entityId: auditId, event: 'close', from: 'open', to: 'closed', actor, reason: input.note ?? null, sellerId: audit.seller_id, at });
    await appendLog(trx, { action: 'audit.closed', entityType: 'audit', entityId: auditId, subjectId: audit.seller_id, actor, policyVersion: version, payload: { note: input.note ?? null }, at });
  });
  return getAudit(ctx, actor, auditId);
}

export async function getAudit(ctx: AppContext, actor: Actor, id: string) {
  requireOfficer(actor);
  const a = await ctx.db.selectFrom('audits').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw notFound('Audit');
  const findings = await ctx.db
    .selectFrom('audit_findings as f')
    .leftJoin('violations as v', 'v.id', 'f.violation_id')
    .select(['f.id', 'f.item_type', 'f.item_id', 'f.seller_id', 'f.rule', 'f.note', 'f.violation_id', 'v.status as violation_status', 'f.recorded_by', 'f.recorded_at'])
    .where('f.audit_id', '=', id)
    .orderBy('f.recorded_at')
    .execute();
  return {
    ...auditView(a),
    sample: a.sample,
    findings: findings.map((f) => ({
      id: f.id,
      itemType: f.item_type,
      itemId: f.item_id,
      sellerId: f.seller_id,
      rule: f.rule,
      note: f.note,
      violationId: f.violation_id,
      violationStatus: f.violation_status,
      recordedBy: f.recorded_by,
      recordedAt: f.recorded_at.toISOString(),
    })),
  };
}

function auditView(a: { id: string; scope: string; seller_id: string | null; category: string | null; sample_kind: string; sample: string[]; status: string; note: string; opened_by: string; opened_at: Date; closed_at: Date | null }) {
  return {
    id: a.id,
    scope: a.scope,
    sellerId: a.seller_id,
    category: a.category,
    sampleKind: a.sample_kind,
    sampleSize: a.sample.length,
    status: a.status,
    note: a.note,
    openedBy: a.opened_by,
    openedAt: a.opened_at.toISOString(),
    closedAt: a.closed_at?.toISOString() ?? null,
  };
}

export async function listAudits(ctx: AppContext, actor: Actor, q: { status?: 'open' | 'closed'; sellerId?: string; limit: number; offset: number }) {
  requireOfficer(actor);
  let query = ctx.db.selectFrom('audits');
  if (q.status) query = query.where('status', '=', q.status);
  if (q.sellerId) query = query.where('seller_id', '=', q.sellerId);
  const total = Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await query.selectAll().orderBy('opened_at', 'desc').limit(q.limit).offset(q.offset).execute();
  return { items: rows.map(auditView), total, limit: q.limit, offset: q.offset };
}
