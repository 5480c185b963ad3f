import type { Generated } from 'kysely';
import type { Timestamp } from './platform.js';

export type ParcelStatus = 'created' | 'in_transit' | 'delivered' | 'cancelled';
export type ProtectionEndOutcome = 'completed' | 'delivered_and_completed' | 'held_by_dispute' | 'not_applicable';

/** Migration 0009_logistics: warehouse receipts, international parcels, protection periods. */
export interface LogisticsTables {
  warehouse_receipts: {
    id: string;
    order_id: string;
    seller_id: string;
    buyer_id: string;
    shipment_id: string | null;
    tracking_number: string | null;
    weight_grams: number;
    notes: string | null;
    received_by: string | null;
    received_at: Timestamp;
  };
  warehouse_receipt_photos: {
    id: string;
    receipt_id: string;
    order_id: string;
    seller_id: string;
    sha256: string;
    file_name: string;
    media_type: string;
    size_bytes: number;
    uploaded_by: string | null;
    uploaded_at: Timestamp;
  };
  parcels: {
    id: string;
    buyer_id: string;
    status: ParcelStatus;
    carrier: string;
    tracking_number_entered: string;
    tracking_number: string;
    declared_weight_grams: number;
    declared_value: number;
    declared_currency: string;
    insured: boolean;
    created_by: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
    shipped_at: Timestamp | null;
    delivered_at: Timestamp | null;
    cancelled_at: Timestamp | null;
    last_event_code: string | null;
    last_event_at: Timestamp | null;
  };
  parcel_orders: {
    parcel_id: string;
    order_id: string;
    seller_id: string;
    added_at: Timestamp;
    released_at: Timestamp | null;
  };
  parcel_events: {
    id: string;
    parcel_id: string;
    event_code: string;
    description: Generated<string>;
    location: Generated<string>;
    occurred_at: Timestamp;
    received_at: Timestamp;
  };
  order_protection: {
    order_id: string;
    seller_id: string;
    buyer_id: string;
    parcel_id: string;
    started_at: Timestamp;
    initial_days: number;
    extended_days: Generated<number>;
    protection_ends_at: Timestamp;
    policy_version: number;
    extension_requested_at: Timestamp | null;
    extension_requested_days: number | null;
    extension_request_reason: string | null;
    extension_declined_at: Timestamp | null;
    extension_declined_days: number | null;
    extension_decline_reason: string | null;
    buyer_confirmed_at: Timestamp | null;
    ended_at: Timestamp | null;
    end_outcome: ProtectionEndOutcome | null;
  };
  protection_dispute_openings: {
    id: string;
    order_id: string;
    seller_id: string;
    case_id: string | null;
    opened_at: Timestamp;
    protection_ends_at: Timestamp | null;
    opened_near_protection_expiry: boolean;
    near_expiry_days: number;
    closed_at: Timestamp | null;
  };
}
