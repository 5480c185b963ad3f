import type { AppContext } from './context.js';
import { DEFAULT_TIME_ZONE } from './domain/calendar/business-days.js';
import { missingCalendarYears } from './domain/calendar/china-calendar.js';
import { localDay } from './domain/calendar/zoned-time.js';

/**
 * Business days need China's official holiday calendar; say so at start when the current or next year (in
 * Asia/Shanghai, where sellers count their days) is not covered. GET /api/v1/calendar/status reports the same
 * to the console.
 */
export function warnAboutMissingCalendars(ctx: AppContext): number[] {
  const year = Number(localDay(ctx.clock.now(), DEFAULT_TIME_ZONE).slice(0, 4));
  const missing = missingCalendarYears([year, year + 1]);
  for (const y of missing) {
    ctx.log.warn(
      { year: y },
      `China's holiday calendar for ${y} is missing: business days in ${y} count weekends only until the chinese-days package is updated or an admin enters the holidays as overrides`,
    );
  }
  return missing;
}
