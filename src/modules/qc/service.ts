import type { Readable } from 'node:stream';
import type { AppContext } from '../../context.js';
import type { QcIssue, QcResult } from '../../db/tables/cases.js';
import type { QcSeverity } from '../../domain/cases/qc-failure.js';
import type { Measurement } from '../../domain/cases/render.js';
import { hasRole, isStaff, type Actor } from '../../platform/actor.js';
import { appendHistory, enqueueOutbox, type Tx } from '../../platform/history.js';
import { conflict, forbidden, notFound, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { commandEnv } from '../cases/engine.js';
import { lockOrder, moveItem, settleOrderStatus } from '../cases/order-effects.js';
import { inspectReplacement, openQcFailureCase } from '../cases/qc-failure.js';
import { fileNameFor, stageEvidence } from '../cases/uploads.js';
import { canSeeOrder, seesEverything } from '../orders/access.js';
import { mediaView, reportViews, type QcMediaView, type QcReportView } from './views.js';

/**
 * Quality control at the warehouse: an inspector records a report on an order item — pass, or fail with issues,
 * a severity, notes, measurements, photos and videos. A failed original opens a QC-failure case; a report on an
 * exchange's replacement decides that case's round. The order item moves with the verdict.
 */

export const MAX_MEDIA_PER_REPORT = 40;

function requireInspector(actor: Actor): void {
  if (!hasRole(actor, 'qc_inspector')) throw forbidden('Only a QC inspector may do this.');
}

export interface ReportInput {
  orderItemId: string;
  result: QcResult;
  severity?: QcSeverity;
  issues?: QcIssue[];
  measurements?: Measurement[];
  notes?: string;
  mediaIds?: string[];
}

/** Cases waiting for a replacement of this item: its report decides them. */
const AWAITING_REPLACEMENT = ['awaiting_replacement', 'replacement_in_transit'];

export async function createReport(ctx: AppContext, actor: Actor, input: ReportInput): Promise<QcReportView> {
  requireInspector(actor);
  if (input.result === 'fail' && (!input.issues?.length || !input.severity)) {
    throw unprocessable('fail_needs_issues', 'A failed inspection names at least one issue and a severity.', { field: input.issues?.length ? 'severity' : 'issues' });
  }
  const env = await commandEnv(ctx);
  const at = env.at;
  const id = newId('qc', at.getTime());
  await ctx.db.transaction().execute(async (trx) => {
    const peek = await trx.selectFrom('order_items').select(['id', 'order_id']).where('id', '=', input.orderItemId).executeTakeFirst();
    if (!peek) throw notFound('Order item');
    // An exchange's replacement: lock the case before the order, as every case command does.
    const openCase = await trx
      .selectFrom('cases')
      .select('id')
      .where('order_item_id', '=', peek.id)
      .where('type', '=', 'qc_failure')
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    const lockedCase = openCase ? await trx.selectFrom('cases').selectAll().where('id', '=', openCase.id).forUpdate().executeTakeFirstOrThrow() : null;
    const order = await lockOrder(trx, peek.order_id);
    const item = await trx.selectFrom('order_items').selectAll().where('id', '=', peek.id).executeTakeFirstOrThrow();
    let subject: 'original' | 'replacement';
    if (item.status === 'received_at_warehouse') subject = 'original';
    else if (item.status === 'qc_failed' && lockedCase && AWAITING_REPLACEMENT.includes(lockedCase.status)) subject = 'replacement';
    else {
      throw conflict('item_not_awaiting_qc', `This item is ${item.status.replace(/_/g, ' ')}${lockedCase ? ` and its case is ${lockedCase.status.replace(/_/g, ' ')}` : ''}: there is nothing to inspect.`, {
        itemStatus: item.status,
        caseId: lockedCase?.id ?? null,
        caseStatus: lockedCase?.status ?? null,
      });
    }
    const mediaIds = [...new Set(input.mediaIds ?? [])];
    if (mediaIds.length > MAX_MEDIA_PER_REPORT) throw unprocessable('too_many_media', `A report holds at most ${MAX_MEDIA_PER_REPORT} photos and videos.`, { field: 'mediaIds' });

    const report = await trx
      .insertInto('qc_reports')
      .values({
        id,
        order_id: order.id,
        order_item_id: item.id,
        seller_id: order.seller_id,
        buyer_id: order.buyer_id,
        subject,
        case_id: subject === 'replacement' ? lockedCase!.id : null,
        result: input.result,
        severity: input.result === 'fail' ? input.severity! : null,
        issues: JSON.stringify(input.result === 'fail' ? input.issues ?? [] : input.issues ?? []),
        measurements: JSON.stringify(input.measurements ?? []),
        notes: input.notes?.trim() || null,
        inspector_id: actor.id,
        created_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (mediaIds.length) {
      const attached = await trx
        .updateTable('qc_media')
        .set({ report_id: id, attached_at: at })
        .where('id', 'in', mediaIds)
        .where('order_item_id', '=', item.id)
        .where('report_id', 'is', null)
        .returning('id')
        .execute();
      if (attached.length !== mediaIds.length) {
        const found = new Set(attached.map((m) => m.id));
        throw unprocessable('unknown_media', 'Some media were not uploaded for this item, or belong to another report.', { field: 'mediaIds', mediaIds: mediaIds.filter((m) => !found.has(m)) });
      }
    }
    await appendHistory(trx, {
      entityType: 'qc_report',
      entityId: id,
      event: 'create',
      from: null,
      to: input.result,
      actor,
      reason: report.notes,
      data: { orderItemId: item.id, subject, severity: report.severity, issues: (input.issues ?? []).map((i) => i.type), media: mediaIds.length },
      sellerId: order.seller_id,
      at,
    });
    await enqueueOutbox(trx, {
      type: 'qc.report_created',
      entityType: 'qc_report',
      entityId: id,
      sellerId: order.seller_id,
      payload: { id, orderId: order.id, orderItemId: item.id, subject, result: input.result, severity: report.severity, issues: (input.issues ?? []).map((i) => i.type), caseId: report.case_id },
      at,
    });

    if (subject === 'replacement') {
      await inspectReplacement(trx, env, lockedCase!, actor, report);
      return;
    }
    await moveItem(trx, { id: item.id, seller_id: order.seller_id }, input.result === 'pass' ? 'pass_qc' : 'fail_qc', actor, at, { qcReportId: id }, report.notes);
    await settleOrderStatus(trx, order.id, at, actor, { qcReportId: id });
    if (input.result === 'fail') {
      const c = await openQcFailureCase(trx, env, report, item, order.currency, actor);
      await trx.updateTable('qc_reports').set({ case_id: c.id }).where('id', '=', id).execute();
    }
  });
  return getReport(ctx, actor, id);
}

async function visibleReportRow(db: AppContext['db'] | Tx, actor: Actor, reportId: string) {
  const r = await db.selectFrom('qc_reports').selectAll().where('id', '=', reportId).executeTakeFirst();
  if (!r || !canSeeOrder(actor, { buyer_id: r.buyer_id, seller_id: r.seller_id })) throw notFound('QC report');
  return r;
}

export async function getReport(ctx: AppContext, actor: Actor, reportId: string): Promise<QcReportView> {
  const r = await visibleReportRow(ctx.db, actor, reportId);
  return (await reportViews(ctx.db, [r]))[0];
}

export async function listReports(
  ctx: AppContext,
  actor: Actor,
  f: { orderId?: string; orderItemId?: string; caseId?: string; result?: QcResult; sellerId?: string; limit: number; offset: number },
): Promise<QcReportView[]> {
  let q = ctx.db.selectFrom('qc_reports').selectAll();
  if (!seesEverything(actor)) {
    const sellers = actor.memberships.map((m) => m.sellerId);
    q = q.where((eb) => eb.or([eb('buyer_id', '=', actor.id ?? ''), ...(sellers.length ? [eb('seller_id', 'in', sellers)] : [])]));
  }
  if (f.orderId) q = q.where('order_id', '=', f.orderId);
  if (f.orderItemId) q = q.where('order_item_id', '=', f.orderItemId);
  if (f.caseId) q = q.where('case_id', '=', f.caseId);
  if (f.result) q = q.where('result', '=', f.result);
  if (f.sellerId) q = q.where('seller_id', '=', f.sellerId);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
  return reportViews(ctx.db, rows);
}

// ---- media -------------------------------------------------------------------------------------------------

export interface MediaInput {
  orderItemId?: string;
  reportId?: string;
  fileName?: string;
  caption?: string;
  body: Readable;
  contentLength?: number;
}

/**
 * A photo (≤ 15 MB) or video (≤ 500 MB, streamed to disk) of an inspection, sniffed from its content: uploaded for
 * an item before its report is written (the report attaches it), or added to a written report.
 */
export async function uploadMedia(ctx: AppContext, actor: Actor, input: MediaInput): Promise<QcMediaView> {
  requireInspector(actor);
  let itemId = input.orderItemId;
  if (input.reportId) {
    const r = await ctx.db.selectFrom('qc_reports').select(['order_item_id']).where('id', '=', input.reportId).executeTakeFirst();
    if (!r) throw notFound('QC report');
    itemId = r.order_item_id;
    const count = await ctx.db.selectFrom('qc_media').select((eb) => eb.fn.countAll<number>().as('n')).where('report_id', '=', input.reportId).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_MEDIA_PER_REPORT) throw conflict('too_many_media', `A report holds at most ${MAX_MEDIA_PER_REPORT} photos and videos.`);
  }
  const item = itemId ? await ctx.db.selectFrom('order_items').select(['id', 'order_id', 'seller_id']).where('id', '=', itemId).executeTakeFirst() : undefined;
  if (!item) throw notFound('Order item');
  const staged = await stageEvidence(ctx, input.body, { accept: ['photo', 'video'], contentLength: input.contentLength });
  const now = ctx.clock.now();
  const id = newId('qcm', now.getTime());
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('blobs').values({ sha256: staged.file.sha256, size_bytes: staged.file.sizeBytes, media_type: staged.mediaType, created_at: now }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
      await trx
        .insertInto('qc_media')
        .values({
          id,
          order_id: item.order_id,
          order_item_id: item.id,
          seller_id: item.seller_id,
          report_id: input.reportId ?? null,
          kind: staged.kind === 'video' ? 'video' : 'photo',
          sha256: staged.file.sha256,
          media_type: staged.mediaType,
          size_bytes: staged.file.sizeBytes,
          file_name: fileNameFor(input.fileName, staged.kind === 'video' ? 'qc-video' : 'qc-photo', staged.extension),
          caption: input.caption?.trim() || null,
          uploaded_by: actor.id,
          uploaded_at: now,
          attached_at: input.reportId ? now : null,
        })
        .execute();
      if (input.reportId) {
        await appendHistory(trx, { entityType: 'qc_report', entityId: input.reportId, event: 'add_media', from: null, to: 'media_added', actor, data: { mediaId: id, sha256: staged.file.sha256, mediaType: staged.mediaType, sizeBytes: staged.file.sizeBytes }, sellerId: item.seller_id, at: now });
      }
      await staged.file.commit();
    });
  } catch (err) {
    await staged.file.discard().catch(() => {});
    throw err;
  }
  return mediaView(await ctx.db.selectFrom('qc_media').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

/** A photo or video, for whoever may see its report (unattached uploads: staff only). */
export async function openMedia(ctx: AppContext, actor: Actor, mediaId: string) {
  const m = await ctx.db.selectFrom('qc_media').selectAll().where('id', '=', mediaId).executeTakeFirst();
  if (!m) throw notFound('Media');
  if (m.report_id) await visibleReportRow(ctx.db, actor, m.report_id).catch(() => Promise.reject(notFound('Media')));
  else if (!isStaff(actor)) throw notFound('Media');
  return { sha256: m.sha256, sizeBytes: m.size_bytes, mediaType: m.media_type, fileName: m.file_name };
}
