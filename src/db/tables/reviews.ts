import type { ColumnType } from 'kysely';
import type { Timestamp } from './platform.js';

export interface ReviewTables {
  reviews: {
    id: string;
    source: string;
    external_id: string | null;
    order_id: string;
    seller_id: string;
    buyer_id: string;
    overall: number;
    item_as_described: number | null;
    communication: number | null;
    shipping_speed: number | null;
    title: string;
    body: string;
    status: 'published' | 'held' | 'removed';
    moderation_reason: string | null;
    seller_reply: string | null;
    seller_replied_at: Timestamp | null;
    // 0015_visibility.sql
    held_terms: ColumnType<string[], string[] | undefined, string[]>;
    moderated_by: string | null;
    moderated_at: Timestamp | null;
    reply_status: 'published' | 'held' | 'removed' | null;
    replied_by: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
}
