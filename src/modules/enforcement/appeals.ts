import type { Readable } from 'node:stream';
import type { AppContext } from '../../context.js';
import type { AppealStatus } from '../../db/tables/enforcement.js';
import { appealMachine } from '../../domain/enforcement/machines.js';
import { DAY_MS } from '../../domain/enforcement/points.js';
import { DOCUMENT_TYPES, VIDEO_TYPES, safeFileName, sniffType } from '../../files/file-types.js';
import type { StagedFile } from '../../files/storage.js';
import { isMemberOf, type Actor } from '../../platform/actor.js';
import { appendHistory } from '../../platform/history.js';
import { applyTransition } from '../../platform/transition.js';
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { notify, notifyRoles } from '../notifications/service.js';
import { activePolicy } from '../policy/service.js';
import { isOfficer, requireOfficer } from './access.js';
import { appendLog } from './ledger.js';
import { liftSanctionRow, reconcileSeller, sellerMemberIds, type Decision } from './sanctions.js';
import { lockViolation, reverseViolation } from './violations.js';

/**
 * Appeals (seed 003, DESIGN §1): a seller appeals a confirmed violation or a sanction within the policy's window,
 * with a statement and evidence; an officer other than the one who confirmed or imposed it decides. Upheld: the
 * violation's points are removed, the sanctions it caused are lifted and the account status is restored.
 */

const MAX_EVIDENCE_BYTES = 50 * 1024 * 1024;
const EVIDENCE_TYPES: readonly string[] = [...DOCUMENT_TYPES, ...VIDEO_TYPES];

/** Uploads one evidence file (PDF, image or video) for an appeal the seller is about to submit. */
export async function uploadAppealEvidence(ctx: AppContext, actor: Actor, input: { sellerId: string; fileName?: string; body: Readable; contentLength?: number }) {
  let staged: StagedFile | null = null;
  try {
    if (!isMemberOf(actor, input.sellerId)) throw notFound('Seller');
    if (input.contentLength !== undefined && input.contentLength > MAX_EVIDENCE_BYTES) throw new AppError(413, 'file_too_large', 'The file is larger than 50 MB.', { limitBytes: MAX_EVIDENCE_BYTES });
    staged = await ctx.storage.stage(input.body, MAX_EVIDENCE_BYTES);
    if (staged.sizeBytes === 0) throw badRequest('empty_file', 'The file is empty.');
    const sniffed = await sniffType(staged.head);
    if (!sniffed || !EVIDENCE_TYPES.includes(sniffed.mediaType)) {
      throw new AppError(415, 'unsupported_file_type', `The file is ${sniffed?.mediaType ?? 'of an unknown type'}; upload a PDF, an image or a video.`, { detected: sniffed?.mediaType ?? 'unknown', accepted: EVIDENCE_TYPES });
    }
    const now = ctx.clock.now();
    const id = newId('upl', now.getTime());
    const file = staged;
    const fileName = safeFileName(input.fileName, `evidence.${sniffed.extension}`);
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('blobs').values({ sha256: file.sha256, size_bytes: file.sizeBytes, media_type: sniffed.mediaType, created_at: now }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
      await trx
        .insertInto('appeal_evidence')
        .values({ id, appeal_id: null, seller_id: input.sellerId, sha256: file.sha256, media_type: sniffed.mediaType, size_bytes: file.sizeBytes, file_name: fileName, uploaded_by: actor.id!, uploaded_at: now })
        .execute();
    });
    await file.commit();
    staged = null;
    return { id, fileName, mediaType: sniffed.mediaType, sizeBytes: file.sizeBytes, sha256: file.sha256, uploadedAt: now.toISOString() };
  } finally {
    if (staged) await staged.discard().catch(() => {});
  }
}

export interface AppealInput {
  targetType: 'violation' | 'sanction';
  targetId: string;
  statement: string;
  evidenceIds?: string[];
}

