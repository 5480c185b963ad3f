import { api } from './client';
import type { Bilingual, CaseView } from './types';

/** Post-delivery disputes (seed 004): the guide, the clarity check, opening, the dispute page and its commands. */

export const DISPUTE_TYPES = ['not_received', 'missing_item', 'damaged_item', 'wrong_item', 'not_as_described'] as const;
export type DisputeType = (typeof DISPUTE_TYPES)[number];
export type EvidenceKind =
  | 'unboxing_video'
  | 'exterior_photo'
  | 'scale_photo'
  | 'label_photo'
  | 'item_photo'
  | 'customs_notice'
  | 'packing_video'
  | 'packing_photo'
  | 'dispatch_weight_proof'
  | 'carrier_proof'
  | 'other';
export const BUYER_EVIDENCE_KINDS: EvidenceKind[] = ['unboxing_video', 'exterior_photo', 'scale_photo', 'label_photo', 'item_photo', 'customs_notice', 'other'];
export const SELLER_EVIDENCE_KINDS: EvidenceKind[] = ['packing_video', 'packing_photo', 'dispatch_weight_proof', 'carrier_proof', 'other'];
export const CONTEST_REASONS = ['packed_complete', 'weight_matches', 'carrier_confirms_delivery', 'item_as_listed', 'damage_after_delivery', 'evidence_insufficient', 'other'] as const;
export type ContestReason = (typeof CONTEST_REASONS)[number];
export const DISPUTE_STATUSES = ['awaiting_seller', 'counter_offered', 'contested', 'escalated', 'decided', 'appealed', 'agreed', 'awaiting_replacement', 'resolved', 'closed'] as const;

export type DisputeRemedyType = 'full_refund' | 'partial_refund' | 'replacement' | 'reshipment' | 'no_action';
export type DisputeRemedy = { type: 'full_refund' } | { type: 'partial_refund'; amount: number } | { type: 'replacement' } | { type: 'reshipment' } | { type: 'no_action' };
export const CLAIMABLE_REMEDIES: DisputeRemedyType[] = ['full_refund', 'replacement', 'partial_refund', 'reshipment'];
export const DECISION_REMEDIES: DisputeRemedyType[] = ['full_refund', 'partial_refund', 'replacement', 'reshipment', 'no_action'];

export interface DisputeRemedyView {
  remedy: DisputeRemedy;
  text: Bilingual;
}

export type Tier = 1 | 2 | 3;

export interface GuideDetail {
  detail: string;
  label: Bilingual;
  tier: Tier;
  uninsuredTier: Tier | null;
  tierText: Bilingual;
  remedies: DisputeRemedyType[];
  maxPartialRefundPercent: number;
  videoRequired: boolean;
  fullEvidence: EvidenceKind[];
}

export interface DisputeGuide {
  windowDays: number;
  sellerResponseBusinessDays: number;
  appealDays: number;
  weightTolerance: { grams: number; percent: number };
  issueTypes: { type: DisputeType; label: Bilingual; parcelArrived: boolean; fullEvidence: EvidenceKind[]; details: GuideDetail[] }[];
  evidenceKinds: { kind: EvidenceKind; label: Bilingual; side: ('buyer' | 'seller')[]; files: ('photo' | 'video' | 'document')[] }[];
}

export interface DisputeOptions {
  orderId: string;
  orderRef: string;
  status: string;
  currency: string;
  canOpen: boolean;
  windowDays: number;
  deliveredAt: string | null;
  windowEndsAt: string | null;
  protectionEndsAt: string | null;
  issueTypes: {
    type: DisputeType;
    allowed: boolean;
    openCaseId: string | null;
    details: { detail: string; allowed: boolean; reason: string | null; message: string | null; openedVia: 'delivery_window' | 'protection' | null; endsAt: string | null }[];
  }[];
  items: { itemId: string; name: string; sku: string | null; quantity: number; unitPrice: number }[];
  disputes: { id: string; type: DisputeType; outcome: string | null }[];
}

export type ClarityCode = 'long_sentence' | 'long_text' | 'slang' | 'all_caps' | 'exclamation' | 'repeated_punctuation' | 'insult' | 'emotional' | 'emoji';

