import type { Readable } from 'node:stream';
import type { AppContext } from '../../context.js';
import type { PostalAddress } from '../../db/tables/cases.js';
import type { Remedy } from '../../domain/cases/remedies.js';
import { hasRole, isMemberOf, isStaff, type Actor } from '../../platform/actor.js';
import { appendHistory, type Tx } from '../../platform/history.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { caseTypeDefinition } from '../../domain/cases/index.js';
import { sideOf, visibleCase, type CaseRow } from './access.js';
import { commandEnv, notifyParty, type CaseEnv } from './engine.js';
import { labelFile } from './labels.js';
import * as qc from './qc-failure.js';
import { recordSellerFirstContact } from './proposals.js';
import { CASE_NOTIFICATIONS as N } from './templates.js';
import { fileNameFor, stageEvidence } from './uploads.js';
import { attachmentView, getCaseView, type AttachmentView, type CaseView } from './views.js';

/**
 * The case commands: each authorises (a case the actor may not see is a 404), locks the case row, lets the
 * case's type carry the move out in one transaction, and answers with the case page as the actor sees it.
 * Two commands on the same case queue on the row lock; the second then finds the new state (409 if its move is
 * no longer possible).
 */

async function onCase(ctx: AppContext, actor: Actor, caseId: string, fn: (trx: Tx, env: CaseEnv, c: CaseRow) => Promise<void>): Promise<CaseView> {
  const env = await commandEnv(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const c = await visibleCase(trx, actor, caseId, { forUpdate: true });
    await fn(trx, env, c);
  });
  return getCaseView(ctx, actor, caseId);
}

/** Commands of the QC-failure flow; another case type answers 409 until it supports them. */
function onQcCase(ctx: AppContext, actor: Actor, caseId: string, fn: (trx: Tx, env: CaseEnv, c: CaseRow) => Promise<void>): Promise<CaseView> {
  return onCase(ctx, actor, caseId, async (trx, env, c) => {
    if (c.type !== 'qc_failure') throw conflict('not_supported_for_case_type', `A ${String(c.type).replace(/_/g, ' ')} case does not take this command.`);
    await fn(trx, env, c);
  });
}

export function chooseRemedy(ctx: AppContext, actor: Actor, caseId: string, input: { remedy: Remedy; note?: string }) {
  return onQcCase(ctx, actor, caseId, (trx, env, c) => qc.chooseRemedy(trx, env, c, actor, { remedy: input.remedy, note: input.note ?? null }));
}

export function respond(ctx: AppContext, actor: Actor, caseId: string, answer: qc.SellerAnswer) {
  return onQcCase(ctx, actor, caseId, (trx, env, c) => qc.respond(trx, env, c, actor, answer));
}

export function acceptCounter(ctx: AppContext, actor: Actor, caseId: string) {
  return onQcCase(ctx, actor, caseId, (trx, env, c) => qc.acceptCounter(trx, env, c, actor));
}

export function escalate(ctx: AppContext, actor: Actor, caseId: string, input: { reason?: string }) {
  return onQcCase(ctx, actor, caseId, (trx, env, c) => qc.escalate(trx, env, c, actor, input.reason?.trim() || null));
}

export function decide(ctx: AppContext, actor: Actor, caseId: string, input: { remedy: Remedy; reason: string }) {
  return onQcCase(ctx, actor, caseId, (trx, env, c) => qc.decide(trx, env, c, actor, input));
}

export function shipReturn(ctx: AppContext, actor: Actor, caseId: string, input: qc.TrackingInput) {
  return onQcCase(ctx, actor, caseId, (trx, env, c) => qc.shipReturn(trx, env, c, actor, input));
}

export function recordReturnEvent(ctx: AppContext, actor: Actor, caseId: string, input: qc.CarrierEventInput) {
  return onQcCase(ctx, actor, caseId, async (trx, env, c) => {
    if (!(hasRole(actor, 'qc_inspector', 'admin') || actor.kind === 'api_key')) throw forbidden('Only the carrier integration, the warehouse or an admin report carrier events.');
    if (input.occurredAt.getTime() > env.at.getTime() + 5 * 60_000) throw unprocessable('event_in_future', 'A carrier event cannot have happened in the future.', { field: 'occurredAt' });
    await qc.recordReturnEvent(trx, env, c, actor, input);
  });
}

