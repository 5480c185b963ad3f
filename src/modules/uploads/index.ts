import type { Module } from '../../http/types.js';
import { uploadsRoutes } from './routes.js';
import { expireUploads } from './service.js';

/** Resumable chunked uploads of large files, taken by other features once completed (disputes' evidence). */
export const uploadsModule: Module = {
  name: 'uploads',
  routes: uploadsRoutes,
  periodic: [expireUploads],
};

export { nameWithSniffedExtension, takeUpload, type TakenFile } from './service.js';