export async function submitAppeal(ctx: AppContext, actor: Actor, input: AppealInput) {
  const at = ctx.clock.now();
  const id = newId('apl', at.getTime());
  await ctx.db.transaction().execute(async (trx) => {
    const { policy, version } = await activePolicy(ctx, trx);
    let sellerId: string;
    let decidedAt: Date;
    let originalDecider: string | null;
    if (input.targetType === 'violation') {
      const v = await lockViolation(trx, input.targetId);
      if (!v || !v.seller_id || !isMemberOf(actor, v.seller_id) || !['confirmed', 'reversed'].includes(v.status)) throw notFound('Violation');
      if (v.status !== 'confirmed') throw conflict('not_appealable', 'Only a confirmed violation can be appealed.');
      sellerId = v.seller_id;
      decidedAt = v.decided_at!;
      originalDecider = v.decided_by;
    } else {
      const s = await trx.selectFrom('sanctions').selectAll().where('id', '=', input.targetId).forUpdate().executeTakeFirst();
      if (!s || !s.seller_id || !isMemberOf(actor, s.seller_id)) throw notFound('Sanction');
      if (s.status !== 'active') throw conflict('not_appealable', 'Only a sanction in force can be appealed.');
      sellerId = s.seller_id;
      decidedAt = s.imposed_at;
      originalDecider = s.imposed_by;
    }
    const deadline = new Date(decidedAt.getTime() + policy.enforcement.appealWindowDays * DAY_MS);
    if (at.getTime() > deadline.getTime()) {
      throw unprocessable('appeal_window_closed', `Appeals were open until ${deadline.toISOString()} (${policy.enforcement.appealWindowDays} days).`, { appealableUntil: deadline.toISOString() });
    }
    const previous = await trx.selectFrom('appeals').select(['id', 'status']).where('target_type', '=', input.targetType).where('target_id', '=', input.targetId).execute();
    if (previous.some((p) => p.status === 'submitted')) throw conflict('appeal_pending', 'An appeal of this is already waiting for a decision.');
    if (previous.length > 0) throw conflict('already_appealed', 'This was appealed already; the decision is final.');
    const evidenceIds = [...new Set(input.evidenceIds ?? [])];
    if (evidenceIds.length > 0) {
      const files = await trx.selectFrom('appeal_evidence').select(['id', 'appeal_id', 'seller_id']).where('id', 'in', evidenceIds).forUpdate().execute();
      const usable = files.filter((f) => f.seller_id === sellerId && f.appeal_id === null);
      if (usable.length !== evidenceIds.length) throw unprocessable('evidence_not_found', 'An evidence file is unknown or already attached to another appeal.', { field: 'evidenceIds' });
    }
    await trx
      .insertInto('appeals')
      .values({
        id,
        seller_id: sellerId,
        target_type: input.targetType,
        target_id: input.targetId,
        status: 'submitted',
        statement: input.statement,
        submitted_by: actor.id!,
        submitted_at: at,
        original_decider: originalDecider,
        decided_by: null,
        decided_at: null,
        decision_reason: null,
        policy_version: version,
        updated_at: at,
      })
      .execute();
    if (evidenceIds.length > 0) await trx.updateTable('appeal_evidence').set({ appeal_id: id }).where('id', 'in', evidenceIds).execute();
    await appendHistory(trx, { entityType: 'appeal', entityId: id, event: 'submit', from: null, to: 'submitted', actor, reason: input.statement, data: { targetType: input.targetType, targetId: input.targetId, evidenceIds }, sellerId, at });
    await appendLog(trx, { action: 'appeal.submitted', entityType: 'appeal', entityId: id, subjectId: sellerId, actor, policyVersion: version, payload: { targetType: input.targetType, targetId: input.targetId, statement: input.statement, evidenceIds }, at });
    await notifyRoles(trx, { roles: ['compliance_officer'], eventType: 'enforcement.appeal_submitted', data: { sellerId, targetType: input.targetType }, link: `/compliance/appeals/${id}`, at, email: false });
  });
  return getAppeal(ctx, actor, id);
}

export async function decideAppeal(ctx: AppContext, actor: Actor, appealId: string, input: { decision: 'uphold' | 'reject'; reason: string }) {
  requireOfficer(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const appeal = await trx.selectFrom('appeals').selectAll().where('id', '=', appealId).forUpdate().executeTakeFirst();
    if (!appeal) throw notFound('Appeal');
    if (appeal.original_decider && appeal.original_decider === actor.id) {
      throw forbidden('You confirmed or imposed what is appealed; another officer must decide the appeal.', 'same_officer');
    }
    const { policy, version } = await activePolicy(ctx, trx);
    const d: Decision = { trx, at: ctx.clock.now(), actor, policy, version };
    await applyTransition(trx, {
      machine: appealMachine,
      table: 'appeals',
      id: appealId,
      event: input.decision,
      actor,
      at: d.at,
      reason: input.reason,
      sellerId: appeal.seller_id,
      patch: { decided_by: actor.id, decided_at: d.at, decision_reason: input.reason },
      data: { targetType: appeal.target_type, targetId: appeal.target_id },
      outbox: { type: 'enforcement.appeal_decided', payload: { sellerId: appeal.seller_id, targetType: appeal.target_type, targetId: appeal.target_id, decision: input.decision, reason: input.reason } },
    });
    await appendLog(trx, { action: `appeal.${input.decision === 'uphold' ? 'upheld' : 'rejected'}`, entityType: 'appeal', entityId: appealId, subjectId: appeal.seller_id, actor, policyVersion: version, payload: { targetType: appeal.target_type, targetId: appeal.target_id, reason: input.reason }, at: d.at });
    if (input.decision === 'uphold') {
      const why = `Appeal upheld: ${input.reason}`;
      if (appeal.target_type === 'violation') {
        const v = await lockViolation(trx, appeal.target_id);
        if (v && v.status === 'confirmed') await reverseViolation(d, v, why);
      } else {
        const s = await trx.selectFrom('sanctions').selectAll().where('id', '=', appeal.target_id).forUpdate().executeTakeFirst();
        if (s && s.status === 'active') {
          await liftSanctionRow(d, s, why);
          // A sanction a violation imposed goes with it: the violation's points are removed too.
          if (s.violation_id) {
            const v = await lockViolation(trx, s.violation_id);
            if (v && v.status === 'confirmed') await reverseViolation(d, v, why);
          }
          if (s.seller_id) await reconcileSeller(d, s.seller_id, { liftBans: true });
        }
      }
    }
    await notify(trx, { userIds: await sellerMemberIds(trx, appeal.seller_id), eventType: 'enforcement.appeal_decided', data: { decision: input.decision, reason: input.reason }, link: '/seller/enforcement', at: d.at });
  });
  return getAppeal(ctx, actor, appealId);
}

