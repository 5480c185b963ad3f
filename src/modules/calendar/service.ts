import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/database.js';
import type { CalendarDayKind, CalendarKind } from '../../db/tables/calendar.js';
import { DEFAULT_TIME_ZONE, type BusinessCalendar } from '../../domain/calendar/business-days.js';
import { CHINA_CALENDAR_SOURCE, coveredCalendarYears, missingCalendarYears } from '../../domain/calendar/china-calendar.js';
import { localDay } from '../../domain/calendar/zoned-time.js';
import { hasRole, isStaff, type Actor } from '../../platform/actor.js';
import { appendHistory } from '../../platform/history.js';
import { conflict, forbidden, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';

export interface CalendarOverrideView {
  id: string;
  calendar: CalendarKind;
  day: string;
  kind: CalendarDayKind;
  note: string;
  createdBy: string;
  createdAt: string;
}

type OverrideRow = {
  id: string;
  calendar: CalendarKind;
  day: string;
  kind: CalendarDayKind;
  note: string;
  created_by: string;
  created_at: Date;
};

/**
 * The day as 'YYYY-MM-DD' text from SQL itself, so no driver's date parsing (or the process's time zone) can
 * turn it into a Date or shift it.
 */
const dayText = sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day');
const COLUMNS = ['id', 'calendar', 'kind', 'note', 'created_by', 'created_at', dayText] as const;

function view(r: OverrideRow): CalendarOverrideView {
  return { id: r.id, calendar: r.calendar, day: r.day, kind: r.kind, note: r.note, createdBy: r.created_by, createdAt: r.created_at.toISOString() };
}

// ---- the calendar the deadline rules use ----------------------------------------------------------

/**
 * Overrides change rarely and deadlines are computed often (every order ingested), so a loaded calendar is
 * kept for a short while per database handle. A change made here drops this process's copy at once; other
 * processes serving the same database see it within CACHE_MS.
 */
export const CALENDAR_CACHE_MS = 30_000;
const cache = new WeakMap<object, Map<CalendarKind, { expires: number; calendar: Promise<BusinessCalendar> }>>();

async function readCalendar(db: DB, kind: CalendarKind): Promise<BusinessCalendar> {
  const rows = await db.selectFrom('calendar_overrides').select([dayText, 'kind']).where('calendar', '=', kind).execute();
  return Object.freeze({
    kind,
    timeZone: DEFAULT_TIME_ZONE,
    overrides: new Map(rows.map((r) => [r.day, r.kind] as const)) as ReadonlyMap<string, CalendarDayKind>,
  });
}

/**
 * The business calendar of a kind with its admin overrides, for deadline rules (addBusinessDays and
 * friends). Days are counted in Asia/Shanghai; a caller whose seller counts days elsewhere can spread the
 * result with another timeZone. Call it with ctx.db, before opening a transaction, to use the cache; with a
 * transaction it reads through, seeing that transaction's own changes.
 */
export async function loadCalendar(db: DB, kind: CalendarKind): Promise<BusinessCalendar> {
  if (db.isTransaction) return readCalendar(db, kind);
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const now = Date.now(); // cache age only; business time comes from the injected clock
  const hit = perDb.get(kind);
  if (hit && hit.expires > now) return hit.calendar;
  const calendar = readCalendar(db, kind);
  perDb.set(kind, { expires: now + CALENDAR_CACHE_MS, calendar });
  calendar.catch(() => {
    if (perDb.get(kind)?.calendar === calendar) perDb.delete(kind);
  });
  return calendar;
}

/** Forgets this process's cached calendars for the database, so the next loadCalendar reads the table. */
export function invalidateCalendarCache(db: DB): void {
  cache.delete(db);
}

// ---- overrides --------------------------------------------------------------------------------------

function requireReader(actor: Actor) {
  if (!isStaff(actor)) throw forbidden('Only staff may read calendar overrides.');
}

function requireAdmin(actor: Actor) {
  if (!hasRole(actor, 'admin')) throw forbidden('Only an admin may change the business-day calendars.');
}

export async function listOverrides(
  ctx: AppContext,
  actor: Actor,
  filter: { calendar?: CalendarKind; from?: string; to?: string; limit: number; offset: number },
): Promise<CalendarOverrideView[]> {
  requireReader(actor);
  let q = ctx.db.selectFrom('calendar_overrides').select(COLUMNS);
  if (filter.calendar) q = q.where('calendar', '=', filter.calendar);
  if (filter.from) q = q.where('day', '>=', filter.from);
  if (filter.to) q = q.where('day', '<=', filter.to);
  const rows = await q.orderBy('calendar_overrides.day').orderBy('calendar').limit(filter.limit).offset(filter.offset).execute();
  return rows.map(view);
}

export async function createOverride(
  ctx: AppContext,
  actor: Actor,
  input: { calendar: CalendarKind; day: string; kind: CalendarDayKind; note?: string },
): Promise<CalendarOverrideView> {
  requireAdmin(actor);
  const now = ctx.clock.now();
  const id = newId('cal', now.getTime());
  const row = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('calendar_overrides')
      .values({ id, calendar: input.calendar, day: input.day, kind: input.kind, note: input.note?.trim() ?? '', created_by: actor.id ?? 'system', created_at: now })
      .onConflict((oc) => oc.columns(['calendar', 'day']).doNothing())
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!inserted) {
      throw conflict('calendar_override_exists', `The ${input.calendar} calendar already has an override for ${input.day}; delete it first to change it.`, { field: 'day' });
    }
    await appendHistory(trx, {
      entityType: 'calendar_override',
      entityId: id,
      event: 'create',
      from: null,
      to: input.kind,
      actor,
      reason: inserted.note || null,
      data: { calendar: input.calendar, day: input.day },
      at: now,
    });
    return inserted;
  });
  invalidateCalendarCache(ctx.db);
  return view(row);
}