export interface ClarityFinding {
  code: ClarityCode;
  severity: 'info' | 'warning' | 'problem';
  excerpt: string;
  message: Bilingual;
}

export interface ClarityResult {
  ok: boolean;
  findings: ClarityFinding[];
  stats: { words: number; sentences: number; longestSentenceWords: number };
  concise: Bilingual | null;
}

export interface EvidenceInput {
  uploadId: string;
  kind: EvidenceKind;
  caption?: string;
}

export interface OpenDisputeInput {
  orderId: string;
  issueType: DisputeType;
  detail: string;
  items?: { itemId: string; quantity: number }[];
  evidence?: EvidenceInput[];
  scaleReadingGrams?: number;
  remedy: DisputeRemedy;
  note?: string;
}

export interface DisputeEvidence {
  id: string;
  side: 'buyer' | 'seller';
  kind: EvidenceKind;
  label: Bilingual;
  mediaType: string;
  fileKind: 'photo' | 'video' | 'document';
  sizeBytes: number;
  sha256: string;
  fileName: string;
  caption: string | null;
  addedAt: string;
  url: string;
  duplicate: { scope: 'same_buyer' | 'other_buyer'; otherCaseIds: string[] | null } | null;
}

export interface WeightCheck {
  labelGrams: number | null;
  warehouseGrams: number | null;
  scaleGrams: number | null;
  reference: 'label' | 'warehouse' | null;
  referenceGrams: number | null;
  differenceGrams: number | null;
  toleranceGrams: number | null;
  verdict: 'shortfall' | 'within_tolerance' | 'heavier' | 'no_scale_reading' | 'no_reference';
  supportsMissingItem: boolean;
  shortfallPercent: number | null;
  text: Bilingual;
}

export interface DisputeFlags {
  needsVideo: boolean;
  disproportionate: boolean;
  duplicateEvidence: boolean;
  weightShortfall: boolean;
  poorRecordAtOpening: boolean;
}

export interface BuyerRecord {
  buyerId: string;
  windowDays: number;
  opened: number;
  open: number;
  won: number;
  partlyWon: number;
  lost: number;
  withdrawn: number;
  compensated: number;
  disproportionateDemands: number;
  duplicateEvidence: number;
  reportsToCompliance: number;
  poorBecause: ('lost_claims' | 'disproportionate_demands' | 'duplicate_evidence')[];
  poor: boolean;
}

export interface DisputeDetails {
  issueType: DisputeType;
  detail: string;
  issue: Bilingual;
  items: { itemId: string; name: string; sku: string | null; quantity: number; ordered: number; unitPrice: number; value: number }[];
  claim: { forSeller: Bilingual; concise: Bilingual; note: string | null; clarity: ClarityFinding[] };
  requestedRemedy: DisputeRemedyView | null;
  window: { openedVia: 'delivery_window' | 'protection'; endsAt: string; deliveredAt: string | null };
  parcel: { id: string; carrier: string; trackingNumber: string; insured: boolean; declaredWeightGrams: number; status: string } | null;
  weight: WeightCheck;
  matrix: {
    key: string;
    tier: Tier;
    tierText: Bilingual;
    source: 'rule' | 'fallback';
    remedies: DisputeRemedyType[];
    maxPartialRefund: number;
    videoRequired: boolean;
    needsVideo: boolean;
    exceedsTier: boolean;
    disproportionate: boolean;
  };
  flags: DisputeFlags;
  evidence: { buyer: DisputeEvidence[]; seller: DisputeEvidence[] };
  contest: { reasonCode: string; reason: Bilingual; at: string } | null;
  mediation: { decidedBy: string | null; decidedAt: string; reason: string | null; remedy: DisputeRemedyView | null; tier: number | null; appealUntil: string | null } | null;
  appeal: {
    side: 'buyer' | 'seller';
    by: string | null;
    at: string;
    reason: string | null;
    decidedBy: string | null;
    decidedAt: string | null;
    remedy: DisputeRemedyView | null;
    decisionReason: string | null;
    outcome: 'upheld' | 'changed' | null;
  } | null;
  replacementOrder: { id: string; externalId: string; status: string; dispatchDeadline: string } | null;
  compensation: number | null;
  outcome: 'buyer_won' | 'partly_won' | 'buyer_lost' | 'withdrawn' | 'compensated' | null;
  outcomeAt: string | null;
  buyerRecord: BuyerRecord | null;
}

