import type { Readable } from 'node:stream';
import type { AppContext } from '../../context.js';
import type { ApplicationStatus, DocumentKind } from '../../db/tables/sellers.js';
import { DOCUMENT_TYPES, safeFileName, sniffType } from '../../files/file-types.js';
import { formatBytes, type StagedFile } from '../../files/storage.js';
import {
  applicationMachine,
  dayOf,
  documentMachine,
  expiryRequired,
  uploadableKinds,
  type DocumentDecision,
} from '../../domain/sellers.js';
import type { Actor } from '../../platform/actor.js';
import { appendHistory, enqueueOutbox } from '../../platform/history.js';
import { applyTransition } from '../../platform/transition.js';
import { AppError, badRequest, conflict, notFound, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { assertCanSeeVerification, assertOfficer, assertOwner, canSeeVerification } from './access.js';
import { cancelExpiry, scheduleExpiry } from './expiry.js';
import { asCurrent, documentDecisions, documentView } from './presenters.js';
import * as repo from './repo.js';
import type { ApplicationRow, DocumentRow } from './repo.js';

/** Verification documents: upload (streamed, sniffed, content-addressed), decisions, and reading the file. */

export const MAX_DOCUMENT_BYTES = 15 * 1024 * 1024;

const EXTENSIONS: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
};

// Bidirectional overrides and zero-width marks make "cod.exe" look like "exe.doc"; a name shows none of them.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * The name shown for a file: directories and control characters gone (safeFileName), and the extension
 * that of the sniffed type, so a PNG called "licence.pdf" is shown and downloaded as "licence.png".
 */
export function documentFileName(raw: string | undefined, kind: DocumentKind, mediaType: string): string {
  const ext = EXTENSIONS[mediaType]?.[0] ?? 'bin';
  const name = safeFileName(raw?.replace(INVISIBLE, ''), `${kind}.${ext}`);
  const m = /^(.*)\.([A-Za-z0-9]{1,5})$/.exec(name);
  if (m && EXTENSIONS[mediaType]?.includes(m[2].toLowerCase())) return name;
  const stem = (m ? m[1] : name).slice(0, 110) || kind;
  return `${stem}.${ext}`;
}

/** Printable text is not one of the file formats, but saying "text" helps the person who sent it. */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  const text = head.toString('utf8');
  return !text.includes('\uFFFD') && !/[\u0000-\u0008\u000e-\u001f]/.test(text);
}

export interface UploadInput {
  sellerId: string;
  kind: DocumentKind;
  fileName?: string;
  expiresOn?: string;
  body: Readable;
  contentLength?: number;
}

function assertUploadable(app: ApplicationRow, businessType: 'individual' | 'company', docs: DocumentRow[], kind: DocumentKind) {
  if (app.status !== 'draft' && app.status !== 'revision_requested') {
    throw conflict('application_locked', `Documents cannot change while the application is ${app.status.replace(/_/g, ' ')}.`, { status: app.status });
  }
  const allowed = uploadableKinds(app.status, businessType, docs.map(asCurrent));
  if (!allowed.includes(kind)) {
    throw conflict('document_not_reuploadable', `Only the documents sent back for revision may be uploaded again now: ${allowed.join(', ') || 'none'}.`, { uploadableKinds: allowed });
  }
}

