import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays?: Record<string, string>;
};

/** Years for which the chinese-days package has the State Council's holiday announcement. */
export function coveredCalendarYears(): Set<number> {
  return new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))));
}

export function missingCalendarYears(years: number[]): number[] {
  const covered = coveredCalendarYears();
  return years.filter((y) => !covered.has(y));
}
