import type { ColumnType, JSONColumnType } from 'kysely';
import type { DateString, Timestamp } from './platform.js';

export type SellerStatus = 'pending_verification' | 'active' | 'reverification' | 'restricted' | 'suspended' | 'banned';
export type ApplicationStatus = 'draft' | 'submitted' | 'under_review' | 'revision_requested' | 'verified' | 'rejected';
export type DocumentKind = 'identity' | 'business_licence' | 'proof_of_address';
export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';
export type DocumentStatus = 'pending_review' | 'approved' | 'rejected' | 'revision_requested' | 'superseded' | 'expired';
export interface Storefront {
  platform: string;
  url?: string;
  name?: string;
}

export interface SellerTables {
  sellers: {
    id: string;
    external_id: string | null;
    legal_name: string;
    shop_name: string;
    country: string;
    region: string;
    business_type: 'individual' | 'company';
    contact_name: string;
    contact_email: string;
    contact_phone: string | null;
    storefronts: JSONColumnType<Storefront[]>;
    status: SellerStatus;
    verified_at: Timestamp | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  seller_members: { seller_id: string; user_id: string; member_role: 'owner' | 'staff'; created_at: Timestamp };
  seller_applications: {
    id: string;
    seller_id: string;
    status: ApplicationStatus;
    submitted_at: Timestamp | null;
    waiting_since: Timestamp | null;
    decided_at: Timestamp | null;
    decided_by: string | null;
    decision_reason: string | null;
    /** 1, then one more each time a rejected application is started again (0017). */
    revision: ColumnType<number, number | undefined, number>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  /** Invitations to join a seller's team (0017_seller_team.sql). */
  seller_invitations: {
    id: string;
    seller_id: string;
    email: string;
    token_hash: string;
    status: InvitationStatus;
    invited_by: string;
    locale: 'en' | 'zh-CN';
    created_at: Timestamp;
    expires_at: Timestamp;
    accepted_by: string | null;
    accepted_at: Timestamp | null;
    updated_at: Timestamp;
  };
  seller_documents: {
    id: string;
    application_id: string;
    seller_id: string;
    kind: DocumentKind;
    status: DocumentStatus;
    sha256: string;
    file_name: string;
    media_type: string;
    size_bytes: number;
    expires_on: DateString | null;
    uploaded_by: string;
    uploaded_at: Timestamp;
    reviewed_by: string | null;
    reviewed_at: Timestamp | null;
    review_reason: string | null;
    version: number;
  };
}