export function confirmReceipt(ctx: AppContext, actor: Actor, caseId: string) {
  return onQcCase(ctx, actor, caseId, (trx, env, c) => qc.receiveReturn(trx, env, c, actor, 'seller_confirmed'));
}

export function shipReplacement(ctx: AppContext, actor: Actor, caseId: string, input: qc.TrackingInput) {
  return onQcCase(ctx, actor, caseId, (trx, env, c) => qc.shipReplacement(trx, env, c, actor, input));
}

// ---- the thread ---------------------------------------------------------------------------------------------

function requirePartyOrStaff(actor: Actor, c: CaseRow): void {
  const side = sideOf(actor, c);
  if (side === 'integration') throw forbidden('The thread is for the buyer, the seller and staff.');
  if (side === 'staff' && !isStaff(actor)) throw forbidden();
}

/** An attachment for a message to come: photo, video (≤ 500 MB, streamed) or PDF, sniffed from its content. */
export async function uploadAttachment(ctx: AppContext, actor: Actor, caseId: string, input: { body: Readable; fileName?: string; contentLength?: number }): Promise<AttachmentView> {
  const peek = await visibleCase(ctx.db, actor, caseId);
  requirePartyOrStaff(actor, peek);
  if (peek.closed_at) throw conflict('case_closed', 'The case is closed.');
  const staged = await stageEvidence(ctx, input.body, { accept: ['photo', 'video', 'document'], contentLength: input.contentLength });
  const now = ctx.clock.now();
  const id = newId('att', now.getTime());
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('blobs').values({ sha256: staged.file.sha256, size_bytes: staged.file.sizeBytes, media_type: staged.mediaType, created_at: now }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
      await trx
        .insertInto('case_attachments')
        .values({
          id,
          case_id: caseId,
          seller_id: peek.seller_id,
          message_id: null,
          sha256: staged.file.sha256,
          media_type: staged.mediaType,
          size_bytes: staged.file.sizeBytes,
          file_name: fileNameFor(input.fileName, `attachment-${id.slice(-6)}`, staged.extension),
          uploaded_by: actor.id,
          uploaded_at: now,
        })
        .execute();
      await staged.file.commit();
    });
  } catch (err) {
    await staged.file.discard().catch(() => {});
    throw err;
  }
  const row = await ctx.db.selectFrom('case_attachments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return attachmentView(row);
}

export async function postMessage(ctx: AppContext, actor: Actor, caseId: string, input: { body: string; attachmentIds?: string[] }): Promise<CaseView> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const c = await visibleCase(trx, actor, caseId, { forUpdate: true });
    requirePartyOrStaff(actor, c);
    if (c.closed_at) throw conflict('case_closed', 'The case is closed; start a new one if something is still wrong.');
    const body = input.body.trim();
    const ids = [...new Set(input.attachmentIds ?? [])];
    if (!body && ids.length === 0) throw badRequest('empty_message', 'Write a message or attach a file.');
    const messageId = newId('msg', now.getTime());
    const side = sideOf(actor, c);
    const role = side === 'staff' ? (actor.roles.find((r) => r === 'support_agent' || r === 'admin' || r === 'qc_inspector') ?? actor.roles[0] ?? 'staff') : side;
    await trx.insertInto('case_messages').values({ id: messageId, case_id: c.id, seller_id: c.seller_id, author_id: actor.id, author_role: role, body, created_at: now }).execute();
    // the page polls updatedAt to know it changed
    await trx.updateTable('cases').set({ updated_at: now }).where('id', '=', c.id).execute();
    if (ids.length) {
      const attached = await trx
        .updateTable('case_attachments')
        .set({ message_id: messageId })
        .where('case_id', '=', c.id)
        .where('id', 'in', ids)
        .where('message_id', 'is', null)
        .where('uploaded_by', '=', actor.id)
        .returning('id')
        .execute();
      if (attached.length !== ids.length) {
        const found = new Set(attached.map((a) => a.id));
        throw unprocessable('unknown_attachments', 'Some attachments are not yours, not on this case, or already sent.', { field: 'attachmentIds', attachmentIds: ids.filter((i) => !found.has(i)) });
      }
    }
    await appendHistory(trx, { entityType: caseTypeDefinition(c.type).machine.entity, entityId: c.id, event: 'message', from: c.status, to: c.status, actor, data: { messageId, attachments: ids.length }, sellerId: c.seller_id, at: now });
    if (side === 'seller') await recordSellerFirstContact(trx, c, now);
    const preview = body.length > 140 ? `${body.slice(0, 137)}…` : body;
    const data = { messageId, preview, authorRole: role };
    if (side !== 'buyer') await notifyParty(trx, c, 'buyer', N.message, now, data, { email: false });
    if (side !== 'seller') await notifyParty(trx, c, 'seller', N.message, now, data, { email: false });
  });
  return getCaseView(ctx, actor, caseId);
}

