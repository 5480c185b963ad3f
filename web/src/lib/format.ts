import i18n from '../i18n';

function locale() {
  return i18n.language === 'zh-CN' ? 'zh-CN' : 'en-GB';
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  // A plain date (YYYY-MM-DD) is a calendar day: show it without shifting through time zones.
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', day: 'numeric' }).format(d);
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null) return '—';
  const units = ['B', 'KB', 'MB', 'GB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${u === 0 ? n : n.toFixed(n < 10 ? 1 : 0)} ${units[u]}`;
}

/** How long ago, as "3 d 4 h" / "3 天 4 小时", for waiting times. */
export function formatWaiting(since: string | null | undefined, now = Date.now()): string {
  if (!since) return '—';
  return formatDuration((now - new Date(since).getTime()) / 1000);
}

/** A duration in seconds as "3 d 4 h" / "3 天 4 小时". */
export function formatDuration(seconds: number): string {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (days > 0) return i18n.t('duration.daysHours', { days, hours: hours % 24 });
  if (hours > 0) return i18n.t('duration.hoursMinutes', { hours, minutes: minutes % 60 });
  return i18n.t('duration.minutes', { minutes });
}

export function countryName(code: string | null | undefined): string {
  if (!code) return '—';
  try {
    const names = new Intl.DisplayNames([i18n.language], { type: 'region' });
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

export function todayIso(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
