import type { Module } from '../../http/types.js';
import { sendPendingEmails } from './mailer.js';
import { notificationRoutes } from './routes.js';

export { emailAddress, notify, notifyRoles, type NotifyInput } from './service.js';
export { registerNotificationTemplates } from './templates.js';

/** Console notifications for people and the e-mails that go with them. */
export const notificationsModule: Module = {
  name: 'notifications',
  routes: notificationRoutes,
  periodic: [(ctx) => sendPendingEmails(ctx)],
};
