import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addBusinessDays,
  businessDaysBetween,
  CHINA_CALENDAR,
  isBusinessDay,
  type BusinessCalendar,
} from '../../src/domain/calendar/business-days.js';
import { chinaOfficialDay, coveredCalendarYears, missingCalendarYears } from '../../src/domain/calendar/china-calendar.js';
import { endOfLocalDay, localDay, weekday } from '../../src/domain/calendar/zoned-time.js';

/** An instant written in Shanghai local time. */
const sh = (local: string) => new Date(`${local}+08:00`);
/** The deadline we expect: the end of that Shanghai day, as UTC. */
const endSh = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString();
const deadline = (start: Date, days: number, cal: BusinessCalendar = CHINA_CALENDAR) => addBusinessDays(start, days, cal).toISOString();

const WEEKENDS: BusinessCalendar = { kind: 'weekends', timeZone: 'Asia/Shanghai', overrides: new Map() };
const withOverrides = (base: BusinessCalendar, entries: [string, 'workday' | 'holiday'][]): BusinessCalendar => ({ ...base, overrides: new Map(entries) });

describe('business days on the seller calendar', () => {
  it('reads the package data the same way the tests assume', () => {
    // The make-up days below fall on weekends: the calendar, not the weekday, makes them business days.
    for (const d of ['2025-01-26', '2025-02-08', '2025-09-28', '2025-10-11', '2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10']) {
      assert.ok([0, 6].includes(weekday(d)), `${d} is a weekend day`);
      assert.equal(chinaOfficialDay(d), 'workday', d);
    }
  });

  it('Golden Week 2025: October 1–8 off, Sunday 28 September and Saturday 11 October worked', () => {
    for (let d = 1; d <= 8; d++) assert.equal(isBusinessDay(`2025-10-0${d}`, CHINA_CALENDAR), false, `Oct ${d}`);
    assert.equal(isBusinessDay('2025-09-28', CHINA_CALENDAR), true);
    assert.equal(isBusinessDay('2025-10-11', CHINA_CALENDAR), true);
    assert.equal(isBusinessDay('2025-10-12', CHINA_CALENDAR), false); // an ordinary Sunday
    // Monday 29 Sep + 3: Tue 30 Sep, then nothing until Thu 9 and Fri 10 October.
    assert.equal(deadline(sh('2025-09-29T10:00:00'), 3), endSh('2025-10-10'));
    // Friday 26 Sep + 1: the make-up Sunday.
    assert.equal(deadline(sh('2025-09-26T18:00:00'), 1), endSh('2025-09-28'));
    // Thursday 9 Oct + 2: Friday 10, then the make-up Saturday 11.
    assert.equal(deadline(sh('2025-10-09T09:00:00'), 2), endSh('2025-10-11'));
    // Ordered during the holiday: the first business day after it.
    assert.equal(deadline(sh('2025-10-03T12:00:00'), 1), endSh('2025-10-09'));
  });

  it('Golden Week 2026: October 1–7 off, Sunday 20 September and Saturday 10 October worked', () => {
    for (let d = 1; d <= 7; d++) assert.equal(isBusinessDay(`2026-10-0${d}`, CHINA_CALENDAR), false, `Oct ${d}`);
    assert.equal(isBusinessDay('2026-10-08', CHINA_CALENDAR), true);
    assert.equal(deadline(sh('2026-09-30T10:00:00'), 1), endSh('2026-10-08'));
    assert.equal(deadline(sh('2026-09-30T10:00:00'), 3), endSh('2026-10-10'));
    assert.equal(deadline(sh('2026-09-18T10:00:00'), 1), endSh('2026-09-20'));
  });

  it('Spring Festival 2025: 28 January – 4 February off, Sunday 26 January and Saturday 8 February worked', () => {
    for (const d of ['2025-01-28', '2025-01-29', '2025-01-31', '2025-02-03', '2025-02-04']) assert.equal(isBusinessDay(d, CHINA_CALENDAR), false, d);
    assert.equal(deadline(sh('2025-01-24T10:00:00'), 1), endSh('2025-01-26'));
    assert.equal(deadline(sh('2025-01-27T10:00:00'), 1), endSh('2025-02-05'));
    assert.equal(deadline(sh('2025-02-06T10:00:00'), 2), endSh('2025-02-08'));
    // Three days from Friday 24 January: Sun 26, Mon 27, then Wed 5 February.
    assert.equal(deadline(sh('2025-01-24T10:00:00'), 3), endSh('2025-02-05'));
  });

  it('Spring Festival 2026: 15–23 February off, Saturdays 14 and 28 February worked', () => {
    for (let d = 15; d <= 23; d++) assert.equal(isBusinessDay(`2026-02-${d}`, CHINA_CALENDAR), false, `Feb ${d}`);
    assert.equal(isBusinessDay('2026-02-14', CHINA_CALENDAR), true);
    assert.equal(isBusinessDay('2026-02-28', CHINA_CALENDAR), true);
    assert.equal(deadline(sh('2026-02-13T10:00:00'), 1), endSh('2026-02-14'));
    assert.equal(deadline(sh('2026-02-13T10:00:00'), 2), endSh('2026-02-24'));
    assert.equal(deadline(sh('2026-02-26T10:00:00'), 2), endSh('2026-02-28'));
  });

  it('a weekends calendar ignores Chinese holidays and make-up days', () => {
    assert.equal(isBusinessDay('2025-10-01', WEEKENDS), true);
    assert.equal(isBusinessDay('2025-10-11', WEEKENDS), false);
    assert.equal(deadline(sh('2025-10-03T10:00:00'), 1, WEEKENDS), endSh('2025-10-06'));
    assert.equal(deadline(sh('2025-09-26T10:00:00'), 5, WEEKENDS), endSh('2025-10-03'));
  });

  it('admin overrides win over the official calendar and over weekends', () => {
    const cn = withOverrides(CHINA_CALENDAR, [
      ['2025-10-09', 'holiday'], // an extra day off after Golden Week
      ['2025-10-12', 'workday'], // a Sunday worked
      ['2025-10-08', 'workday'], // an official holiday worked
    ]);
    assert.equal(isBusinessDay('2025-10-09', cn), false);
    assert.equal(isBusinessDay('2025-10-12', cn), true);
    assert.equal(deadline(sh('2025-10-07T10:00:00'), 1, cn), endSh('2025-10-08'));
    assert.equal(deadline(sh('2025-10-08T10:00:00'), 3, cn), endSh('2025-10-12'));
    const weekends = withOverrides(WEEKENDS, [['2025-12-25', 'holiday'], ['2025-12-27', 'workday']]);
    assert.equal(deadline(sh('2025-12-24T10:00:00'), 2, weekends), endSh('2025-12-27'));
  });

  it('counts from the Shanghai day, not the UTC day', () => {
    // 16:30 UTC on Thursday 23 January 2025 is already Friday 24 January, 00:30, in Shanghai.
    const start = new Date('2025-01-23T16:30:00Z');
    assert.equal(localDay(start, 'Asia/Shanghai'), '2025-01-24');
    assert.equal(deadline(start, 1), endSh('2025-01-26')); // the UTC day would have given Friday 24
    assert.equal(deadline(new Date('2025-01-23T15:59:59.999Z'), 1), endSh('2025-01-24'));
    assert.equal(deadline(start, 1), '2025-01-26T15:59:59.999Z');
  });

  it('falls back to weekends for a year without official data and says so', () => {
    const covered = coveredCalendarYears();
    const year = Math.max(...covered) + 1;
    assert.deepEqual(missingCalendarYears([year - 1, year]), [year]);
    // 1 January is a holiday in every covered year; without data it is just a weekday (or weekend).
    const newYear = `${year}-01-01`;
    assert.equal(isBusinessDay(newYear, CHINA_CALENDAR), ![0, 6].includes(weekday(newYear)));
    assert.equal(isBusinessDay(`${year - 1}-01-01`, CHINA_CALENDAR), false);
    // With the official data missing, an admin override still counts.
    assert.equal(isBusinessDay(newYear, withOverrides(CHINA_CALENDAR, [[newYear, 'holiday']])), false);
    // Deadlines there count Monday–Friday.
    const start = new Date(`${year}-03-05T10:00:00+08:00`);
    assert.equal(addBusinessDays(start, 5, CHINA_CALENDAR).toISOString(), addBusinessDays(start, 5, WEEKENDS).toISOString());
  });

  it('ends the day at local midnight in zones with daylight saving, including midnight transitions', () => {
    const ny: BusinessCalendar = { kind: 'weekends', timeZone: 'America/New_York', overrides: new Map() };
    // Friday 7 March 2025 (EST) + 1 business day = Monday 10 March, which ends in EDT (UTC−4).
    assert.equal(deadline(new Date('2025-03-07T17:00:00Z'), 1, ny), '2025-03-11T03:59:59.999Z');
    // Friday 31 October 2025 (EDT) + 1 = Monday 3 November, after the change back to EST (UTC−5).
    assert.equal(deadline(new Date('2025-10-31T17:00:00Z'), 1, ny), '2025-11-04T04:59:59.999Z');
    // Santiago moves its clocks at midnight: 7 September 2024 ends at 24:00 −04, which is 01:00 −03.
    assert.equal(endOfLocalDay('2024-09-07', 'America/Santiago').toISOString(), '2024-09-08T03:59:59.999Z');
    // …and on 6 April 2024 the hour 23:00–24:00 happens twice; the day ends after the second one.
    assert.equal(endOfLocalDay('2024-04-06', 'America/Santiago').toISOString(), '2024-04-07T03:59:59.999Z');
    // A day a zone skipped entirely (Samoa, 30 December 2011): the 29th ends when the 31st begins.
    assert.equal(localDay(endOfLocalDay('2011-12-29', 'Pacific/Apia').getTime() + 1, 'Pacific/Apia'), '2011-12-31');
    // An empty zone means Shanghai.
    assert.equal(deadline(sh('2025-09-29T10:00:00'), 3, { ...CHINA_CALENDAR, timeZone: '' }), endSh('2025-10-10'));
  });

  it('counts whole business days left, negative when overdue', () => {
    const due = addBusinessDays(sh('2025-09-29T10:00:00'), 3, CHINA_CALENDAR); // end of Friday 10 October
    assert.equal(businessDaysBetween(sh('2025-09-29T10:00:00'), due, CHINA_CALENDAR), 3);
    assert.equal(businessDaysBetween(sh('2025-10-01T10:00:00'), due, CHINA_CALENDAR), 2); // during the holiday
    assert.equal(businessDaysBetween(sh('2025-10-10T08:00:00'), due, CHINA_CALENDAR), 0); // due today
    assert.equal(businessDaysBetween(sh('2025-10-11T08:00:00'), due, CHINA_CALENDAR), -1); // the make-up Saturday
    assert.equal(businessDaysBetween(sh('2025-10-12T08:00:00'), due, CHINA_CALENDAR), -1); // Sunday adds nothing
    assert.equal(businessDaysBetween(sh('2025-10-13T08:00:00'), due, CHINA_CALENDAR), -2);
  });

  it('refuses malformed input', () => {
    assert.throws(() => isBusinessDay('2025-02-29', CHINA_CALENDAR), RangeError);
    assert.throws(() => isBusinessDay('2025-1-5', CHINA_CALENDAR), RangeError);
    assert.throws(() => addBusinessDays(new Date('nonsense'), 1, CHINA_CALENDAR), RangeError);
    assert.throws(() => addBusinessDays(new Date(), 1.5, CHINA_CALENDAR), RangeError);
    assert.throws(() => addBusinessDays(new Date(), 1, { ...CHINA_CALENDAR, timeZone: 'Mars/Olympus' }), RangeError);
  });

  it('counts backwards for negative days and gives the end of the start day for zero', () => {
    assert.equal(deadline(sh('2025-10-09T10:00:00'), 0), endSh('2025-10-09'));
    assert.equal(deadline(sh('2025-10-09T10:00:00'), -1), endSh('2025-09-30'));
  });

  it('always lands on the end of a business day, n business days later (property)', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'America/Santiago', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom(...zones),
        fc.constantFrom<'CN' | 'weekends'>('CN', 'weekends'),
        (start, n, timeZone, kind) => {
          const cal: BusinessCalendar = { kind, timeZone, overrides: new Map() };
          const due = addBusinessDays(start, n, cal);
          const dueDay = localDay(due, timeZone);
          // the last millisecond of its local day
          assert.notEqual(localDay(due.getTime() + 1, timeZone), dueDay);
          if (n > 0) assert.ok(isBusinessDay(dueDay, cal));
          assert.ok(due.getTime() >= start.getTime());
          assert.equal(businessDaysBetween(start, due, cal), n);
        },
      ),
      { numRuns: 400 },
    );
  });
});
