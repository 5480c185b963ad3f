import type { AppContext } from '../../context.js';
import type { ApplicationStatus, SellerStatus, Storefront } from '../../db/tables/sellers.js';
import {
  applicationMachine,
  dayOf,
  isEditable,
  kindsMissingForSubmission,
  kindsNotApproved,
  maySell,
  requiredKinds,
  sellerMachine,
  type BusinessType,
} from '../../domain/sellers.js';
import { nextState } from '../../domain/state-machine.js';
import { firersOf, hasRole, isStaff, type Actor } from '../../platform/actor.js';
import { appendHistory, type Tx } from '../../platform/history.js';
import { applyTransition } from '../../platform/transition.js';
import { conflict, forbidden, notFound, unauthenticated, unprocessable } from '../../shared/errors.js';
import { Batcher } from '../../shared/batch.js';
import { newId } from '../../shared/ids.js';
import { assertCanSeeSeller, assertCanSeeVerification, assertOfficer, assertOwner, isOfficer } from './access.js';
import { cancelExpiry } from './expiry.js';
import { applicationView, asCurrent, sellerDetails, timelineView } from './presenters.js';
import * as repo from './repo.js';

/** Seller registration and verification use-cases: authorise, lock, act, record. */

export interface SellerDetailsInput {
  legalName: string;
  shopName: string;
  country: string;
  region: string;
  businessType: BusinessType;
  contactName: string;
  contactEmail: string;
  contactPhone?: string | null;
  storefronts: Storefront[];
}

/** The application as the caller sees it; the caller must be allowed to see it. */
export async function getApplication(ctx: AppContext, actor: Actor, sellerId: string) {
  assertCanSeeVerification(actor, sellerId);
  const seller = await repo.findSeller(ctx.db, sellerId);
  const app = seller && (await repo.findApplication(ctx.db, sellerId));
  if (!seller || !app) throw notFound('Seller');
  const docs = await repo.currentDocuments(ctx.db, app.id);
  return applicationView(actor, seller, app, docs, ctx.clock.now());
}

export type ApplicationView = Awaited<ReturnType<typeof getApplication>>;

// ---- the seller's side ------------------------------------------------------------------------

