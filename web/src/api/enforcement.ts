import { api, uploadFile, type UploadHandle } from './client';

const e = encodeURIComponent;

export type ViolationStatus = 'proposed' | 'confirmed' | 'dismissed' | 'reversed';
export type ViolationOrigin = 'detector' | 'audit' | 'officer' | 'bulk' | 'report';
export type SanctionKind = 'warning' | 'no_promotions' | 'search_demotion' | 'listing_limit' | 'small_parcel_restriction' | 'suspension' | 'ban' | 'claim_limit';
export type SellerSanction = Exclude<SanctionKind, 'claim_limit'>;
export const SELLER_SANCTIONS: SellerSanction[] = ['warning', 'no_promotions', 'search_demotion', 'listing_limit', 'small_parcel_restriction', 'suspension', 'ban'];

/** Rules the policy knows (the detectors' and the buyers'); an officer may name another in their own finding. */
export const SELLER_RULES = [
  'late_shipment_rate',
  'seller_cancellation_rate',
  'shipping_refusal',
  'repeated_delays',
  'fictitious_dispatch',
  'method_mismatch',
  'abusive_message',
  'rating_manipulation',
  'price_below_median',
  'shipping_overcharge',
  'cannot_supply',
  'prohibited_item',
  'protection_expiry_disputes',
] as const;
export const BUYER_RULES = ['serial_claims', 'duplicate_evidence', 'disproportionate_demand'] as const;

export interface AppealRef {
  id: string;
  status: string;
  submittedAt: string;
}

export interface Violation {
  id: string;
  subjectType: 'seller' | 'buyer';
  subjectId: string;
  subjectName?: string | null;
  rule: string;
  status: ViolationStatus;
  origin: ViolationOrigin;
  summary: string;
  evidence: Record<string, unknown>;
  points: number;
  pointsActive: boolean;
  pointsExpireAt: string | null;
  autoConfirmed: boolean;
  directSanction: string | null;
  policyVersion: number;
  auditId: string | null;
  detectedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  reversedAt: string | null;
  reversalReason: string | null;
  howToRectify: string | null;
  appealableUntil: string | null;
  canAppeal: boolean;
  appeals: AppealRef[];
}

export interface Sanction {
  id: string;
  subjectType: string;
  subjectId: string;
  kind: SanctionKind;
  status: 'active' | 'lifted' | 'expired' | 'rectified';
  inForce: boolean;
  origin: string;
  violationId: string | null;
  batchId: string | null;
  thresholdPoints: number | null;
  reason: string;
  effect: string;
  rectifyBy: string | null;
  endsAt: string | null;
  policyVersion: number;
  imposedBy: string | null;
  imposedAt: string;
  liftedAt: string | null;
  liftReason: string | null;
  appealableUntil: string | null;
  canAppeal: boolean;
}

export interface Appeal {
  id: string;
  sellerId: string;
  targetType: 'violation' | 'sanction';
  targetId: string;
  status: 'submitted' | 'upheld' | 'rejected';
  statement: string;
  submittedAt: string;
  originalDecider: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  policyVersion: number;
  shopName?: string | null;
  mayDecide?: boolean;
}

export interface AppealEvidence {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
  url: string;
}

export interface AppealDetail extends Appeal {
  target: { label: string; summary: string; points: number | null; status: string } | null;
  evidence: AppealEvidence[];
  mayDecide: boolean;
}

export interface LadderRung {
  points: number;
  sanction: string;
  rectifyDays?: number;
}

export interface AuditFindingRef {
  id: string;
  auditId: string;
  auditScope: string;
  category: string | null;
  itemType: string;
  itemId: string;
  rule: string;
  note: string;
  violationId: string | null;
  violationStatus: string | null;
  recordedAt: string;
}

export interface EnforcementFile {
  seller: { id: string; shopName: string; status: string };
  policyVersion: number;
  points: {
    active: number;
    expiring: { at: string; points: number }[];
    nextRung: { points: number; sanction: string; pointsToGo: number } | null;
    ladder: LadderRung[];
    expireDays: number;
  };
  violations: Violation[];
  sanctions: Sanction[];
  inForce: Sanction[];
  deadlines: { sanctionId: string; kind: string; rectifyBy: string }[];
  appeals: Appeal[];
  appealWindowDays: number;
  bannedOrders?: Record<string, number>;
  auditFindings?: AuditFindingRef[];
}

