import type { Module } from '../../http/types.js';
import { qcRoutes } from './routes.js';

/** Quality control at the warehouse: reports with photos and videos; a failure opens a QC case. */
export const qcModule: Module = { name: 'qc', routes: qcRoutes };