export async function createSeller(ctx: AppContext, actor: Actor, input: SellerDetailsInput): Promise<ApplicationView> {
  if (actor.kind !== 'user' || !actor.id) throw unauthenticated();
  if (!hasRole(actor, 'seller')) throw forbidden('Only a seller account can register a seller organisation.', 'seller_role_required');
  const userId = actor.id;
  const now = ctx.clock.now();
  const sellerId = newId('sel', now.getTime());
  const applicationId = newId('app', now.getTime());
  const exists = () => conflict('seller_exists', 'You already own a seller organisation.');
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (await repo.ownedSellerId(trx, userId)) throw exists();
      await trx
        .insertInto('sellers')
        .values({
          id: sellerId,
          external_id: null,
          ...detailsColumns(input),
          status: 'pending_verification',
          verified_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx.insertInto('seller_members').values({ seller_id: sellerId, user_id: userId, member_role: 'owner', created_at: now }).execute();
      await trx
        .insertInto('seller_applications')
        .values({
          id: applicationId,
          seller_id: sellerId,
          status: 'draft',
          submitted_at: null,
          waiting_since: null,
          decided_at: null,
          decided_by: null,
          decision_reason: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await appendHistory(trx, { entityType: 'seller', entityId: sellerId, event: 'register', from: null, to: 'pending_verification', actor, data: { shopName: input.shopName }, sellerId, at: now });
      await appendHistory(trx, { entityType: 'seller_application', entityId: applicationId, event: 'create', from: null, to: 'draft', actor, sellerId, at: now });
    });
  } catch (err) {
    // Two registrations racing: the one-owner index decides.
    if ((err as { code?: string }).code === '23505') throw exists();
    throw err;
  }
  const owner: Actor = { ...actor, memberships: [...actor.memberships, { sellerId, memberRole: 'owner' }] };
  return getApplication(ctx, owner, sellerId);
}

function detailsColumns(input: Partial<SellerDetailsInput>) {
  const cols: Record<string, unknown> = {};
  if (input.legalName !== undefined) cols.legal_name = input.legalName;
  if (input.shopName !== undefined) cols.shop_name = input.shopName;
  if (input.country !== undefined) cols.country = input.country;
  if (input.region !== undefined) cols.region = input.region;
  if (input.businessType !== undefined) cols.business_type = input.businessType;
  if (input.contactName !== undefined) cols.contact_name = input.contactName;
  if (input.contactEmail !== undefined) cols.contact_email = input.contactEmail;
  if (input.contactPhone !== undefined) cols.contact_phone = input.contactPhone || null;
  if (input.storefronts !== undefined) cols.storefronts = JSON.stringify(input.storefronts);
  return cols as {
    legal_name: string;
    shop_name: string;
    country: string;
    region: string;
    business_type: BusinessType;
    contact_name: string;
    contact_email: string;
    contact_phone: string | null;
    storefronts: string;
  };
}

export async function updateSeller(ctx: AppContext, actor: Actor, sellerId: string, patch: Partial<SellerDetailsInput>): Promise<ApplicationView> {
  assertCanSeeVerification(actor, sellerId);
  assertOwner(actor, sellerId);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const app = await lockedApplication(trx, sellerId);
    if (!isEditable(app.status)) {
      throw conflict('application_locked', `The details cannot change while the application is ${app.status.replace(/_/g, ' ')}.`, { status: app.status });
    }
    const cols = detailsColumns(patch);
    const fields = Object.keys(patch).filter((k) => patch[k as keyof SellerDetailsInput] !== undefined);
    if (fields.length === 0) return;
    const seller = await trx.updateTable('sellers').set({ ...cols, updated_at: now }).where('id', '=', sellerId).returning('status').executeTakeFirstOrThrow();
    await appendHistory(trx, { entityType: 'seller', entityId: sellerId, event: 'update_details', from: seller.status, to: seller.status, actor, data: { fields }, sellerId, at: now });
  });
  return getApplication(ctx, actor, sellerId);
}

async function lockedApplication(trx: Tx, sellerId: string) {
  const app = await repo.lockApplication(trx, sellerId);
  if (!app) throw notFound('Seller');
  return app;
}

/** Submits a draft, or resubmits after a revision; every required document must be there. */
export async function submitApplication(ctx: AppContext, actor: Actor, sellerId: string): Promise<ApplicationView> {
  assertCanSeeVerification(actor, sellerId);
  assertOwner(actor, sellerId);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const app = await lockedApplication(trx, sellerId);
    const seller = (await repo.findSeller(trx, sellerId))!;
    const event = app.status === 'revision_requested' ? 'resubmit' : 'submit';
    // A second submit is an illegal transition (409) before it is anything else.
    nextState(applicationMachine, app.status, event, firersOf(actor));
    const docs = await repo.currentDocuments(trx, app.id);
    const missing = kindsMissingForSubmission(seller.business_type, docs.map(asCurrent));
    if (missing.length) {
      throw unprocessable('documents_missing', `Upload these documents first: ${missing.map((k) => k.replace(/_/g, ' ')).join(', ')}.`, { missing });
    }
    await applyTransition(trx, {
      machine: applicationMachine,
      table: 'seller_applications',
      id: app.id,
      event,
      actor,
      at: now,
      sellerId,
      patch: { submitted_at: now, waiting_since: now },
      data: { documents: docs.map((d) => ({ id: d.id, kind: d.kind, status: d.status })) },
      outbox: { type: 'seller.application_submitted', payload: { sellerId, shopName: seller.shop_name, resubmission: event === 'resubmit' } },
    });
  });
  return getApplication(ctx, actor, sellerId);
}

// ---- the officer's side -----------------------------------------------------------------------

/** Officer actions: a seller the actor cannot see is a 404, a role that may not act a 403. */
function assertOfficerOn(actor: Actor, sellerId: string) {
  assertCanSeeVerification(actor, sellerId);
  assertOfficer(actor);
}

