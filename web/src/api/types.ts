/** Shapes of the API's responses, as the console uses them. */

export type Locale = 'en' | 'zh-CN';
export type UserRole = 'buyer' | 'seller' | 'qc_inspector' | 'support_agent' | 'compliance_officer' | 'admin';
export type ApiKeyRole = UserRole | 'integration';
export const USER_ROLES: UserRole[] = ['buyer', 'seller', 'qc_inspector', 'support_agent', 'compliance_officer', 'admin'];
export const API_KEY_ROLES: ApiKeyRole[] = [...USER_ROLES, 'integration'];

export interface Membership {
  sellerId: string;
  memberRole: 'owner' | 'staff';
  shopName: string;
  status: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  roles: UserRole[];
  locale: Locale;
  status: 'active' | 'disabled';
  createdAt: string;
  sellers?: Membership[];
}

export interface Session {
  user: User;
  csrfToken: string | null;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  roles: ApiKeyRole[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  roles: ApiKeyRole[];
  prefix: string;
  secret: string;
  createdAt: string;
}

// ---- sellers ----------------------------------------------------------------------------------

export type BusinessType = 'individual' | 'company';
export type SellerStatus = 'pending_verification' | 'active' | 'reverification' | 'restricted' | 'suspended' | 'banned';
export type ApplicationStatus = 'draft' | 'submitted' | 'under_review' | 'revision_requested' | 'verified' | 'rejected';
export type DocumentKind = 'identity' | 'business_licence' | 'proof_of_address';
export type DocumentStatus = 'pending_review' | 'approved' | 'rejected' | 'revision_requested' | 'superseded' | 'expired';
export type DocumentDecision = 'approve' | 'reject' | 'request_revision';

export interface Storefront {
  platform: string;
  url?: string | null;
  name?: string | null;
}

export interface SellerInput {
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

export interface Seller extends SellerInput {
  id: string;
  contactPhone: string | null;
  status: SellerStatus;
  verifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ApplicationSummary {
  id: string;
  status: ApplicationStatus;
  submittedAt: string | null;
  waitingSince: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface SellerDocument {
  id: string;
  kind: DocumentKind;
  status: DocumentStatus;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  expiresOn: string | null;
  uploadedAt: string;
  reviewReason: string | null;
  reviewedAt: string | null;
  version: number;
  fileUrl: string;
  availableDecisions: DocumentDecision[];
}

/** edit_details, upload_documents, submit, resubmit, start_review, approve, reject */
export type ApplicationAction = 'edit_details' | 'upload_documents' | 'submit' | 'resubmit' | 'start_review' | 'approve' | 'reject';

export interface ApplicationView {
  seller: Seller;
  application: ApplicationSummary;
  requiredKinds: DocumentKind[];
  documents: SellerDocument[];
  availableActions: string[];
  /** Kinds the caller may upload now (the owner only). */
  uploadableKinds: DocumentKind[];
  /** Required kinds that still keep the application from being approved. */
  notApprovedKinds: DocumentKind[];
}

export interface SellerProfile {
  seller: Seller;
  maySell: boolean;
  verification: ApplicationSummary & {
    requiredKinds: DocumentKind[];
    documents: { id: string; kind: DocumentKind; status: DocumentStatus; expiresOn: string | null; version: number }[];
    nextExpiry: string | null;
  };
  members: { userId: string; name: string; email: string; memberRole: 'owner' | 'staff'; since: string }[];
}

export interface SellerListItem {
  id: string;
  legalName: string;
  shopName: string;
  country: string;
  region: string;
  businessType: BusinessType;
  status: SellerStatus;
  applicationStatus: ApplicationStatus | null;
  verifiedAt: string | null;
  createdAt: string;
}

export interface QueueItem {
  applicationId: string;
  sellerId: string;
  legalName: string;
  shopName: string;
  country: string;
  region: string;
  businessType: BusinessType;
  sellerStatus: SellerStatus;
  status: ApplicationStatus;
  submittedAt: string | null;
  waitingSince: string | null;
  waitingSeconds: number;
  documentCounts: { pending_review: number; approved: number; rejected: number; revision_requested: number; expired: number };
}

export interface TimelineEntry {
  id: string;
  at: string;
  entityType: string;
  entityId: string;
  event: string;
  from: string | null;
  to: string;
  actor: { id: string | null; name: string | null; role: string };
  reason: string | null;
  data: Record<string, unknown>;
}

// ---- webhooks ---------------------------------------------------------------------------------

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  stats: { pending: number; succeeded: number; failed: number };
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventType: string;
  outboxId: string;
  status: DeliveryStatus;
  attempts: number;
  maxAttempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  succeededAt: string | null;
}

export interface EventTypeInfo {
  type: string;
  description: string;
}

// ---- notifications ----------------------------------------------------------------------------

export interface Notification {
  id: string;
  eventType: string;
  /** Rendered by the server in the reader's language. */
  title: string;
  body: string;
  data: Record<string, unknown>;
  /** A console path or an absolute URL. */
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface Page<T> {
  items: T[];
  total?: number;
  limit?: number;
  offset?: number;
}
