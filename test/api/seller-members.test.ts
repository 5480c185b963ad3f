import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiKeyClient, createSeller, ingestOrder, orderPayload, signInSellerMember } from '../helpers/fixtures.js';
import { jpegFile, pdfFile, pngFile } from '../helpers/files.js';
import type { HttpClient } from '../helpers/http.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

type Client = HttpClient & { userId: string; email: string };
const DAY = 86_400_000;

describe('seller team: invitations, members, and starting a rejected application again', () => {
  let server: TestServer;
  let admin: Client;
  let officer: Client;
  let integration: HttpClient;

  const db = () => server.arbiter.ctx.db;
  const history = (entityId: string) => db().selectFrom('entity_history').selectAll().where('entity_id', '=', entityId).orderBy('id').execute();

  /** The invitation link's token, read from the e-mail queued for the address (the only place it exists). */
  async function tokenFor(email: string): Promise<string> {
    const res = await admin.get(`/api/v1/admin/email-outbox?to=${encodeURIComponent(email)}`);
    assert.equal(res.status, 200);
    const mail = res.body.items.find((m: { link: string | null }) => m.link?.startsWith('/invite/'));
    assert.ok(mail, `an invitation e-mail to ${email}`);
    return mail.link.slice('/invite/'.length);
  }

  async function ownedShop() {
    const seller = await createSeller(server, { shopName: `Team shop ${Math.random().toString(36).slice(2, 8)}` });
    const owner = (await signInSellerMember(server, seller.id, 'owner')) as Client;
    return { sellerId: seller.id, owner };
  }

  before(async () => {
    server = await startTestServer();
    admin = await server.signIn(['admin']);
    officer = await server.signIn(['compliance_officer']);
    integration = await apiKeyClient(server);
  });
  after(async () => server.close());

  it('invites by e-mail, the invitee creates an account through the link and works on the seller’s orders', async () => {
    const { sellerId, owner } = await ownedShop();
    const order = await ingestOrder(integration, orderPayload(sellerId));
    const email = `Staff.${Date.now()}@Shop.example`;

    const invited = await owner.post(`/api/v1/sellers/${sellerId}/invitations`, { email });
    assert.equal(invited.status, 201, JSON.stringify(invited.body));
    assert.match(invited.body.id, /^inv_/);
    assert.equal(invited.body.email, email.toLowerCase());
    assert.equal(invited.body.status, 'pending');
    assert.equal(new Date(invited.body.expiresAt).getTime() - server.clock.now().getTime(), 7 * DAY);

    // the e-mail carries the link; the database keeps only the token's hash
    const token = await tokenFor(email.toLowerCase());
    const stored = await db().selectFrom('seller_invitations').selectAll().where('id', '=', invited.body.id).executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, token);
    assert.equal(stored.token_hash.length, 64);
    const mail = (await admin.get(`/api/v1/admin/email-outbox?to=${encodeURIComponent(email.toLowerCase())}`)).body.items[0];
    assert.match(mail.subject, /加入/, 'a newcomer is written to in Chinese by default');

    const team = await owner.get(`/api/v1/sellers/${sellerId}/team`);
    assert.equal(team.status, 200);
    assert.deepEqual(team.body.members.map((m: { memberRole: string }) => m.memberRole), ['owner']);
    assert.deepEqual(team.body.invitations.map((i: { id: string }) => i.id), [invited.body.id]);

    const anonymous = server.anonymous();
    const preview = await anonymous.post('/api/v1/invitations/preview', { token });
    assert.equal(preview.status, 200);
    assert.equal(preview.body.shopName, team.body.shopName);
    assert.equal(preview.body.status, 'pending');
    assert.equal(preview.body.accountExists, false);

    const noPassword = await anonymous.post('/api/v1/invitations/accept', { token, name: 'Wang Fang' });
    assert.equal(noPassword.status, 400);
    assert.equal(noPassword.body.errors[0].field, 'password');
    const shortPassword = await anonymous.post('/api/v1/invitations/accept', { token, name: 'Wang Fang', password: 'short' });
    assert.equal(shortPassword.status, 400);
    assert.match(JSON.stringify(shortPassword.body.errors), /password/);

    const accepted = await anonymous.post('/api/v1/invitations/accept', { token, name: 'Wang Fang', password: TEST_PASSWORD });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.sellerId, sellerId);
    assert.equal(accepted.body.newAccount, true);
    assert.equal(accepted.body.memberRole, 'staff');

    const staff = server.anonymous();
    const login = await staff.login(email, TEST_PASSWORD);
    assert.deepEqual(login.body.user.roles, ['seller']);
    assert.equal(login.body.user.locale, 'zh-CN');
    assert.deepEqual(login.body.user.sellers.map((m: { sellerId: string; memberRole: string }) => [m.sellerId, m.memberRole]), [[sellerId, 'staff']]);
    assert.equal((await staff.get(`/api/v1/orders/${order.id}`)).status, 200, 'staff see the seller’s orders');
    const list = await staff.get(`/api/v1/orders?sellerId=${sellerId}`);
    assert.deepEqual(list.body.items.map((o: { id: string }) => o.id), [order.id]);

    // the link worked once
    const again = await server.anonymous().post('/api/v1/invitations/accept', { token, name: 'Someone else', password: TEST_PASSWORD });
    assert.equal(again.status, 410);
    assert.equal(again.body.code, 'invitation_used');
    assert.equal((await server.anonymous().post('/api/v1/invitations/preview', { token })).body.status, 'accepted');

    // history and outbox, in the order it happened
    const inv = await history(invited.body.id);
    assert.deepEqual(inv.map((h) => [h.event, h.from_state, h.to_state]), [['invite', null, 'pending'], ['accept', 'pending', 'accepted']]);
    const outbox = await db().selectFrom('outbox').select('event_type').where('seller_id', '=', sellerId).orderBy('id').execute();
    assert.deepEqual(outbox.map((o) => o.event_type).filter((t) => t.startsWith('seller.member')), ['seller.member_invited', 'seller.member_joined']);
    const ownerNotes = await owner.get('/api/v1/notifications');
    assert.ok(ownerNotes.body.items.some((n: { eventType: string }) => n.eventType === 'seller.member_joined'));
    assert.deepEqual((await owner.get(`/api/v1/sellers/${sellerId}/team`)).body.invitations, []);
  });

  it('attaches the seller to the signed-in account, and refuses platform staff accounts', async () => {
    const { sellerId, owner } = await ownedShop();
    const buyer = await server.signIn(['buyer']);
    assert.equal((await owner.post(`/api/v1/sellers/${sellerId}/invitations`, { email: buyer.email })).status, 201);
    const token = await tokenFor(buyer.email);
    assert.equal((await server.anonymous().post('/api/v1/invitations/preview', { token })).body.accountExists, true);

    // not signed in, the address already has an account: sign in instead
    const taken = await server.anonymous().post('/api/v1/invitations/accept', { token, name: 'X', password: TEST_PASSWORD });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, 'email_taken');
    // signed in, name and password make no sense
    const both = await buyer.post('/api/v1/invitations/accept', { token, name: 'X', password: TEST_PASSWORD });
    assert.equal(both.status, 409);
    assert.equal(both.body.code, 'signed_in');

    const joined = await buyer.post('/api/v1/invitations/accept', { token });
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    assert.equal(joined.body.newAccount, false);
    const me = await buyer.get('/api/v1/auth/me');
    assert.deepEqual(me.body.user.roles, ['buyer', 'seller'], 'the buyer keeps buying and gains the seller role');
    assert.equal(me.body.user.sellers[0].sellerId, sellerId);

    const support = await server.signIn(['support_agent']);
    assert.equal((await owner.post(`/api/v1/sellers/${sellerId}/invitations`, { email: support.email })).status, 201);
    const refused = await support.post('/api/v1/invitations/accept', { token: await tokenFor(support.email) });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'staff_account');

    // already on the team
    const dup = await owner.post(`/api/v1/sellers/${sellerId}/invitations`, { email: buyer.email.toUpperCase() });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'already_member');
  });

  it('refuses an expired link, and the scheduler marks it expired', async () => {
    const { sellerId, owner } = await ownedShop();
    const email = `late-${Date.now()}@shop.example`;
    const invited = await owner.post(`/api/v1/sellers/${sellerId}/invitations`, { email });
    const token = await tokenFor(email);
    const open = await owner.post(`/api/v1/sellers/${sellerId}/invitations`, { email });
    assert.equal(open.status, 409);
    assert.equal(open.body.code, 'invitation_pending');

    server.clock.advance(7 * DAY);
    const late = await server.anonymous().post('/api/v1/invitations/accept', { token, name: 'Late', password: TEST_PASSWORD });
    assert.equal(late.status, 410);
    assert.equal(late.body.code, 'invitation_expired');
    assert.equal((await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()), undefined, 'no account left behind');

    await server.arbiter.scheduler.tick();
    const row = await db().selectFrom('seller_invitations').select('status').where('id', '=', invited.body.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'expired');
    assert.deepEqual((await history(invited.body.id)).map((h) => [h.event, h.actor_role]), [['invite', 'seller'], ['expire', 'system']]);

    // a fresh invitation to the same address works; unknown tokens are 404
    await owner.login(owner.email, TEST_PASSWORD);
    assert.equal((await owner.post(`/api/v1/sellers/${sellerId}/invitations`, { email })).status, 201);
    assert.equal((await server.anonymous().post('/api/v1/invitations/preview', { token: 'x'.repeat(43) })).status, 404);
    assert.equal((await server.anonymous().post('/api/v1/invitations/preview', { token: 'short' })).status, 400);
  });

  it('revokes an invitation: its link no longer works', async () => {
    const { sellerId, owner } = await ownedShop();
    const email = `revoked-${Date.now()}@shop.example`;
    const invited = await owner.post(`/api/v1/sellers/${sellerId}/invitations`, { email });
    const token = await tokenFor(email);
    const revoked = await owner.post(`/api/v1/sellers/${sellerId}/invitations/${invited.body.id}/revoke`);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.status, 'revoked');
    const twice = await owner.post(`/api/v1/sellers/${sellerId}/invitations/${invited.body.id}/revoke`);
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'illegal_transition');
    const use = await server.anonymous().post('/api/v1/invitations/accept', { token, name: 'R', password: TEST_PASSWORD });
    assert.equal(use.status, 410);
    assert.equal(use.body.code, 'invitation_revoked');
    assert.deepEqual((await owner.get(`/api/v1/sellers/${sellerId}/team`)).body.invitations, []);
  });

  it('keeps the team to its owner: staff get 403, another seller’s owner and buyers get 404', async () => {
    const { sellerId, owner } = await ownedShop();
    const staff = (await signInSellerMember(server, sellerId, 'staff')) as Client;
    const other = await ownedShop();
    const buyer = await server.signIn(['buyer']);
    const invited = await owner.post(`/api/v1/sellers/${sellerId}/invitations`, { email: `x-${Date.now()}@shop.example` });

    const staffInvite = await staff.post(`/api/v1/sellers/${sellerId}/invitations`, { email: 'friend@shop.example' });
    assert.equal(staffInvite.status, 403);
    assert.equal(staffInvite.body.code, 'owner_only');
    assert.equal((await staff.get(`/api/v1/sellers/${sellerId}/team`)).status, 403);
    assert.equal((await staff.post(`/api/v1/sellers/${sellerId}/invitations/${invited.body.id}/revoke`)).status, 403);
    assert.equal((await staff.request('DELETE', `/api/v1/sellers/${sellerId}/members/${owner.userId}`)).status, 403);

    for (const outsider of [other.owner, buyer]) {
      assert.equal((await outsider.get(`/api/v1/sellers/${sellerId}/team`)).status, 404);
      assert.equal((await outsider.post(`/api/v1/sellers/${sellerId}/invitations`, { email: 'a@b.example' })).status, 404);
      assert.equal((await outsider.post(`/api/v1/sellers/${sellerId}/invitations/${invited.body.id}/revoke`)).status, 404);
      assert.equal((await outsider.request('DELETE', `/api/v1/sellers/${sellerId}/members/${staff.userId}`)).status, 404);
    }
    // an owner naming another seller's invitation or member under their own seller: not found either
    assert.equal((await other.owner.post(`/api/v1/sellers/${other.sellerId}/invitations/${invited.body.id}/revoke`)).status, 404);
    assert.equal((await other.owner.request('DELETE', `/api/v1/sellers/${other.sellerId}/members/${staff.userId}`)).status, 404);
    assert.equal((await db().selectFrom('seller_invitations').select('status').where('id', '=', invited.body.id).executeTakeFirstOrThrow()).status, 'pending');

    // compliance may look at a team but not change it
    assert.equal((await officer.get(`/api/v1/sellers/${sellerId}/team`)).status, 200);
    assert.equal((await officer.post(`/api/v1/sellers/${sellerId}/invitations`, { email: 'c@d.example' })).status, 403);

    const bad = await owner.post(`/api/v1/sellers/${sellerId}/invitations`, { email: 'not-an-address' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.errors[0].field, /email/);
  });

  it('removes a member of staff at once: their open session loses the seller; the owner cannot be removed', async () => {
    const { sellerId, owner } = await ownedShop();
    const order = await ingestOrder(integration, orderPayload(sellerId));
    const staff = (await signInSellerMember(server, sellerId, 'staff')) as Client;
    assert.equal((await staff.get(`/api/v1/orders/${order.id}`)).status, 200);
    // (a seller written by the fixture has no application, so its timeline stands for the seller's pages)
    assert.equal((await staff.get(`/api/v1/sellers/${sellerId}/timeline`)).status, 200);

    const ownerOut = await owner.request('DELETE', `/api/v1/sellers/${sellerId}/members/${owner.userId}`);
    assert.equal(ownerOut.status, 409);
    assert.equal(ownerOut.body.code, 'illegal_transition');

    const removed = await owner.request('DELETE', `/api/v1/sellers/${sellerId}/members/${staff.userId}`);
    assert.equal(removed.status, 204);
    // the same session, no new sign-in
    assert.equal((await staff.get(`/api/v1/orders/${order.id}`)).status, 404);
    assert.equal((await staff.get(`/api/v1/sellers/${sellerId}/timeline`)).status, 404);
    assert.deepEqual((await staff.get('/api/v1/auth/me')).body.user.sellers, []);
    const again = await owner.request('DELETE', `/api/v1/sellers/${sellerId}/members/${staff.userId}`);
    assert.equal(again.status, 404);

    const h = await db().selectFrom('entity_history').selectAll().where('entity_type', '=', 'seller_member').where('seller_id', '=', sellerId).execute();
    assert.deepEqual(h.map((r) => [r.event, r.from_state, r.to_state, r.actor_id]), [['remove', 'staff', 'removed', owner.userId]]);
    const notes = await staff.get('/api/v1/notifications');
    assert.equal(notes.body.items[0].eventType, 'seller.member_removed');
  });

  // ---- re-application ----------------------------------------------------------------------

  async function rejectedApplication() {
    const client = await server.signIn(['seller']);
    const created = await client.post('/api/v1/sellers', {
      legalName: '广州市海珠区小林服饰店',
      shopName: `Lin Fashion ${client.userId.slice(-5)}`,
      country: 'CN',
      region: 'Guangdong',
      businessType: 'individual',
      contactName: 'Lin Xiaoling',
      contactEmail: 'lin@fashion.example',
      storefronts: [],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const sellerId: string = created.body.seller.id;
    const expiresOn = new Date(server.clock.now().getTime() + 900 * DAY).toISOString().slice(0, 10);
    const put = (kind: string, body: Buffer, q: string) => client.put(`/api/v1/sellers/${sellerId}/documents/${kind}?${q}`, body as BodyInit, { 'content-type': 'application/octet-stream' });
    assert.equal((await put('identity', jpegFile(40, 24, 9), `fileName=id.jpg&expiresOn=${expiresOn}`)).status, 201);
    assert.equal((await put('proof_of_address', pngFile(30, 40, 8), 'fileName=bill.png')).status, 201);
    assert.equal((await client.post(`/api/v1/sellers/${sellerId}/application/submit`)).status, 200);
    assert.equal((await officer.post(`/api/v1/sellers/${sellerId}/application/start-review`)).status, 200);
    const docs = (await officer.get(`/api/v1/sellers/${sellerId}/application`)).body.documents;
    assert.equal((await officer.post(`/api/v1/documents/${docs[0].id}/decision`, { decision: 'approve' })).status, 200);
    const rejected = await officer.post(`/api/v1/sellers/${sellerId}/application/reject`, { reason: 'The utility bill is in another person’s name.' });
    assert.equal(rejected.status, 200);
    return { client: client as Client, sellerId, documents: docs as { id: string; kind: string }[] };
  }

  it('starts a rejected application again after the cooldown, as a new revision that keeps the old one in history', async () => {
    const { client, sellerId, documents } = await rejectedApplication();
    const revisions = await client.get(`/api/v1/sellers/${sellerId}/application/revisions`);
    assert.equal(revisions.status, 200);
    assert.equal(revisions.body.revision, 1);
    assert.equal(revisions.body.cooldownDays, 30);
    assert.equal(revisions.body.reapply.allowed, false);
    assert.equal(revisions.body.reapply.blockedBy, 'cooldown');
    assert.equal(revisions.body.reapply.availableAt, new Date(server.clock.now().getTime() + 30 * DAY).toISOString());
    assert.ok((await client.get(`/api/v1/sellers/${sellerId}/application`)).body.availableActions.includes('reapply'));

    const early = await client.post(`/api/v1/sellers/${sellerId}/application/reapply`);
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'reapply_cooldown');
    assert.equal(early.body.availableAt, revisions.body.reapply.availableAt);

    server.clock.advance(30 * DAY);
    await client.login(client.email, TEST_PASSWORD);
    await officer.login(officer.email, TEST_PASSWORD);
    const other = await server.signIn(['seller']);
    assert.equal((await other.post(`/api/v1/sellers/${sellerId}/application/reapply`)).status, 404);
    const staff = (await signInSellerMember(server, sellerId, 'staff')) as Client;
    assert.equal((await staff.post(`/api/v1/sellers/${sellerId}/application/reapply`)).status, 403);
    assert.equal((await staff.get(`/api/v1/sellers/${sellerId}/application/revisions`)).body.reapply.blockedBy, 'owner_only');
    assert.equal((await officer.post(`/api/v1/sellers/${sellerId}/application/reapply`)).status, 403);

    const reopened = await client.post(`/api/v1/sellers/${sellerId}/application/reapply`);
    assert.equal(reopened.status, 200, JSON.stringify(reopened.body));
    assert.equal(reopened.body.application.status, 'draft');
    assert.equal(reopened.body.application.decisionReason, null);
    assert.deepEqual(reopened.body.documents, [], 'the new revision is reviewed on fresh uploads');
    assert.deepEqual(reopened.body.availableActions, ['edit_details', 'upload_documents', 'submit']);
    const twice = await client.post(`/api/v1/sellers/${sellerId}/application/reapply`);
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'illegal_transition');

    // the old decision and documents stay readable
    const after = (await client.get(`/api/v1/sellers/${sellerId}/application/revisions`)).body;
    assert.equal(after.revision, 2);
    assert.equal(after.previous.length, 1);
    assert.equal(after.previous[0].revision, 1);
    assert.equal(after.previous[0].status, 'rejected');
    assert.equal(after.previous[0].decisionReason, 'The utility bill is in another person’s name.');
    assert.deepEqual(after.previous[0].documents.map((d: { id: string; status: string }) => [d.id, d.status]).sort(), documents.map((d) => [d.id, d.kind === documents[0].kind ? 'approved' : 'pending_review']).sort());
    for (const d of documents) {
      assert.equal((await client.get(`/api/v1/documents/${d.id}/file`, {})).status, 200, 'an earlier revision’s file can still be opened');
      assert.deepEqual((await history(d.id)).at(-1)!.event, 'archive');
    }
    const timeline = (await client.get(`/api/v1/sellers/${sellerId}/timeline`)).body.items;
    assert.deepEqual([timeline[0].event, timeline[0].from, timeline[0].to], ['reapply', 'rejected', 'draft']);
    assert.ok(timeline.some((e: { event: string; reason: string | null }) => e.event === 'reject' && e.reason === 'The utility bill is in another person’s name.'));
    const outbox = await db().selectFrom('outbox').select('event_type').where('seller_id', '=', sellerId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(outbox.event_type, 'seller.application_reopened');

    // the new revision goes through the same flow
    const expiresOn = new Date(server.clock.now().getTime() + 900 * DAY).toISOString().slice(0, 10);
    assert.equal((await client.put(`/api/v1/sellers/${sellerId}/documents/identity?expiresOn=${expiresOn}`, jpegFile(40, 24, 3) as BodyInit, { 'content-type': 'image/jpeg' })).status, 201);
    const bill = await client.put(`/api/v1/sellers/${sellerId}/documents/proof_of_address`, (await pdfFile('Own utility bill', 4)) as BodyInit, { 'content-type': 'application/pdf' });
    assert.equal(bill.status, 201);
    assert.equal(bill.body.version, 2);
    const submitted = await client.post(`/api/v1/sellers/${sellerId}/application/submit`);
    assert.equal(submitted.status, 200);
    const queue = (await officer.get('/api/v1/review-queue')).body.items;
    assert.ok(queue.some((q: { sellerId: string }) => q.sellerId === sellerId));
  });

  it('lets the policy set the cooldown (0: at once) and keeps a non-rejected application from starting again', async () => {
    const policy = await db().selectFrom('policy_versions').select(['version', 'document']).where('status', '=', 'active').executeTakeFirstOrThrow();
    const doc = policy.document as { verification: Record<string, unknown> };
    await db()
      .updateTable('policy_versions')
      .set({ document: JSON.stringify({ ...doc, verification: { ...doc.verification, reapplyCooldownDays: 0 } }) })
      .where('version', '=', policy.version)
      .execute();
    const { forgetCachedPolicy } = await import('../../src/modules/policy/service.js');
    forgetCachedPolicy();
    try {
      const { client, sellerId } = await rejectedApplication();
      const r = await client.get(`/api/v1/sellers/${sellerId}/application/revisions`);
      assert.equal(r.body.cooldownDays, 0);
      assert.equal(r.body.reapply.allowed, true);
      assert.equal((await client.post(`/api/v1/sellers/${sellerId}/application/reapply`)).status, 200);
      // a draft is not rejected
      const draft = await client.post(`/api/v1/sellers/${sellerId}/application/reapply`);
      assert.equal(draft.status, 409);
      assert.equal((await client.get(`/api/v1/sellers/${sellerId}/application/revisions`)).body.reapply.blockedBy, 'not_rejected');
    } finally {
      await db().updateTable('policy_versions').set({ document: JSON.stringify(doc) }).where('version', '=', policy.version).execute();
      forgetCachedPolicy();
    }
  });
});
