import type { AppContext } from '../../context.js';
import { expirySchedule, nextRung } from '../../domain/enforcement/index.js';
import type { Actor } from '../../platform/actor.js';
import { notFound } from '../../shared/errors.js';
import { activePolicy } from '../policy/service.js';
import { assertCanSeeSellerFile, isOfficer } from './access.js';
import { appealView } from './appeals.js';
import { bannedOrderSummary } from './banned.js';
import { sanctionView, violationView } from './views.js';

/** Audit findings about the seller, from its own audits and from category audits that sampled its items. */
async function auditFindingsOf(ctx: AppContext, sellerId: string) {
  const rows = await ctx.db
    .selectFrom('audit_findings as f')
    .innerJoin('audits as a', 'a.id', 'f.audit_id')
    .leftJoin('violations as v', 'v.id', 'f.violation_id')
    .select(['f.id', 'f.audit_id', 'a.scope', 'a.category', 'f.item_type', 'f.item_id', 'f.rule', 'f.note', 'f.violation_id', 'v.status as violation_status', 'f.recorded_at'])
    .where('f.seller_id', '=', sellerId)
    .orderBy('f.recorded_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((f) => ({
    id: f.id,
    auditId: f.audit_id,
    auditScope: f.scope,
    category: f.category,
    itemType: f.item_type,
    itemId: f.item_id,
    rule: f.rule,
    note: f.note,
    violationId: f.violation_id,
    violationStatus: f.violation_status,
    recordedAt: f.recorded_at.toISOString(),
  }));
}

/**
 * A seller's enforcement file: for compliance, everything; for the seller (in Chinese by default in the console),
 * the decided violations with their points, reasons, evidence, expiry and how to rectify, the sanctions in force
 * with their deadlines, the appeals, and what each can still be appealed until.
 */
export async function sellerEnforcementFile(ctx: AppContext, actor: Actor, sellerId: string) {
  assertCanSeeSellerFile(actor, sellerId);
  const seller = await ctx.db.selectFrom('sellers').select(['id', 'shop_name', 'status']).where('id', '=', sellerId).executeTakeFirst();
  if (!seller) throw notFound('Seller');
  const now = ctx.clock.now();
  const { policy, version } = await activePolicy(ctx);
  const officer = isOfficer(actor);
  let vq = ctx.db.selectFrom('violations').selectAll().where('seller_id', '=', sellerId);
  if (!officer) vq = vq.where('status', 'in', ['confirmed', 'reversed']);
  const violations = await vq.orderBy('detected_at', 'desc').limit(500).execute();
  const sanctions = await ctx.db.selectFrom('sanctions').selectAll().where('seller_id', '=', sellerId).orderBy('imposed_at', 'desc').limit(500).execute();
  const appeals = await ctx.db.selectFrom('appeals').selectAll().where('seller_id', '=', sellerId).orderBy('submitted_at', 'desc').execute();
  const appealsOf = (type: string, id: string) => appeals.filter((a) => a.target_type === type && a.target_id === id);

  const entries = violations
    .filter((v) => v.status === 'confirmed' && v.decided_at && v.points_expire_at)
    .map((v) => ({ points: v.points, confirmedAt: v.decided_at!, expiresAt: v.points_expire_at! }));
  const schedule = expirySchedule(entries, now);
  const points = schedule.reduce((s, e) => s + e.points, 0);
  const next = nextRung(points, policy.enforcement.ladder);
  const sanctionViews = sanctions.map((s) => sanctionView(s, policy, now, appealsOf('sanction', s.id)));
  return {
    seller: { id: seller.id, shopName: seller.shop_name, status: seller.status },
    policyVersion: version,
    points: {
      active: points,
      expiring: schedule.map((e) => ({ at: e.at.toISOString(), points: e.points })),
      nextRung: next ? { points: next.points, sanction: next.sanction, pointsToGo: next.points - points } : null,
      ladder: policy.enforcement.ladder,
      expireDays: policy.enforcement.pointsExpireDays,
    },
    violations: violations.map((v) => violationView(v, policy, now, appealsOf('violation', v.id))),
    sanctions: sanctionViews,
    inForce: sanctionViews.filter((s) => s.inForce),
    deadlines: sanctionViews.filter((s) => s.inForce && s.rectifyBy).map((s) => ({ sanctionId: s.id, kind: s.kind, rectifyBy: s.rectifyBy })),
    appeals: appeals.map(appealView),
    appealWindowDays: policy.enforcement.appealWindowDays,
    ...(officer ? { bannedOrders: await bannedOrderSummary(ctx.db, sellerId), auditFindings: await auditFindingsOf(ctx, sellerId) } : {}),
  };
}
