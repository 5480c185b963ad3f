import { createRequire } from 'node:module';

/**
 * Mainland China's official calendar: the public holidays and the make-up working days (调休) the State
 * Council announces each year, as published by the `chinese-days` package. Only the package's data file is
 * read (it is plain JSON keyed by 'YYYY-MM-DD'); its date helpers are not needed.
 */
const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays?: Record<string, string>;
};
const pkg = require('chinese-days/package.json') as { version: string };

/** Where the official calendar comes from, for status pages and logs. */
export const CHINA_CALENDAR_SOURCE = { package: 'chinese-days', version: pkg.version } as const;

const COVERED_YEARS: readonly number[] = [...new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
const COVERED = new Set(COVERED_YEARS);

/** Years for which the chinese-days package has the State Council's holiday announcement. */
export function coveredCalendarYears(): Set<number> {
  return new Set(COVERED_YEARS);
}

export function missingCalendarYears(years: number[]): number[] {
  return years.filter((y) => !COVERED.has(y));
}

export function isChinaCalendarYearCovered(year: number): boolean {
  return COVERED.has(year);
}

/**
 * What the official announcement says about one day: 'holiday' (a public holiday, including the weekend days
 * inside a holiday period), 'workday' (a make-up working day on a weekend), or null (an ordinary day, or a
 * year the data does not cover — the caller decides by the weekday then).
 */
export function chinaOfficialDay(day: string): 'holiday' | 'workday' | null {
  if (Object.hasOwn(data.workdays, day)) return 'workday';
  if (Object.hasOwn(data.holidays, day)) return 'holiday';
  return null;
}

/** The holiday's English and Chinese names for a day the announcement lists, e.g. ['National Day', '国庆节']. */
export function chinaHolidayName(day: string): { en: string; zh: string } | null {
  const entry = data.holidays[day] ?? data.workdays[day];
  if (!entry || !(Object.hasOwn(data.holidays, day) || Object.hasOwn(data.workdays, day))) return null;
  const [en, zh] = entry.split(',');
  return { en: en ?? '', zh: zh ?? '' };
}