export interface LogEntry {
  seq: number;
  id: string;
  at: string;
  action: string;
  entityType: string;
  entityId: string;
  subjectId: string | null;
  actorId: string | null;
  actorRole: string | null;
  policyVersion: number | null;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface BatchCriteria {
  sellerIds?: string[];
  statuses?: string[];
  country?: string;
  minActivePoints?: number;
  rule?: string;
  withinDays?: number;
  minSignals?: number;
}

export interface Batch {
  id: string;
  status: 'previewed' | 'applied' | 'discarded' | 'undone';
  criteria: BatchCriteria;
  sanction: SellerSanction;
  reason: string;
  publicSummary: string;
  selected: number;
  applied: number | null;
  policyVersion: number;
  previewedBy: string;
  previewedAt: string;
  appliedAt: string | null;
  undoneAt: string | null;
  undoReason: string | null;
  published: boolean;
}

export interface BatchDetail extends Batch {
  sellers: { id: string; shopName: string; status: string; country: string; activePoints: number; before: { status: string } | null }[];
}

export interface PublicReport {
  id: string;
  sanction: string;
  sellers: number;
  summary: string;
  rule: string | null;
  publishedAt: string | null;
  withdrawn: boolean;
  withdrawnAt: string | null;
}

export interface Audit {
  id: string;
  scope: 'seller' | 'category';
  sellerId: string | null;
  category: string | null;
  sampleKind: 'orders' | 'listings';
  sampleSize: number;
  status: 'open' | 'closed';
  note: string;
  openedBy: string;
  openedAt: string;
  closedAt: string | null;
}

export interface AuditDetail extends Audit {
  sample: string[];
  findings: {
    id: string;
    itemType: string;
    itemId: string;
    sellerId: string;
    rule: string;
    note: string;
    violationId: string | null;
    violationStatus: string | null;
    recordedBy: string;
    recordedAt: string;
  }[];
}

export interface Page<T> {
  items: T[];
  total?: number;
  limit: number;
  offset: number;
}

type Paging = { limit?: number; offset?: number };

export const enforcementApi = {
  violations: (q: Paging & { status?: ViolationStatus; rule?: string; subjectType?: 'seller' | 'buyer'; subjectId?: string; origin?: ViolationOrigin } = {}) =>
    api.get<Page<Violation>>('/api/v1/enforcement/violations', q),
  violation: (id: string) => api.get<Violation>(`/api/v1/enforcement/violations/${e(id)}`),
  propose: (body: { sellerId?: string; buyerId?: string; rule: string; summary: string; evidence?: Record<string, unknown>; points?: number }) =>
    api.post<Violation>('/api/v1/enforcement/violations', body),
  confirm: (id: string, body: { reason?: string; severeFraud?: boolean; points?: number }) => api.post<Violation>(`/api/v1/enforcement/violations/${e(id)}/confirm`, body),
  dismiss: (id: string, reason: string) => api.post<Violation>(`/api/v1/enforcement/violations/${e(id)}/dismiss`, { reason }),

  file: (sellerId: string) => api.get<EnforcementFile>(`/api/v1/enforcement/sellers/${e(sellerId)}`),
  impose: (body: { sellerId: string; kind: SellerSanction; reason: string; endsAt?: string }) => api.post<Sanction>('/api/v1/enforcement/sanctions', body),
  lift: (id: string, reason: string) => api.post<Sanction>(`/api/v1/enforcement/sanctions/${e(id)}/lift`, { reason }),
  log: (q: Paging & { subjectId?: string } = {}) => api.get<Page<LogEntry>>('/api/v1/enforcement/log', q),

  previewBatch: (body: { criteria: BatchCriteria; sanction: SellerSanction; reason: string; publicSummary?: string }) => api.post<BatchDetail>('/api/v1/enforcement/batches', body),
  batches: (q: Paging = {}) => api.get<Page<Batch>>('/api/v1/enforcement/batches', q),
  batch: (id: string) => api.get<BatchDetail>(`/api/v1/enforcement/batches/${e(id)}`),
  applyBatch: (id: string, publish: boolean) => api.post<BatchDetail>(`/api/v1/enforcement/batches/${e(id)}/apply`, { publish }),
  discardBatch: (id: string) => api.post<BatchDetail>(`/api/v1/enforcement/batches/${e(id)}/discard`),
  undoBatch: (id: string, reason: string) => api.post<BatchDetail>(`/api/v1/enforcement/batches/${e(id)}/undo`, { reason }),
  publicReport: (id: string) => api.get<PublicReport>(`/api/v1/public/enforcement-reports/${e(id)}`),

  appeals: (q: Paging & { status?: Appeal['status']; sellerId?: string } = {}) => api.get<Page<Appeal>>('/api/v1/enforcement/appeals', q),
  appeal: (id: string) => api.get<AppealDetail>(`/api/v1/enforcement/appeals/${e(id)}`),
  submitAppeal: (body: { targetType: 'violation' | 'sanction'; targetId: string; statement: string; evidenceIds?: string[] }) => api.post<AppealDetail>('/api/v1/enforcement/appeals', body),
  decideAppeal: (id: string, body: { decision: 'uphold' | 'reject'; reason: string }) => api.post<AppealDetail>(`/api/v1/enforcement/appeals/${e(id)}/decision`, body),
  uploadAppealEvidence: (sellerId: string, file: File, onProgress?: (f: number) => void): UploadHandle<AppealEvidence> =>
    uploadFile<AppealEvidence>('PUT', `/api/v1/enforcement/sellers/${e(sellerId)}/appeal-evidence?fileName=${e(file.name)}`, file, onProgress),

  openAudit: (body: { scope: 'seller' | 'category'; sellerId?: string; category?: string; sampleKind: 'orders' | 'listings'; sampleSize: number; note?: string }) =>
    api.post<AuditDetail>('/api/v1/enforcement/audits', body),
  audits: (q: Paging & { status?: 'open' | 'closed'; sellerId?: string } = {}) => api.get<Page<Audit>>('/api/v1/enforcement/audits', q),
  audit: (id: string) => api.get<AuditDetail>(`/api/v1/enforcement/audits/${e(id)}`),
  recordFinding: (id: string, body: { itemId: string; rule: string; note: string; points?: number }) => api.post<AuditDetail>(`/api/v1/enforcement/audits/${e(id)}/findings`, body),
  closeAudit: (id: string, note?: string) => api.post<AuditDetail>(`/api/v1/enforcement/audits/${e(id)}/close`, note ? { note } : {}),
};
