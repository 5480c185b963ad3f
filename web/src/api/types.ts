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

// ---- orders, refunds and logistics ------------------------------------------------------------

export const ORDER_STATUSES = [
  'paid',
  'cancellation_requested',
  'cancelled',
  'dispatched',
  'received_at_warehouse',
  'qc_passed',
  'qc_failed',
  'shipped_international',
  'delivered',
  'completed',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type OrderItemStatus = 'paid' | 'cancelled' | 'dispatched' | 'received_at_warehouse' | 'qc_passed' | 'qc_failed' | 'shipped_international' | 'delivered' | 'refunded';
export type RefundStatus = 'pending' | 'sent' | 'settled' | 'failed';
export type SignalType = 'method_mismatch' | 'tracking_reused' | 'fictitious_dispatch_suspected';
export const PARCEL_STATUSES = ['created', 'in_transit', 'delivered', 'cancelled'] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];

/** Carrier codes the API accepts for dispatch and parcels, in the order the forms list them. */
export const CARRIER_CODES = ['sf', 'ems', 'yto', 'zto', 'sto', 'yunda', 'jd', 'cainiao', 'yunexpress', '4px', 'upu-s10', 'ups', 'fedex', 'dhl', 'usps'] as const;
export type CarrierCode = (typeof CARRIER_CODES)[number];

export interface Cancellation {
  requestedAt: string;
  reason: string | null;
  outcome: 'accepted' | 'refused' | 'silence' | null;
  answeredAt: string | null;
  refusalReason: string | null;
}