export async function uploadDocument(ctx: AppContext, actor: Actor, input: UploadInput) {
  const { sellerId, kind } = input;
  let staged: StagedFile | null = null;
  try {
    assertCanSeeVerification(actor, sellerId);
    assertOwner(actor, sellerId);
    const now = ctx.clock.now();
    const today = dayOf(now);
    if (input.expiresOn !== undefined && input.expiresOn <= today) {
      throw unprocessable('expiry_not_in_future', 'The expiry date must be in the future.', { field: 'expiresOn' });
    }
    if (input.expiresOn === undefined && expiryRequired(kind)) {
      throw unprocessable('expiry_required', `An ${kind === 'identity' ? 'identity document' : 'business licence'} needs its expiry date (expiresOn).`, { field: 'expiresOn' });
    }
    // Check the state before taking the bytes, so a refused upload costs nothing; it is checked again under lock.
    const seller = await repo.findSeller(ctx.db, sellerId);
    const app = seller && (await repo.findApplication(ctx.db, sellerId));
    if (!seller || !app) throw notFound('Seller');
    assertUploadable(app, seller.business_type, await repo.currentDocuments(ctx.db, app.id), kind);
    if (input.contentLength !== undefined && input.contentLength > MAX_DOCUMENT_BYTES) {
      throw new AppError(413, 'file_too_large', `The file is larger than the limit of ${formatBytes(MAX_DOCUMENT_BYTES)}.`, { limitBytes: MAX_DOCUMENT_BYTES });
    }

    staged = await ctx.storage.stage(input.body, MAX_DOCUMENT_BYTES);
    if (staged.sizeBytes === 0) throw badRequest('empty_file', 'The file is empty.');
    const sniffed = await sniffType(staged.head);
    if (!sniffed || !(DOCUMENT_TYPES as readonly string[]).includes(sniffed.mediaType)) {
      const detected = sniffed?.mediaType ?? (looksLikeText(staged.head) ? 'text/plain' : 'unknown');
      throw new AppError(415, 'unsupported_file_type', `The file is ${detected === 'unknown' ? 'of an unknown type' : detected}; upload a PDF, JPEG, PNG or WebP.`, {
        detected,
        accepted: [...DOCUMENT_TYPES],
      });
    }
    const file = staged;
    const fileName = documentFileName(input.fileName, kind, sniffed.mediaType);
    const documentId = newId('doc', now.getTime());

    await ctx.db.transaction().execute(async (trx) => {
      const locked = await repo.lockApplication(trx, sellerId);
      const lockedSeller = await repo.findSeller(trx, sellerId);
      if (!locked || !lockedSeller) throw notFound('Seller');
      const docs = await repo.currentDocuments(trx, locked.id);
      assertUploadable(locked, lockedSeller.business_type, docs, kind);
      const previous = docs.find((d) => d.kind === kind);
      if (previous) {
        await applyTransition(trx, {
          machine: documentMachine,
          table: 'seller_documents',
          id: previous.id,
          event: 'supersede',
          actor,
          at: now,
          reason: 'Replaced by a new upload.',
          data: { kind, replacedBy: documentId },
          sellerId,
          touch: false,
        });
        await cancelExpiry(trx, previous.id, now);
      }
      await trx
        .insertInto('blobs')
        .values({ sha256: file.sha256, size_bytes: file.sizeBytes, media_type: sniffed.mediaType, created_at: now })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      const version = await repo.nextDocumentVersion(trx, locked.id, kind);
      await trx
        .insertInto('seller_documents')
        .values({
          id: documentId,
          application_id: locked.id,
          seller_id: sellerId,
          kind,
          status: 'pending_review',
          sha256: file.sha256,
          file_name: fileName,
          media_type: sniffed.mediaType,
          size_bytes: file.sizeBytes,
          expires_on: input.expiresOn ?? null,
          uploaded_by: actor.id!,
          uploaded_at: now,
          reviewed_by: null,
          reviewed_at: null,
          review_reason: null,
          version,
        })
        .execute();
      await appendHistory(trx, {
        entityType: 'seller_document',
        entityId: documentId,
        event: 'upload',
        from: null,
        to: 'pending_review',
        actor,
        data: { kind, version, fileName, mediaType: sniffed.mediaType, sizeBytes: file.sizeBytes, sha256: file.sha256, expiresOn: input.expiresOn ?? null, replaces: previous?.id ?? null },
        sellerId,
        at: now,
      });
      // Last, so a failed write above leaves no file behind. Should the commit itself then fail, the file
      // stays unreferenced: harmless, and safer than deleting content another upload may share.
      await file.commit();
    });
    staged = null;
    const doc = (await repo.findDocument(ctx.db, documentId))!;
    return documentView(doc);
  } catch (err) {
    if (staged) await staged.discard().catch(() => {});
    throw err;
  }
}

