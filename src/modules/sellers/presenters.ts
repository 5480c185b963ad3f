import type { DocumentKind } from '../../db/tables/sellers.js';
import { availableEvents } from '../../domain/state-machine.js';
import {
  DOCUMENT_KINDS,
  applicationMachine,
  documentMachine,
  isEditable,
  kindsNotApproved,
  requiredKinds,
  uploadableKinds,
  dayOf,
  type CurrentDocument,
  type DocumentDecision,
} from '../../domain/sellers.js';
import { isStaff, type Actor } from '../../platform/actor.js';
import { firersFor, isOfficer, isOwner } from './access.js';
import type { ApplicationRow, DocumentRow, SellerRow, TimelineRow } from './repo.js';

/** Rows → the shapes the API returns. */

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function sellerDetails(s: SellerRow) {
  return {
    id: s.id,
    legalName: s.legal_name,
    shopName: s.shop_name,
    country: s.country,
    region: s.region,
    businessType: s.business_type,
    contactName: s.contact_name,
    contactEmail: s.contact_email,
    contactPhone: s.contact_phone,
    storefronts: s.storefronts,
    status: s.status,
    verifiedAt: iso(s.verified_at),
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
  };
}

export function applicationSummary(a: ApplicationRow) {
  return {
    id: a.id,
    status: a.status,
    submittedAt: iso(a.submitted_at),
    waitingSince: iso(a.waiting_since),
    decidedAt: iso(a.decided_at),
    decisionReason: a.decision_reason,
  };
}

export const asCurrent = (d: DocumentRow): CurrentDocument => ({ kind: d.kind, status: d.status, expiresOn: d.expires_on });

const DECISIONS: readonly string[] = ['approve', 'reject', 'request_revision'] satisfies DocumentDecision[];

/** Decisions an officer may take on a document now: the table's, while the application is open for review. */
export function documentDecisions(actor: Actor, app: ApplicationRow, d: DocumentRow): DocumentDecision[] {
  if (!isOfficer(actor) || (app.status !== 'under_review' && app.status !== 'revision_requested')) return [];
  return availableEvents(documentMachine, d.status, firersFor(actor, d.seller_id)).filter((e): e is DocumentDecision => DECISIONS.includes(e));
}

export function documentView(d: DocumentRow, decisions: DocumentDecision[] = []) {
  return {
    id: d.id,
    kind: d.kind,
    status: d.status,
    fileName: d.file_name,
    mediaType: d.media_type,
    sizeBytes: Number(d.size_bytes),
    sha256: d.sha256,
    expiresOn: d.expires_on,
    uploadedAt: d.uploaded_at.toISOString(),
    reviewReason: d.review_reason,
    reviewedAt: iso(d.reviewed_at),
    version: d.version,
    fileUrl: `/api/v1/documents/${d.id}/file`,
    availableDecisions: decisions,
  };
}

/**
 * What the caller may do with the application now. Transitions come from the table (for the roles the actor
 * holds on this seller); `edit_details` and `upload_documents` are the owner's non-transition actions.
 * `request_revision` is taken per document, so it is listed on the documents instead.
 */
export function applicationActions(actor: Actor, seller: SellerRow, app: ApplicationRow, docs: DocumentRow[]): string[] {
  const actions: string[] = [];
  if (isOwner(actor, seller.id) && isEditable(app.status)) {
    actions.push('edit_details');
    if (uploadableKinds(app.status, seller.business_type, docs.map(asCurrent)).length > 0) actions.push('upload_documents');
  }
  for (const e of availableEvents(applicationMachine, app.status, firersFor(actor, seller.id))) {
    if (e !== 'request_revision' && e !== 'document_expired') actions.push(e);
  }
  return actions;
}

const kindOrder = (k: DocumentKind) => DOCUMENT_KINDS.indexOf(k);

export function applicationView(actor: Actor, seller: SellerRow, app: ApplicationRow, docs: DocumentRow[], now: Date) {
  const sorted = [...docs].sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind));
  const current = sorted.map(asCurrent);
  const owner = isOwner(actor, seller.id);
  return {
    seller: sellerDetails(seller),
    application: applicationSummary(app),
    requiredKinds: requiredKinds(seller.business_type),
    documents: sorted.map((d) => documentView(d, documentDecisions(actor, app, d))),
    availableActions: applicationActions(actor, seller, app, docs),
    uploadableKinds: owner ? uploadableKinds(app.status, seller.business_type, current) : [],
    /** Required kinds that still keep the application from being approved. */
    notApprovedKinds: kindsNotApproved(seller.business_type, current, dayOf(now)),
  };
}

export function timelineView(viewer: Actor, r: TimelineRow) {
  // Sellers see which role acted, not which member of staff.
  const staffActor = r.actor_role !== 'seller' && r.actor_role !== 'system';
  const hideIdentity = staffActor && !isStaff(viewer);
  return {
    id: r.id,
    at: r.at.toISOString(),
    entityType: r.entity_type,
    entityId: r.entity_id,
    event: r.event,
    from: r.from_state,
    to: r.to_state,
    actor: {
      id: hideIdentity ? null : r.actor_id,
      name: hideIdentity ? null : r.actor_role === 'system' ? 'Arbiter' : r.actor_name,
      role: r.actor_role,
    },
    reason: r.reason,
    data: r.data ?? {},
  };
}
