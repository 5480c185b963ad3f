import type { Module } from '../../http/types.js';
import { registerEventTypes } from '../webhooks/event-types.js';
import { enforcementRoutes } from './routes.js';
import { TASK_RECTIFY_DEADLINE, TASK_SANCTION_END } from './sanctions.js';
import { enforcementPeriodic, runPointsExpire, runRectifyDeadline, runSanctionEnd } from './runner.js';
import { TASK_POINTS_EXPIRE } from './violations.js';
import './templates.js';

/** For other modules: points (evaluation), sanctions in force (search, order intake), reports (disputes). */
export { activePenaltyPoints } from './points.js';
export { buyerRestrictions, sanctionsInForce, type SanctionInForce } from './sanctions.js';
export { reportViolation } from './violations.js';
export { intakeRefusal } from '../../domain/enforcement/ladder.js';

registerEventTypes({
  'enforcement.violation_confirmed': 'A violation was confirmed (by an officer or by rule): rule, points and when they expire.',
  'enforcement.violation_reversed': 'A confirmed violation was reversed (appeal upheld or batch undone); its points no longer count.',
  'enforcement.sanction_imposed': 'A sanction was imposed on a seller or a buyer (warning, restriction, suspension, ban…), with its reason.',
  'enforcement.sanction_lifted': 'A sanction was lifted or ended.',
  'enforcement.appeal_decided': "An officer upheld or rejected a seller's appeal.",
  'enforcement.batch_applied': 'A bulk enforcement action was applied to many sellers at once.',
  'enforcement.batch_undone': 'A bulk enforcement action was undone.',
  'policy.activated': 'A new policy version became active (the previous one retired).',
});

/** Rules and enforcement (seeds 002, 003): detectors, violations, points, sanctions, appeals, audits, bulk actions. */
export const enforcementModule: Module = {
  name: 'enforcement',
  routes: enforcementRoutes,
  taskHandlers: {
    [TASK_POINTS_EXPIRE]: runPointsExpire,
    [TASK_SANCTION_END]: runSanctionEnd,
    [TASK_RECTIFY_DEADLINE]: runRectifyDeadline,
  },
  periodic: [enforcementPeriodic],
};