export async function openAttachment(ctx: AppContext, actor: Actor, caseId: string, attachmentId: string) {
  await visibleCase(ctx.db, actor, caseId);
  const a = await ctx.db.selectFrom('case_attachments').selectAll().where('id', '=', attachmentId).where('case_id', '=', caseId).executeTakeFirst();
  // An attachment not yet sent with a message is its uploader's alone.
  if (!a || (a.message_id === null && a.uploaded_by !== actor.id && !isStaff(actor))) throw notFound('Attachment');
  return { sha256: a.sha256, sizeBytes: a.size_bytes, mediaType: a.media_type, fileName: a.file_name };
}

// ---- the return label --------------------------------------------------------------------------------------------

/** The label of the case's latest return, for the buyer, the seller, the warehouse and support. */
export async function returnLabel(ctx: AppContext, actor: Actor, caseId: string): Promise<{ sha256: string; sizeBytes: number; fileName: string }> {
  await visibleCase(ctx.db, actor, caseId);
  const label = await ctx.db.selectFrom('return_labels').select(['id', 'round']).where('case_id', '=', caseId).orderBy('round', 'desc').executeTakeFirst();
  if (!label) throw notFound('Return label');
  const file = await labelFile(ctx, label.id);
  return { ...file, fileName: `return-label-${caseId}${label.round > 1 ? `-${label.round}` : ''}.pdf` };
}

// ---- the seller's return address ---------------------------------------------------------------------------------

export interface ReturnAddressView extends PostalAddress {
  sellerId: string;
  updatedAt: string | null;
  source: 'return_address' | 'none';
}

export async function getReturnAddress(ctx: AppContext, actor: Actor, sellerId: string): Promise<ReturnAddressView> {
  if (!isMemberOf(actor, sellerId) && !isStaff(actor)) throw notFound('Seller');
  const seller = await ctx.db.selectFrom('sellers').select('id').where('id', '=', sellerId).executeTakeFirst();
  if (!seller) throw notFound('Seller');
  const a = await ctx.db.selectFrom('seller_return_addresses').selectAll().where('seller_id', '=', sellerId).executeTakeFirst();
  if (!a) return { sellerId, source: 'none', updatedAt: null, name: '', phone: '', country: '', province: '', city: '', district: '', addressLine: '', postalCode: '' };
  return {
    sellerId,
    source: 'return_address',
    updatedAt: a.updated_at.toISOString(),
    name: a.recipient_name,
    phone: a.phone,
    country: a.country,
    province: a.province,
    city: a.city,
    district: a.district,
    addressLine: a.address_line,
    postalCode: a.postal_code,
  };
}

export async function setReturnAddress(ctx: AppContext, actor: Actor, sellerId: string, input: PostalAddress): Promise<ReturnAddressView> {
  if (!isMemberOf(actor, sellerId) && !isStaff(actor)) throw notFound('Seller');
  if (!isMemberOf(actor, sellerId) && !hasRole(actor, 'admin')) throw forbidden("Only the seller's members or an admin may change the return address.");
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const seller = await trx.selectFrom('sellers').select('id').where('id', '=', sellerId).executeTakeFirst();
    if (!seller) throw notFound('Seller');
    const values = {
      recipient_name: input.name,
      phone: input.phone,
      country: input.country,
      province: input.province,
      city: input.city,
      district: input.district,
      address_line: input.addressLine,
      postal_code: input.postalCode,
      updated_by: actor.id,
      updated_at: now,
    };
    await trx
      .insertInto('seller_return_addresses')
      .values({ seller_id: sellerId, ...values })
      .onConflict((oc) => oc.column('seller_id').doUpdateSet(values))
      .execute();
    await appendHistory(trx, { entityType: 'seller_return_address', entityId: sellerId, event: 'set', from: null, to: 'set', actor, data: { ...input }, sellerId, at: now });
  });
  return getReturnAddress(ctx, actor, sellerId);
}
