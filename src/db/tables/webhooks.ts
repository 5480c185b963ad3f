import type { Timestamp } from './platform.js';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface WebhookTables {
  webhook_endpoints: {
    id: string;
    url: string;
    description: string;
    secret: string;
    event_types: string[];
    enabled: boolean;
    created_by: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  webhook_deliveries: {
    id: string;
    endpoint_id: string;
    outbox_id: string;
    event_type: string;
    status: DeliveryStatus;
    attempts: number;
    max_attempts: number;
    next_attempt_at: Timestamp | null;
    last_attempt_at: Timestamp | null;
    last_status_code: number | null;
    last_error: string | null;
    last_duration_ms: number | null;
    created_at: Timestamp;
    succeeded_at: Timestamp | null;
  };
}
