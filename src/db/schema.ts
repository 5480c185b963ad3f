import type { CalendarTables } from './tables/calendar.js';
import type { EnforcementTables } from './tables/enforcement.js';
import type { CaseTables } from './tables/cases.js';
import type { DisputeTables } from './tables/disputes.js';
import type { EvaluationTables } from './tables/evaluation.js';
import type { IdentityTables } from './tables/identity.js';
import type { LogisticsTables } from './tables/logistics.js';
import type { NotificationTables } from './tables/notifications.js';
import type { OrderTables } from './tables/orders.js';
import type { PlatformTables } from './tables/platform.js';
import type { PolicyTables } from './tables/policy.js';
import type { ReviewTables } from './tables/reviews.js';
import type { SellerTables } from './tables/sellers.js';
import type { TrainingTables } from './tables/training.js';
import type { VisibilityTables } from './tables/visibility.js';
import type { WebhookTables } from './tables/webhooks.js';

/** Every table, one interface per migration area (src/db/tables/). */
export interface Database extends PlatformTables, IdentityTables, SellerTables, WebhookTables, PolicyTables, NotificationTables, CalendarTables, OrderTables, ReviewTables, LogisticsTables, CaseTables, EvaluationTables, EnforcementTables, DisputeTables, VisibilityTables, TrainingTables {}
