import type { AppContext } from './context.js';
import { missingCalendarYears } from './domain/calendar/china-calendar.js';

/** Business days need China's official holiday calendar; say so at start when a year is not covered. */
export function warnAboutMissingCalendars(ctx: AppContext): void {
  const year = ctx.clock.now().getUTCFullYear();
  const missing = missingCalendarYears([year, year + 1]);
  for (const y of missing) {
    ctx.log.warn(
      { year: y },
      `China's holiday calendar for ${y} is missing: business days in ${y} count weekends only until the chinese-days package is updated or an admin enters the holidays as overrides`,
    );
  }
}
