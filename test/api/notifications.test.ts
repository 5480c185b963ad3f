import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { notify, notifyRoles, type NotifyInput } from '../../src/modules/notifications/index.js';
import type { HttpClient } from '../helpers/http.js';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/receiver.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

type User = HttpClient & { userId: string; email: string };

/** Sellers read Chinese by default; these tests read English unless they say otherwise. */
async function inEnglish(user: User): Promise<User> {
  const res = await user.patch('/api/v1/auth/me', { locale: 'en' });
  assert.equal(res.status, 200);
  return user;
}

const send = (server: TestServer, input: Omit<NotifyInput, 'at'>) => {
  const ctx = server.arbiter.ctx;
  return ctx.db.transaction().execute((trx) => notify(trx, { ...input, at: ctx.clock.now() }));
};

describe('notifications (no SMTP server: e-mails are captured)', () => {
  let server: TestServer;
  let admin: User;
  let alice: User;
  let bob: User;
  before(async () => {
    server = await startTestServer({ env: { ARBITER_PUBLIC_URL: 'https://arbiter.example.com' } });
    admin = await server.signIn(['admin']);
    alice = await inEnglish(await server.signIn(['seller'], { name: 'Alice' }));
    bob = await inEnglish(await server.signIn(['seller'], { name: 'Bob' }));
  });
  after(async () => server.close());

  it('shows each user only their own notifications, newest first, with the unread count', async () => {
    await send(server, { userIds: [alice.userId], eventType: 'seller.revision_requested', data: { kind: 'identity', reason: 'The photo is blurred.' }, link: '/seller/application' });
    server.clock.advance(60_000);
    await send(server, { userIds: [alice.userId, bob.userId], eventType: 'seller.verified', data: { shopName: 'Shop 1' }, link: '/seller' });

    const mine = await alice.get('/api/v1/notifications');
    assert.equal(mine.status, 200);
    assert.equal(mine.body.unreadCount, 2);
    assert.deepEqual(
      mine.body.items.map((n: { eventType: string }) => n.eventType),
      ['seller.verified', 'seller.revision_requested'],
    );
    const revision = mine.body.items[1];
    assert.match(revision.id, /^ntf_/);
    assert.equal(revision.title, 'Please upload your identity document again');
    assert.match(revision.body, /The photo is blurred\./);
    assert.deepEqual(revision.data, { kind: 'identity', reason: 'The photo is blurred.' });
    assert.equal(revision.link, '/seller/application');
    assert.equal(revision.readAt, null);

    const theirs = await bob.get('/api/v1/notifications');
    assert.equal(theirs.body.unreadCount, 1);
    assert.deepEqual(
      theirs.body.items.map((n: { eventType: string }) => n.eventType),
      ['seller.verified'],
    );
    const bobsId = theirs.body.items[0].id;

    // Alice cannot read or mark Bob's: it does not exist for her.
    const foreign = await alice.post(`/api/v1/notifications/${bobsId}/read`);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.code, 'not_found');
    assert.equal((await bob.get('/api/v1/notifications')).body.items[0].readAt, null);
    assert.equal((await admin.get('/api/v1/notifications')).body.items.length, 0, 'admins see only their own too');

    const read = await alice.post(`/api/v1/notifications/${revision.id}/read`);
    assert.equal(read.status, 200);
    assert.equal(read.body.readAt, server.clock.now().toISOString());
    assert.equal(read.body.unreadCount, 1);
    // Reading again keeps the first time.
    server.clock.advance(1_000);
    assert.equal((await alice.post(`/api/v1/notifications/${revision.id}/read`)).body.readAt, read.body.readAt);

    const unreadOnly = await alice.get('/api/v1/notifications?unread=true');
    assert.deepEqual(
      unreadOnly.body.items.map((n: { eventType: string }) => n.eventType),
      ['seller.verified'],
    );

    const all = await alice.post('/api/v1/notifications/read-all');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body, { updated: 1, unreadCount: 0 });
    assert.equal((await bob.get('/api/v1/notifications')).body.unreadCount, 1, "marking all read touches only the reader's");
  });

  it('renders titles in the reader’s language', async () => {
    const lin = await server.signIn(['seller'], { name: 'Lin' });
    assert.equal((await lin.patch('/api/v1/auth/me', { locale: 'zh-CN' })).status, 200);
    await send(server, { userIds: [lin.userId], eventType: 'seller.rejected', data: { shopName: '林记', reason: '营业执照不清晰' } });
    const res = await lin.get('/api/v1/notifications');
    assert.equal(res.body.items[0].title, '您的申请被拒绝');
    assert.match(res.body.items[0].body, /林记.*营业执照不清晰/);
  });

  it('pages the list', async () => {
    const carol = await server.signIn(['buyer']);
    for (let i = 0; i < 5; i++) {
      await send(server, { userIds: [carol.userId], eventType: 'case.updated', data: { n: i }, email: false });
      server.clock.advance(1_000);
    }
    const page = await carol.get('/api/v1/notifications?limit=2&offset=1');
    assert.deepEqual(
      page.body.items.map((n: { data: { n: number } }) => n.data.n),
      [3, 2],
    );
    assert.equal(page.body.unreadCount, 5);
    assert.equal(page.body.items[0].title, 'Case updated', 'an event without wording still reads');
    assert.equal((await carol.get('/api/v1/notifications?limit=500')).status, 400);
  });

  it('skips unknown and disabled users, and notifies by role', async () => {
    const officer = await server.signIn(['compliance_officer']);
    const disabled = await server.signIn(['compliance_officer']);
    assert.equal((await admin.patch(`/api/v1/admin/users/${disabled.userId}`, { status: 'disabled' })).status, 200);
    const ctx = server.arbiter.ctx;
    const ids = await ctx.db
      .transaction()
      .execute((trx) => notifyRoles(trx, { roles: ['compliance_officer'], eventType: 'seller.application_submitted', data: { shopName: 'Shop 9' }, link: '/review', at: ctx.clock.now() }));
    assert.equal(ids.length, 1);
    const res = await officer.get('/api/v1/notifications');
    assert.equal(res.body.items[0].title, 'Application to review: Shop 9');
    assert.deepEqual(await send(server, { userIds: ['usr_nobody'], eventType: 'seller.verified' }), []);
  });

  it('rolls back with the caller’s transaction', async () => {
    const dave = await server.signIn(['buyer']);
    const ctx = server.arbiter.ctx;
    await assert.rejects(
      ctx.db.transaction().execute(async (trx) => {
        await notify(trx, { userIds: [dave.userId], eventType: 'case.opened', at: ctx.clock.now() });
        throw new Error('the use-case failed');
      }),
    );
    assert.equal((await dave.get('/api/v1/notifications')).body.items.length, 0);
    const mails = await admin.get(`/api/v1/admin/email-outbox?to=${encodeURIComponent(dave.email)}`);
    assert.equal(mails.body.items.length, 0);
  });

  it('captures e-mails for the console when no SMTP server is configured', async () => {
    // A seller who keeps the default language gets the e-mail in Chinese.
    const erin = await server.signIn(['seller']);
    await send(server, { userIds: [erin.userId], eventType: 'seller.document_expiring', data: { kind: 'business_licence', expiresOn: '2026-04-01' }, link: '/seller/documents' });
    let mails = await admin.get(`/api/v1/admin/email-outbox?to=${encodeURIComponent(erin.email)}`);
    assert.equal(mails.status, 200);
    assert.equal(mails.body.smtpConfigured, false);
    assert.equal(mails.body.items[0].status, 'pending');

    await server.arbiter.scheduler.tick();
    mails = await admin.get(`/api/v1/admin/email-outbox?to=${encodeURIComponent(erin.email)}`);
    const [mail] = mails.body.items;
    assert.equal(mail.status, 'captured');
    assert.equal(mail.to, erin.email);
    assert.equal(mail.userId, erin.userId);
    assert.match(mail.notificationId, /^ntf_/);
    assert.equal(mail.subject, '[Arbiter] 您的营业执照即将过期');
    assert.match(mail.text, /该文件将于2026-04-01过期/);
    assert.match(mail.text, /https:\/\/arbiter\.example\.com\/seller\/documents/);
    assert.match(mail.html, /<a href="https:\/\/arbiter\.example\.com\/seller\/documents">/);
    assert.equal(mail.sentAt, null);
    assert.match(mail.id, /^eml_/);

    const captured = await admin.get('/api/v1/admin/email-outbox?status=captured');
    assert.ok(captured.body.items.length >= 1);
    assert.ok(captured.body.items.every((m: { status: string }) => m.status === 'captured'));
    assert.equal((await admin.get('/api/v1/admin/email-outbox?status=pending')).body.items.length, 0);
  });

  it('escapes data in the HTML e-mail', async () => {
    const fay = await server.signIn(['seller']);
    await send(server, { userIds: [fay.userId], eventType: 'seller.rejected', data: { shopName: '<script>alert(1)</script>', reason: 'a & b' } });
    const [mail] = (await admin.get(`/api/v1/admin/email-outbox?to=${encodeURIComponent(fay.email)}`)).body.items;
    assert.doesNotMatch(mail.html, /<script>/);
    assert.match(mail.html, /&lt;script&gt;/);
    assert.match(mail.html, /a &amp; b/);
  });

  it('limits who may see what', async () => {
    for (const role of ['seller', 'buyer', 'compliance_officer', 'support_agent'] as const) {
      const user = await server.signIn([role]);
      const res = await user.get('/api/v1/admin/email-outbox');
      assert.equal(res.status, 403, role);
      assert.equal(res.body.code, 'forbidden');
    }
    const anon = server.anonymous();
    assert.equal((await anon.get('/api/v1/notifications')).status, 401);
    assert.equal((await anon.post('/api/v1/notifications/read-all')).status, 401);
    assert.equal((await anon.get('/api/v1/admin/email-outbox')).status, 401);

    const key = await admin.post('/api/v1/admin/api-keys', { name: 'integration', roles: ['integration'] });
    assert.equal(key.status, 201);
    const integration = server.anonymous().withApiKey(key.body.secret);
    const res = await integration.get('/api/v1/notifications');
    assert.equal(res.status, 403);
    assert.equal((await admin.post('/api/v1/notifications/ntf_missing/read')).status, 404);
    assert.equal((await admin.get('/api/v1/admin/email-outbox?status=lost')).status, 400);
  });
});

