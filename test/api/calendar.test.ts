import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addBusinessDays, CHINA_CALENDAR } from '../../src/domain/calendar/business-days.js';
import { coveredCalendarYears } from '../../src/domain/calendar/china-calendar.js';
import { loadCalendar } from '../../src/modules/calendar/index.js';
import { warnAboutMissingCalendars } from '../../src/startup-checks.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('business-day calendars', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  const firstMissingYear = () => Math.max(...coveredCalendarYears()) + 1;

  it('reports which of this year and next the official calendar covers, to anyone signed in', async () => {
    assert.equal((await server.anonymous().get('/api/v1/calendar/status')).status, 401);
    const buyer = await server.signIn(['buyer']);
    server.clock.set('2026-03-02T02:00:00Z');
    const res = await buyer.get('/api/v1/calendar/status');
    assert.equal(res.status, 200);
    assert.equal(res.body.timeZone, 'Asia/Shanghai');
    assert.equal(res.body.source.package, 'chinese-days');
    assert.ok(res.body.coveredYears.includes(2025) && res.body.coveredYears.includes(2026));
    assert.deepEqual(res.body.checkedYears, [2026, 2027]);
    assert.deepEqual(
      res.body.missing,
      [2026, 2027].filter((y) => !coveredCalendarYears().has(y)),
    );
    // New Year's Eve in UTC is already the next year in Shanghai.
    server.clock.set('2026-12-31T17:00:00Z');
    const later = await server.signIn(['buyer']); // the first session has expired by then
    assert.deepEqual((await later.get('/api/v1/calendar/status')).body.checkedYears, [2027, 2028]);
    server.clock.set('2026-03-02T02:00:00Z');
  });

  it('lets an admin add and remove overrides, and nobody else', async () => {
    const admin = await server.signIn(['admin']);
    const agent = await server.signIn(['support_agent']);
    const seller = await server.signIn(['seller']);
    const year = firstMissingYear();
    const body = { calendar: 'CN', day: `${year}-01-01`, kind: 'holiday', note: "New Year's Day" };

    const denied = await seller.post('/api/v1/admin/calendar-overrides', body);
    assert.equal(denied.status, 403);
    assert.equal((await agent.post('/api/v1/admin/calendar-overrides', body)).status, 403);
    assert.equal((await seller.get('/api/v1/admin/calendar-overrides')).status, 403);

    const created = await admin.post('/api/v1/admin/calendar-overrides', body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(created.body.id, /^cal_/);
    assert.equal(created.body.day, `${year}-01-01`);
    assert.equal(created.body.kind, 'holiday');
    assert.equal(created.body.createdBy, admin.userId);

    const dup = await admin.post('/api/v1/admin/calendar-overrides', { ...body, kind: 'workday' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'calendar_override_exists');
    assert.equal(dup.body.field, 'day');
    // The same day on the other calendar is a different override.
    const other = await admin.post('/api/v1/admin/calendar-overrides', { ...body, calendar: 'weekends' });
    assert.equal(other.status, 201);

    const list = await agent.get(`/api/v1/admin/calendar-overrides?calendar=CN&from=${year}-01-01&to=${year}-12-31`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((i: { id: string }) => i.id), [created.body.id]);

    const status = await seller.get('/api/v1/calendar/status');
    if (status.body.missing.includes(year)) {
      assert.deepEqual(status.body.missingYearOverrides.find((m: { year: number }) => m.year === year), { year, overrides: 1 });
    }

    assert.equal((await seller.request('DELETE', `/api/v1/admin/calendar-overrides/${created.body.id}`)).status, 403);
    assert.equal((await admin.request('DELETE', `/api/v1/admin/calendar-overrides/${created.body.id}`)).status, 204);
    const again = await admin.request('DELETE', `/api/v1/admin/calendar-overrides/${created.body.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'not_found');

    const history = await server.arbiter.ctx.db
      .selectFrom('entity_history')
      .select(['event', 'from_state', 'to_state', 'actor_id'])
      .where('entity_type', '=', 'calendar_override')
      .where('entity_id', '=', created.body.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    assert.deepEqual(history, [
      { event: 'create', from_state: null, to_state: 'holiday', actor_id: admin.userId },
      { event: 'delete', from_state: 'holiday', to_state: 'deleted', actor_id: admin.userId },
    ]);
  });

  it('names the field when the day is not a date', async () => {
    const admin = await server.signIn(['admin']);
    for (const day of ['2026-02-30', '2026/03/01', 'tomorrow', '1800-01-01']) {
      const res = await admin.post('/api/v1/admin/calendar-overrides', { calendar: 'CN', day, kind: 'holiday' });
      assert.equal(res.status, 400, day);
      assert.equal(res.body.code, 'validation_failed');
      assert.ok(res.body.errors.some((e: { field: string }) => e.field === 'body.day'), `${day}: ${JSON.stringify(res.body.errors)}`);
    }
    const badKind = await admin.post('/api/v1/admin/calendar-overrides', { calendar: 'CN', day: '2026-03-03', kind: 'half-day' });
    assert.equal(badKind.status, 400);
    assert.ok(badKind.body.errors.some((e: { field: string }) => e.field === 'body.kind'));
    const badCalendar = await admin.post('/api/v1/admin/calendar-overrides', { calendar: 'US', day: '2026-03-03', kind: 'holiday' });
    assert.ok(badCalendar.body.errors.some((e: { field: string }) => e.field === 'body.calendar'));
    const badQuery = await admin.get('/api/v1/admin/calendar-overrides?from=2026-13-01');
    assert.equal(badQuery.status, 400);
    assert.ok(badQuery.body.errors.some((e: { field: string }) => e.field === 'querystring.from'));
  });

  it('accepts an admin API key and refuses others', async () => {
    const admin = await server.signIn(['admin']);
    const adminKey = await admin.post('/api/v1/admin/api-keys', { name: 'calendar sync', roles: ['admin'] });
    const integrationKey = await admin.post('/api/v1/admin/api-keys', { name: 'orders feed', roles: ['integration'] });
    const sync = server.anonymous().withApiKey(adminKey.body.secret);
    const created = await sync.post('/api/v1/admin/calendar-overrides', { calendar: 'weekends', day: '2026-12-25', kind: 'holiday', note: 'Christmas' });
    assert.equal(created.status, 201);
    assert.equal(created.body.createdBy, adminKey.body.id);
    const feed = server.anonymous().withApiKey(integrationKey.body.secret);
    assert.equal((await feed.post('/api/v1/admin/calendar-overrides', { calendar: 'weekends', day: '2026-12-26', kind: 'holiday' })).status, 403);
    assert.equal((await feed.get('/api/v1/calendar/status')).status, 200);
  });

  it('loadCalendar returns the overrides for deadlines, cached, and sees a change at once', async () => {
    const admin = await server.signIn(['admin']);
    const db = server.arbiter.ctx.db;
    const start = new Date('2026-03-05T10:00:00+08:00'); // Thursday
    const before = await loadCalendar(db, 'CN');
    assert.equal(before.kind, 'CN');
    assert.equal(before.timeZone, 'Asia/Shanghai');
    assert.equal(await loadCalendar(db, 'CN'), before, 'served from the cache');
    assert.equal(addBusinessDays(start, 1, before).toISOString(), '2026-03-06T15:59:59.999Z');

    const closed = await admin.post('/api/v1/admin/calendar-overrides', { calendar: 'CN', day: '2026-03-06', kind: 'holiday', note: 'warehouse closed' });
    const worked = await admin.post('/api/v1/admin/calendar-overrides', { calendar: 'CN', day: '2026-03-07', kind: 'workday' });
    const after = await loadCalendar(db, 'CN');
    assert.notEqual(after, before, 'the change dropped the cached calendar');
    assert.equal(after.overrides.get('2026-03-06'), 'holiday');
    // Friday closed, Saturday worked: the deadline moves to Saturday's end.
    assert.equal(addBusinessDays(start, 1, after).toISOString(), '2026-03-07T15:59:59.999Z');
    assert.equal(addBusinessDays(start, 1, CHINA_CALENDAR).toISOString(), '2026-03-06T15:59:59.999Z');
    // The weekends calendar has its own overrides.
    assert.equal((await loadCalendar(db, 'weekends')).overrides.has('2026-03-06'), false);

    await admin.request('DELETE', `/api/v1/admin/calendar-overrides/${closed.body.id}`);
    await admin.request('DELETE', `/api/v1/admin/calendar-overrides/${worked.body.id}`);
    assert.equal((await loadCalendar(db, 'CN')).overrides.has('2026-03-06'), false);
  });

  it('loadCalendar inside a transaction reads that transaction', async () => {
    const db = server.arbiter.ctx.db;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('calendar_overrides')
          .values({ id: 'cal_in_trx', calendar: 'weekends', day: '2026-04-01', kind: 'holiday', note: '', created_by: 'test', created_at: new Date() })
          .execute();
        const cal = await loadCalendar(trx, 'weekends');
        assert.equal(cal.overrides.get('2026-04-01'), 'holiday');
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.equal((await loadCalendar(db, 'weekends')).overrides.has('2026-04-01'), false);
  });

  it('warns at start about each missing year', () => {
    const warnings: unknown[] = [];
    const ctx = { ...server.arbiter.ctx, log: { warn: (...args: unknown[]) => warnings.push(args) } } as never;
    server.clock.set('2026-03-02T02:00:00Z');
    const missing = warnAboutMissingCalendars(ctx);
    assert.deepEqual(missing, [2026, 2027].filter((y) => !coveredCalendarYears().has(y)));
    assert.equal(warnings.length, missing.length);
  });
});
