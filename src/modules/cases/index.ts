import type { Module } from '../../http/types.js';
import { TASK_CASE_DEADLINE, closeSettledCases, runCaseDeadline } from './engine.js';
import './events.js';
import './qc-failure.js';
import { casesRoutes } from './routes.js';
import './templates.js';

/** The case engine: cases of every type, their deadlines, and the closing of settled cases. */
export const casesModule: Module = {
  name: 'cases',
  routes: casesRoutes,
  taskHandlers: { [TASK_CASE_DEADLINE]: runCaseDeadline },
  periodic: [closeSettledCases],
};
