import type { Module } from '../../http/types.js';
import { registerEventTypes } from '../webhooks/event-types.js';
import { trainingRoutes } from './routes.js';

registerEventTypes({
  'seller.training_completed': 'A seller’s member passed a training module’s quiz: the seller’s first completion of that module version.',
  'training.module_published': 'Staff published a training module to sellers.',
  'training.module_archived': 'Staff archived a training module.',
  'training.module_updated': 'Staff edited a published training module: a new version sellers may complete.',
});

export const trainingModule: Module = { name: 'training', routes: trainingRoutes };
