import { chinaOfficialDay, isChinaCalendarYearCovered } from './china-calendar.js';
import { addDays, assertDay, endOfLocalDay, localDay, weekday } from './zoned-time.js';

/**
 * A seller's working calendar (DESIGN §3 "Time"):
 * - 'CN': mainland China's official public holidays and make-up working days (调休) from the `chinese-days`
 *   package. For a year the package does not cover yet, Monday–Friday is used instead; `missingCalendarYears`
 *   (china-calendar.ts) reports those years so the console and the start-up log can warn about them.
 * - 'weekends': Monday–Friday.
 * Admin-entered overrides ('YYYY-MM-DD' → 'workday' | 'holiday') win over both.
 */
export interface BusinessCalendar {
  kind: 'CN' | 'weekends';
  /** IANA zone the seller's days are counted in; '' means Asia/Shanghai. */
  timeZone: string;
  overrides: ReadonlyMap<string /* YYYY-MM-DD */, 'workday' | 'holiday'>;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export const CHINA_CALENDAR: BusinessCalendar = Object.freeze({
  kind: 'CN',
  timeZone: DEFAULT_TIME_ZONE,
  overrides: new Map<string, 'workday' | 'holiday'>(),
});

/** Largest |days| accepted by addBusinessDays: about forty years of business days, far beyond any policy. */
const MAX_DAYS = 10_000;

function zoneOf(cal: BusinessCalendar): string {
  return cal.timeZone || DEFAULT_TIME_ZONE;
}

function isWeekday(day: string): boolean {
  const w = weekday(day);
  return w !== 0 && w !== 6;
}

/** Whether `day` (YYYY-MM-DD) is a business day on the calendar. Throws RangeError for a malformed day. */
export function isBusinessDay(day: string, cal: BusinessCalendar): boolean {
  assertDay(day);
  const override = cal.overrides.get(day);
  if (override) return override === 'workday';
  if (cal.kind === 'CN' && isChinaCalendarYearCovered(Number(day.slice(0, 4)))) {
    const official = chinaOfficialDay(day);
    if (official) return official === 'workday';
  }
  return isWeekday(day);
}

/**
 * The deadline `days` business days after `start`: the end (23:59:59.999 local time in the calendar's zone) of
 * the `days`-th business day after the local day `start` falls on. The start day itself never counts, whether
 * or not it is a business day. `days` = 0 gives the end of the start day; a negative `days` counts back
 * (-1 is the end of the last business day before the start day). Returns a UTC Date.
 */
export function addBusinessDays(start: Date, days: number, cal: BusinessCalendar): Date {
  if (!Number.isInteger(days) || Math.abs(days) > MAX_DAYS) {
    throw new RangeError(`days must be a whole number between -${MAX_DAYS} and ${MAX_DAYS}`);
  }
  const zone = zoneOf(cal);
  let day = localDay(start, zone);
  const step = days < 0 ? -1 : 1;
  for (let counted = 0; counted < Math.abs(days); ) {
    day = addDays(day, step);
    if (isBusinessDay(day, cal)) counted++;
  }
  return endOfLocalDay(day, zone);
}

/**
 * Whole business days from `from` to `to`, counted on local days in the calendar's zone: the business days
 * after from's day up to and including to's day. 0 on the same day; negative when `to` is earlier (overdue:
 * minus the business days after the deadline's day up to and including today). For any start and n ≥ 0,
 * businessDaysBetween(start, addBusinessDays(start, n, cal), cal) === n.
 */
export function businessDaysBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  const zone = zoneOf(cal);
  const a = localDay(from, zone);
  const b = localDay(to, zone);
  if (a === b) return 0;
  const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let day = addDays(lo, 1); day <= hi; day = addDays(day, 1)) {
    if (isBusinessDay(day, cal)) count++;
  }
  return sign * count;
}

export { endOfLocalDay, localDay } from './zoned-time.js';
