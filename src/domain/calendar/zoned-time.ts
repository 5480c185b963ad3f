/**
 * Civil days ('YYYY-MM-DD') and the instants that bound them in an IANA time zone, with the platform's Intl
 * data only. Day arithmetic is integer arithmetic on day numbers (days since 1970-01-01), so no daylight
 * saving change, leap second or floating-point rounding can shift a day.
 */

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written 'YYYY-MM-DD' (2025-02-29 is not one). */
export function isValidDay(day: string): boolean {
  const m = DAY_PATTERN.exec(day);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function assertDay(day: string): void {
  if (typeof day !== 'string' || !isValidDay(day)) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${String(day)}`);
}

/** Days since 1970-01-01 (negative before). */
export function dayNumber(day: string): number {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const d = Number(day.slice(8, 10));
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / DAY_MS);
}

export function dayFromNumber(n: number): string {
  const t = new Date(n * DAY_MS);
  const y = t.getUTCFullYear();
  return `${String(y).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

export function addDays(day: string, n: number): string {
  return dayFromNumber(dayNumber(day) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return (((dayNumber(day) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

// ---- time zones ---------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for a zone the platform does not know.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

function wallClock(instant: number, timeZone: string): WallClock {
  const w: WallClock = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0 };
  let bc = false;
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    switch (p.type) {
      case 'year':
        w.y = Number(p.value);
        break;
      case 'month':
        w.mo = Number(p.value);
        break;
      case 'day':
        w.d = Number(p.value);
        break;
      case 'hour':
        w.h = Number(p.value);
        break;
      case 'minute':
        w.mi = Number(p.value);
        break;
      case 'second':
        w.s = Number(p.value);
        break;
      case 'era':
        bc = p.value === 'BC' || p.value === 'B';
        break;
    }
  }
  if (bc) w.y = 1 - w.y;
  return w;
}

function assertInstant(instant: Date | number): number {
  const t = typeof instant === 'number' ? instant : instant instanceof Date ? instant.getTime() : NaN;
  if (!Number.isFinite(t)) throw new RangeError('Not a valid date');
  return t;
}

/** The civil day an instant falls on in the time zone. */
export function localDay(instant: Date | number, timeZone: string): string {
  const w = wallClock(assertInstant(instant), timeZone);
  return `${String(w.y).padStart(4, '0')}-${String(w.mo).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
}

/** Local time minus UTC at an instant, in milliseconds (whole seconds; old local mean times have seconds). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(w.y, w.mo - 1, w.d);
  asUtc.setUTCHours(w.h, w.mi, w.s, 0);
  return asUtc.getTime() - Math.floor(instant / 1000) * 1000;
}

const startCache = new Map<string, number>();
const START_CACHE_LIMIT = 20_000;

/**
 * The first instant whose local day is `day` (or later, if the zone skipped the day). Midnight may not exist
 * (zones that move clocks at 00:00) or may happen twice; this is always the boundary between the previous
 * day and this one.
 */
export function startOfLocalDay(day: string, timeZone: string): number {
  assertDay(day);
  const key = `${timeZone}|${day}`;
  const cached = startCache.get(key);
  if (cached !== undefined) return cached;

  const wall = dayNumber(day) * DAY_MS; // local midnight read as if it were UTC
  // Fast path: local midnight minus the offset in force then; two tries settle a change of offset.
  const o1 = offsetAt(wall, timeZone);
  let t = wall - o1;
  const o2 = offsetAt(t, timeZone);
  if (o2 !== o1) {
    const t2 = wall - o2;
    // In a gap (no midnight that night) the day starts at the transition, the later of the two candidates.
    t = offsetAt(t2, timeZone) === o2 ? t2 : Math.max(t, t2);
  }
  if (!(localDay(t, timeZone) >= day && localDay(t - 1, timeZone) < day)) t = searchStart(day, wall, timeZone);

  if (startCache.size >= START_CACHE_LIMIT) startCache.clear();
  startCache.set(key, t);
  return t;
}

/** Slow, exact: the smallest instant whose local day is at least `day`, by bisection (local days never go back). */
function searchStart(day: string, wall: number, timeZone: string): number {
  let lo = wall - 26 * 3_600_000; // local day certainly earlier: no zone is more than 16 hours off UTC
  let hi = wall + 26 * 3_600_000; // certainly `day` or later
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDay(mid, timeZone) >= day) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The last millisecond of `day` in the time zone (23:59:59.999 local, or the instant before the next day starts). */
export function endOfLocalDay(day: string, timeZone: string): Date {
  return new Date(startOfLocalDay(addDays(day, 1), timeZone) - 1);
}
