-- The abusive-message detector reads what sellers wrote to buyers in the replay window: refusals to cancel, replies to
-- reviews and case messages. Refusals and replies are a small part of their tables (of orders, a few in the window
-- among years of history), so partial indexes on their time let a pass read only those; case messages by seller
-- serve the passes limited to the sellers events marked.
CREATE INDEX orders_refusal_reason ON orders (cancellation_answered_at) WHERE cancellation_refusal_reason IS NOT NULL;
CREATE INDEX reviews_seller_reply ON reviews (seller_replied_at) WHERE seller_reply IS NOT NULL;
CREATE INDEX case_messages_seller ON case_messages (seller_id, created_at) WHERE author_role = 'seller';
