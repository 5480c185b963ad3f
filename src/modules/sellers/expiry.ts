import type { AppContext, DueTask, TaskHandler } from '../../context.js';
import { applicationMachine, daysUntil, dayOf, documentMachine, expiryDueAt, expiryWarningDueAt, sellerMachine } from '../../domain/sellers.js';
import { systemActor } from '../../platform/actor.js';
import { appendHistory, enqueueOutbox, type Tx } from '../../platform/history.js';
import { cancelTasks, scheduleTask } from '../../platform/tasks.js';
import { applyTransition } from '../../platform/transition.js';
import * as repo from './repo.js';
import type { DocumentRow } from './repo.js';

/**
 * Approved documents with a date expire: a warning 30 days before, then the expiry itself, which sends the
 * seller back to re-verification. Both are stored tasks, so a server that was down catches up on start.
 */

export const TASK_EXPIRY_WARNING = 'seller.document_expiry_warning';
export const TASK_EXPIRY = 'seller.document_expiry';
const ENTITY = 'seller_document';
const KIND_NAMES = { identity: 'identity document', business_licence: 'business licence', proof_of_address: 'proof of address' } as const;

/** Replaces the document's pending expiry tasks with ones for its current date. */
export async function scheduleExpiry(trx: Tx, doc: Pick<DocumentRow, 'id' | 'expires_on'>, now: Date): Promise<void> {
  await cancelTasks(trx, ENTITY, doc.id, now);
  if (!doc.expires_on) return;
  const payload = { expiresOn: doc.expires_on };
  await scheduleTask(trx, { kind: TASK_EXPIRY_WARNING, entityType: ENTITY, entityId: doc.id, dueAt: expiryWarningDueAt(doc.expires_on, now), payload, now });
  await scheduleTask(trx, { kind: TASK_EXPIRY, entityType: ENTITY, entityId: doc.id, dueAt: expiryDueAt(doc.expires_on), payload, now });
}

export async function cancelExpiry(trx: Tx, documentId: string, now: Date): Promise<void> {
  await cancelTasks(trx, ENTITY, documentId, now);
}

/** A task still applies only to the approved document with the date it was scheduled for. */
function stillApplies(doc: DocumentRow | undefined, task: DueTask): doc is DocumentRow {
  return !!doc && doc.status === 'approved' && doc.expires_on !== null && doc.expires_on === task.payload.expiresOn;
}

export const handleExpiryWarning: TaskHandler = async (ctx: AppContext, trx: Tx, task: DueTask) => {
  const now = ctx.clock.now();
  const doc = await repo.findDocument(trx, task.entityId);
  if (!stillApplies(doc, task)) return;
  const expiresOn = doc.expires_on!;
  // Caught up after the date itself passed: the expiry task (due later, run next) says it all.
  if (now >= expiryDueAt(expiresOn)) return;
  const daysLeft = daysUntil(expiresOn, dayOf(now));
  await appendHistory(trx, {
    entityType: ENTITY,
    entityId: doc.id,
    event: 'expiry_warning',
    from: doc.status,
    to: doc.status,
    actor: systemActor,
    reason: `Expires on ${expiresOn}; upload a new one before then.`,
    data: { kind: doc.kind, expiresOn, daysLeft },
    sellerId: doc.seller_id,
    at: now,
  });
  await enqueueOutbox(trx, {
    type: 'seller.document_expiring',
    entityType: ENTITY,
    entityId: doc.id,
    sellerId: doc.seller_id,
    payload: { id: doc.id, sellerId: doc.seller_id, applicationId: doc.application_id, kind: doc.kind, expiresOn, daysLeft },
    at: now,
  });
};

export const handleExpiry: TaskHandler = async (ctx: AppContext, trx: Tx, task: DueTask) => {
  const now = ctx.clock.now();
  const peek = await repo.findDocument(trx, task.entityId);
  if (!peek) return;
  // Lock order application → document → seller, as every other command.
  const app = await repo.lockApplicationById(trx, peek.application_id);
  const doc = await repo.findDocument(trx, task.entityId);
  if (!app || !stillApplies(doc, task)) return;
  const expiresOn = doc.expires_on!;
  const reason = `The ${KIND_NAMES[doc.kind]} expired on ${expiresOn}.`;
  const data = { documentId: doc.id, kind: doc.kind, expiresOn };

  await applyTransition(trx, { machine: documentMachine, table: 'seller_documents', id: doc.id, event: 'expire', actor: systemActor, at: now, reason, data, sellerId: doc.seller_id, touch: false });
  await cancelExpiry(trx, doc.id, now);
  if (app.status === 'rejected' || app.status === 'draft') return;

  if (app.status !== 'revision_requested') {
    await applyTransition(trx, {
      machine: applicationMachine,
      table: 'seller_applications',
      id: app.id,
      event: 'document_expired',
      actor: systemActor,
      at: now,
      reason,
      data,
      sellerId: doc.seller_id,
      patch: { waiting_since: null },
    });
  }

  const seller = await repo.findSeller(trx, doc.seller_id);
  if (!seller) return;
  const outboxPayload = { sellerId: seller.id, applicationId: app.id, documentId: doc.id, kind: doc.kind, expiresOn };
  if (seller.status === 'active' || seller.status === 'restricted') {
    await applyTransition(trx, {
      machine: sellerMachine,
      table: 'sellers',
      id: seller.id,
      event: 'require_reverification',
      actor: systemActor,
      at: now,
      reason,
      data,
      sellerId: seller.id,
      outbox: { type: 'seller.reverification_required', payload: outboxPayload },
    });
  } else {
    // Not yet verified (or already held): no account change, but the seller must still replace the document.
    await enqueueOutbox(trx, {
      type: 'seller.reverification_required',
      entityType: 'seller',
      entityId: seller.id,
      sellerId: seller.id,
      payload: { id: seller.id, status: seller.status, previousStatus: seller.status, ...outboxPayload },
      at: now,
    });
  }
};
