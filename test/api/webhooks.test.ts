import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { enqueueOutbox } from '../../src/platform/history.js';
import { deliverDueWebhooks } from '../../src/modules/webhooks/dispatcher.js';
import { ManualClock } from '../../src/shared/clock.js';
import type { HttpClient } from '../helpers/http.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../helpers/receiver.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Verifies as a receiver whose clock reads `at` would: the tests move the server's clock past the
 * five-minute tolerance of the standardwebhooks verifier, which reads the wall clock.
 */
function verifyAt(secret: string, req: ReceivedRequest, at: Date): unknown {
  const wallClock = Date.now;
  Date.now = () => at.getTime();
  try {
    return new Webhook(secret).verify(req.body, req.headers);
  } finally {
    Date.now = wallClock;
  }
}

describe('webhooks', () => {
  let server: TestServer;
  let admin: HttpClient;
  const receivers: WebhookReceiver[] = [];

  before(async () => {
    // Start at the wall clock's time so the first signatures verify with the library's own clock.
    server = await startTestServer({ clock: new ManualClock(new Date(Math.floor(Date.now() / 1000) * 1000)) });
    admin = await server.signIn(['admin']);
  });
  after(async () => {
    for (const r of receivers) await r.close();
    await server.close();
  });

  const receiver = async () => {
    const r = await startWebhookReceiver();
    receivers.push(r);
    return r;
  };

  const register = async (url: string, eventTypes: string[] = ['*'], description = 'test endpoint') => {
    const res = await admin.post('/api/v1/admin/webhooks', { url, eventTypes, description });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; secret: string; url: string; eventTypes: string[] };
  };

  /** An event written to the outbox in its own transaction, as a use-case would. */
  const emit = (type: string, data: Record<string, unknown> = {}) => {
    const ctx = server.arbiter.ctx;
    return ctx.db.transaction().execute((trx) =>
      enqueueOutbox(trx, { type, entityType: 'seller', entityId: 'sel_test', sellerId: 'sel_test', payload: data, at: ctx.clock.now() }),
    );
  };

  const tick = () => server.arbiter.scheduler.tick();
  const deliveries = async (endpointId: string, query = '') => {
    const res = await admin.get(`/api/v1/admin/webhooks/${endpointId}/deliveries${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as any[];
  };
  const disable = (id: string) => admin.patch(`/api/v1/admin/webhooks/${id}`, { enabled: false });

  it('registers an endpoint, shows the secret once, and lists it with delivery counts', async () => {
    const r = await receiver();
    const created = await register(r.url, ['seller.*', 'refund.requested'], 'payments');
    assert.match(created.id, /^whk_/);
    assert.match(created.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.deepEqual(created.eventTypes, ['seller.*', 'refund.requested']);

    const list = await admin.get('/api/v1/admin/webhooks');
    assert.equal(list.status, 200);
    const item = list.body.items.find((i: { id: string }) => i.id === created.id);
    assert.ok(item);
    assert.equal(item.url, r.url);
    assert.equal(item.description, 'payments');
    assert.equal(item.enabled, true);
    assert.deepEqual(item.stats, { pending: 0, succeeded: 0, failed: 0 });
    assert.equal('secret' in item, false, 'the list never shows the secret');

    const one = await admin.get(`/api/v1/admin/webhooks/${created.id}`);
    assert.equal(one.status, 200);
    assert.equal('secret' in one.body, false);

    const patched = await admin.patch(`/api/v1/admin/webhooks/${created.id}`, { description: 'payments v2', eventTypes: ['*'] });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.description, 'payments v2');
    assert.deepEqual(patched.body.eventTypes, ['*']);
    await disable(created.id);

    const types = await admin.get('/api/v1/admin/webhook-event-types');
    assert.equal(types.status, 200);
    const names = types.body.items.map((t: { type: string }) => t.type);
    for (const t of ['seller.application_submitted', 'seller.verified', 'seller.rejected', 'refund.requested', 'webhook.test']) assert.ok(names.includes(t), t);
    assert.ok(types.body.items.every((t: { description: string }) => t.description.length > 10));
  });

  it('delivers an outbox event signed per Standard Webhooks', async () => {
    const r = await receiver();
    const ep = await register(r.url, ['seller.verified']);
    const outboxId = await emit('seller.verified', { sellerId: 'sel_test', status: 'active' });
    await tick();

    assert.equal(r.received.length, 1);
    const req = r.received[0];
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/hooks');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['webhook-id'], outboxId);
    assert.equal(req.headers['webhook-timestamp'], String(Math.floor(server.clock.now().getTime() / 1000)));
    assert.match(req.headers['webhook-signature'], /^v1,[A-Za-z0-9+/]+=*$/);
    // The receiver's check, exactly as the library documents it.
    const verified = new Webhook(ep.secret).verify(req.body, req.headers) as any;
    assert.equal(verified.type, 'seller.verified');
    assert.equal(verified.timestamp, server.clock.now().toISOString());
    assert.deepEqual(verified.data, { sellerId: 'sel_test', status: 'active' });
    assert.throws(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(req.body, req.headers), WebhookVerificationError);
    assert.throws(() => new Webhook(ep.secret).verify(req.body.replace('active', 'banned'), req.headers), WebhookVerificationError);

    const log = await deliveries(ep.id);
    assert.equal(log.length, 1);
    assert.equal(log[0].status, 'succeeded');
    assert.equal(log[0].attempts, 1);
    assert.equal(log[0].lastStatusCode, 200);
    assert.equal(log[0].lastError, null);
    assert.equal(log[0].outboxId, outboxId);
    assert.equal(log[0].eventType, 'seller.verified');
    assert.equal(log[0].nextAttemptAt, null);
    assert.equal(log[0].succeededAt, server.clock.now().toISOString());

    const detail = await admin.get(`/api/v1/admin/webhook-deliveries/${log[0].id}`);
    assert.equal(detail.status, 200);
    assert.deepEqual(detail.body.payload, JSON.parse(req.body));

    const list = await admin.get('/api/v1/admin/webhooks');
    assert.deepEqual(list.body.items.find((i: { id: string }) => i.id === ep.id).stats, { pending: 0, succeeded: 1, failed: 0 });

    // Dispatched once: another tick sends nothing new.
    await tick();
    assert.equal(r.received.length, 1);
    await disable(ep.id);
  });

  it('delivers only the event types each endpoint subscribes to', async () => {
    const [all, family, exact, other] = await Promise.all([receiver(), receiver(), receiver(), receiver()]);
    const eps = [await register(all.url, ['*']), await register(family.url, ['seller.*']), await register(exact.url, ['seller.verified']), await register(other.url, ['order.*', 'refund.requested'])];
    await emit('seller.verified');
    await emit('seller.rejected', { reason: 'documents forged' });
    await emit('refund.requested', { amount: 1299, currency: 'USD' });
    await emit('case.opened');
    await tick();

    const typesOf = (r: WebhookReceiver) => r.received.map((q) => JSON.parse(q.body).type).sort();
    assert.deepEqual(typesOf(all), ['case.opened', 'refund.requested', 'seller.rejected', 'seller.verified']);
    assert.deepEqual(typesOf(family), ['seller.rejected', 'seller.verified']);
    assert.deepEqual(typesOf(exact), ['seller.verified']);
    assert.deepEqual(typesOf(other), ['refund.requested']);
    for (const ep of eps) await disable(ep.id);
  });

  it('sends nothing to a disabled endpoint, and resumes with new events once enabled', async () => {
    const r = await receiver();
    const ep = await register(r.url, ['*']);
    const off = await disable(ep.id);
    assert.equal(off.status, 200);
    assert.equal(off.body.enabled, false);
    await emit('seller.verified');
    await tick();
    assert.equal(r.received.length, 0);
    assert.equal((await deliveries(ep.id)).length, 0);

    const test = await admin.post(`/api/v1/admin/webhooks/${ep.id}/test`);
    assert.equal(test.status, 409);
    assert.equal(test.body.code, 'endpoint_disabled');

    assert.equal((await admin.patch(`/api/v1/admin/webhooks/${ep.id}`, { enabled: true })).body.enabled, true);
    await emit('seller.rejected');
    await tick();
    assert.deepEqual(
      r.received.map((q) => JSON.parse(q.body).type),
      ['seller.rejected'],
    );
    await disable(ep.id);
  });

  it('sends a test event to that endpoint only', async () => {
    const [target, bystander] = [await receiver(), await receiver()];
    const ep = await register(target.url, ['seller.verified']);
    const other = await register(bystander.url, ['*']);
    const res = await admin.post(`/api/v1/admin/webhooks/${ep.id}/test`);
    assert.equal(res.status, 202);
    assert.equal(res.body.delivery.status, 'pending');
    assert.equal(res.body.delivery.eventType, 'webhook.test');
    await tick();
    assert.equal(target.received.length, 1);
    assert.equal(bystander.received.length, 0);
    const body = new Webhook(ep.secret).verify(target.received[0].body, target.received[0].headers) as any;
    assert.equal(body.type, 'webhook.test');
    assert.equal(body.data.endpointId, ep.id);
    assert.equal(target.received[0].headers['webhook-id'], res.body.outboxId);
    assert.equal((await deliveries(ep.id))[0].status, 'succeeded');
    await disable(ep.id);
    await disable(other.id);
  });

  it('rotating the secret changes the signing key', async () => {
    const r = await receiver();
    const ep = await register(r.url, ['*']);
    const rotated = await admin.post(`/api/v1/admin/webhooks/${ep.id}/rotate-secret`);
    assert.equal(rotated.status, 200);
    assert.match(rotated.body.secret, /^whsec_/);
    assert.notEqual(rotated.body.secret, ep.secret);
    await admin.post(`/api/v1/admin/webhooks/${ep.id}/test`);
    await tick();
    assert.equal(r.received.length, 1);
    const req = r.received[0];
    assert.equal((new Webhook(rotated.body.secret).verify(req.body, req.headers) as any).type, 'webhook.test');
    assert.throws(() => new Webhook(ep.secret).verify(req.body, req.headers), WebhookVerificationError);
    await disable(ep.id);
  });

  it('retries a failed call after the backoff, with the same webhook-id', async () => {
    const r = await receiver();
    const ep = await register(r.url, ['refund.requested']);
    r.respondWith(500);
    const outboxId = await emit('refund.requested', { amount: 500, currency: 'EUR' });
    const firstAt = server.clock.now();
    await tick();
    assert.equal(r.received.length, 1);

    let [d] = await deliveries(ep.id);
    assert.equal(d.status, 'pending');
    assert.equal(d.attempts, 1);
    assert.equal(d.lastStatusCode, 500);
    assert.match(d.lastError, /^HTTP 500.*receiver says 500/);
    assert.equal(d.lastAttemptAt, firstAt.toISOString());
    const wait = new Date(d.nextAttemptAt).getTime() - firstAt.getTime();
    assert.ok(wait >= 24_000 && wait <= 36_000, `first retry after 30 s ± 20 %, got ${wait} ms`);
    assert.deepEqual((await deliveries(ep.id, '?status=pending')).map((x) => x.id), [d.id]);

    // Not before its time.
    server.clock.advance(20_000);
    await tick();
    assert.equal(r.received.length, 1);

    server.clock.advance(20_000);
    await tick();
    assert.equal(r.received.length, 2);
    [d] = await deliveries(ep.id);
    assert.equal(d.status, 'succeeded');
    assert.equal(d.attempts, 2);
    assert.equal(d.lastStatusCode, 200);
    assert.equal(d.lastError, null);
    assert.equal(r.received[1].headers['webhook-id'], outboxId);
    assert.equal(r.received[1].body, r.received[0].body);
    assert.notEqual(r.received[1].headers['webhook-timestamp'], r.received[0].headers['webhook-timestamp']);
    assert.equal((verifyAt(ep.secret, r.received[1], server.clock.now()) as any).data.amount, 500);
    await disable(ep.id);
  });

  it('fails a delivery after the last attempt; an admin can retry it', async () => {
    // Fresh sign-in: this test moves the clock more than a day.
    const staff = await server.signIn(['admin']);
    const r = await receiver();
    const ep = await register(r.url, ['seller.rejected']);
    r.fallback = 503;
    await emit('seller.rejected', { reason: 'licence expired' });

    const waits: number[] = [];
    for (let attempt = 1; attempt <= 7; attempt++) {
      await tick();
      assert.equal(r.received.length, attempt);
      const [d] = await deliveries(ep.id);
      assert.equal(d.attempts, attempt);
      if (attempt < 7) {
        assert.equal(d.status, 'pending');
        const next = new Date(d.nextAttemptAt);
        waits.push(next.getTime() - server.clock.now().getTime());
        server.clock.set(next);
      } else {
        assert.equal(d.status, 'failed');
        assert.equal(d.nextAttemptAt, null);
        assert.equal(d.lastStatusCode, 503);
      }
    }
    const schedule = [30_000, 120_000, 600_000, 3_600_000, 21_600_000, 86_400_000];
    waits.forEach((w, i) => assert.ok(w >= schedule[i] * 0.8 && w <= schedule[i] * 1.2, `wait ${i + 1}: ${w} ms`));
    // Every attempt is the same event, signed afresh.
    assert.equal(new Set(r.received.map((q) => q.headers['webhook-id'])).size, 1);

    server.clock.advance(7 * 86_400_000);
    await tick();
    assert.equal(r.received.length, 7, 'a failed delivery is not tried again by itself');

    const [failed] = await deliveries(ep.id, '?status=failed');
    assert.equal(failed.attempts, 7);
    const list = await staff.get('/api/v1/admin/webhooks');
    assert.deepEqual(list.body.items.find((i: { id: string }) => i.id === ep.id).stats, { pending: 0, succeeded: 0, failed: 1 });

    r.fallback = 200;
    const retried = await staff.post(`/api/v1/admin/webhook-deliveries/${failed.id}/retry`);
    assert.equal(retried.status, 200);
    assert.equal(retried.body.status, 'pending');
    assert.equal(retried.body.nextAttemptAt, server.clock.now().toISOString());
    await tick();
    assert.equal(r.received.length, 8);
    const [done] = await deliveries(ep.id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.attempts, 8);
    assert.ok(verifyAt(ep.secret, r.received[7], server.clock.now()));

    const again = await staff.post(`/api/v1/admin/webhook-deliveries/${failed.id}/retry`);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'delivery_not_failed');
    assert.equal(again.body.deliveryStatus, 'succeeded');
    await disable(ep.id);
  });

  it('a manual retry that fails again goes back to failed after one attempt', async () => {
    const r = await receiver();
    const ep = await register(r.url, ['*']);
    r.fallback = 500;
    await admin.post(`/api/v1/admin/webhooks/${ep.id}/test`);
    for (let i = 0; i < 7; i++) {
      await tick();
      const [d] = await deliveries(ep.id);
      if (d.nextAttemptAt) server.clock.set(d.nextAttemptAt);
    }
    let [d] = await deliveries(ep.id);
    assert.equal(d.status, 'failed');
    assert.equal((await admin.post(`/api/v1/admin/webhook-deliveries/${d.id}/retry`)).status, 200);
    await tick();
    [d] = await deliveries(ep.id);
    assert.equal(d.status, 'failed');
    assert.equal(d.attempts, 8);
    assert.equal(r.received.length, 8);
    await disable(ep.id);
  });

  it('records timeouts and unreachable endpoints as failed attempts', async () => {
    const slow = await receiver();
    slow.delayMs = 2_000;
    const slowEp = await register(slow.url, ['*']);
    await admin.post(`/api/v1/admin/webhooks/${slowEp.id}/test`);
    await deliverDueWebhooks(server.arbiter.ctx, { timeoutMs: 200 });
    let [d] = await deliveries(slowEp.id);
    assert.equal(d.status, 'pending');
    assert.equal(d.attempts, 1);
    assert.equal(d.lastStatusCode, null);
    assert.equal(d.lastError, 'timed out after 0.2 s');
    await disable(slowEp.id);

    const gone = await receiver();
    const goneUrl = gone.url;
    await gone.close();
    const goneEp = await register(goneUrl, ['*']);
    await admin.post(`/api/v1/admin/webhooks/${goneEp.id}/test`);
    await tick();
    [d] = await deliveries(goneEp.id);
    assert.equal(d.status, 'pending');
    assert.equal(d.lastStatusCode, null);
    assert.match(d.lastError, /ECONNREFUSED/);
    await disable(goneEp.id);
  });

  it('never delivers the same row twice when two dispatchers run at once', async () => {
    const r = await receiver();
    r.delayMs = 150;
    const ep = await register(r.url, ['seller.*']);
    for (let i = 0; i < 6; i++) await emit('seller.document_reviewed', { n: i });
    await tick(); // fan-out and delivery
    assert.equal(r.received.length, 6);
    for (let i = 0; i < 6; i++) await emit('seller.document_expiring', { n: i });
    const { fanOutOutbox } = await import('../../src/modules/webhooks/dispatcher.js');
    await fanOutOutbox(server.arbiter.ctx);
    const ctx = server.arbiter.ctx;
    const counts = await Promise.all([deliverDueWebhooks(ctx, { batchSize: 2 }), deliverDueWebhooks(ctx, { batchSize: 2 }), deliverDueWebhooks(ctx, { batchSize: 2 })]);
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      6,
    );
    assert.equal(r.received.length, 12);
    assert.equal(new Set(r.received.map((q) => q.headers['webhook-id'])).size, 12);
    assert.ok((await deliveries(ep.id)).every((x) => x.status === 'succeeded' && x.attempts === 1));
    await disable(ep.id);
  });

  it('pages and filters the delivery log', async () => {
    const r = await receiver();
    const ep = await register(r.url, ['*']);
    for (let i = 0; i < 3; i++) await admin.post(`/api/v1/admin/webhooks/${ep.id}/test`);
    const all = await deliveries(ep.id);
    assert.equal(all.length, 3);
    assert.deepEqual(
      (await deliveries(ep.id, '?limit=2&offset=1')).map((x) => x.id),
      all.slice(1).map((x) => x.id),
    );
    assert.equal((await deliveries(ep.id, '?status=succeeded')).length, 0);
    assert.equal((await deliveries(ep.id, '?status=pending')).length, 3);
    const bad = await admin.get(`/api/v1/admin/webhooks/${ep.id}/deliveries?status=lost`);
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors.some((e: { field: string }) => e.field.startsWith('querystring.status')));
    await disable(ep.id);
    await tick();
    assert.equal(r.received.length, 0, 'deliveries of a disabled endpoint wait');
  });

  it('is for admins only', async () => {
    const r = await receiver();
    const ep = await register(r.url, ['*']);
    const { id: deliveryId } = (await admin.post(`/api/v1/admin/webhooks/${ep.id}/test`)).body.delivery;
    await disable(ep.id);
    for (const role of ['compliance_officer', 'support_agent', 'seller', 'buyer'] as const) {
      const user = await server.signIn([role]);
      const calls = [
        await user.get('/api/v1/admin/webhooks'),
        await user.get('/api/v1/admin/webhook-event-types'),
        await user.post('/api/v1/admin/webhooks', { url: 'https://example.com/hook', eventTypes: ['*'] }),
        await user.patch(`/api/v1/admin/webhooks/${ep.id}`, { enabled: true }),
        await user.post(`/api/v1/admin/webhooks/${ep.id}/rotate-secret`),
        await user.post(`/api/v1/admin/webhooks/${ep.id}/test`),
        await user.get(`/api/v1/admin/webhooks/${ep.id}/deliveries`),
        await user.post(`/api/v1/admin/webhook-deliveries/${deliveryId}/retry`),
      ];
      for (const res of calls) {
        assert.equal(res.status, 403, `${role}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.code, 'forbidden');
      }
    }
    assert.equal((await server.anonymous().get('/api/v1/admin/webhooks')).status, 401);
    assert.equal((await admin.get(`/api/v1/admin/webhooks/${ep.id}`)).body.enabled, false, 'nothing changed');
  });

  it('answers unknown ids with 404', async () => {
    for (const res of [
      await admin.get('/api/v1/admin/webhooks/whk_nope'),
      await admin.patch('/api/v1/admin/webhooks/whk_nope', { enabled: false }),
      await admin.post('/api/v1/admin/webhooks/whk_nope/rotate-secret'),
      await admin.post('/api/v1/admin/webhooks/whk_nope/test'),
      await admin.get('/api/v1/admin/webhooks/whk_nope/deliveries'),
      await admin.get('/api/v1/admin/webhook-deliveries/dlv_nope'),
      await admin.post('/api/v1/admin/webhook-deliveries/dlv_nope/retry'),
    ]) {
      assert.equal(res.status, 404, JSON.stringify(res.body));
      assert.equal(res.body.code, 'not_found');
    }
  });

  it('refuses bad input naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ url: 'ftp://example.com/hook', eventTypes: ['*'] }, 'body.url'],
      [{ url: 'not a url', eventTypes: ['*'] }, 'body.url'],
      [{ url: 'javascript:alert(1)', eventTypes: ['*'] }, 'body.url'],
      [{ eventTypes: ['*'] }, 'body.url'],
      [{ url: 'https://example.com/hook', eventTypes: [] }, 'body.eventTypes'],
      [{ url: 'https://example.com/hook' }, 'body.eventTypes'],
      [{ url: 'https://example.com/hook', eventTypes: ['seller.verified', 'seller.nonsense'] }, 'body.eventTypes.1'],
      [{ url: 'https://example.com/hook', eventTypes: ['nothing.*'] }, 'body.eventTypes.0'],
      [{ url: 'https://example.com/hook', eventTypes: ['*'], description: 'x'.repeat(501) }, 'body.description'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/api/v1/admin/webhooks', body);
      assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.status}`);
      assert.equal(res.body.code, 'validation_failed');
      assert.ok(
        res.body.errors.some((e: { field: string }) => e.field === field),
        `${field} in ${JSON.stringify(res.body.errors)}`,
      );
    }
    const r = await receiver();
    const ep = await register(r.url, ['*']);
    const upper = await admin.patch(`/api/v1/admin/webhooks/${ep.id}`, { url: 'HTTPS://Example.com/Hook' });
    assert.equal(upper.status, 200);
    assert.equal(upper.body.url, 'https://Example.com/Hook');
    const patch = await admin.patch(`/api/v1/admin/webhooks/${ep.id}`, { url: 'mailto:ops@example.com' });
    assert.equal(patch.status, 400);
    assert.equal(patch.body.errors[0].field, 'body.url');
    const malformed = await admin.request('POST', '/api/v1/admin/webhooks', { body: '{"url":', headers: { 'content-type': 'application/json' } });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, 'malformed_json');
    await disable(ep.id);
  });

  it('documents the routes in OpenAPI', async () => {
    const spec = await server.anonymous().get('/openapi.json');
    for (const p of [
      '/api/v1/admin/webhooks',
      '/api/v1/admin/webhooks/{id}',
      '/api/v1/admin/webhooks/{id}/rotate-secret',
      '/api/v1/admin/webhooks/{id}/test',
      '/api/v1/admin/webhooks/{id}/deliveries',
      '/api/v1/admin/webhook-deliveries/{id}/retry',
      '/api/v1/admin/webhook-event-types',
    ]) {
      assert.ok(spec.body.paths[p], p);
    }
  });
});
