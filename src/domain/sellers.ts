import type { ApplicationStatus, DocumentKind, DocumentStatus, SellerStatus } from '../db/tables/sellers.js';
import { defineMachine } from './state-machine.js';

/**
 * Seller verification (DESIGN §1 "Seller registration and verification"): the transition tables of the
 * application, its documents and the seller account, and the pure rules around them.
 */

const OFFICERS = ['compliance_officer', 'admin'] as const;
const SELLER = ['seller'] as const;
const SYSTEM = ['system'] as const;

// ---- application ------------------------------------------------------------------------------

export const APPLICATION_STATES = ['draft', 'submitted', 'under_review', 'revision_requested', 'verified', 'rejected'] as const satisfies readonly ApplicationStatus[];
export type ApplicationEvent = 'submit' | 'start_review' | 'request_revision' | 'resubmit' | 'approve' | 'reject' | 'document_expired' | 'reapply';

export const applicationMachine = defineMachine<ApplicationStatus, ApplicationEvent>('seller_application', APPLICATION_STATES, [
  { from: ['draft'], event: 'submit', to: 'submitted', by: SELLER },
  { from: ['submitted'], event: 'start_review', to: 'under_review', by: OFFICERS },
  { from: ['under_review'], event: 'request_revision', to: 'revision_requested', by: OFFICERS },
  // The officer already holds the case, so the re-uploaded document goes straight back to them.
  { from: ['revision_requested'], event: 'resubmit', to: 'under_review', by: SELLER },
  { from: ['under_review'], event: 'approve', to: 'verified', by: OFFICERS },
  // A seller who never fixes what was asked can be turned down without another round.
  { from: ['under_review', 'revision_requested'], event: 'reject', to: 'rejected', by: OFFICERS },
  { from: ['submitted', 'under_review', 'verified'], event: 'document_expired', to: 'revision_requested', by: SYSTEM },
  // A new revision of a rejected application, after the policy's cooldown; the old decision stays in history.
  { from: ['rejected'], event: 'reapply', to: 'draft', by: SELLER },
]);

// ---- document ---------------------------------------------------------------------------------

export const DOCUMENT_STATES = ['pending_review', 'approved', 'rejected', 'revision_requested', 'superseded', 'expired'] as const satisfies readonly DocumentStatus[];
export type DocumentEvent = 'approve' | 'reject' | 'request_revision' | 'supersede' | 'expire' | 'archive';
export type DocumentDecision = 'approve' | 'reject' | 'request_revision';

export const documentMachine = defineMachine<DocumentStatus, DocumentEvent>('seller_document', DOCUMENT_STATES, [
  // Officers may correct an earlier decision while the application is still open.
  { from: ['pending_review', 'rejected'], event: 'approve', to: 'approved', by: OFFICERS },
  { from: ['pending_review', 'approved'], event: 'reject', to: 'rejected', by: OFFICERS },
  { from: ['pending_review', 'approved', 'rejected'], event: 'request_revision', to: 'revision_requested', by: OFFICERS },
  { from: ['pending_review', 'revision_requested', 'expired'], event: 'supersede', to: 'superseded', by: SELLER },
  { from: ['approved'], event: 'expire', to: 'expired', by: SYSTEM },
  // A rejected application started again: its documents (whatever their decision) leave the new revision,
  // which is reviewed on fresh uploads; they stay in the history with their decisions.
  { from: ['pending_review', 'approved', 'rejected', 'revision_requested', 'expired'], event: 'archive', to: 'superseded', by: SELLER },
]);

// ---- seller account ---------------------------------------------------------------------------

export const SELLER_STATES = ['pending_verification', 'active', 'reverification', 'restricted', 'suspended', 'banned'] as const satisfies readonly SellerStatus[];
export type SellerEvent = 'verify' | 'require_reverification' | 'restrict' | 'suspend' | 'reinstate' | 'ban' | 'lift_ban';
// Enforcement moves the account itself when auto-confirmed violations or expiring points change the sanctions.
const ENFORCERS = [...OFFICERS, 'system'] as const;

export const sellerMachine = defineMachine<SellerStatus, SellerEvent>('seller', SELLER_STATES, [
  { from: ['pending_verification', 'reverification'], event: 'verify', to: 'active', by: OFFICERS },
  { from: ['active', 'restricted'], event: 'require_reverification', to: 'reverification', by: SYSTEM },
  // Enforcement (a later module) drives these; they live here so the account has one table.
  { from: ['active', 'suspended'], event: 'restrict', to: 'restricted', by: ENFORCERS },
  { from: ['active', 'restricted'], event: 'suspend', to: 'suspended', by: ENFORCERS },
  { from: ['restricted', 'suspended'], event: 'reinstate', to: 'active', by: ENFORCERS },
  { from: ['active', 'restricted', 'suspended', 'reverification'], event: 'ban', to: 'banned', by: ENFORCERS },
  // an upheld appeal or an undone bulk ban; enforcement then restricts again if other sanctions remain
  { from: ['banned'], event: 'lift_ban', to: 'active', by: OFFICERS },
]);