export async function startReview(ctx: AppContext, actor: Actor, sellerId: string): Promise<ApplicationView> {
  assertOfficerOn(actor, sellerId);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const app = await lockedApplication(trx, sellerId);
    await applyTransition(trx, { machine: applicationMachine, table: 'seller_applications', id: app.id, event: 'start_review', actor, at: now, sellerId });
  });
  return getApplication(ctx, actor, sellerId);
}

export async function approveApplication(ctx: AppContext, actor: Actor, sellerId: string, reason?: string | null): Promise<ApplicationView> {
  assertOfficerOn(actor, sellerId);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const app = await lockedApplication(trx, sellerId);
    nextState(applicationMachine, app.status, 'approve', firersOf(actor));
    const seller = (await repo.findSeller(trx, sellerId))!;
    const docs = await repo.currentDocuments(trx, app.id);
    const notApproved = kindsNotApproved(seller.business_type, docs.map(asCurrent), dayOf(now));
    if (notApproved.length) {
      throw conflict('documents_not_approved', `Every required document must be approved first: ${notApproved.map((k) => k.replace(/_/g, ' ')).join(', ')}.`, {
        notApproved,
        documents: notApproved.map((kind) => ({ kind, status: docs.find((d) => d.kind === kind)?.status ?? 'missing' })),
      });
    }
    await applyTransition(trx, {
      machine: applicationMachine,
      table: 'seller_applications',
      id: app.id,
      event: 'approve',
      actor,
      at: now,
      reason: reason || null,
      sellerId,
      patch: { decided_at: now, decided_by: actor.kind === 'user' ? actor.id : null, decision_reason: reason || null, waiting_since: null },
      outbox: { type: 'seller.verified', payload: { sellerId, shopName: seller.shop_name } },
    });
    if (seller.status === 'pending_verification' || seller.status === 'reverification') {
      await applyTransition(trx, { machine: sellerMachine, table: 'sellers', id: sellerId, event: 'verify', actor, at: now, sellerId, patch: { verified_at: now } });
    }
  });
  return getApplication(ctx, actor, sellerId);
}

export async function rejectApplication(ctx: AppContext, actor: Actor, sellerId: string, reason: string): Promise<ApplicationView> {
  assertOfficerOn(actor, sellerId);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const app = await lockedApplication(trx, sellerId);
    const seller = (await repo.findSeller(trx, sellerId))!;
    await applyTransition(trx, {
      machine: applicationMachine,
      table: 'seller_applications',
      id: app.id,
      event: 'reject',
      actor,
      at: now,
      reason,
      sellerId,
      patch: { decided_at: now, decided_by: actor.kind === 'user' ? actor.id : null, decision_reason: reason, waiting_since: null },
      outbox: { type: 'seller.rejected', payload: { sellerId, shopName: seller.shop_name, reason } },
    });
    // A rejected application's documents no longer expire into anything.
    for (const d of await repo.currentDocuments(trx, app.id)) await cancelExpiry(trx, d.id, now);
  });
  return getApplication(ctx, actor, sellerId);
}

// ---- reads ------------------------------------------------------------------------------------

type QueuePage = { limit: number; offset: number; status?: ApplicationStatus };
interface ReadLoaders {
  profiles: Batcher<string, repo.ProfileRow>;
  queues: Batcher<string, Awaited<ReturnType<typeof repo.reviewQueue>>>;
}
const readLoaders = new WeakMap<AppContext['db'], ReadLoaders>();

/**
 * The hot reads of concurrent requests go to the database together (see Batcher): one query for the profiles
 * of many sellers, one for every request asking for the same page of the review queue.
 */
function loaders(ctx: AppContext): ReadLoaders {
  let l = readLoaders.get(ctx.db);
  if (!l) {
    const db = ctx.db;
    l = {
      profiles: new Batcher((ids) => repo.sellerProfiles(db, ids), { concurrency: 4, maxBatch: 100 }),
      queues: new Batcher(
        async (keys) => new Map(await Promise.all(keys.map(async (k) => [k, await repo.reviewQueue(db, JSON.parse(k) as QueuePage)] as const))),
        { concurrency: 2, maxBatch: 10 },
      ),
    };
    readLoaders.set(db, l);
  }
  return l;
}

