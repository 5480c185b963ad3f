import type { Module } from '../../http/types.js';
import { searchRoutes } from './routes.js';

export const searchModule: Module = { name: 'search', routes: searchRoutes };