describe('notifications (with an SMTP server)', () => {
  let server: TestServer;
  let smtp: SmtpReceiver;
  let admin: User;
  before(async () => {
    smtp = await startSmtpReceiver();
    server = await startTestServer({ env: { SMTP_URL: smtp.url, ARBITER_MAIL_FROM: 'Arbiter <no-reply@arbiter.test>' } });
    admin = await server.signIn(['admin']);
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  const mailsTo = async (email: string) => (await admin.get(`/api/v1/admin/email-outbox?to=${encodeURIComponent(email)}`)).body.items;

  it('sends pending e-mails through SMTP', async () => {
    const seller = await inEnglish(await server.signIn(['seller']));
    await send(server, { userIds: [seller.userId], eventType: 'seller.verified', data: { shopName: 'Golden Thread' }, link: '/seller' });
    await server.arbiter.scheduler.tick();
    const msg = smtp.messages.find((m) => m.to.includes(seller.email));
    assert.ok(msg, 'the SMTP server received the message');
    assert.equal(msg.from, 'no-reply@arbiter.test');
    assert.match(msg.data, /^Subject: \[Arbiter\] Your shop is verified/m);
    assert.match(msg.data, /Golden Thread passed verification/);
    assert.match(msg.data, /text\/html/);

    const [mail] = await mailsTo(seller.email);
    assert.equal(mail.status, 'sent');
    assert.equal(mail.attempts, 1);
    assert.equal(mail.sentAt, server.clock.now().toISOString());
    assert.equal((await admin.get('/api/v1/admin/email-outbox')).body.smtpConfigured, true);

    await server.arbiter.scheduler.tick();
    assert.equal(smtp.messages.filter((m) => m.to.includes(seller.email)).length, 1, 'sent once');
  });

  it('marks an e-mail the server refuses as failed', async () => {
    const seller = await server.signIn(['seller']);
    smtp.rejectNext(1);
    await send(server, { userIds: [seller.userId], eventType: 'seller.rejected', data: { reason: 'forged licence' } });
    await server.arbiter.scheduler.tick();
    const [mail] = await mailsTo(seller.email);
    assert.equal(mail.status, 'failed');
    assert.match(mail.lastError, /554/);
  });
});

describe('notifications (SMTP server unreachable)', () => {
  it('retries with backoff', async () => {
    const smtp = await startSmtpReceiver();
    const url = smtp.url;
    await smtp.close();
    const server = await startTestServer({ env: { SMTP_URL: url } });
    try {
      const admin = await server.signIn(['admin']);
      const seller = await server.signIn(['seller']);
      await send(server, { userIds: [seller.userId], eventType: 'seller.verified' });
      await server.arbiter.scheduler.tick();
      const [mail] = (await admin.get(`/api/v1/admin/email-outbox?to=${encodeURIComponent(seller.email)}`)).body.items;
      assert.equal(mail.status, 'pending');
      assert.equal(mail.attempts, 1);
      assert.match(mail.lastError, /ECONNREFUSED|connect/i);
      // Not again before the backoff.
      await server.arbiter.scheduler.tick();
      const [still] = (await admin.get(`/api/v1/admin/email-outbox?to=${encodeURIComponent(seller.email)}`)).body.items;
      assert.equal(still.attempts, 1);
      server.clock.advance(75_000);
      await server.arbiter.scheduler.tick();
      const [again] = (await admin.get(`/api/v1/admin/email-outbox?to=${encodeURIComponent(seller.email)}`)).body.items;
      assert.equal(again.attempts, 2);
    } finally {
      await server.close();
    }
  });
});
