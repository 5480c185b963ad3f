import type { DB } from '../../db/database.js';
import type { CalendarKind } from '../../db/tables/calendar.js';
import type { BusinessCalendar } from '../../domain/calendar/business-days.js';
import { loadCalendar } from '../calendar/service.js';

/** Sellers in mainland China count business days on its official calendar; everyone else Monday–Friday. */
export function calendarKindFor(country: string): CalendarKind {
  return country === 'CN' ? 'CN' : 'weekends';
}

export type SellerCalendars = (country: string) => BusinessCalendar;

/**
 * Every calendar a seller may use, with admin overrides. Load it with ctx.db before opening a transaction
 * (the calendar module caches it per database handle).
 */
export async function loadSellerCalendars(db: DB): Promise<SellerCalendars> {
  const [cn, weekends] = await Promise.all([loadCalendar(db, 'CN'), loadCalendar(db, 'weekends')]);
  return (country) => (calendarKindFor(country) === 'CN' ? cn : weekends);
}