export async function getSellerProfile(ctx: AppContext, actor: Actor, sellerId: string) {
  assertCanSeeSeller(actor, sellerId);
  // One round trip, shared with the profiles other requests are asking for at the same moment.
  const row = await loaders(ctx).profiles.load(sellerId);
  if (!row) throw notFound('Seller');
  const expiring = row.documents.filter((d) => d.status === 'approved' && d.expires_on).map((d) => d.expires_on!).sort();
  return {
    seller: sellerDetails(row),
    maySell: maySell(row.status),
    verification: {
      id: row.app_id,
      status: row.app_status,
      submittedAt: row.app_submitted_at ? row.app_submitted_at.toISOString() : null,
      waitingSince: row.app_waiting_since ? row.app_waiting_since.toISOString() : null,
      decidedAt: row.app_decided_at ? row.app_decided_at.toISOString() : null,
      decisionReason: row.app_decision_reason,
      requiredKinds: requiredKinds(row.business_type),
      documents: row.documents.map((d) => ({ id: d.id, kind: d.kind, status: d.status, expiresOn: d.expires_on, version: d.version })),
      nextExpiry: expiring[0] ?? null,
    },
    members: row.members.map((m) => ({ userId: m.userId, name: m.name, email: m.email, memberRole: m.memberRole, since: new Date(m.since).toISOString() })),
  };
}

export async function getTimeline(ctx: AppContext, actor: Actor, sellerId: string, page: { limit: number; offset: number }) {
  assertCanSeeSeller(actor, sellerId);
  const seller = await repo.findSeller(ctx.db, sellerId);
  if (!seller) throw notFound('Seller');
  const { rows, total } = await repo.timeline(ctx.db, sellerId, page);
  return { items: rows.map((r) => timelineView(actor, r)), total, limit: page.limit, offset: page.offset };
}

/** Staff search every seller; anyone else sees only the organisations they belong to. */
export async function listSellers(ctx: AppContext, actor: Actor, filter: { status?: SellerStatus; q?: string; limit: number; offset: number }) {
  const onlyIds = isStaff(actor) ? undefined : actor.memberships.map((m) => m.sellerId);
  const { rows, total } = await repo.listSellers(ctx.db, { ...filter, onlyIds });
  return {
    items: rows.map((r) => ({
      id: r.id,
      legalName: r.legal_name,
      shopName: r.shop_name,
      country: r.country,
      region: r.region,
      businessType: r.business_type,
      status: r.status,
      applicationStatus: r.application_status,
      verifiedAt: r.verified_at ? r.verified_at.toISOString() : null,
      createdAt: r.created_at.toISOString(),
    })),
    total,
    limit: filter.limit,
    offset: filter.offset,
  };
}

export async function reviewQueue(ctx: AppContext, actor: Actor, page: QueuePage) {
  if (!isOfficer(actor)) throw forbidden('Only a compliance officer or an admin may see the review queue.', 'officer_only');
  const now = ctx.clock.now();
  const key = JSON.stringify({ limit: page.limit, offset: page.offset, ...(page.status ? { status: page.status } : {}) });
  const { rows, total } = (await loaders(ctx).queues.load(key))!;
  return {
    items: rows.map((r) => ({
      applicationId: r.application_id,
      sellerId: r.seller_id,
      legalName: r.legal_name,
      shopName: r.shop_name,
      country: r.country,
      region: r.region,
      businessType: r.business_type,
      sellerStatus: r.seller_status,
      status: r.application_status,
      submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
      waitingSince: r.waiting_since ? new Date(r.waiting_since).toISOString() : null,
      waitingSeconds: r.waiting_since ? Math.max(0, Math.floor((now.getTime() - new Date(r.waiting_since).getTime()) / 1000)) : 0,
      documentCounts: {
        pending_review: Number(r.pending_review),
        approved: Number(r.approved),
        rejected: Number(r.rejected),
        revision_requested: Number(r.revision_requested),
        expired: Number(r.expired),
      },
    })),
    total,
    limit: page.limit,
    offset: page.offset,
  };
}
