import type { Generated, JSONColumnType } from 'kysely';
import type { DisputeOutcome, DisputeType, EvidenceKind } from '../../domain/cases/dispute.js';
import type { MatrixRemedy } from '../../domain/cases/dispute-policy.js';
import type { ClarityFinding } from '../../domain/cases/dispute-clarity.js';
import type { Remedy } from '../../domain/cases/remedies.js';
import type { Json, Timestamp } from './platform.js';

export type UploadStatus = 'open' | 'assembling' | 'completed' | 'aborted' | 'expired';
export type UploadKind = 'photo' | 'video' | 'document';

export interface AffectedItem {
  itemId: string;
  quantity: number;
}

/** Migration 0014_disputes: upload sessions and chunks, disputes, their evidence and duplicates, abuse reports. */
export interface DisputeTables {
  upload_sessions: {
    id: string;
    owner_id: string;
    status: UploadStatus;
    file_name: string;
    total_bytes: number;
    chunk_bytes: number;
    total_chunks: number;
    declared_sha256: string;
    accept: JSONColumnType<UploadKind[]>;
    detected_media_type: string | null;
    sha256: string | null;
    media_type: string | null;
    kind: UploadKind | null;
    size_bytes: number | null;
    used_by: string | null;
    used_at: Timestamp | null;
    created_at: Timestamp;
    updated_at: Timestamp;
    expires_at: Timestamp;
    assembling_since: Timestamp | null;
    completed_at: Timestamp | null;
  };
  upload_chunks: {
    session_id: string;
    chunk_index: number;
    size_bytes: number;
    sha256: string;
    received_at: Timestamp;
  };
  disputes: {
    case_id: string;
    order_id: string;
    seller_id: string;
    buyer_id: string;
    issue_type: DisputeType;
    detail: string;
    items: JSONColumnType<AffectedItem[]>;
    note: string | null;
    claim_message_id: string | null;
    clarity: JSONColumnType<ClarityFinding[]>;
    parcel_id: string | null;
    insured: boolean | null;
    delivered_at: Timestamp | null;
    opened_via: 'delivery_window' | 'protection';
    window_ends_at: Timestamp;
    label_weight_grams: number | null;
    warehouse_weight_grams: number | null;
    scale_reading_grams: number | null;
    weight_verdict: string;
    weight_difference_grams: number | null;
    weight_tolerance_grams: number | null;
    weight_supports_missing: boolean;
    matrix_key: string;
    tier: number;
    tier_source: 'rule' | 'fallback';
    fitting_remedies: JSONColumnType<MatrixRemedy[]>;
    max_partial_refund: number;
    video_required: boolean;
    needs_video: boolean;
    exceeds_tier: boolean;
    disproportionate: boolean;
    poor_record_at_opening: boolean;
    duplicate_evidence: Generated<boolean>;
    policy_version: number;
    contest_reason: string | null;
    contested_at: Timestamp | null;
    mediator_id: string | null;
    decision_remedy: JSONColumnType<Remedy | null, string | null, string | null>;
    decision_tier: number | null;
    appealed_by: string | null;
    appealed_side: 'buyer' | 'seller' | null;
    appealed_at: Timestamp | null;
    appeal_reason: string | null;
    appeal_decided_by: string | null;
    appeal_decided_at: Timestamp | null;
    appeal_remedy: JSONColumnType<Remedy | null, string | null, string | null>;
    appeal_decision_reason: string | null;
    appeal_outcome: 'upheld' | 'changed' | null;
    replacement_order_id: string | null;
    compensation_amount: number | null;
    outcome: DisputeOutcome | null;
    outcome_at: Timestamp | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  dispute_evidence: {
    id: string;
    case_id: string;
    seller_id: string;
    buyer_id: string;
    side: 'buyer' | 'seller';
    kind: EvidenceKind;
    attachment_id: string;
    upload_id: string | null;
    sha256: string;
    media_type: string;
    size_bytes: number;
    caption: string | null;
    added_by: string | null;
    added_at: Timestamp;
  };
  dispute_evidence_duplicates: {
    evidence_id: string;
    case_id: string;
    other_evidence_id: string;
    other_case_id: string;
    scope: 'same_buyer' | 'other_buyer';
    sha256: string;
    found_at: Timestamp;
  };
  buyer_abuse_reports: {
    id: string;
    buyer_id: string;
    case_id: string | null;
    rule: 'duplicate_evidence' | 'disproportionate_demand';
    dedupe_key: string;
    summary: string;
    evidence: JSONColumnType<Json>;
    violation_id: string | null;
    created_at: Timestamp;
  };
}
