import type { AppContext } from '../../context.js';
import { applicationMachine, documentMachine, reapplyAvailableAt } from '../../domain/sellers.js';
import { nextState } from '../../domain/state-machine.js';
import type { Actor } from '../../platform/actor.js';
import { applyTransition } from '../../platform/transition.js';
import { conflict, notFound } from '../../shared/errors.js';
import { activePolicy } from '../policy/service.js';
import { assertCanSeeVerification, assertOwner, firersFor, isOwner } from './access.js';
import { cancelExpiry } from './expiry.js';
import * as repo from './repo.js';
import type { ApplicationRow, SellerRow } from './repo.js';
import { getApplication } from './service.js';

/**
 * A rejected application started again: the same application moves rejected → draft through its table and
 * becomes the next revision. The rejection (decision, reason, documents with their decisions) is written into
 * the `reapply` history row, so earlier revisions stay readable after the row itself is reset.
 */

interface PreviousDocument {
  id: string;
  kind: string;
  status: string;
  version: number;
  fileName: string;
  expiresOn: string | null;
  reviewReason: string | null;
}

interface PreviousRevision {
  revision: number;
  status: string;
  submittedAt: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  documents: PreviousDocument[];
}

function reapplyState(actor: Actor, seller: SellerRow, app: ApplicationRow, cooldownDays: number, now: Date) {
  if (app.status !== 'rejected') return { allowed: false, availableAt: null, blockedBy: 'not_rejected' as const };
  const availableAt = reapplyAvailableAt(app.decided_at ?? app.updated_at, cooldownDays);
  const blockedBy = !isOwner(actor, seller.id)
    ? ('owner_only' as const)
    : seller.status === 'banned'
      ? ('seller_banned' as const)
      : now < availableAt
        ? ('cooldown' as const)
        : null;
  return { allowed: blockedBy === null, availableAt: availableAt.toISOString(), blockedBy };
}

/** The application's revisions: the current one, whether it may start again, and every earlier one. */
export async function getRevisions(ctx: AppContext, actor: Actor, sellerId: string) {
  assertCanSeeVerification(actor, sellerId);
  const seller = await repo.findSeller(ctx.db, sellerId);
  const app = seller && (await repo.findApplication(ctx.db, sellerId));
  if (!seller || !app) throw notFound('Seller');
  const { policy } = await activePolicy(ctx);
  const rows = await ctx.db
    .selectFrom('entity_history')
    .select(['data', 'at'])
    .where('entity_type', '=', applicationMachine.entity)
    .where('entity_id', '=', app.id)
    .where('event', '=', 'reapply')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return {
    revision: app.revision,
    status: app.status,
    cooldownDays: policy.verification.reapplyCooldownDays,
    reapply: reapplyState(actor, seller, app, policy.verification.reapplyCooldownDays, ctx.clock.now()),
    previous: rows.map((r) => ({ ...(r.data as unknown as PreviousRevision), reopenedAt: r.at.toISOString() })),
  };
}

export async function reapply(ctx: AppContext, actor: Actor, sellerId: string) {
  assertCanSeeVerification(actor, sellerId);
  assertOwner(actor, sellerId);
  const now = ctx.clock.now();
  const { version, policy } = await activePolicy(ctx);
  const cooldownDays = policy.verification.reapplyCooldownDays;
  await ctx.db.transaction().execute(async (trx) => {
    const app = await repo.lockApplication(trx, sellerId);
    const seller = await repo.findSeller(trx, sellerId);
    if (!app || !seller) throw notFound('Seller');
    // Only a rejected application starts again (409 from the table before anything else).
    nextState(applicationMachine, app.status, 'reapply', firersFor(actor, sellerId));
    if (seller.status === 'banned') throw conflict('seller_banned', 'A banned seller cannot apply again.');
    const availableAt = reapplyAvailableAt(app.decided_at ?? app.updated_at, cooldownDays);
    if (now < availableAt) {
      throw conflict('reapply_cooldown', `A new application can be started from ${availableAt.toISOString().slice(0, 10)}.`, { availableAt: availableAt.toISOString(), cooldownDays });
    }
    const docs = await repo.currentDocuments(trx, app.id);
    const previous: PreviousRevision = {
      revision: app.revision,
      status: app.status,
      submittedAt: app.submitted_at ? app.submitted_at.toISOString() : null,
      decidedAt: app.decided_at ? app.decided_at.toISOString() : null,
      decisionReason: app.decision_reason,
      documents: docs.map((d) => ({ id: d.id, kind: d.kind, status: d.status, version: d.version, fileName: d.file_name, expiresOn: d.expires_on, reviewReason: d.review_reason })),
    };
    for (const d of docs) {
      await applyTransition(trx, {
        machine: documentMachine,
        table: 'seller_documents',
        id: d.id,
        event: 'archive',
        actor,
        at: now,
        reason: null,
        data: { kind: d.kind, version: d.version, revision: app.revision },
        sellerId,
        touch: false,
      });
      await cancelExpiry(trx, d.id, now);
    }
    await applyTransition(trx, {
      machine: applicationMachine,
      table: 'seller_applications',
      id: app.id,
      event: 'reapply',
      actor,
      at: now,
      sellerId,
      patch: { revision: app.revision + 1, submitted_at: null, waiting_since: null, decided_at: null, decided_by: null, decision_reason: null },
      data: { ...previous, newRevision: app.revision + 1, policyVersion: version } as never,
      outbox: { type: 'seller.application_reopened', payload: { sellerId, shopName: seller.shop_name, revision: app.revision + 1 } },
    });
  });
  return getApplication(ctx, actor, sellerId);
}
