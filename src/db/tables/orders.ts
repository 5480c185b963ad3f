import type { Generated, JSONColumnType } from 'kysely';
import type { OrderItemStatus, OrderStatus, SignalType } from '../../domain/orders.js';
import type { RefundStatus } from '../../domain/refunds.js';
import type { Json, Timestamp } from './platform.js';

export interface OrderTables {
  buyer_identities: {
    source: string;
    external_id: string;
    user_id: string;
    email: string | null;
    created_at: Timestamp;
  };
  orders: {
    id: string;
    source: string;
    external_id: string;
    seller_id: string;
    buyer_id: string;
    buyer_external_id: string | null;
    currency: string;
    items_total: number;
    shipping_carrier: string;
    shipping_service: string;
    status: OrderStatus;
    ingest_hash: string;
    paid_at: Timestamp;
    processing_days: number;
    dispatch_deadline: Timestamp;
    dispatched_at: Timestamp | null;
    dispatched_late: boolean | null;
    tracking_valid_at: Timestamp | null;
    cancellation_requested_at: Timestamp | null;
    cancellation_reason: string | null;
    cancellation_outcome: 'accepted' | 'refused' | 'silence' | null;
    cancellation_answered_at: Timestamp | null;
    cancellation_refusal_reason: string | null;
    cancelled_at: Timestamp | null;
    received_at_warehouse_at: Timestamp | null;
    qc_decided_at: Timestamp | null;
    shipped_international_at: Timestamp | null;
    delivered_at: Timestamp | null;
    completed_at: Timestamp | null;
    refunded_at: Timestamp | null;
    created_at: Timestamp;
    updated_at: Timestamp;
    /** Added by 0010_reviews.sql. */
    estimated_delivery_on: Generated<string | null>;
    cancellation_fault: Generated<'seller' | 'buyer' | 'platform' | null>;
  };
  order_items: {
    id: string;
    order_id: string;
    seller_id: string;
    line_no: number;
    product_id: string;
    name: string;
    sku: string | null;
    quantity: number;
    unit_price: number;
    status: OrderItemStatus;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  order_payments: {
    order_id: string;
    seller_id: string;
    currency: string;
    captured_amount: number;
    /** Maintained by the refunds trigger: the sum of the order's refunds that have not failed. */
    refunded_total: Generated<number>;
    method: string;
    reference: string;
    captured_at: Timestamp;
  };
  shipments: {
    id: string;
    order_id: string;
    seller_id: string;
    buyer_id: string;
    carrier: string;
    service: string | null;
    tracking_number_entered: string;
    tracking_number: string;
    dispatched_at: Timestamp;
    dispatch_deadline: Timestamp;
    late: boolean;
    valid_tracking_at: Timestamp | null;
    last_scan_at: Timestamp | null;
    last_event_code: string | null;
    created_by: string | null;
    created_at: Timestamp;
  };
  carrier_scans: {
    id: string;
    shipment_id: string | null;
    order_id: string | null;
    seller_id: string | null;
    carrier: string;
    tracking_number: string;
    event_code: string;
    description: string;
    location: string;
    occurred_at: Timestamp;
    received_at: Timestamp;
  };
  signals: {
    id: string;
    type: SignalType;
    order_id: string | null;
    seller_id: string;
    shipment_id: string | null;
    evidence: JSONColumnType<Json>;
    created_at: Timestamp;
  };
  refunds: {
    id: string;
    order_id: string;
    seller_id: string;
    amount: number;
    currency: string;
    reason: string;
    case_id: string | null;
    status: RefundStatus;
    payment_reference: string;
    provider_reference: string | null;
    failure_reason: string | null;
    requested_by: string | null;
    requested_at: Timestamp;
    sent_at: Timestamp | null;
    settled_at: Timestamp | null;
    failed_at: Timestamp | null;
    updated_at: Timestamp;
  };
}
