import type { Module } from '../../http/types.js';
import { calendarRoutes } from './routes.js';

export { invalidateCalendarCache, loadCalendar } from './service.js';

export const calendarModule: Module = { name: 'calendar', routes: calendarRoutes };