function canSeeAppeal(actor: Actor, a: { seller_id: string }): boolean {
  return isOfficer(actor) || isMemberOf(actor, a.seller_id);
}

export async function getAppeal(ctx: AppContext, actor: Actor, id: string) {
  const a = await ctx.db.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a || !canSeeAppeal(actor, a)) throw notFound('Appeal');
  const evidence = await ctx.db.selectFrom('appeal_evidence').selectAll().where('appeal_id', '=', id).orderBy('uploaded_at').execute();
  const target =
    a.target_type === 'violation'
      ? await ctx.db.selectFrom('violations').select(['rule as label', 'summary', 'points', 'status']).where('id', '=', a.target_id).executeTakeFirst()
      : await ctx.db.selectFrom('sanctions').select(['kind as label', 'reason as summary', 'threshold_points as points', 'status']).where('id', '=', a.target_id).executeTakeFirst();
  const shop = await ctx.db.selectFrom('sellers').select('shop_name').where('id', '=', a.seller_id).executeTakeFirst();
  return {
    ...appealView(a),
    shopName: shop?.shop_name ?? null,
    target: target ? { label: target.label, summary: target.summary, points: target.points ?? null, status: target.status } : null,
    evidence: evidence.map((e) => ({ id: e.id, fileName: e.file_name, mediaType: e.media_type, sizeBytes: Number(e.size_bytes), sha256: e.sha256, uploadedAt: e.uploaded_at.toISOString(), url: `/api/v1/enforcement/appeal-evidence/${e.id}/file` })),
    mayDecide: isOfficer(actor) && a.status === 'submitted' && a.original_decider !== actor.id,
  };
}

export function appealView(a: { id: string; seller_id: string; target_type: string; target_id: string; status: string; statement: string; submitted_at: Date; original_decider: string | null; decided_by: string | null; decided_at: Date | null; decision_reason: string | null; policy_version: number }) {
  return {
    id: a.id,
    sellerId: a.seller_id,
    targetType: a.target_type,
    targetId: a.target_id,
    status: a.status,
    statement: a.statement,
    submittedAt: a.submitted_at.toISOString(),
    originalDecider: a.original_decider,
    decidedBy: a.decided_by,
    decidedAt: a.decided_at?.toISOString() ?? null,
    decisionReason: a.decision_reason,
    policyVersion: a.policy_version,
  };
}

/** The appeals queue (officers: everyone's, oldest first) or a seller's own appeals. */
export async function listAppeals(ctx: AppContext, actor: Actor, q: { status?: AppealStatus; sellerId?: string; limit: number; offset: number }) {
  let query = ctx.db.selectFrom('appeals');
  if (!isOfficer(actor)) {
    if (!q.sellerId || !isMemberOf(actor, q.sellerId)) throw notFound('Seller');
  }
  if (q.sellerId) query = query.where('seller_id', '=', q.sellerId);
  if (q.status) query = query.where('status', '=', q.status);
  const total = Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await query.selectAll().orderBy('submitted_at', q.status === 'submitted' ? 'asc' : 'desc').limit(q.limit).offset(q.offset).execute();
  // The queue names each seller's shop, so an officer need not open the appeal to know whose it is.
  const ids = [...new Set(rows.map((r) => r.seller_id))];
  const shops = new Map(ids.length ? (await ctx.db.selectFrom('sellers').select(['id', 'shop_name']).where('id', 'in', ids).execute()).map((r) => [r.id, r.shop_name] as const) : []);
  return {
    items: rows.map((a) => ({ ...appealView(a), shopName: shops.get(a.seller_id) ?? null, mayDecide: isOfficer(actor) && a.status === 'submitted' && a.original_decider !== actor.id })),
    total,
    limit: q.limit,
    offset: q.offset,
  };
}

export async function openAppealEvidence(ctx: AppContext, actor: Actor, id: string) {
  const e = await ctx.db.selectFrom('appeal_evidence').selectAll().where('id', '=', id).executeTakeFirst();
  if (!e || !(isOfficer(actor) || isMemberOf(actor, e.seller_id))) throw notFound('Evidence');
  return { stream: ctx.storage.open(e.sha256), mediaType: e.media_type, sizeBytes: Number(e.size_bytes), fileName: e.file_name, sha256: e.sha256 };
}
