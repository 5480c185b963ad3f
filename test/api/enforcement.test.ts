import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { systemActor } from '../../src/platform/actor.js';
import { appendLog } from '../../src/modules/enforcement/ledger.js';
import type { HttpClient } from '../helpers/http.js';
import { pdfFile } from '../helpers/files.js';
import { insertOrders } from '../helpers/enforcement.js';
import { apiKeyClient, createSeller, ingestOrder, orderPayload, signInSellerMember } from '../helpers/fixtures.js';
import { TEST_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

const DAY = 86_400_000;
type Client = HttpClient & { userId: string; email: string };

describe('enforcement: points, the ladder, appeals, bulk actions, the log and the policy', () => {
  let server: TestServer;
  let officer: Client;
  let officer2: Client;
  let admin: Client;
  let integration: HttpClient;

  before(async () => {
    server = await startTestServer();
    officer = await server.signIn(['compliance_officer']);
    officer2 = await server.signIn(['compliance_officer']);
    admin = await server.signIn(['admin']);
    integration = await apiKeyClient(server);
  });
  after(async () => server.close());
  beforeEach(async () => {
    for (const c of [officer, officer2, admin]) await c.login(c.email, TEST_PASSWORD);
  });

  /** An officer's finding of `points` points, confirmed by `by`. */
  async function violation(subject: { sellerId?: string; buyerId?: string }, points: number, by: HttpClient = officer, rule = 'fictitious_dispatch') {
    const p = await officer.post('/api/v1/enforcement/violations', { ...subject, rule, summary: `Finding worth ${points}`, points });
    assert.equal(p.status, 201, JSON.stringify(p.body));
    assert.equal(p.body.status, 'proposed');
    const c = await by.post(`/api/v1/enforcement/violations/${p.body.id}/confirm`, { reason: 'checked' });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    return c.body as { id: string; points: number; pointsExpireAt: string };
  }
  const file = async (sellerId: string, as: HttpClient = officer) => {
    const r = await as.get(`/api/v1/enforcement/sellers/${sellerId}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const kinds = (f: { inForce: { kind: string }[] }) => f.inForce.map((s) => s.kind).sort();
  const intake = (sellerId: string) => integration.post('/api/v1/orders', orderPayload(sellerId));

  it('each rung of the ladder acts on the account, order intake and listings', async () => {
    const seller = await createSeller(server);
    const listing = (i: number) => ({ externalId: `L-${seller.id}-${i}`, sellerId: seller.id, category: 'bags', title: `Bag ${i}`, currency: 'USD', price: 5000 });
    const [openOrder] = await insertOrders(server, seller.id, 1, { deadline: new Date(server.clock.now().getTime() + 2 * DAY) });
    await server.arbiter.ctx.db.insertInto('order_payments').values({ order_id: openOrder, seller_id: seller.id, currency: 'USD', captured_amount: 1000, method: 'card', reference: 'pay-open', captured_at: server.clock.now() } as never).execute();

    await violation({ sellerId: seller.id }, 3);
    let f = await file(seller.id);
    assert.equal(f.points.active, 3);
    assert.deepEqual(kinds(f), ['warning']);
    assert.ok(f.deadlines[0].rectifyBy, 'a warning carries a deadline to rectify');
    assert.equal(f.seller.status, 'active');
    assert.equal((await intake(seller.id)).status, 201);

    await violation({ sellerId: seller.id }, 3);
    f = await file(seller.id);
    assert.deepEqual(kinds(f), ['no_promotions', 'warning']);
    assert.equal(f.seller.status, 'restricted');
    assert.equal((await intake(seller.id)).status, 201, 'a restricted seller still takes orders');

    await violation({ sellerId: seller.id }, 3);
    f = await file(seller.id);
    assert.deepEqual(kinds(f), ['listing_limit', 'no_promotions', 'search_demotion', 'warning']);
    assert.equal(f.seller.status, 'restricted');
    assert.equal((await intake(seller.id)).status, 201);
    // the listing limit caps active listings (policy: 20)
    const many = await integration.post('/api/v1/listings', Array.from({ length: 21 }, (_, i) => listing(i)));
    assert.equal(many.status, 200);
    assert.equal(many.body.results.filter((r: { status: string }) => r.status === 'created').length, 20);
    assert.equal(many.body.results[20].code, 'listing_limit_reached');

    await violation({ sellerId: seller.id }, 3);
    f = await file(seller.id);
    assert.ok(kinds(f).includes('suspension'));
    assert.equal(f.seller.status, 'suspended');
    const refused = await intake(seller.id);
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'seller_not_active');
    const visible = await server.anonymous().get(`/api/v1/listings?sellerId=${seller.id}`);
    assert.equal(visible.body.items.length, 0, 'a suspended seller’s listings are hidden');
    assert.equal((await admin.get(`/api/v1/listings?sellerId=${seller.id}`)).body.items.length, 20, 'staff still see them');

    await violation({ sellerId: seller.id }, 3);
    f = await file(seller.id);
    assert.ok(kinds(f).includes('ban'));
    assert.equal(f.seller.status, 'banned');
    assert.equal((await intake(seller.id)).status, 422);
    // the open order was cancelled and refunded in full; nothing is lost
    const order = await server.arbiter.ctx.db.selectFrom('orders').select(['status', 'cancellation_fault']).where('id', '=', openOrder).executeTakeFirstOrThrow();
    assert.equal(order.status, 'cancelled');
    const refunds = await server.arbiter.ctx.db.selectFrom('refunds').select(['amount', 'reason']).where('order_id', '=', openOrder).execute();
    assert.deepEqual(refunds.map((r) => [Number(r.amount), r.reason]), [[1000, 'seller_banned']]);
    // with the three orders the seller took while warned and restricted, not yet dispatched either
    assert.equal(f.bannedOrders.refunded, 4);
  });

  it('points expire on the clock and the ladder steps down; a ban does not expire', async () => {
    const seller = await createSeller(server);
    const member = await signInSellerMember(server, seller.id);
    const v = await violation({ sellerId: seller.id }, 6);
    let f = await file(seller.id, member);
    assert.equal(f.points.active, 6);
    assert.deepEqual(f.points.expiring, [{ at: v.pointsExpireAt, points: 6 }]);
    assert.equal(f.seller.status, 'restricted');
    assert.equal(Date.parse(v.pointsExpireAt) - server.clock.now().getTime(), 180 * DAY);

    server.clock.advanceDays(179);
    await server.arbiter.scheduler.tick();
    await member.login(member.email, TEST_PASSWORD);
    assert.equal((await file(seller.id, member)).points.active, 6);
    server.clock.advanceDays(2);
    await server.arbiter.scheduler.tick();
    await member.login(member.email, TEST_PASSWORD);
    f = await file(seller.id, member);
    assert.equal(f.points.active, 0);
    assert.deepEqual(f.inForce, []);
    assert.equal(f.seller.status, 'active');
    server.clock.advanceDays(-181);
  });

  it('an appeal upheld by another officer removes the points, lifts the sanctions and restores the account', async () => {
    const seller = await createSeller(server);
    const member = await signInSellerMember(server, seller.id, 'owner');
    const stranger = await signInSellerMember(server, (await createSeller(server)).id, 'owner');
    const v = await violation({ sellerId: seller.id }, 12);
    let f = await file(seller.id, member);
    assert.equal(f.seller.status, 'suspended');
    const mine = f.violations.find((x: { id: string }) => x.id === v.id);
    assert.ok(mine.canAppeal && mine.howToRectify && mine.appealableUntil);
    assert.equal((await intake(seller.id)).status, 422);

    // other sellers' members see nothing of it
    assert.equal((await stranger.get(`/api/v1/enforcement/sellers/${seller.id}`)).status, 404);
    assert.equal((await stranger.get(`/api/v1/enforcement/violations/${v.id}`)).status, 404);

    const up = await member.put(`/api/v1/enforcement/sellers/${seller.id}/appeal-evidence?fileName=waybill.pdf`, (await pdfFile()) as unknown as BodyInit, { 'content-type': 'application/pdf' });
    assert.equal(up.status, 201, JSON.stringify(up.body));
    const appeal = await member.post('/api/v1/enforcement/appeals', { targetType: 'violation', targetId: v.id, statement: 'The parcel was scanned; here is the carrier receipt.', evidenceIds: [up.body.id] });
    assert.equal(appeal.status, 201, JSON.stringify(appeal.body));
    assert.equal(appeal.body.evidence.length, 1);
    assert.equal((await stranger.get(`/api/v1/enforcement/appeals/${appeal.body.id}`)).status, 404);
    const again = await member.post('/api/v1/enforcement/appeals', { targetType: 'violation', targetId: v.id, statement: 'again' });
    assert.equal(again.body.code, 'appeal_pending');

    const queue = await officer2.get('/api/v1/enforcement/appeals?status=submitted');
    const queued = queue.body.items.find((a: { id: string }) => a.id === appeal.body.id);
    assert.ok(queued);
    const shopName = (await file(seller.id)).seller.shopName;
    assert.equal(queued.shopName, shopName, 'the queue names the shop');
    assert.equal(appeal.body.shopName, shopName);
    const same = await officer.post(`/api/v1/enforcement/appeals/${appeal.body.id}/decision`, { decision: 'uphold', reason: 'mine' });
    assert.equal(same.status, 403);
    assert.equal(same.body.code, 'same_officer');
    const decided = await officer2.post(`/api/v1/enforcement/appeals/${appeal.body.id}/decision`, { decision: 'uphold', reason: 'The carrier confirmed the scan.' });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.equal(decided.body.status, 'upheld');

    f = await file(seller.id, member);
    assert.equal(f.points.active, 0);
    assert.deepEqual(f.inForce, []);
    assert.equal(f.seller.status, 'active');
    assert.equal(f.violations.find((x: { id: string }) => x.id === v.id).status, 'reversed');
    assert.equal((await intake(seller.id)).status, 201);
  });

  it('an appeal of a ban lifts it and the account comes back', async () => {
    const seller = await createSeller(server);
    const member = await signInSellerMember(server, seller.id, 'owner');
    const p = await officer.post('/api/v1/enforcement/violations', { sellerId: seller.id, rule: 'rating_manipulation', summary: 'Review farm', points: 1 });
    const c = await officer.post(`/api/v1/enforcement/violations/${p.body.id}/confirm`, { severeFraud: true, reason: 'severe fraud' });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    let f = await file(seller.id, member);
    assert.equal(f.seller.status, 'banned', 'severe fraud goes straight to a ban');
    const ban = f.inForce.find((s: { kind: string }) => s.kind === 'ban');
    const appeal = await member.post('/api/v1/enforcement/appeals', { targetType: 'sanction', targetId: ban.id, statement: 'The reviews were real.' });
    assert.equal(appeal.status, 201, JSON.stringify(appeal.body));
    assert.equal((await officer2.post(`/api/v1/enforcement/appeals/${appeal.body.id}/decision`, { decision: 'uphold', reason: 'Real buyers.' })).status, 200);
    f = await file(seller.id, member);
    assert.equal(f.seller.status, 'active');
    assert.equal(f.points.active, 0);
  });

  it('an officer may impose a sanction with the confirmation; buyers get none', async () => {
    const seller = await createSeller(server);
    const p = await officer.post('/api/v1/enforcement/violations', { sellerId: seller.id, rule: 'shipping_overcharge', summary: 'Shipping 9× the parcel cost', points: 1 });
    const bad = await officer.post(`/api/v1/enforcement/violations/${p.body.id}/confirm`, { sanction: 'exile' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].field, 'body.sanction');
    const c = await officer.post(`/api/v1/enforcement/violations/${p.body.id}/confirm`, { reason: 'checked the carrier invoice', sanction: 'no_promotions' });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    assert.equal(c.body.directSanction, 'no_promotions');
    assert.match(c.body.subjectName, /^Shop /, 'a violation names its subject');
    const f = await file(seller.id);
    assert.equal(f.points.active, 1, 'below the first rung');
    assert.deepEqual(kinds(f), ['no_promotions']);
    assert.equal(f.inForce[0].violationId, p.body.id);

    const buyer = await server.signIn(['buyer']);
    const bp = await officer.post('/api/v1/enforcement/violations', { buyerId: buyer.userId, rule: 'serial_claims', summary: 'Nine claims in a week' });
    const refused = await officer.post(`/api/v1/enforcement/violations/${bp.body.id}/confirm`, { sanction: 'suspension' });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'sanction_for_sellers_only');
    assert.equal((await officer.get(`/api/v1/enforcement/violations/${bp.body.id}`)).body.status, 'proposed', 'nothing was decided');
  });

  it('appeals close after the policy window', async () => {
    const seller = await createSeller(server);
    const member = await signInSellerMember(server, seller.id, 'owner');
    const v = await violation({ sellerId: seller.id }, 1);
    server.clock.advanceDays(15);
    await member.login(member.email, TEST_PASSWORD);
    const late = await member.post('/api/v1/enforcement/appeals', { targetType: 'violation', targetId: v.id, statement: 'late' });
    assert.equal(late.status, 422);
    assert.equal(late.body.code, 'appeal_window_closed');
    server.clock.advanceDays(-15);
  });

  it('dishonest buyers get warnings and a claim limit through the same mechanism', async () => {
    const buyer = await server.signIn(['buyer']);
    await violation({ buyerId: buyer.userId }, 3, officer, 'serial_claims');
    const sanctions = await officer.get(`/api/v1/enforcement/sanctions?subjectId=${buyer.userId}&status=active`);
    assert.deepEqual(sanctions.body.items.map((s: { kind: string }) => s.kind), ['warning']);
    await violation({ buyerId: buyer.userId }, 3, officer, 'duplicate_evidence');
    const more = await officer.get(`/api/v1/enforcement/sanctions?subjectId=${buyer.userId}&status=active`);
    assert.deepEqual(more.body.items.map((s: { kind: string }) => s.kind).sort(), ['claim_limit', 'warning']);
  });

  it('bulk action: preview, apply with a public report, undo restores everyone', async () => {
    const a = await createSeller(server);
    const b = await createSeller(server);
    const c = await createSeller(server);
    const preview = await officer.post('/api/v1/enforcement/batches', {
      criteria: { sellerIds: [a.id, b.id] },
      sanction: 'suspension',
      reason: 'Fictitious dispatch ring found by investigation',
      publicSummary: 'Sellers suspended for fictitious dispatch',
    });
    assert.equal(preview.status, 201, JSON.stringify(preview.body));
    assert.equal(preview.body.selected, 2);
    assert.equal((await file(a.id)).seller.status, 'active', 'a preview changes nothing');
    const applied = await officer.post(`/api/v1/enforcement/batches/${preview.body.id}/apply`, { publish: true });
    assert.equal(applied.status, 200, JSON.stringify(applied.body));
    assert.equal(applied.body.applied, 2);
    assert.equal((await file(a.id)).seller.status, 'suspended');
    assert.equal((await file(b.id)).seller.status, 'suspended');
    assert.equal((await file(c.id)).seller.status, 'active');
    assert.equal((await intake(a.id)).status, 422);
    const report = await server.anonymous().get(`/api/v1/public/enforcement-reports/${preview.body.id}`);
    assert.equal(report.status, 200);
    assert.deepEqual([report.body.sellers, report.body.sanction, report.body.summary, report.body.withdrawn], [2, 'suspension', 'Sellers suspended for fictitious dispatch', false]);

    const undo = await officer.post(`/api/v1/enforcement/batches/${preview.body.id}/undo`, { reason: 'Wrong list' });
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    assert.equal(undo.body.status, 'undone');
    assert.equal((await file(a.id)).seller.status, 'active');
    assert.equal((await file(b.id)).seller.status, 'active');
    assert.equal((await intake(a.id)).status, 201);
    assert.equal((await server.anonymous().get(`/api/v1/public/enforcement-reports/${preview.body.id}`)).body.withdrawn, true);
    assert.equal((await officer.post(`/api/v1/enforcement/batches/${preview.body.id}/undo`, { reason: 'twice' })).status, 409);
  });

  it('audits: a sample of a seller’s orders, findings become proposals', async () => {
    const seller = await createSeller(server);
    await insertOrders(server, seller.id, 8);
    const audit = await officer.post('/api/v1/enforcement/audits', { scope: 'seller', sellerId: seller.id, sampleKind: 'orders', sampleSize: 5 });
    assert.equal(audit.status, 201, JSON.stringify(audit.body));
    assert.equal(audit.body.sample.length, 5);
    const finding = await officer.post(`/api/v1/enforcement/audits/${audit.body.id}/findings`, { itemId: audit.body.sample[0], rule: 'method_mismatch', note: 'Shipped by sea, buyer chose air' });
    assert.equal(finding.status, 201, JSON.stringify(finding.body));
    const vid = finding.body.findings[0].violationId;
    const v = await officer.get(`/api/v1/enforcement/violations/${vid}`);
    assert.equal(v.body.status, 'proposed', 'audit findings wait for confirmation');
    assert.equal(v.body.origin, 'audit');
    const outside = await officer.post(`/api/v1/enforcement/audits/${audit.body.id}/findings`, { itemId: 'ord_not_sampled', rule: 'method_mismatch', note: 'x' });
    assert.equal(outside.body.code, 'not_in_sample');
    // the seller's file shows compliance the finding beside its proposal; the seller's own file does not
    const staffFile = await file(seller.id);
    assert.deepEqual(staffFile.auditFindings.map((f: { auditId: string; violationId: string; violationStatus: string }) => [f.auditId, f.violationId, f.violationStatus]), [[audit.body.id, vid, 'proposed']]);
    const member = await signInSellerMember(server, seller.id);
    assert.equal((await file(seller.id, member)).auditFindings, undefined);
  });

  it('only compliance enforces; sellers see only their own file', async () => {
    const seller = await createSeller(server);
    const member = await signInSellerMember(server, seller.id);
    assert.equal((await member.get('/api/v1/enforcement/violations')).status, 403);
    assert.equal((await member.post('/api/v1/enforcement/batches', { criteria: { sellerIds: [seller.id] }, sanction: 'ban', reason: 'x' })).status, 403);
    assert.equal((await member.get(`/api/v1/enforcement/sellers/${(await createSeller(server)).id}`)).status, 404);
    assert.equal((await member.get(`/api/v1/enforcement/sellers/${seller.id}`)).status, 200);
    assert.equal((await officer.post('/api/v1/enforcement/violations', { rule: 'x!', summary: '' })).status, 400);
  });

  it('every decision is in the hash chain; a tampered entry is named by the verifier', async () => {
    const ok = await admin.get('/api/v1/enforcement/log/verify');
    assert.equal(ok.status, 200);
    assert.equal(ok.body.ok, true, JSON.stringify(ok.body));
    assert.ok(ok.body.entries > 10);
    const db = server.arbiter.ctx.db;
    await sql`ALTER TABLE enforcement_log DISABLE TRIGGER enforcement_log_no_update`.execute(db);
    await sql`UPDATE enforcement_log SET payload = jsonb_set(payload, '{points}', '0') WHERE seq = 5`.execute(db);
    await sql`ALTER TABLE enforcement_log ENABLE TRIGGER enforcement_log_no_update`.execute(db);
    const broken = await admin.get('/api/v1/enforcement/log/verify');
    assert.equal(broken.body.ok, false);
    assert.equal(broken.body.firstBroken.seq, 5);
    assert.equal(broken.body.firstBroken.reason, 'hash_mismatch');
    await assert.rejects(sql`UPDATE enforcement_log SET action = 'x' WHERE seq = 1`.execute(db), /append-only/);
    assert.equal((await officer.get('/api/v1/enforcement/log/verify')).status, 403);
  });

  it('the dry run shows exactly what activation then does', async () => {
    const x = await createSeller(server);
    const y = await createSeller(server);
    await insertOrders(server, x.id, 2, { deadline: new Date(server.clock.now().getTime() - 6 * DAY), dispatchedAt: new Date(server.clock.now().getTime() - 5 * DAY) });
    await violation({ sellerId: y.id }, 1, officer, 'method_mismatch');
    const p = await officer.post('/api/v1/enforcement/violations', { sellerId: y.id, rule: 'method_mismatch', summary: 'by rule' });
    // a detector-style finding (its points follow the rule) through the rule's own path
    await officer.post(`/api/v1/enforcement/violations/${p.body.id}/dismiss`, { reason: 'duplicate' });
    await server.arbiter.ctx.db.updateTable('violations').set({ origin: 'detector' }).where('subject_id', '=', y.id).where('status', '=', 'confirmed').execute();
    const beforeY = await file(y.id);
    assert.equal(beforeY.points.active, 1);

    const draft = await admin.post('/api/v1/admin/policy/drafts', { note: 'stricter on delays' });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    const bad = await admin.patch(`/api/v1/admin/policy/drafts/${draft.body.version}`, { document: { enforcement: { pointsExpireDays: 30 } } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].field, 'document.enforcement.pointsExpireDays');
    const patched = await admin.patch(`/api/v1/admin/policy/drafts/${draft.body.version}`, {
      document: { enforcement: { rules: { repeated_delays: { minLate: 2, autoConfirm: true }, method_mismatch: { points: 3 } } } },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.document.enforcement.rules.repeated_delays.minLate, 2);
    assert.equal(patched.body.document.enforcement.rules.repeated_delays.windowDays, 30, 'untouched fields keep their values');

    const dry = await admin.post(`/api/v1/admin/policy/drafts/${draft.body.version}/dry-run`);
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    const cx = dry.body.changes.find((c: { sellerId: string }) => c.sellerId === x.id);
    const cy = dry.body.changes.find((c: { sellerId: string }) => c.sellerId === y.id);
    assert.deepEqual(cx.points, { before: 0, after: 2 });
    assert.deepEqual(cy.points, { before: 1, after: 3 });
    assert.deepEqual(cy.sanctions.added, ['warning']);
    // nothing was kept
    assert.equal((await file(y.id)).points.active, 1);
    assert.equal((await file(x.id)).violations.length, 0);
    assert.equal((await admin.get('/api/v1/policy/active')).body.version, 1);

    const activated = await admin.post(`/api/v1/admin/policy/drafts/${draft.body.version}/activate`);
    assert.equal(activated.status, 200, JSON.stringify(activated.body));
    assert.deepEqual(activated.body.changes, dry.body.changes);
    assert.deepEqual(activated.body.summary, dry.body.summary);
    assert.equal((await file(y.id)).points.active, 3);
    assert.deepEqual(kinds(await file(y.id)), ['warning']);
    assert.equal((await file(x.id)).points.active, 2);
    // compliance officers read the versions (the editor is read-only for them); only admins change them
    const read = await officer.get('/api/v1/admin/policy/versions');
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.equal((await officer.get(`/api/v1/admin/policy/versions/${draft.body.version}`)).body.document.enforcement.rules.method_mismatch.points, 3);
    assert.equal((await officer.post('/api/v1/admin/policy/drafts', { note: 'mine' })).status, 403);
    const sellerMember = await signInSellerMember(server, y.id);
    assert.equal((await sellerMember.get('/api/v1/admin/policy/versions')).status, 403);
    const versions = await admin.get('/api/v1/admin/policy/versions');
    assert.deepEqual(versions.body.items.map((v: { version: number; status: string }) => [v.version, v.status]).slice(0, 2), [[draft.body.version, 'active'], [1, 'retired']]);
    const confirmed = (await file(x.id)).violations[0];
    assert.equal(confirmed.policyVersion, draft.body.version, 'decisions record the policy version they used');
    assert.equal((await admin.post(`/api/v1/admin/policy/drafts/${draft.body.version}/activate`)).body.code, 'not_a_draft');
  });
});

describe('arbiter audit verify', () => {
  it('exits 0 on an intact log and 1 naming the first broken entry', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbiter-audit-'));
    try {
      const handle = await openDatabase({ dataDir });
      await migrate(handle);
      await handle.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 4; i++) await appendLog(trx, { action: 'test.entry', entityType: 'test', entityId: `e${i}`, actor: systemActor, payload: { i }, at: new Date(Date.UTC(2026, 0, 1 + i)) });
      });
      await handle.close();
      const cliEnv: NodeJS.ProcessEnv = { ...process.env, ARBITER_DATA_DIR: dataDir, ARBITER_LOG_LEVEL: 'silent' };
      delete cliEnv.DATABASE_URL;
      const cli = () => spawnSync(process.execPath, ['bin/arbiter.js', 'audit', 'verify'], { env: cliEnv, encoding: 'utf8', timeout: 120_000 });
      const good = cli();
      assert.equal(good.status, 0, good.stderr + good.stdout);
      assert.match(good.stdout, /intact: 4 entries/);

      const again = await openDatabase({ dataDir });
      await again.exec(`ALTER TABLE enforcement_log DISABLE TRIGGER enforcement_log_no_update; UPDATE enforcement_log SET payload = '{"i": 99}' WHERE seq = 3;`);
      await again.close();
      const bad = cli();
      assert.equal(bad.status, 1, bad.stderr + bad.stdout);
      assert.match(bad.stderr, /broken at entry 3/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
