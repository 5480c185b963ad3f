import type { Generated, JSONColumnType } from 'kysely';
import type { CaseParty, CaseType } from '../../domain/cases/types.js';
import type { ItemLocation, QcIssueType, QcSeverity } from '../../domain/cases/qc-failure.js';
import type { Measurement } from '../../domain/cases/render.js';
import type { Remedy } from '../../domain/cases/remedies.js';
import type { Timestamp } from './platform.js';

export type QcResult = 'pass' | 'fail';
export type QcSubject = 'original' | 'replacement';
export type QcMediaKind = 'photo' | 'video';
export type AgreedVia = 'buyer_accepted_as_is' | 'buyer_silence' | 'seller_accepted' | 'seller_silence' | 'counter_accepted' | 'mediation';
export type ProposalKindColumn = 'request' | 'counter' | 'refusal' | 'decision';
export type ProposalPartyColumn = 'buyer' | 'seller' | 'support' | 'system';
export type ProposalStatus = 'open' | 'accepted' | 'rejected' | 'superseded' | 'final';
export type SellerResponse = 'accepted' | 'countered' | 'refused' | 'silence';
export type ShipmentDirection = 'return_to_seller' | 'replacement_to_warehouse';
export type ReceivedVia = 'seller_confirmed' | 'assumed' | 'warehouse_inspected';

export interface QcIssue {
  type: QcIssueType;
  description?: string | null;
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

/** Migration 0011_cases: QC reports and media, cases, proposals, thread, response facts, returns. */
export interface CaseTables {
  qc_reports: {
    id: string;
    order_id: string;
    order_item_id: string;
    seller_id: string;
    buyer_id: string;
    subject: QcSubject;
    case_id: string | null;
    result: QcResult;
    severity: QcSeverity | null;
    issues: JSONColumnType<QcIssue[]>;
    measurements: JSONColumnType<Measurement[]>;
    notes: string | null;
    inspector_id: string | null;
    created_at: Timestamp;
  };
  qc_media: {
    id: string;
    order_id: string;
    order_item_id: string;
    seller_id: string;
    report_id: string | null;
    kind: QcMediaKind;
    sha256: string;
    media_type: string;
    size_bytes: number;
    file_name: string;
    caption: string | null;
    uploaded_by: string | null;
    uploaded_at: Timestamp;
    attached_at: Timestamp | null;
  };
  cases: {
    id: string;
    type: CaseType;
    status: string;
    order_id: string;
    order_item_id: string | null;
    seller_id: string;
    buyer_id: string;
    currency: string;
    claim_amount: number;
    round: Generated<number>;
    qc_report_id: string | null;
    requested_remedy: JSONColumnType<Remedy | null, string | null, string | null>;
    agreed_remedy: JSONColumnType<Remedy | null, string | null, string | null>;
    agreed_via: AgreedVia | null;
    agreed_at: Timestamp | null;
    item_location: Generated<ItemLocation>;
    deadline_at: Timestamp | null;
    deadline_party: CaseParty | null;
    deadline_event: string | null;
    escalated_at: Timestamp | null;
    escalated_by: string | null;
    escalation_reason: string | null;
    decided_at: Timestamp | null;
    decided_by: string | null;
    decision_reason: string | null;
    refund_due: Generated<number>;
    policy_version: number;
    opened_at: Timestamp;
    resolved_at: Timestamp | null;
    closed_at: Timestamp | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  case_proposals: {
    id: string;
    case_id: string;
    seller_id: string;
    round: number;
    kind: ProposalKindColumn;
    party: ProposalPartyColumn;
    author_id: string | null;
    remedy: JSONColumnType<Remedy | null, string | null, string | null>;
    reason_code: string | null;
    reason: string | null;
    status: ProposalStatus;
    created_at: Timestamp;
    answered_at: Timestamp | null;
  };
  case_messages: {
    id: string;
    case_id: string;
    seller_id: string;
    author_id: string | null;
    author_role: string;
    body: string;
    created_at: Timestamp;
  };
  case_attachments: {
    id: string;
    case_id: string;
    seller_id: string;
    message_id: string | null;
    sha256: string;
    media_type: string;
    size_bytes: number;
    file_name: string;
    uploaded_by: string | null;
    uploaded_at: Timestamp;
  };
  case_response_facts: {
    case_id: string;
    round: number;
    seller_id: string;
    requested_at: Timestamp;
    due_at: Timestamp;
    business_days_allowed: number;
    first_response_at: Timestamp | null;
    response: SellerResponse | null;
    responded_at: Timestamp | null;
    responded_on_time: boolean | null;
    policy_version: number;
  };
  seller_return_addresses: {
    seller_id: string;
    recipient_name: string;
    phone: string;
    country: string;
    province: string;
    city: string;
    district: Generated<string>;
    address_line: string;
    postal_code: Generated<string>;
    updated_by: string | null;
    updated_at: Timestamp;
  };
  return_labels: {
    id: string;
    case_id: string;
    seller_id: string;
    round: number;
    sha256: string | null;
    size_bytes: number | null;
    rendered_at: Timestamp | null;
    ship_to: JSONColumnType<PostalAddress>;
    ship_from: JSONColumnType<PostalAddress>;
    address_source: 'return_address' | 'seller_profile';
    issued_at: Timestamp;
  };
  case_shipments: {
    id: string;
    case_id: string;
    seller_id: string;
    round: number;
    direction: ShipmentDirection;
    label_id: string | null;
    carrier: string;
    tracking_number_entered: string;
    tracking_number: string;
    shipped_at: Timestamp;
    shipped_by: string | null;
    delivered_at: Timestamp | null;
    received_at: Timestamp | null;
    received_via: ReceivedVia | null;
    last_event_code: string | null;
    last_event_at: Timestamp | null;
    created_at: Timestamp;
  };
  case_shipment_events: {
    id: string;
    shipment_id: string;
    case_id: string;
    event_code: string;
    description: Generated<string>;
    location: Generated<string>;
    occurred_at: Timestamp;
    received_at: Timestamp;
  };
}

