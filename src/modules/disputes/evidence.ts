import type { Selectable } from 'kysely';
import type { DisputeTables, UploadKind } from '../../db/tables/disputes.js';
import { BUYER_EVIDENCE_KINDS, SELLER_EVIDENCE_KINDS, type EvidenceKind } from '../../domain/cases/dispute.js';
import type { Actor } from '../../platform/actor.js';
import { enqueueOutbox, type Tx } from '../../platform/history.js';
import { conflict, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { nameWithSniffedExtension, takeUpload } from '../uploads/index.js';
import type { CaseRow } from '../cases/access.js';

/**
 * Evidence of a dispute (seed 004's protocol): each file is a completed upload taken once, attached to the case's
 * thread as an attachment of the message that brought it, and recorded with what it shows. Immutable once attached
 * (a trigger refuses changes). A buyer's file whose SHA-256 was already evidence in another claim — of the same
 * buyer or of another — is recorded as a duplicate and flags both claims.
 */

export type EvidenceRow = Selectable<DisputeTables['dispute_evidence']>;

export interface EvidenceInput {
  uploadId: string;
  kind: EvidenceKind;
  caption?: string | null;
}

/** Which files can show what: a video is a video, a notice may be a scan (PDF). */
export const FILES_FOR_KIND: Record<EvidenceKind, UploadKind[]> = {
  unboxing_video: ['video'],
  packing_video: ['video'],
  exterior_photo: ['photo'],
  scale_photo: ['photo'],
  label_photo: ['photo'],
  item_photo: ['photo'],
  packing_photo: ['photo'],
  customs_notice: ['photo', 'document'],
  dispatch_weight_proof: ['photo', 'document'],
  carrier_proof: ['photo', 'document'],
  other: ['photo', 'video', 'document'],
};

export async function attachEvidence(trx: Tx, c: CaseRow, actor: Actor, side: 'buyer' | 'seller', items: readonly EvidenceInput[], messageId: string, at: Date): Promise<EvidenceRow[]> {
  const allowed: readonly string[] = side === 'buyer' ? BUYER_EVIDENCE_KINDS : SELLER_EVIDENCE_KINDS;
  const rows: EvidenceRow[] = [];
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    const field = `evidence[${i}]`;
    if (!allowed.includes(item.kind)) {
      throw unprocessable('evidence_kind_not_for_side', `A ${side} attaches ${allowed.join(', ')}.`, { field: `${field}.kind`, allowed });
    }
    const id = newId('att', at.getTime());
    const file = await takeUpload(trx, actor, item.uploadId, `dispute_evidence:${c.id}`, at, `${field}.uploadId`);
    if (!FILES_FOR_KIND[item.kind].includes(file.kind)) {
      throw unprocessable('evidence_kind_mismatch', `A ${item.kind.replace(/_/g, ' ')} must be a ${FILES_FOR_KIND[item.kind].join(' or ')}; this file is a ${file.kind} (${file.mediaType}).`, {
        field: `${field}.kind`,
        fileKind: file.kind,
        mediaType: file.mediaType,
      });
    }
    if (seen.has(file.sha256)) throw conflict('evidence_already_attached', 'The same file is attached twice.', { field: `${field}.uploadId` });
    seen.add(file.sha256);
    const already = await trx.selectFrom('dispute_evidence').select('id').where('case_id', '=', c.id).where('sha256', '=', file.sha256).executeTakeFirst();
    if (already) throw conflict('evidence_already_attached', 'This file is already evidence on this dispute.', { field: `${field}.uploadId`, evidenceId: already.id });
    await trx
      .insertInto('case_attachments')
      .values({
        id,
        case_id: c.id,
        seller_id: c.seller_id,
        message_id: messageId,
        sha256: file.sha256,
        media_type: file.mediaType,
        size_bytes: file.sizeBytes,
        file_name: nameWithSniffedExtension(file.fileName, file.mediaType),
        uploaded_by: actor.id,
        uploaded_at: at,
      })
      .execute();
    const row = await trx
      .insertInto('dispute_evidence')
      .values({
        id: newId('att', at.getTime()),
        case_id: c.id,
        seller_id: c.seller_id,
        buyer_id: c.buyer_id,
        side,
        kind: item.kind,
        attachment_id: id,
        upload_id: file.uploadId,
        sha256: file.sha256,
        media_type: file.mediaType,
        size_bytes: file.sizeBytes,
        caption: item.caption?.trim() || null,
        added_by: actor.id,
        added_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    rows.push(row);
  }
  return rows;
}

export interface DuplicateFound {
  evidenceId: string;
  otherEvidenceId: string;
  otherCaseId: string;
  otherBuyerId: string;
  scope: 'same_buyer' | 'other_buyer';
  sha256: string;
}

/** Looks the buyer's new files up among the buyers' evidence of every other claim; records and flags what it finds. */
export async function findDuplicates(trx: Tx, c: CaseRow, rows: readonly EvidenceRow[], at: Date): Promise<DuplicateFound[]> {
  const mine = rows.filter((r) => r.side === 'buyer');
  if (mine.length === 0) return [];
  const others = await trx
    .selectFrom('dispute_evidence')
    .select(['id', 'case_id', 'buyer_id', 'sha256'])
    .where('sha256', 'in', mine.map((r) => r.sha256))
    .where('side', '=', 'buyer')
    .where('case_id', '<>', c.id)
    .orderBy('added_at')
    .execute();
  const found: DuplicateFound[] = [];
  for (const r of mine) {
    for (const o of others.filter((x) => x.sha256 === r.sha256)) {
      found.push({ evidenceId: r.id, otherEvidenceId: o.id, otherCaseId: o.case_id, otherBuyerId: o.buyer_id, scope: o.buyer_id === c.buyer_id ? 'same_buyer' : 'other_buyer', sha256: r.sha256 });
    }
  }
  if (found.length === 0) return [];
  await trx
    .insertInto('dispute_evidence_duplicates')
    .values(found.map((f) => ({ evidence_id: f.evidenceId, case_id: c.id, other_evidence_id: f.otherEvidenceId, other_case_id: f.otherCaseId, scope: f.scope, sha256: f.sha256, found_at: at })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  const cases = [...new Set([c.id, ...found.map((f) => f.otherCaseId)])];
  await trx.updateTable('disputes').set({ duplicate_evidence: true, updated_at: at }).where('case_id', 'in', cases).execute();
  await enqueueOutbox(trx, {
    type: 'dispute.duplicate_evidence',
    entityType: 'case',
    entityId: c.id,
    sellerId: c.seller_id,
    payload: { caseId: c.id, buyerId: c.buyer_id, duplicates: found.map((f) => ({ sha256: f.sha256, otherCaseId: f.otherCaseId, scope: f.scope })) },
    at,
  });
  return found;
}