export interface OrderSummary {
  id: string;
  source: string;
  externalId: string;
  status: OrderStatus;
  sellerId: string;
  buyerId: string;
  currency: string;
  itemsTotal: number;
  shippingMethod: { carrier: string; service: string };
  paidAt: string;
  processingDays: number;
  dispatchDeadline: string;
  /** Business days to the dispatch deadline on the seller's calendar; negative when overdue; null once dispatched. */
  businessDaysLeft: number | null;
  overdue: boolean;
  dispatchedAt: string | null;
  dispatchedLate: boolean | null;
  trackingValidAt: string | null;
  cancellation: Cancellation | null;
  cancelledAt: string | null;
  receivedAtWarehouseAt: string | null;
  shippedInternationalAt: string | null;
  deliveredAt: string | null;
  completedAt: string | null;
  refundedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Refund {
  id: string;
  orderId: string;
  amount: number;
  currency: string;
  reason: string;
  caseId: string | null;
  status: RefundStatus;
  paymentReference: string;
  providerReference: string | null;
  failureReason: string | null;
  requestedBy: string | null;
  requestedAt: string;
  sentAt: string | null;
  settledAt: string | null;
  failedAt: string | null;
}

export interface Shipment {
  id: string;
  carrier: string;
  service: string | null;
  trackingNumber: string;
  dispatchedAt: string;
  dispatchDeadline: string;
  late: boolean;
  validTrackingAt: string | null;
  lastScanAt: string | null;
  lastEventCode: string | null;
}

export interface CarrierScan {
  id: string;
  carrier: string;
  trackingNumber: string;
  eventCode: string;
  description: string;
  location: string;
  occurredAt: string;
  receivedAt: string;
}

export interface OrderSignal {
  id: string;
  type: SignalType;
  shipmentId: string | null;
  evidence: Record<string, unknown>;
  createdAt: string;
}

export interface OrderDetail extends OrderSummary {
  items: { id: string; lineNo: number; productId: string; name: string; sku: string | null; quantity: number; unitPrice: number; status: OrderItemStatus }[];
  payment: { capturedAmount: number; currency: string; method: string; reference: string; capturedAt: string; refundedTotal: number; remainingAmount: number };
  refunds: Refund[];
  shipments: Shipment[];
  scans: CarrierScan[];
  /** Staff only. */
  signals?: OrderSignal[];
  timeline: { id: string; entityType: string; entityId: string; event: string; from: string | null; to: string; actorRole: string; reason: string | null; data: Record<string, unknown>; at: string }[];
}

export interface Protection {
  orderId: string;
  orderStatus: string;
  parcelId: string;
  startedAt: string;
  initialDays: number;
  extendedDays: number;
  endsAt: string;
  daysLeft: number;
  extensionRequested: boolean;
  extensionRequest: { days: number; reason: string | null; requestedAt: string } | null;
  buyerConfirmedAt: string | null;
  endedAt: string | null;
  endOutcome: 'completed' | 'delivered_and_completed' | 'held_by_dispute' | 'not_applicable' | null;
  policyVersion: number;
}

export type TrackingEventType =
  | 'paid'
  | 'cancellation_requested'
  | 'cancellation_refused'
  | 'cancellation_request_expired'
  | 'cancelled'
  | 'dispatched'
  | 'carrier_scan'
  | 'received_at_warehouse'
  | 'qc_passed'
  | 'qc_failed'
  | 'parcel_shipped'
  | 'parcel_scan'
  | 'delivered'
  | 'delivery_confirmed'
  | 'protection_extension_requested'
  | 'protection_extended'
  | 'protection_ended'
  | 'completed'
  | 'refunded';

export interface TrackingEvent {
  at: string;
  type: TrackingEventType | string;
  actorRole: string | null;
  data: Record<string, unknown>;
}

export interface OrderTracking {
  orderId: string;
  status: OrderStatus;
  parcel: { id: string; status: ParcelStatus; carrier: string; carrierName: string; trackingNumber: string; insured: boolean } | null;
  protection: Protection | null;
  events: TrackingEvent[];
}

export interface RefundLedger {
  orderId: string;
  currency: string;
  capturedAmount: number;
  refundedTotal: number;
  remainingAmount: number;
  refunds: Refund[];
}

export interface TrackingValidation {
  valid: boolean;
  carriers: CarrierCode[];
  reason: string | null;
  normalized: string;
}

export interface ReceiptPhoto {
  id: string;
  receiptId: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: string;
}

export interface WarehouseReceipt {
  id: string;
  orderId: string;
  orderStatus: string;
  sellerId: string;
  buyerId: string;
  shipmentId: string | null;
  trackingNumber: string | null;
  weightGrams: number;
  notes: string | null;
  receivedBy: string | null;
  receivedAt: string;
  photos: ReceiptPhoto[];
}

export interface QcPassResult {
  orderId: string;
  status: string;
  qcDecidedAt: string | null;
  passedItemIds: string[];
  items: { id: string; lineNo: number; name: string; status: string }[];
}

export interface Parcel {
  id: string;
  status: ParcelStatus;
  buyerId: string;
  orders: { orderId: string; sellerId: string; status: string; protectionEndsAt: string | null }[];
  carrier: string;
  carrierName: string;
  trackingNumber: string;
  declaredWeightGrams: number;
  declaredValue: { amount: number; currency: string };
  insured: boolean;
  createdBy: string | null;
  createdAt: string;
  shippedAt: string | null;
  deliveredAt: string | null;
  cancelledAt: string | null;
  lastEvent: { code: string; at: string } | null;
  events?: { id: string; eventCode: string; description: string; location: string; occurredAt: string; receivedAt: string }[];
}

export interface CalendarStatus {
  timeZone: string;
  source: { package: string; version: string };
  coveredYears: number[];
  checkedYears: number[];
  missing: number[];
  missingYearOverrides: { year: number; overrides: number }[];
}

// ---- QC reports and cases ---------------------------------------------------------------------

/** The same text in English and Simplified Chinese, rendered by the server from structured fields. */
export interface Bilingual {
  en: string;
  'zh-CN': string;
}

export const QC_ISSUE_TYPES = ['defect', 'wrong_colour', 'size_discrepancy', 'damage', 'missing_parts', 'not_as_described', 'suspected_counterfeit'] as const;
export type QcIssueType = (typeof QC_ISSUE_TYPES)[number];
export const QC_SEVERITIES = ['minor', 'major', 'critical'] as const;
export type QcSeverity = (typeof QC_SEVERITIES)[number];
export const REMEDY_TYPES = ['return_for_refund', 'exchange', 'partial_refund', 'accept_as_is'] as const;
export type RemedyType = (typeof REMEDY_TYPES)[number];
export const REFUSAL_REASONS = ['item_matches_listing', 'within_tolerance', 'buyer_chose_variant', 'inspection_error', 'other'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
export type CaseParty = 'buyer' | 'seller' | 'support' | 'warehouse';

export type Remedy =
  | { type: 'return_for_refund' }
  | { type: 'exchange'; size?: string | null; colour?: string | null; priceDifference?: { amount: number; owedBy: 'buyer' | 'seller' } | null }
  | { type: 'partial_refund'; amount: number }
  | { type: 'accept_as_is' };

export interface QcMedia {
  id: string;
  reportId: string | null;
  orderItemId: string;
  kind: 'photo' | 'video';
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  fileName: string;
  caption: string | null;
  uploadedBy: string | null;
  uploadedAt: string;
  url: string;
}

export interface QcReport {
  id: string;
  orderId: string;
  orderItemId: string;
  sellerId: string;
  buyerId: string;
  subject: 'original' | 'replacement';
  caseId: string | null;
  result: 'pass' | 'fail';
  severity: QcSeverity | null;
  issues: { type: QcIssueType; description: string | null; label: Bilingual }[];
  measurements: { name: string; expected?: string | null; actual: string; unit?: string | null; text: Bilingual }[];
  notes: string | null;
  summary: Bilingual;
  inspectorId: string | null;
  createdAt: string;
  item: { name: string; sku: string | null; quantity: number; unitPrice: number; lineNo: number } | null;
  media: QcMedia[];
}

export interface QcReportInput {
  orderItemId: string;
  result: 'pass' | 'fail';
  severity?: QcSeverity;
  issues?: { type: QcIssueType; description?: string | null }[];
  measurements?: { name: string; expected?: string | null; actual: string; unit?: string | null }[];
  notes?: string;
  mediaIds?: string[];
}

export interface RemedyView {
  remedy: Remedy;
  text: Bilingual;
}

export interface CaseDeadline {
  at: string;
  party: CaseParty;
  onExpiry: string;
  whatHappens: Bilingual;
  overdue: boolean;
  hoursLeft: number;
  businessDaysLeft: number | null;
}

export interface CaseSummary {
  id: string;
  type: 'qc_failure';
  status: string;
  round: number;
  orderId: string;
  orderItemId: string | null;
  itemName: string | null;
  sellerId: string;
  shopName: string;
  buyerId: string;
  claimAmount: number;
  currency: string;
  itemLocation: 'warehouse' | 'in_return' | 'seller';
  requestedRemedy: RemedyView | null;
  agreedRemedy: RemedyView | null;
  agreedVia: string | null;
  deadline: CaseDeadline | null;
  waitingFor: CaseParty | null;
  escalatedAt: string | null;
  openedAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
}

export interface QueueEntry extends CaseSummary {
  queueReason: 'escalated' | 'overdue' | 'refund_failed';
  dueAt: string;
}

export interface CaseAttachment {
  id: string;
  caseId: string;
  messageId: string | null;
  kind: 'photo' | 'video' | 'document';
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: string;
  url: string;
}

export interface CaseProposal {
  id: string;
  round: number;
  kind: 'request' | 'counter' | 'refusal' | 'decision';
  party: 'buyer' | 'seller' | 'support' | 'system';
  authorId: string | null;
  remedy: Remedy | null;
  reasonCode: string | null;
  reason: string | null;
  status: 'open' | 'accepted' | 'rejected' | 'superseded' | 'final';
  text: Bilingual;
  createdAt: string;
  answeredAt: string | null;
}

export interface PostalAddress {
  name: string;
  phone: string;
  country: string;
  province: string;
  city: string;
  district: string;
  addressLine: string;
  postalCode: string;
}

export interface CaseAction {
  action: string;
  method: 'POST' | 'GET';
  path: string;
  remedies?: RemedyType[];
}

export interface CaseView extends CaseSummary {
  reference: string;
  viewer: { side: 'buyer' | 'seller' | 'staff' | 'integration' };
  order: { id: string; externalId: string; status: string; currency: string; capturedAmount: number; refundedTotal: number; remainingAmount: number };
  item: { id: string; lineNo: number; name: string; sku: string | null; quantity: number; unitPrice: number; lineTotal: number; status: string } | null;
  seller: { id: string; shopName: string; country: string };
  escalation: { at: string; by: string | null; reason: string | null } | null;
  decision: { at: string; by: string | null; reason: string | null; remedy: RemedyView | null } | null;
  qcReports: QcReport[];
  proposals: CaseProposal[];
  thread: {
    id: string;
    kind: 'message' | 'proposal';
    at: string;
    author: { id: string | null; role: string; name: string | null };
    body: string | null;
    attachments: CaseAttachment[];
    proposal: CaseProposal | null;
  }[];
  history: { id: string; event: string; from: string | null; to: string; actorId: string | null; actorRole: string; reason: string | null; data: Record<string, unknown>; at: string }[];
  labels: { id: string; round: number; issuedAt: string; addressSource: string; shipTo: PostalAddress; url: string }[];
  shipments: {
    id: string;
    round: number;
    direction: 'return_to_seller' | 'replacement_to_warehouse';
    carrier: string;
    trackingNumber: string;
    shippedAt: string;
    deliveredAt: string | null;
    receivedAt: string | null;
    receivedVia: string | null;
    lastEventCode: string | null;
    lastEventAt: string | null;
    events: { eventCode: string; description: string; location: string; occurredAt: string }[];
  }[];
  refunds: Refund[];
  refundSummary: { due: number; committed: number; settled: number; pending: number; failed: number; allSettled: boolean };
  responsiveness: {
    round: number;
    requestedAt: string;
    dueAt: string;
    businessDaysAllowed: number;
    firstResponseAt: string | null;
    response: 'accepted' | 'countered' | 'refused' | 'silence' | null;
    respondedAt: string | null;
    respondedOnTime: boolean | null;
  }[];
  availableActions: CaseAction[];
}

export type SellerResponse =
  | { action: 'accept'; note?: string }
  | { action: 'counter'; remedy: Remedy; note?: string }
  | { action: 'refuse'; reasonCode: RefusalReason; reason?: string };