/** A seller may list and sell only while active or restricted (DESIGN §1: not until verified). */
export function maySell(status: SellerStatus): boolean {
  return status === 'active' || status === 'restricted';
}

// ---- documents --------------------------------------------------------------------------------

export const DOCUMENT_KINDS = ['identity', 'business_licence', 'proof_of_address'] as const satisfies readonly DocumentKind[];
export type BusinessType = 'individual' | 'company';

/** Identity and proof of address always; a business licence for companies. */
export function requiredKinds(businessType: BusinessType): DocumentKind[] {
  return businessType === 'company' ? ['identity', 'business_licence', 'proof_of_address'] : ['identity', 'proof_of_address'];
}

/** Identity documents and business licences carry an expiry date; a utility bill does not. */
export function expiryRequired(kind: DocumentKind): boolean {
  return kind === 'identity' || kind === 'business_licence';
}

export interface CurrentDocument {
  kind: DocumentKind;
  status: DocumentStatus;
  expiresOn: string | null;
}

/** Statuses that still need a new upload from the seller before the application can go (back) to review. */
const NEEDS_UPLOAD: readonly DocumentStatus[] = ['revision_requested', 'expired'];

/** Required kinds with no usable document, which block a submission or resubmission. */
export function kindsMissingForSubmission(businessType: BusinessType, docs: readonly CurrentDocument[]): DocumentKind[] {
  return requiredKinds(businessType).filter((kind) => {
    const d = docs.find((x) => x.kind === kind);
    return !d || NEEDS_UPLOAD.includes(d.status);
  });
}

/** Required kinds not approved (or approved but past their date), which block approving the application. */
export function kindsNotApproved(businessType: BusinessType, docs: readonly CurrentDocument[], today: string): DocumentKind[] {
  return requiredKinds(businessType).filter((kind) => {
    const d = docs.find((x) => x.kind === kind);
    return !d || d.status !== 'approved' || (d.expiresOn !== null && d.expiresOn < today);
  });
}

/**
 * Which kinds the seller may upload now. In a draft, any kind. Once reviewed, only what the officer sent back
 * (revision requested), what expired, or a required kind that never had a document (the business type changed).
 */
export function uploadableKinds(status: ApplicationStatus, businessType: BusinessType, docs: readonly CurrentDocument[]): DocumentKind[] {
  if (status === 'draft') return [...DOCUMENT_KINDS];
  if (status !== 'revision_requested') return [];
  const required = requiredKinds(businessType);
  return DOCUMENT_KINDS.filter((kind) => {
    const d = docs.find((x) => x.kind === kind);
    if (!d) return required.includes(kind);
    return d.status === 'revision_requested' || d.status === 'expired';
  });
}

/** When the owner may start a rejected application again: the rejection plus the policy's cooldown. */
export function reapplyAvailableAt(decidedAt: Date, cooldownDays: number): Date {
  return new Date(decidedAt.getTime() + cooldownDays * DAY_MS);
}

export function isEditable(status: ApplicationStatus): boolean {
  return status === 'draft' || status === 'revision_requested';
}

// ---- expiry -----------------------------------------------------------------------------------

export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' of an instant, in UTC (the platform's day for deadlines stored as dates). */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** True when `s` is a real calendar date written as YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && dayOf(d) === s;
}

/** A document is valid through its expiry date and expired from the start of the next day (UTC). */
export function expiryDueAt(expiresOn: string): Date {
  return new Date(new Date(`${expiresOn}T00:00:00Z`).getTime() + DAY_MS);
}

/** The warning goes out 30 days before the expiry date, or at once when that moment has already passed. */
export function expiryWarningDueAt(expiresOn: string, now: Date): Date {
  const due = new Date(new Date(`${expiresOn}T00:00:00Z`).getTime() - EXPIRY_WARNING_DAYS * DAY_MS);
  return due < now ? now : due;
}

/** Whole days from `today` to `expiresOn` (0 on the last valid day). */
export function daysUntil(expiresOn: string, today: string): number {
  return Math.round((Date.parse(`${expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}