/** The case page of a dispute (the case engine's view, whose `type` is the issue type) and the dispute's own part. */
export type DisputeView = Omit<CaseView, 'type'> & { type: DisputeType; dispute: DisputeDetails };

export interface DisputeSummary {
  id: string;
  type: DisputeType;
  issue: Bilingual;
  status: string;
  orderId: string;
  orderRef: string;
  sellerId: string;
  shopName: string;
  buyerId: string;
  buyerName: string | null;
  tier: Tier;
  claimAmount: number;
  currency: string;
  requestedRemedy: DisputeRemedyView | null;
  flags: DisputeFlags;
  deadline: { at: string; party: string; overdue: boolean } | null;
  escalatedAt: string | null;
  appealed: boolean;
  mediatorId: string | null;
  outcome: DisputeDetails['outcome'];
  openedAt: string;
  resolvedAt: string | null;
}

export interface MediationEntry extends DisputeSummary {
  queueReason: 'mediation' | 'appeal';
  /** Since when a decision is due: the appeal, else the escalation. */
  dueAt: string;
}

export type SellerAnswer =
  | { action: 'accept'; note?: string }
  | { action: 'offer'; remedy: DisputeRemedy; note?: string }
  | { action: 'contest'; reasonCode: ContestReason; reason?: string; evidence?: EvidenceInput[] };

const e = encodeURIComponent;
const d = (id: string, path = '') => `/api/v1/disputes/${e(id)}${path}`;

export function isDisputeType(type: string): type is DisputeType {
  return (DISPUTE_TYPES as readonly string[]).includes(type);
}

export const disputesApi = {
  guide: () => api.get<DisputeGuide>('/api/v1/disputes/guide'),
  options: (orderId: string) => api.get<DisputeOptions>(`/api/v1/orders/${e(orderId)}/dispute-options`),
  clarityCheck: (input: Partial<Omit<OpenDisputeInput, 'evidence'>> & { note: string; evidenceKinds?: EvidenceKind[] }) => api.post<ClarityResult>('/api/v1/disputes/clarity-check', input),
  open: (input: OpenDisputeInput) => api.post<DisputeView>('/api/v1/disputes', input),
  list: (query: { status?: string; open?: boolean; orderId?: string; limit?: number; offset?: number } = {}) =>
    api.get<{ items: DisputeSummary[] }>('/api/v1/disputes', { ...query, open: query.open === undefined ? undefined : String(query.open) }),
  mediationQueue: (query: { limit?: number; offset?: number } = {}) => api.get<{ items: MediationEntry[] }>('/api/v1/disputes/mediation-queue', query),
  get: (id: string) => api.get<DisputeView>(d(id)),
  respond: (id: string, answer: SellerAnswer) => api.post<DisputeView>(d(id, '/response'), answer),
  acceptOffer: (id: string) => api.post<DisputeView>(d(id, '/offer/accept')),
  withdraw: (id: string, reason?: string) => api.post<DisputeView>(d(id, '/withdraw'), reason ? { reason } : {}),
  requestMediation: (id: string, reason?: string) => api.post<DisputeView>(d(id, '/mediation'), reason ? { reason } : {}),
  decide: (id: string, input: { remedy: DisputeRemedy; reason: string; tier?: Tier }) => api.post<DisputeView>(d(id, '/decision'), input),
  appeal: (id: string, reason: string) => api.post<DisputeView>(d(id, '/appeal'), { reason }),
  decideAppeal: (id: string, input: { remedy: DisputeRemedy; reason: string }) => api.post<DisputeView>(d(id, '/appeal/decision'), input),
  addEvidence: (id: string, evidence: EvidenceInput[], note?: string) => api.post<DisputeView>(d(id, '/evidence'), { evidence, ...(note ? { note } : {}) }),
  buyerRecord: (buyerId: string) => api.get<BuyerRecord>(`/api/v1/buyers/${e(buyerId)}/dispute-record`),
};
