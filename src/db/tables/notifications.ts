import type { JSONColumnType } from 'kysely';
import type { Json, Timestamp } from './platform.js';

export type EmailStatus = 'pending' | 'sent' | 'failed' | 'captured';

export interface NotificationTables {
  notifications: {
    id: string;
    user_id: string;
    event_type: string;
    data: JSONColumnType<Json>;
    link: string | null;
    created_at: Timestamp;
    read_at: Timestamp | null;
  };
  email_outbox: {
    id: string;
    notification_id: string | null;
    user_id: string | null;
    to_address: string;
    subject: string;
    text_body: string;
    html_body: string;
    link: string | null;
    status: EmailStatus;
    attempts: number;
    next_attempt_at: Timestamp | null;
    last_error: string | null;
    created_at: Timestamp;
    sent_at: Timestamp | null;
  };
}
