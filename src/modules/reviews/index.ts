import type { Module } from '../../http/types.js';
import { registerEventTypes } from '../webhooks/event-types.js';
import { reviewRoutes } from './routes.js';

registerEventTypes({
  'review.created': 'A buyer reviewed an order (status published, or held for moderation).',
  'review.replied': 'The seller replied to a review.',
  'review.moderated': 'Staff published or removed a held review or reply.',
});

export const reviewsModule: Module = { name: 'reviews', routes: reviewRoutes };