export async function deleteOverride(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  requireAdmin(actor);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('calendar_overrides').where('id', '=', id).returning(COLUMNS).executeTakeFirst();
    if (!removed) throw notFound('Calendar override');
    await appendHistory(trx, {
      entityType: 'calendar_override',
      entityId: id,
      event: 'delete',
      from: removed.kind,
      to: 'deleted',
      actor,
      data: { calendar: removed.calendar, day: removed.day },
      at: now,
    });
  });
  invalidateCalendarCache(ctx.db);
}

// ---- status -----------------------------------------------------------------------------------------

export interface CalendarStatus {
  timeZone: string;
  source: { package: string; version: string };
  /** Years the official Chinese holiday data covers, ascending. */
  coveredYears: number[];
  /** The current and the next year (in Asia/Shanghai), which deadlines fall in. */
  checkedYears: number[];
  /** Of the checked years, those without official data: business days there count Monday–Friday plus overrides. */
  missing: number[];
  /** For each missing year, how many CN overrides admins have entered for it (a stand-in for the official data). */
  missingYearOverrides: { year: number; overrides: number }[];
}

export async function calendarStatus(ctx: AppContext): Promise<CalendarStatus> {
  const year = Number(localDay(ctx.clock.now(), DEFAULT_TIME_ZONE).slice(0, 4));
  const checkedYears = [year, year + 1];
  const missing = missingCalendarYears(checkedYears);
  const missingYearOverrides = await Promise.all(
    missing.map(async (y) => {
      const r = await ctx.db
        .selectFrom('calendar_overrides')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('calendar', '=', 'CN')
        .where('day', '>=', `${y}-01-01`)
        .where('day', '<=', `${y}-12-31`)
        .executeTakeFirstOrThrow();
      return { year: y, overrides: Number(r.n) };
    }),
  );
  return {
    timeZone: DEFAULT_TIME_ZONE,
    source: { ...CHINA_CALENDAR_SOURCE },
    coveredYears: [...coveredCalendarYears()].sort((a, b) => a - b),
    checkedYears,
    missing,
    missingYearOverrides,
  };
}
