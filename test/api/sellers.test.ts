import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HttpClient, Res } from '../helpers/http.js';
import { exeFile, jpegFile, pdfFile, pngFile, zipFile } from '../helpers/files.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

type Client = HttpClient & { userId: string; email: string };

const DAY = 86_400_000;

function details(overrides: Record<string, unknown> = {}) {
  return {
    legalName: '深圳市星河电子商务有限公司',
    shopName: 'Xinghe Electronics',
    country: 'CN',
    region: 'Guangdong',
    businessType: 'company',
    contactName: 'Li Wei',
    contactEmail: 'liwei@xinghe.example',
    contactPhone: '+86 755 1234 5678',
    storefronts: [{ platform: 'Taobao', url: 'https://xinghe.taobao.com', name: '星河电子' }],
    ...overrides,
  };
}

function upload(client: HttpClient, sellerId: string, kind: string, body: Buffer | ReadableStream, query: Record<string, string> = {}, contentType = 'application/octet-stream'): Promise<Res> {
  const qs = new URLSearchParams(query).toString();
  return client.put(`/api/v1/sellers/${sellerId}/documents/${kind}${qs ? `?${qs}` : ''}`, body as BodyInit, { 'content-type': contentType });
}

function day(server: TestServer, offsetDays: number): string {
  return new Date(server.clock.now().getTime() + offsetDays * DAY).toISOString().slice(0, 10);
}

