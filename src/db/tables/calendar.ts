import type { DateString, Timestamp } from './platform.js';

export type CalendarKind = 'CN' | 'weekends';
export type CalendarDayKind = 'workday' | 'holiday';

export interface CalendarTables {
  calendar_overrides: {
    id: string;
    calendar: CalendarKind;
    day: DateString;
    kind: CalendarDayKind;
    note: string;
    created_by: string;
    created_at: Timestamp;
  };
}
