import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

describe('accounts and access', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('serves health, readiness and the OpenAPI document', async () => {
    const anon = server.anonymous();
    assert.equal((await anon.get('/health')).body.status, 'ok');
    const ready = await anon.get('/ready');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body.pendingMigrations, []);
    const spec = await anon.get('/openapi.json');
    assert.equal(spec.body.openapi, '3.1.0');
    assert.ok(spec.body.paths['/api/v1/auth/login']);
    assert.equal((await anon.get('/docs/')).status, 200);
  });

  it('signs in with a session cookie and returns the current user', async () => {
    const buyer = await server.signIn(['buyer']);
    assert.match(buyer.cookie ?? '', /^arbiter_session=/);
    const me = await buyer.get('/api/v1/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.email, buyer.email);
    assert.deepEqual(me.body.user.roles, ['buyer']);
  });

  it('refuses a wrong password with problem+json and no session', async () => {
    const buyer = await server.signIn(['buyer']);
    const anon = server.anonymous();
    const res = await anon.post('/api/v1/auth/login', { email: buyer.email, password: 'wrong-password!' });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(res.body.code, 'invalid_credentials');
    assert.equal(anon.cookie, null);
  });

  it('locks an account after repeated failures', async () => {
    const buyer = await server.signIn(['buyer']);
    const anon = server.anonymous();
    for (let i = 0; i < 5; i++) await anon.post('/api/v1/auth/login', { email: buyer.email, password: 'nope-nope-nope' });
    const res = await anon.post('/api/v1/auth/login', { email: buyer.email, password: TEST_PASSWORD });
    assert.equal(res.status, 429);
    assert.equal(res.body.code, 'too_many_attempts');
  });

  it('requires the CSRF token and a same-site origin for cookie writes', async () => {
    const buyer = await server.signIn(['buyer']);
    const noToken = await buyer.request('PATCH', '/api/v1/auth/me', { json: { locale: 'zh-CN' }, headers: { 'x-csrf-token': '' } });
    assert.equal(noToken.status, 403);
    assert.equal(noToken.body.code, 'csrf_token_invalid');
    const foreign = await buyer.request('PATCH', '/api/v1/auth/me', { json: { locale: 'zh-CN' }, headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.code, 'csrf_origin_mismatch');
    const ok = await buyer.patch('/api/v1/auth/me', { locale: 'zh-CN' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.locale, 'zh-CN');
  });

  it('names the invalid field and never answers malformed input with a 5xx', async () => {
    const anon = server.anonymous();
    const bad = await anon.post('/api/v1/auth/login', { email: 'not-an-email', password: 'x' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'validation_failed');
    assert.ok(bad.body.errors.some((e: { field: string }) => e.field === 'body.email'));
    const malformed = await anon.request('POST', '/api/v1/auth/login', { body: '{"email":', headers: { 'content-type': 'application/json' } });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, 'malformed_json');
    const huge = await anon.request('POST', '/api/v1/auth/login', { body: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2_000_000) }), headers: { 'content-type': 'application/json' } });
    assert.equal(huge.status, 413);
    const wrongType = await anon.request('POST', '/api/v1/auth/login', { body: '<xml/>', headers: { 'content-type': 'application/xml' } });
    assert.equal(wrongType.status, 415);
    assert.equal((await anon.get('/api/v1/nothing-here')).body.code, 'route_not_found');
  });

  it('lets only admins manage users, and admins cannot lock themselves out', async () => {
    const admin = await server.signIn(['admin']);
    const buyer = await server.signIn(['buyer']);
    assert.equal((await buyer.get('/api/v1/admin/users')).status, 403);
    const created = await admin.post('/api/v1/admin/users', { email: 'officer@example.test', name: 'Officer', password: TEST_PASSWORD, roles: ['compliance_officer'] });
    assert.equal(created.status, 201);
    const dup = await admin.post('/api/v1/admin/users', { email: 'OFFICER@example.test', name: 'Officer 2', password: TEST_PASSWORD, roles: ['buyer'] });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'email_taken');
    const promoted = await admin.patch(`/api/v1/admin/users/${created.body.id}`, { roles: ['compliance_officer', 'support_agent'] });
    assert.deepEqual(promoted.body.roles, ['compliance_officer', 'support_agent']);
    const self = await admin.patch(`/api/v1/admin/users/${admin.userId}`, { status: 'disabled' });
    assert.equal(self.status, 409);
    assert.equal((await admin.patch('/api/v1/admin/users/usr_nonexistent', { name: 'x' })).status, 404);
  });

  it('a disabled user loses their session', async () => {
    const admin = await server.signIn(['admin']);
    const buyer = await server.signIn(['buyer']);
    await admin.patch(`/api/v1/admin/users/${buyer.userId}`, { status: 'disabled' });
    assert.equal((await buyer.get('/api/v1/auth/me')).status, 401);
  });

  it('issues API keys once, authenticates with them, and revokes them', async () => {
    const admin = await server.signIn(['admin']);
    const created = await admin.post('/api/v1/admin/api-keys', { name: 'orders feed', roles: ['integration'] });
    assert.equal(created.status, 201);
    assert.match(created.body.secret, /^ak_/);
    const list = await admin.get('/api/v1/admin/api-keys');
    assert.ok(list.body.items.every((k: Record<string, unknown>) => !('secret' in k)));
    const integration = server.anonymous().withApiKey(created.body.secret);
    // an integration key is not a user: it has no "me"
    assert.equal((await integration.get('/api/v1/auth/me')).status, 401);
    assert.equal((await admin.post(`/api/v1/admin/api-keys/${created.body.id}/revoke`)).status, 204);
    const revoked = await integration.get('/api/v1/auth/me');
    assert.equal(revoked.status, 401);
    assert.equal(revoked.body.code, 'invalid_api_key');
  });

  it('signs out', async () => {
    const buyer = await server.signIn(['buyer']);
    assert.equal((await buyer.post('/api/v1/auth/logout')).status, 204);
    assert.equal((await buyer.get('/api/v1/auth/me')).status, 401);
  });
});