describe('seller registration and verification', () => {
  let server: TestServer;
  let officer: Client;
  let admin: Client;
  let support: Client;
  let buyer: Client;

  const db = () => server.arbiter.ctx.db;
  const outboxTypes = async (sellerId: string) =>
    (await db().selectFrom('outbox').select('event_type').where('seller_id', '=', sellerId).orderBy('id').execute()).map((r) => r.event_type);
  const history = (entityId: string) => db().selectFrom('entity_history').selectAll().where('entity_id', '=', entityId).orderBy('id').execute();

  /** A signed-in seller with an organisation and (unless told otherwise) every required document uploaded. */
  async function sellerWithDocuments(opts: { businessType?: 'individual' | 'company'; identityExpires?: string; licenceExpires?: string; upload?: boolean } = {}) {
    const client = await server.signIn(['seller']);
    const businessType = opts.businessType ?? 'company';
    const created = await client.post('/api/v1/sellers', details({ businessType, shopName: `Shop ${client.userId.slice(-6)}` }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const sellerId: string = created.body.seller.id;
    if (opts.upload !== false) {
      assert.equal((await upload(client, sellerId, 'identity', jpegFile(40, 24, 1), { fileName: 'id-card.jpg', expiresOn: opts.identityExpires ?? day(server, 3650) })).status, 201);
      assert.equal((await upload(client, sellerId, 'proof_of_address', pngFile(30, 40, 2), { fileName: 'utility-bill.png' })).status, 201);
      if (businessType === 'company') {
        assert.equal((await upload(client, sellerId, 'business_licence', await pdfFile('营业执照 Business licence', 3), { fileName: 'licence.pdf', expiresOn: opts.licenceExpires ?? day(server, 3650) })).status, 201);
      }
    }
    return { client, sellerId };
  }

  async function docsByKind(client: HttpClient, sellerId: string): Promise<Record<string, any>> {
    const view = await client.get(`/api/v1/sellers/${sellerId}/application`);
    assert.equal(view.status, 200);
    return Object.fromEntries(view.body.documents.map((d: { kind: string }) => [d.kind, d]));
  }

  /** Submitted, taken into review, every document approved and the application approved. */
  async function verifiedSeller(opts: Parameters<typeof sellerWithDocuments>[0] = {}) {
    const s = await sellerWithDocuments(opts);
    assert.equal((await s.client.post(`/api/v1/sellers/${s.sellerId}/application/submit`)).status, 200);
    assert.equal((await officer.post(`/api/v1/sellers/${s.sellerId}/application/start-review`)).status, 200);
    for (const d of Object.values(await docsByKind(officer, s.sellerId))) {
      const r = await officer.post(`/api/v1/documents/${d.id}/decision`, { decision: 'approve' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const approved = await officer.post(`/api/v1/sellers/${s.sellerId}/application/approve`, {});
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    return s;
  }

  /** Sessions last 14 days: after moving the clock further, everyone signs in again. */
  async function advanceDays(days: number, ...clients: Client[]) {
    server.clock.advanceDays(days);
    for (const c of [officer, admin, support, buyer, ...clients]) await c.login(c.email, TEST_PASSWORD);
  }

  before(async () => {
    server = await startTestServer();
    officer = await server.signIn(['compliance_officer']);
    admin = await server.signIn(['admin']);
    support = await server.signIn(['support_agent']);
    buyer = await server.signIn(['buyer']);
  });
  after(async () => server.close());

  it('runs the whole flow: apply, upload, submit, review, revision, re-upload, resubmit, approve', async () => {
    const seller = await server.signIn(['seller']);
    const created = await seller.post('/api/v1/sellers', details());
    assert.equal(created.status, 201);
    const sellerId = created.body.seller.id;
    assert.match(sellerId, /^sel_[0-9a-z]{26}$/);
    assert.equal(created.body.seller.status, 'pending_verification');
    assert.equal(created.body.application.status, 'draft');
    assert.deepEqual(created.body.requiredKinds, ['identity', 'business_licence', 'proof_of_address']);
    assert.deepEqual(created.body.documents, []);
    assert.deepEqual(created.body.availableActions, ['edit_details', 'upload_documents', 'submit']);
    assert.deepEqual(created.body.seller.storefronts, [{ platform: 'Taobao', url: 'https://xinghe.taobao.com', name: '星河电子' }]);

    // the new membership is effective for the next request's session
    const me = await seller.get('/api/v1/auth/me');
    assert.equal(me.body.user.sellers[0].sellerId, sellerId);
    assert.equal(me.body.user.sellers[0].memberRole, 'owner');

    const missing = await seller.post(`/api/v1/sellers/${sellerId}/application/submit`);
    assert.equal(missing.status, 422);
    assert.equal(missing.body.code, 'documents_missing');
    assert.deepEqual(missing.body.missing, ['identity', 'business_licence', 'proof_of_address']);

    const id = await upload(seller, sellerId, 'identity', jpegFile(64, 40, 5), { fileName: '身份证.jpg', expiresOn: day(server, 2000) });
    assert.equal(id.status, 201, JSON.stringify(id.body));
    assert.equal(id.body.kind, 'identity');
    assert.equal(id.body.status, 'pending_review');
    assert.equal(id.body.mediaType, 'image/jpeg');
    assert.equal(id.body.fileName, '身份证.jpg');
    assert.equal(id.body.version, 1);
    assert.match(id.body.sha256, /^[0-9a-f]{64}$/);
    const licence = await pdfFile('Business licence', 7);
    assert.equal((await upload(seller, sellerId, 'business_licence', licence, { fileName: 'licence.pdf', expiresOn: day(server, 1000) }, 'application/pdf')).status, 201);
    assert.equal((await upload(seller, sellerId, 'proof_of_address', pngFile(32, 32, 9), { fileName: 'bill.png' }, 'image/png')).status, 201);

    const edited = await seller.patch(`/api/v1/sellers/${sellerId}`, { shopName: 'Xinghe Digital', contactPhone: '' });
    assert.equal(edited.status, 200);
    assert.equal(edited.body.seller.shopName, 'Xinghe Digital');
    assert.equal(edited.body.seller.contactPhone, null);

    const submitted = await seller.post(`/api/v1/sellers/${sellerId}/application/submit`);
    assert.equal(submitted.status, 200);
    assert.equal(submitted.body.application.status, 'submitted');
    assert.equal(submitted.body.application.waitingSince, server.clock.now().toISOString());
    assert.deepEqual(submitted.body.availableActions, []);

    const twice = await seller.post(`/api/v1/sellers/${sellerId}/application/submit`);
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'illegal_transition');
    assert.equal((await seller.patch(`/api/v1/sellers/${sellerId}`, { shopName: 'Too late' })).body.code, 'application_locked');
    assert.equal((await upload(seller, sellerId, 'identity', jpegFile(), { expiresOn: day(server, 500) })).body.code, 'application_locked');

    const officerView = await officer.get(`/api/v1/sellers/${sellerId}/application`);
    assert.deepEqual(officerView.body.availableActions, ['start_review']);
    // documents are decided once the application is taken into review
    const early = await officer.post(`/api/v1/documents/${id.body.id}/decision`, { decision: 'approve' });
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'application_not_in_review');

    server.clock.advance(3 * 3600_000);
    const review = await officer.post(`/api/v1/sellers/${sellerId}/application/start-review`);
    assert.equal(review.body.application.status, 'under_review');
    assert.deepEqual(review.body.availableActions, ['approve', 'reject']);
    const docs = Object.fromEntries(review.body.documents.map((d: { kind: string }) => [d.kind, d]));
    assert.deepEqual(docs.identity.availableDecisions, ['approve', 'reject', 'request_revision']);

    assert.equal((await officer.post(`/api/v1/documents/${docs.identity.id}/decision`, { decision: 'approve' })).body.status, 'approved');
    assert.equal((await officer.post(`/api/v1/documents/${docs.business_licence.id}/decision`, { decision: 'approve' })).body.status, 'approved');
    const revision = await officer.post(`/api/v1/documents/${docs.proof_of_address.id}/decision`, { decision: 'request_revision', reason: 'The bill is older than three months.' });
    assert.equal(revision.status, 200);
    assert.equal(revision.body.status, 'revision_requested');
    assert.equal(revision.body.applicationStatus, 'revision_requested');

    const sellerView = await seller.get(`/api/v1/sellers/${sellerId}/application`);
    assert.equal(sellerView.body.application.status, 'revision_requested');
    assert.equal(sellerView.body.application.waitingSince, null);
    assert.deepEqual(sellerView.body.uploadableKinds, ['proof_of_address']);
    assert.deepEqual(sellerView.body.availableActions, ['edit_details', 'upload_documents', 'resubmit']);
    const poa = sellerView.body.documents.find((d: { kind: string }) => d.kind === 'proof_of_address');
    assert.equal(poa.reviewReason, 'The bill is older than three months.');

    // only the document sent back may be uploaded again
    const notThat = await upload(seller, sellerId, 'identity', jpegFile(20, 20, 3), { expiresOn: day(server, 900) });
    assert.equal(notThat.status, 409);
    assert.equal(notThat.body.code, 'document_not_reuploadable');
    assert.equal((await seller.post(`/api/v1/sellers/${sellerId}/application/submit`)).body.code, 'documents_missing');

    const reupload = await upload(seller, sellerId, 'proof_of_address', pngFile(32, 32, 10), { fileName: 'bill-march.png' });
    assert.equal(reupload.status, 201);
    assert.equal(reupload.body.version, 2);
    const superseded = await db().selectFrom('seller_documents').select('status').where('id', '=', docs.proof_of_address.id).executeTakeFirstOrThrow();
    assert.equal(superseded.status, 'superseded');

    server.clock.advance(3600_000);
    const resubmitted = await seller.post(`/api/v1/sellers/${sellerId}/application/submit`);
    assert.equal(resubmitted.status, 200);
    assert.equal(resubmitted.body.application.status, 'under_review');

    const approveTooSoon = await officer.post(`/api/v1/sellers/${sellerId}/application/approve`, {});
    assert.equal(approveTooSoon.status, 409);
    assert.equal(approveTooSoon.body.code, 'documents_not_approved');
    assert.deepEqual(approveTooSoon.body.notApproved, ['proof_of_address']);

    assert.equal((await officer.post(`/api/v1/documents/${reupload.body.id}/decision`, { decision: 'approve' })).status, 200);
    const approved = await admin.post(`/api/v1/sellers/${sellerId}/application/approve`, { reason: 'All documents in order.' });
    assert.equal(approved.status, 200);
    assert.equal(approved.body.application.status, 'verified');
    assert.equal(approved.body.application.decisionReason, 'All documents in order.');
    assert.equal(approved.body.seller.status, 'active');
    assert.equal(approved.body.seller.verifiedAt, server.clock.now().toISOString());

    assert.deepEqual(await outboxTypes(sellerId), [
      'seller.application_submitted',
      'seller.document_reviewed',
      'seller.document_reviewed',
      'seller.document_reviewed',
      'seller.revision_requested',
      'seller.application_submitted',
      'seller.document_reviewed',
      'seller.verified',
    ]);
    const verifiedEvent = await db().selectFrom('outbox').select('payload').where('seller_id', '=', sellerId).where('event_type', '=', 'seller.verified').executeTakeFirstOrThrow();
    assert.equal((verifiedEvent.payload as { data: { sellerId: string } }).data.sellerId, sellerId);

    const appHistory = await history(approved.body.application.id);
    assert.deepEqual(
      appHistory.map((h) => [h.event, h.from_state, h.to_state]),
      [
        ['create', null, 'draft'],
        ['submit', 'draft', 'submitted'],
        ['start_review', 'submitted', 'under_review'],
        ['request_revision', 'under_review', 'revision_requested'],
        ['resubmit', 'revision_requested', 'under_review'],
        ['approve', 'under_review', 'verified'],
      ],
    );
    assert.equal(appHistory[3].reason, 'The bill is older than three months.');
    assert.equal(appHistory[3].actor_id, officer.userId);
    assert.equal(appHistory[3].actor_role, 'compliance_officer');

    const timeline = await seller.get(`/api/v1/sellers/${sellerId}/timeline?limit=100`);
    assert.equal(timeline.status, 200);
    const items = timeline.body.items;
    assert.equal(items[0].event, 'verify');
    assert.equal(items[0].entityType, 'seller');
    assert.equal(items[0].from, 'pending_verification');
    assert.equal(items[0].to, 'active');
    for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].at >= items[i].at, 'newest first');
    assert.ok(items.some((h: { event: string; entityType: string }) => h.event === 'upload' && h.entityType === 'seller_document'));
    assert.ok(items.some((h: { event: string }) => h.event === 'supersede'));
    assert.ok(items.some((h: { event: string }) => h.event === 'update_details'));
    // the seller sees the role that acted, not which member of staff
    const staffRow = items.find((h: { event: string }) => h.event === 'request_revision');
    assert.deepEqual(staffRow.actor, { id: null, name: null, role: 'compliance_officer' });
    const staffTimeline = await support.get(`/api/v1/sellers/${sellerId}/timeline?limit=100`);
    assert.equal(staffTimeline.body.items.find((h: { event: string }) => h.event === 'request_revision').actor.id, officer.userId);
    assert.equal(staffTimeline.body.total, items.length);
  });

  it('validates the registration and refuses a second organisation', async () => {
    const seller = await server.signIn(['seller']);
    const cases: [Record<string, unknown>, string][] = [
      [details({ country: 'XX' }), 'body.country'],
      [details({ country: 'China' }), 'body.country'],
      [details({ contactEmail: 'not-mail' }), 'body.contactEmail'],
      [details({ businessType: 'partnership' }), 'body.businessType'],
      [details({ legalName: '   ' }), 'body.legalName'],
      [details({ storefronts: [{ platform: 'Taobao', url: 'javascript:alert(1)' }] }), 'body.storefronts.0.url'],
      [details({ contactPhone: 'call me' }), 'body.contactPhone'],
      [details({ status: 'active' }), 'body'],
      [{ ...details(), shopName: undefined }, 'body.shopName'],
    ];
    for (const [body, field] of cases) {
      const res = await seller.post('/api/v1/sellers', body);
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'validation_failed');
      assert.ok(res.body.errors.some((e: { field: string }) => e.field === field), `${field} named in ${JSON.stringify(res.body.errors)}`);
    }
    const malformed = await seller.request('POST', '/api/v1/sellers', { body: '{"legalName": ', headers: { 'content-type': 'application/json' } });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, 'malformed_json');
    const notJson = await seller.request('POST', '/api/v1/sellers', { body: 'legalName=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(notJson.status, 415);

    const lower = await seller.post('/api/v1/sellers', details({ country: 'cn', businessType: 'individual', storefronts: [{ platform: '1688', url: null, name: '' }] }));
    assert.equal(lower.status, 201);
    assert.equal(lower.body.seller.country, 'CN');
    assert.deepEqual(lower.body.seller.storefronts, [{ platform: '1688' }]);
    assert.deepEqual(lower.body.requiredKinds, ['identity', 'proof_of_address']);
    const again = await seller.post('/api/v1/sellers', details());
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'seller_exists');

    assert.equal((await buyer.post('/api/v1/sellers', details())).body.code, 'seller_role_required');
    assert.equal((await officer.post('/api/v1/sellers', details())).status, 403);
    assert.equal((await server.anonymous().post('/api/v1/sellers', details())).status, 401);
  });

  it('keeps every seller to their own organisation: other ids are 404 for sellers and buyers', async () => {
    const a = await sellerWithDocuments();
    const b = await sellerWithDocuments({ businessType: 'individual' });
    const docA = (await docsByKind(a.client, a.sellerId)).identity;
    const reads = [
      `/api/v1/sellers/${a.sellerId}`,
      `/api/v1/sellers/${a.sellerId}/application`,
      `/api/v1/sellers/${a.sellerId}/timeline`,
      `/api/v1/documents/${docA.id}/file`,
    ];
    for (const intruder of [b.client, buyer]) {
      for (const url of reads) assert.equal((await intruder.get(url)).status, 404, url);
      assert.equal((await intruder.patch(`/api/v1/sellers/${a.sellerId}`, { shopName: 'Mine now' })).status, 404);
      assert.equal((await upload(intruder, a.sellerId, 'identity', jpegFile(), { expiresOn: day(server, 100) })).status, 404);
      assert.equal((await intruder.post(`/api/v1/sellers/${a.sellerId}/application/submit`)).status, 404);
      assert.equal((await intruder.post(`/api/v1/sellers/${a.sellerId}/application/start-review`)).status, 404);
      assert.equal((await intruder.post(`/api/v1/sellers/${a.sellerId}/application/approve`, {})).status, 404);
      assert.equal((await intruder.post(`/api/v1/documents/${docA.id}/decision`, { decision: 'approve' })).status, 404);
    }
    // unknown ids look exactly like hidden ones
    assert.equal((await b.client.get('/api/v1/sellers/sel_00000000000000000000000000')).status, 404);
    assert.equal((await officer.get('/api/v1/sellers/sel_00000000000000000000000000/application')).status, 404);
    assert.equal((await officer.post('/api/v1/documents/doc_00000000000000000000000000/decision', { decision: 'approve' })).status, 404);

    // support staff see the profile and timeline but not identity papers
    assert.equal((await support.get(`/api/v1/sellers/${a.sellerId}`)).status, 200);
    assert.equal((await support.get(`/api/v1/sellers/${a.sellerId}/timeline`)).status, 200);
    assert.equal((await support.get(`/api/v1/sellers/${a.sellerId}/application`)).status, 404);
    assert.equal((await support.get(`/api/v1/documents/${docA.id}/file`)).status, 404);
    assert.equal((await support.get('/api/v1/review-queue')).status, 403);

    // officers see everything but act only as officers
    assert.equal((await officer.patch(`/api/v1/sellers/${a.sellerId}`, { shopName: 'x' })).body.code, 'owner_only');
    assert.equal((await upload(officer, a.sellerId, 'identity', jpegFile(), { expiresOn: day(server, 100) })).body.code, 'owner_only');
    assert.equal((await officer.post(`/api/v1/sellers/${a.sellerId}/application/submit`)).body.code, 'owner_only');
    // and the owner may not act as an officer on their own application
    await a.client.post(`/api/v1/sellers/${a.sellerId}/application/submit`);
    assert.equal((await a.client.post(`/api/v1/sellers/${a.sellerId}/application/start-review`)).body.code, 'officer_only');
    assert.equal((await a.client.post(`/api/v1/documents/${docA.id}/decision`, { decision: 'approve' })).body.code, 'officer_only');
    assert.equal((await a.client.get('/api/v1/review-queue')).status, 403);

    const profile = await a.client.get(`/api/v1/sellers/${a.sellerId}`);
    assert.equal(profile.body.seller.id, a.sellerId);
    assert.equal(profile.body.maySell, false);
    assert.equal(profile.body.verification.status, 'submitted');
    assert.equal(profile.body.members[0].userId, a.client.userId);
    assert.equal(profile.body.members[0].memberRole, 'owner');
    assert.equal(profile.body.verification.documents.length, 3);
  });

  it('serves a document file inline with its sniffed type to members and compliance staff only', async () => {
    const seller = await server.signIn(['seller']);
    const sellerId = (await seller.post('/api/v1/sellers', details({ businessType: 'individual' }))).body.seller.id;
    const bytes = pngFile(50, 20, 42);
    // a PNG called .pdf and declared as a PDF is a PNG
    const up = await upload(seller, sellerId, 'proof_of_address', bytes, { fileName: 'bill.pdf' }, 'application/pdf');
    assert.equal(up.status, 201);
    assert.equal(up.body.mediaType, 'image/png');
    assert.equal(up.body.fileName, 'bill.png');
    assert.equal(up.body.sizeBytes, bytes.length);
    const blob = await db().selectFrom('blobs').selectAll().where('sha256', '=', up.body.sha256).executeTakeFirstOrThrow();
    assert.equal(blob.media_type, 'image/png');

    for (const who of [seller, officer, admin]) {
      const file = await who.request('GET', up.body.fileUrl, { raw: true });
      assert.equal(file.status, 200);
      assert.equal(file.headers.get('content-type'), 'image/png');
      assert.equal(file.headers.get('x-content-type-options'), 'nosniff');
      assert.match(file.headers.get('content-disposition') ?? '', /^inline; filename="bill.png"/);
      assert.ok(Buffer.compare(file.body, bytes) === 0);
    }
    assert.equal((await server.anonymous().get(up.body.fileUrl)).status, 401);
    for (const who of [support, buyer, await server.signIn(['qc_inspector'])]) assert.equal((await who.get(up.body.fileUrl)).status, 404);
  });

  it('refuses oversized, mis-typed and malformed uploads and leaves nothing behind', async () => {
    const { client, sellerId } = await sellerWithDocuments({ upload: false });
    const countRows = async () => ({
      docs: (await db().selectFrom('seller_documents').select('id').where('seller_id', '=', sellerId).execute()).length,
      blobs: (await db().selectFrom('blobs').select('sha256').execute()).length,
    });
    const tmpDir = path.join(server.dataDir, 'files', 'tmp');
    const before = await countRows();
    const limit = 15 * 1024 * 1024;

    // declared too large: refused before reading
    const big = Buffer.alloc(limit + 1, 0);
    pngFile().copy(big);
    const declared = await upload(client, sellerId, 'proof_of_address', big);
    assert.equal(declared.status, 413);
    assert.equal(declared.body.code, 'file_too_large');
    // streamed without a length: refused while reading
    const chunk = Buffer.alloc(1024 * 1024, 7);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ >= 16) c.close();
        else c.enqueue(chunk);
      },
    });
    const streamed = await upload(client, sellerId, 'proof_of_address', stream);
    assert.equal(streamed.status, 413);
    assert.equal(streamed.body.code, 'file_too_large');

    const refused: [Buffer, string][] = [
      [exeFile(), 'application/x-msdownload'],
      [zipFile(), 'application/zip'],
      [Buffer.from('just some text, pretending to be a PDF'), 'text/plain'],
      [Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff, 0x13, 0x37]), 'unknown'],
    ];
    for (const [body, detected] of refused) {
      const res = await upload(client, sellerId, 'proof_of_address', body, { fileName: 'bill.pdf' }, 'application/pdf');
      assert.equal(res.status, 415, detected);
      assert.equal(res.body.code, 'unsupported_file_type');
      assert.equal(res.body.detected, detected);
    }
    // whatever the declared type, the content decides
    const zipDeclared = await upload(client, sellerId, 'proof_of_address', zipFile(), {}, 'application/zip');
    assert.equal(zipDeclared.status, 415);
    assert.equal(zipDeclared.body.detected, 'application/zip');
    const json = await client.request('PUT', `/api/v1/sellers/${sellerId}/documents/proof_of_address`, { json: { file: 'x' } });
    assert.equal(json.status, 415);
    const empty = await upload(client, sellerId, 'proof_of_address', Buffer.alloc(0));
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, 'empty_file');

    const noExpiry = await upload(client, sellerId, 'identity', jpegFile());
    assert.equal(noExpiry.status, 422);
    assert.equal(noExpiry.body.code, 'expiry_required');
    assert.equal(noExpiry.body.field, 'expiresOn');
    const past = await upload(client, sellerId, 'business_licence', await pdfFile(), { expiresOn: day(server, 0) });
    assert.equal(past.status, 422);
    assert.equal(past.body.code, 'expiry_not_in_future');
    const badDate = await upload(client, sellerId, 'identity', jpegFile(), { expiresOn: '2027-02-30' });
    assert.equal(badDate.status, 400);
    assert.ok(badDate.body.errors.some((e: { field: string }) => e.field === 'querystring.expiresOn'));
    const badKind = await upload(client, sellerId, 'selfie', jpegFile());
    assert.equal(badKind.status, 400);
    assert.ok(badKind.body.errors.some((e: { field: string }) => e.field === 'params.kind'));

    assert.deepEqual(await countRows(), before);
    assert.deepEqual(fs.readdirSync(tmpDir), []);

    // a hostile name is only ever a display name
    const hostile = await upload(client, sellerId, 'proof_of_address', await pdfFile('bill', 11), { fileName: '../../etc/passwd' });
    assert.equal(hostile.status, 201);
    assert.equal(hostile.body.fileName, 'passwd.pdf');
    const rtlo = await upload(client, sellerId, 'proof_of_address', pngFile(8, 8, 12), { fileName: 'C:\\temp\\bill\u202Egnp.exe' });
    assert.equal(rtlo.status, 201);
    assert.equal(rtlo.body.fileName, 'billgnp.png');
    const stored = path.join(server.dataDir, 'files', rtlo.body.sha256.slice(0, 2), rtlo.body.sha256.slice(2, 4), rtlo.body.sha256);
    assert.ok(fs.existsSync(stored));
    assert.ok(!fs.existsSync(path.join(server.dataDir, 'etc')));
    assert.deepEqual(fs.readdirSync(tmpDir), []);

    // the re-upload superseded the first, which is kept for the record
    assert.equal(rtlo.body.version, 2);
    const versions = await db().selectFrom('seller_documents').select(['version', 'status']).where('seller_id', '=', sellerId).where('kind', '=', 'proof_of_address').orderBy('version').execute();
    assert.deepEqual(versions, [
      { version: 1, status: 'superseded' },
      { version: 2, status: 'pending_review' },
    ]);
    // the same content twice is stored once
    const same = await upload(client, sellerId, 'proof_of_address', pngFile(8, 8, 12), { fileName: 'again.png' });
    assert.equal(same.body.sha256, rtlo.body.sha256);
    assert.equal((await db().selectFrom('blobs').select('sha256').where('sha256', '=', same.body.sha256).execute()).length, 1);
  });

  it('orders the review queue by waiting time and pages it', async () => {
    const first = await sellerWithDocuments({ businessType: 'individual' });
    const second = await sellerWithDocuments();
    await second.client.post(`/api/v1/sellers/${second.sellerId}/application/submit`);
    server.clock.advance(60_000);
    await first.client.post(`/api/v1/sellers/${first.sellerId}/application/submit`);
    server.clock.advance(3600_000);

    const queue = await officer.get('/api/v1/review-queue?limit=200');
    assert.equal(queue.status, 200);
    const ids = queue.body.items.map((i: { sellerId: string }) => i.sellerId);
    assert.ok(ids.indexOf(second.sellerId) < ids.indexOf(first.sellerId), 'longest waiting first');
    for (let i = 1; i < queue.body.items.length; i++) assert.ok(queue.body.items[i - 1].waitingSince <= queue.body.items[i].waitingSince);
    const item = queue.body.items.find((i: { sellerId: string }) => i.sellerId === second.sellerId);
    assert.equal(item.country, 'CN');
    assert.equal(item.businessType, 'company');
    assert.equal(item.status, 'submitted');
    assert.equal(item.waitingSeconds, 3660);
    assert.deepEqual(item.documentCounts, { pending_review: 3, approved: 0, rejected: 0, revision_requested: 0, expired: 0 });
    assert.ok(item.shopName.startsWith('Shop '));

    const total = queue.body.total;
    const page = await officer.get(`/api/v1/review-queue?limit=1&offset=1`);
    assert.equal(page.body.items.length, 1);
    assert.equal(page.body.items[0].applicationId, queue.body.items[1].applicationId);
    assert.equal(page.body.total, total);
    assert.equal((await officer.get('/api/v1/review-queue?limit=0')).status, 400);
    assert.equal((await officer.get('/api/v1/review-queue?offset=-1')).status, 400);
    const underReview = await admin.get('/api/v1/review-queue?status=under_review');
    assert.ok(underReview.body.items.every((i: { status: string }) => i.status === 'under_review'));
  });

  it('validates decisions and will not approve while a document is rejected', async () => {
    const { client, sellerId } = await sellerWithDocuments();
    await client.post(`/api/v1/sellers/${sellerId}/application/submit`);
    await officer.post(`/api/v1/sellers/${sellerId}/application/start-review`);
    const docs = await docsByKind(officer, sellerId);

    const noReason = await officer.post(`/api/v1/documents/${docs.identity.id}/decision`, { decision: 'reject' });
    assert.equal(noReason.status, 400);
    assert.ok(noReason.body.errors.some((e: { field: string }) => e.field === 'body.reason'));
    assert.equal((await officer.post(`/api/v1/documents/${docs.identity.id}/decision`, { decision: 'request_revision', reason: '  ' })).status, 400);
    assert.equal((await officer.post(`/api/v1/documents/${docs.identity.id}/decision`, { decision: 'maybe' })).status, 400);
    assert.equal((await officer.post(`/api/v1/documents/${docs.identity.id}/decision`, { decision: 'approve', extra: 1 })).status, 400);
    const malformed = await officer.request('POST', `/api/v1/documents/${docs.identity.id}/decision`, { body: '{decision', headers: { 'content-type': 'application/json' } });
    assert.equal(malformed.body.code, 'malformed_json');

    const rejected = await officer.post(`/api/v1/documents/${docs.identity.id}/decision`, { decision: 'reject', reason: 'The photo does not match the name.' });
    assert.equal(rejected.status, 200);
    assert.equal(rejected.body.reviewReason, 'The photo does not match the name.');
    await officer.post(`/api/v1/documents/${docs.business_licence.id}/decision`, { decision: 'approve' });
    await officer.post(`/api/v1/documents/${docs.proof_of_address.id}/decision`, { decision: 'approve' });
    const again = await officer.post(`/api/v1/documents/${docs.proof_of_address.id}/decision`, { decision: 'approve' });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'illegal_transition');

    const approve = await officer.post(`/api/v1/sellers/${sellerId}/application/approve`, {});
    assert.equal(approve.status, 409);
    assert.equal(approve.body.code, 'documents_not_approved');
    assert.deepEqual(approve.body.documents, [{ kind: 'identity', status: 'rejected' }]);
    const view = await officer.get(`/api/v1/sellers/${sellerId}/application`);
    assert.deepEqual(view.body.notApprovedKinds, ['identity']);

    assert.equal((await officer.post(`/api/v1/sellers/${sellerId}/application/reject`, {})).status, 400);
    const rejectedApp = await officer.post(`/api/v1/sellers/${sellerId}/application/reject`, { reason: 'Identity could not be confirmed.' });
    assert.equal(rejectedApp.status, 200);
    assert.equal(rejectedApp.body.application.status, 'rejected');
    assert.equal(rejectedApp.body.application.decisionReason, 'Identity could not be confirmed.');
    assert.equal(rejectedApp.body.seller.status, 'pending_verification');
    assert.deepEqual(rejectedApp.body.availableActions, []);
    assert.equal((await officer.post(`/api/v1/sellers/${sellerId}/application/reject`, { reason: 'again' })).status, 409);
    assert.equal((await officer.post(`/api/v1/sellers/${sellerId}/application/approve`, {})).body.code, 'illegal_transition');
    assert.ok((await outboxTypes(sellerId)).includes('seller.rejected'));
    // the approved licence no longer expires into anything
    const pending = await db().selectFrom('scheduled_tasks').select('id').where('entity_id', '=', docs.business_licence.id).where('status', '=', 'pending').execute();
    assert.equal(pending.length, 0);
  });

  it('warns 30 days before a document expires and sends the seller to re-verification when it does', async () => {
    const expiresOn = day(server, 40);
    const { client, sellerId } = await verifiedSeller({ businessType: 'individual', identityExpires: expiresOn });
    const identity = (await docsByKind(client, sellerId)).identity;
    const tasks = await db().selectFrom('scheduled_tasks').select(['kind', 'due_at', 'status']).where('entity_id', '=', identity.id).orderBy('due_at').execute();
    assert.deepEqual(
      tasks.map((t) => [t.kind, t.due_at.toISOString(), t.status]),
      [
        ['seller.document_expiry_warning', new Date(Date.parse(`${expiresOn}T00:00:00Z`) - 30 * DAY).toISOString(), 'pending'],
        ['seller.document_expiry', new Date(Date.parse(`${expiresOn}T00:00:00Z`) + DAY).toISOString(), 'pending'],
      ],
    );

    server.clock.advanceDays(5);
    await server.arbiter.scheduler.tick();
    assert.ok(!(await outboxTypes(sellerId)).includes('seller.document_expiring'), 'nothing before its time');

    server.clock.advanceDays(6);
    await server.arbiter.scheduler.tick();
    assert.ok((await outboxTypes(sellerId)).includes('seller.document_expiring'));
    const warning = (await client.get(`/api/v1/sellers/${sellerId}/timeline`)).body.items[0];
    assert.equal(warning.event, 'expiry_warning');
    assert.equal(warning.entityId, identity.id);
    assert.equal(warning.data.daysLeft, 29);
    assert.equal((await client.get(`/api/v1/sellers/${sellerId}`)).body.seller.status, 'active');

    await advanceDays(30, client);
    await server.arbiter.scheduler.tick();
    const view = await client.get(`/api/v1/sellers/${sellerId}/application`);
    assert.equal(view.body.seller.status, 'reverification');
    assert.equal(view.body.application.status, 'revision_requested');
    assert.equal(view.body.documents.find((d: { kind: string }) => d.kind === 'identity').status, 'expired');
    assert.deepEqual(view.body.uploadableKinds, ['identity']);
    assert.ok((await outboxTypes(sellerId)).includes('seller.reverification_required'));
    // The account's own moves; the evaluation may follow with a tier change of its own, which is not the account's.
    const accountMoves = (await history(sellerId)).filter((h) => h.entity_type === 'seller' && h.event !== 'tier_changed');
    assert.deepEqual(accountMoves.at(-1)?.event, 'require_reverification');
    assert.equal(accountMoves.at(-1)?.actor_role, 'system');
    assert.equal((await client.get(`/api/v1/sellers/${sellerId}`)).body.maySell, false);

    // the seller replaces it; the officer re-verifies
    const fresh = await upload(client, sellerId, 'identity', jpegFile(40, 24, 77), { expiresOn: day(server, 3650) });
    assert.equal(fresh.status, 201);
    assert.equal(fresh.body.version, 2);
    assert.equal((await client.post(`/api/v1/sellers/${sellerId}/application/submit`)).body.application.status, 'under_review');
    assert.equal((await officer.post(`/api/v1/documents/${fresh.body.id}/decision`, { decision: 'approve' })).status, 200);
    const reverified = await officer.post(`/api/v1/sellers/${sellerId}/application/approve`, {});
    assert.equal(reverified.body.seller.status, 'active');
    assert.equal(reverified.body.application.status, 'verified');
  });

  it('catches up on expiry tasks that fell due while the server was down', async () => {
    const { client, sellerId } = await verifiedSeller({ identityExpires: day(server, 45), licenceExpires: day(server, 400) });
    const docs = await docsByKind(client, sellerId);
    // approving with the warning moment already past schedules the warning at once
    const soon = await verifiedSeller({ businessType: 'individual', identityExpires: day(server, 10) });
    await server.arbiter.scheduler.tick();
    assert.ok((await outboxTypes(soon.sellerId)).includes('seller.document_expiring'));

    // 100 days without a scheduler, then one tick
    await advanceDays(100, client, soon.client);
    await server.arbiter.scheduler.tick();
    const view = await client.get(`/api/v1/sellers/${sellerId}/application`);
    assert.equal(view.body.seller.status, 'reverification');
    const byKind = Object.fromEntries(view.body.documents.map((d: { kind: string }) => [d.kind, d]));
    assert.equal(byKind.identity.status, 'expired');
    assert.equal(byKind.business_licence.status, 'approved');
    const types = await outboxTypes(sellerId);
    assert.ok(types.includes('seller.reverification_required'));
    // the warning for a date already gone says nothing; the expiry does
    assert.ok(!types.includes('seller.document_expiring'));
    const left = await db().selectFrom('scheduled_tasks').select(['kind', 'status']).where('entity_id', '=', docs.identity.id).execute();
    assert.ok(left.every((t) => t.status === 'done'));
    assert.equal((await soon.client.get(`/api/v1/sellers/${soon.sellerId}`)).body.seller.status, 'reverification');
  });

  it('cancels expiry tasks when a decision is changed', async () => {
    const { client, sellerId } = await sellerWithDocuments({ businessType: 'individual' });
    await client.post(`/api/v1/sellers/${sellerId}/application/submit`);
    await officer.post(`/api/v1/sellers/${sellerId}/application/start-review`);
    const docs = await docsByKind(officer, sellerId);
    await officer.post(`/api/v1/documents/${docs.identity.id}/decision`, { decision: 'approve' });
    const pending = () => db().selectFrom('scheduled_tasks').select('kind').where('entity_id', '=', docs.identity.id).where('status', '=', 'pending').execute();
    assert.equal((await pending()).length, 2);
    const revised = await officer.post(`/api/v1/documents/${docs.identity.id}/decision`, { decision: 'request_revision', reason: 'Both sides of the card, please.' });
    assert.equal(revised.body.applicationStatus, 'revision_requested');
    assert.equal((await pending()).length, 0);
    // a second document sent back while waiting for the seller
    const second = await officer.post(`/api/v1/documents/${docs.proof_of_address.id}/decision`, { decision: 'request_revision', reason: 'Name must match.' });
    assert.equal(second.status, 200);
    assert.deepEqual((await client.get(`/api/v1/sellers/${sellerId}/application`)).body.uploadableKinds, ['identity', 'proof_of_address']);
    assert.equal((await outboxTypes(sellerId)).filter((t) => t === 'seller.revision_requested').length, 2);
    await upload(client, sellerId, 'identity', jpegFile(10, 10, 99), { expiresOn: day(server, 800) });
    const half = await client.post(`/api/v1/sellers/${sellerId}/application/submit`);
    assert.equal(half.status, 422);
    assert.deepEqual(half.body.missing, ['proof_of_address']);
  });

  it('lists and searches sellers for staff, and only their own for everyone else', async () => {
    const s = await verifiedSeller({ businessType: 'individual' });
    const shopName = (await s.client.get(`/api/v1/sellers/${s.sellerId}`)).body.seller.shopName;
    const all = await support.get('/api/v1/sellers?limit=200');
    assert.equal(all.status, 200);
    assert.ok(all.body.total >= 5);
    const active = await officer.get('/api/v1/sellers?status=active&limit=200');
    assert.ok(active.body.items.every((i: { status: string }) => i.status === 'active'));
    assert.ok(active.body.items.some((i: { id: string }) => i.id === s.sellerId));
    const found = await admin.get(`/api/v1/sellers?q=${encodeURIComponent(shopName.slice(-6))}`);
    assert.deepEqual(found.body.items.map((i: { id: string }) => i.id), [s.sellerId]);
    assert.equal(found.body.items[0].applicationStatus, 'verified');
    assert.equal((await admin.get('/api/v1/sellers?q=%25')).body.total, 0, 'LIKE wildcards are literal');
    const own = await s.client.get('/api/v1/sellers');
    assert.deepEqual(own.body.items.map((i: { id: string }) => i.id), [s.sellerId]);
    assert.equal((await buyer.get('/api/v1/sellers')).body.total, 0);
    assert.equal((await admin.get('/api/v1/sellers?status=dormant')).status, 400);
    assert.equal((await admin.get('/api/v1/sellers?limit=abc')).status, 400);
  });

  it('documents the API in OpenAPI', async () => {
    const spec = (await server.anonymous().get('/openapi.json')).body;
    for (const p of [
      '/api/v1/sellers',
      '/api/v1/sellers/{sellerId}',
      '/api/v1/sellers/{sellerId}/application',
      '/api/v1/sellers/{sellerId}/documents/{kind}',
      '/api/v1/sellers/{sellerId}/application/submit',
      '/api/v1/review-queue',
      '/api/v1/documents/{documentId}/decision',
      '/api/v1/documents/{documentId}/file',
    ]) {
      assert.ok(spec.paths[p], p);
    }
  });
});