export async function decideDocument(ctx: AppContext, actor: Actor, documentId: string, decision: DocumentDecision, reason: string | null) {
  const peek = await repo.findDocument(ctx.db, documentId);
  if (!peek || !canSeeVerification(actor, peek.seller_id)) throw notFound('Document');
  assertOfficer(actor);
  const sellerId = peek.seller_id;
  const now = ctx.clock.now();
  let appStatus: ApplicationStatus | null = null;
  await ctx.db.transaction().execute(async (trx) => {
    const app = await repo.lockApplicationById(trx, peek.application_id);
    const doc = await repo.findDocument(trx, documentId);
    if (!app || !doc) throw notFound('Document');
    if (app.status !== 'under_review' && app.status !== 'revision_requested') {
      throw conflict('application_not_in_review', `Documents are decided while the application is under review; it is ${app.status.replace(/_/g, ' ')}.`, { status: app.status });
    }
    if (decision === 'approve' && doc.expires_on && doc.expires_on < dayOf(now)) {
      throw unprocessable('document_expired', `This document expired on ${doc.expires_on}; ask for a new one instead.`, { expiresOn: doc.expires_on });
    }
    await applyTransition(trx, {
      machine: documentMachine,
      table: 'seller_documents',
      id: doc.id,
      event: decision,
      actor,
      at: now,
      reason,
      sellerId,
      touch: false,
      data: { kind: doc.kind, version: doc.version },
      patch: { reviewed_by: actor.kind === 'user' ? actor.id : null, reviewed_at: now, review_reason: reason },
      outbox: { type: 'seller.document_reviewed', payload: { sellerId, applicationId: app.id, kind: doc.kind, decision, reason } },
    });
    if (decision === 'approve') await scheduleExpiry(trx, doc, now);
    else await cancelExpiry(trx, doc.id, now);

    appStatus = app.status;
    if (decision === 'request_revision') {
      const payload = { sellerId, documentId: doc.id, kind: doc.kind, reason };
      if (app.status === 'under_review') {
        const t = await applyTransition(trx, {
          machine: applicationMachine,
          table: 'seller_applications',
          id: app.id,
          event: 'request_revision',
          actor,
          at: now,
          reason,
          sellerId,
          data: { documentId: doc.id, kind: doc.kind },
          patch: { waiting_since: null },
          outbox: { type: 'seller.revision_requested', payload },
        });
        appStatus = t.to;
      } else {
        // Already waiting for the seller: one more document to redo, announced on its own.
        await enqueueOutbox(trx, {
          type: 'seller.revision_requested',
          entityType: 'seller_application',
          entityId: app.id,
          sellerId,
          payload: { id: app.id, status: app.status, previousStatus: app.status, ...payload },
          at: now,
        });
      }
    }
  });
  const doc = (await repo.findDocument(ctx.db, documentId))!;
  const app = (await repo.findApplication(ctx.db, sellerId))!;
  return { ...documentView(doc, documentDecisions(actor, app, doc)), applicationStatus: appStatus ?? app.status };
}

/** The stored file of a document, for the seller's members and compliance staff. */
export async function openDocumentFile(ctx: AppContext, actor: Actor, documentId: string) {
  const doc = await repo.findDocument(ctx.db, documentId);
  if (!doc || !canSeeVerification(actor, doc.seller_id)) throw notFound('Document');
  if (!(await ctx.storage.has(doc.sha256))) {
    ctx.log.error({ documentId, sha256: doc.sha256 }, 'stored file missing');
    throw notFound('File');
  }
  return { stream: ctx.storage.open(doc.sha256), mediaType: doc.media_type, sizeBytes: Number(doc.size_bytes), fileName: doc.file_name, sha256: doc.sha256 };
}
