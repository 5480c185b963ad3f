import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { calendarApi } from '../api/logistics';
import type { CalendarStatus } from '../api/types';

/**
 * Warns staff when China's official holiday calendar is missing for this year or next: dispatch and response
 * deadlines there count Monday to Friday plus the admins' overrides, so they may fall on a public holiday.
 */
export function CalendarBanner() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<CalendarStatus | null>(null);
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    let live = true;
    calendarApi
      .status()
      .then((s) => live && setStatus(s))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!status || status.missing.length === 0 || hidden) return null;
  const years = status.missing.join(t('common.listSeparator'));
  const overrides = status.missingYearOverrides.filter((m) => m.overrides > 0);
  return (
    <div className="banner banner-warning" role="alert" data-testid="calendar-banner">
      <div>
        <strong>{t('calendar.missingTitle', { years, count: status.missing.length })}</strong>{' '}
        <span>{t('calendar.missingBody', { package: `${status.source.package} ${status.source.version}` })}</span>
        {overrides.length > 0 && (
          <span className="muted"> {t('calendar.overrides', { list: overrides.map((o) => t('calendar.overrideCount', { year: o.year, count: o.overrides })).join(t('common.listSeparator')) })}</span>
        )}
      </div>
      <button type="button" className="btn btn-ghost btn-sm" onClick={() => setHidden(true)} data-testid="calendar-banner-dismiss">
        {t('calendar.dismiss')}
      </button>
    </div>
  );
}
