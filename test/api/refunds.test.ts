import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { HttpClient } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { apiKeyClient, createSeller, ingestOrder, orderPayload, signInBuyerFor, signInSellerMember } from '../helpers/fixtures.js';

describe('refund ledger', () => {
  let server: TestServer;
  let integration: HttpClient;
  let support: HttpClient;
  let seller: { id: string };

  before(async () => {
    server = await startTestServer();
    integration = await apiKeyClient(server);
    support = await server.signIn(['support_agent']);
    seller = await createSeller(server);
  });
  after(async () => server.close());

  /** The ledger's own invariant, read straight from the tables. */
  async function assertLedgerConsistent(orderId: string) {
    const db = server.arbiter.ctx.db;
    const payment = await db.selectFrom('order_payments').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow();
    const refunds = await db.selectFrom('refunds').select(['amount', 'status']).where('order_id', '=', orderId).execute();
    const live = refunds.filter((r) => r.status !== 'failed').reduce((s, r) => s + r.amount, 0);
    const byStatus = (st: string) => refunds.filter((r) => r.status === st).reduce((s, r) => s + r.amount, 0);
    assert.equal(payment.refunded_total, live, 'refunded total = sum of refunds that have not failed');
    assert.equal(payment.refunded_total, byStatus('pending') + byStatus('sent') + byStatus('settled'));
    assert.ok(payment.refunded_total <= payment.captured_amount, `refunded ${payment.refunded_total} > captured ${payment.captured_amount}`);
    return { captured: payment.captured_amount, refunded: payment.refunded_total, refunds };
  }

  it('refunds part of an order, refuses more than remains, and follows the confirmations', async () => {
    const order = await ingestOrder(integration, orderPayload(seller.id));
    const first = await support.post(`/api/v1/orders/${order.id}/refunds`, { amount: 2000, reason: 'goodwill' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.match(first.body.id, /^ref_/);
    assert.equal(first.body.status, 'pending');
    assert.equal(first.body.currency, 'USD');
    assert.equal(first.body.paymentReference, order.payment.reference);

    const outbox = await server.arbiter.ctx.db.selectFrom('outbox').selectAll().where('entity_id', '=', first.body.id).executeTakeFirstOrThrow();
    assert.equal(outbox.event_type, 'refund.requested');
    assert.deepEqual((outbox.payload as { data: Record<string, unknown> }).data, {
      id: first.body.id,
      orderId: order.id,
      orderExternalId: order.externalId,
      source: 'platform',
      amount: 2000,
      currency: 'USD',
      reason: 'goodwill',
      caseId: null,
      paymentReference: order.payment.reference,
      paymentMethod: 'card',
    });

    const tooMuch = await support.post(`/api/v1/orders/${order.id}/refunds`, { amount: 3501, reason: 'more' });
    assert.equal(tooMuch.status, 422);
    assert.equal(tooMuch.body.code, 'refund_exceeds_captured');
    assert.equal(tooMuch.body.remainingAmount, 3500);
    assert.equal(tooMuch.body.field, 'amount');

    const sent = await integration.post(`/api/v1/refunds/${first.body.id}/confirm`, { status: 'sent', providerReference: 'rf_123' });
    assert.equal(sent.status, 200);
    assert.equal(sent.body.status, 'sent');
    assert.equal(sent.body.providerReference, 'rf_123');
    // repeating a confirmation is harmless
    assert.equal((await integration.post(`/api/v1/refunds/${first.body.id}/confirm`, { status: 'sent' })).body.status, 'sent');
    const settled = await integration.post(`/api/v1/refunds/${first.body.id}/confirm`, { status: 'settled' });
    assert.equal(settled.body.status, 'settled');
    assert.ok(settled.body.settledAt);
    const backwards = await integration.post(`/api/v1/refunds/${first.body.id}/confirm`, { status: 'failed' });
    assert.equal(backwards.status, 409);
    assert.equal(backwards.body.code, 'illegal_transition');

    // a failed refund frees its amount
    const second = await support.post(`/api/v1/orders/${order.id}/refunds`, { amount: 3500, reason: 'rest', caseId: 'case_x' });
    assert.equal(second.status, 201);
    assert.equal((await support.post(`/api/v1/orders/${order.id}/refunds`, { amount: 1, reason: 'one more' })).body.remainingAmount, 0);
    const failed = await integration.post(`/api/v1/refunds/${second.body.id}/confirm`, { status: 'failed', failureReason: 'card closed' });
    assert.equal(failed.body.status, 'failed');
    assert.equal(failed.body.failureReason, 'card closed');
    const ledger = await support.get(`/api/v1/orders/${order.id}/refunds`);
    assert.equal(ledger.body.capturedAmount, 5500);
    assert.equal(ledger.body.refundedTotal, 2000);
    assert.equal(ledger.body.remainingAmount, 3500);
    assert.deepEqual(ledger.body.refunds.map((r: { status: string }) => r.status), ['settled', 'failed']);
    await assertLedgerConsistent(order.id);

    const timeline = (await support.get(`/api/v1/orders/${order.id}`)).body.timeline.filter((t: { entityType: string }) => t.entityType === 'refund');
    assert.deepEqual(timeline.map((t: { event: string }) => t.event), ['request', 'mark_sent', 'settle', 'request', 'fail']);
  });

  it('authorises: staff refund, the integration confirms, parties read, others see nothing', async () => {
    const order = await ingestOrder(integration, orderPayload(seller.id));
    const buyer = await signInBuyerFor(server, order);
    const member = await signInSellerMember(server, seller.id);
    const stranger = await server.signIn(['buyer']);
    const qc = await server.signIn(['qc_inspector']);
    const body = { amount: 100, reason: 'x' };
    assert.equal((await buyer.post(`/api/v1/orders/${order.id}/refunds`, body)).status, 403);
    assert.equal((await member.post(`/api/v1/orders/${order.id}/refunds`, body)).status, 403);
    assert.equal((await qc.post(`/api/v1/orders/${order.id}/refunds`, body)).status, 403);
    assert.equal((await stranger.post(`/api/v1/orders/${order.id}/refunds`, body)).status, 404);
    const admin = await server.signIn(['admin']);
    const refund = await admin.post(`/api/v1/orders/${order.id}/refunds`, body);
    assert.equal(refund.status, 201);
    assert.equal((await buyer.get(`/api/v1/refunds/${refund.body.id}`)).status, 200);
    assert.equal((await member.get(`/api/v1/orders/${order.id}/refunds`)).status, 200);
    assert.equal((await stranger.get(`/api/v1/refunds/${refund.body.id}`)).status, 404);
    assert.equal((await stranger.get(`/api/v1/orders/${order.id}/refunds`)).status, 404);
    assert.equal((await admin.post(`/api/v1/refunds/${refund.body.id}/confirm`, { status: 'settled' })).status, 403);
    assert.equal((await stranger.post(`/api/v1/refunds/${refund.body.id}/confirm`, { status: 'settled' })).status, 404);
    assert.equal((await integration.post('/api/v1/refunds/ref_missing/confirm', { status: 'settled' })).status, 404);
    const bad = await admin.post(`/api/v1/orders/${order.id}/refunds`, { amount: 0, reason: 'x' });
    assert.equal(bad.status, 400);
    assert.equal((await admin.post(`/api/v1/orders/${order.id}/refunds`, { amount: 1.5, reason: 'x' })).status, 400);
  });

  it('an Idempotency-Key makes a retried refund request a replay, not a second refund', async () => {
    const order = await ingestOrder(integration, orderPayload(seller.id));
    const headers = { 'idempotency-key': `refund-${order.id}` };
    const a = await support.post(`/api/v1/orders/${order.id}/refunds`, { amount: 500, reason: 'late' }, headers);
    const b = await support.post(`/api/v1/orders/${order.id}/refunds`, { amount: 500, reason: 'late' }, headers);
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.equal(b.headers.get('idempotent-replayed'), 'true');
    assert.equal(b.body.id, a.body.id);
    assert.equal((await support.get(`/api/v1/orders/${order.id}/refunds`)).body.refunds.length, 1);
  });

  it('the database itself refuses to refund more than was captured', async () => {
    const order = await ingestOrder(integration, orderPayload(seller.id));
    const db = server.arbiter.ctx.db;
    const insert = (id: string, amount: number) =>
      sql`INSERT INTO refunds (id, order_id, seller_id, amount, currency, reason, status, payment_reference, requested_at, updated_at)
          VALUES (${id}, ${order.id}, ${seller.id}, ${amount}, 'USD', 'direct', 'pending', 'p', now(), now())`.execute(db);
    await insert(`ref_direct_a_${order.id}`, 5000);
    await assert.rejects(insert(`ref_direct_b_${order.id}`, 501), (err: { code?: string }) => err.code === '23514');
    await assert.rejects(
      sql`UPDATE order_payments SET refunded_total = captured_amount + 1 WHERE order_id = ${order.id}`.execute(db),
      (err: { code?: string }) => err.code === '23514',
    );
    // failing the refund frees the amount, reviving it takes it again (and would be refused if it no longer fit)
    await sql`UPDATE refunds SET status = 'failed' WHERE id = ${`ref_direct_a_${order.id}`}`.execute(db);
    await insert(`ref_direct_c_${order.id}`, 5500);
    await assert.rejects(sql`UPDATE refunds SET status = 'pending' WHERE id = ${`ref_direct_a_${order.id}`}`.execute(db), (err: { code?: string }) => err.code === '23514');
    await assert.rejects(sql`DELETE FROM refunds WHERE id = ${`ref_direct_c_${order.id}`}`.execute(db));
    await assertLedgerConsistent(order.id);
  });

  it('property: random requests, confirmations, failures and concurrent bursts never exceed the captured amount', async () => {
    type Op =
      | { kind: 'request'; amount: number }
      | { kind: 'burst'; amounts: number[] }
      | { kind: 'confirm'; pick: number; status: 'sent' | 'settled' | 'failed' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('request' as const), amount: fc.integer({ min: 1, max: 4000 }) }),
      fc.record({ kind: fc.constant('burst' as const), amounts: fc.array(fc.integer({ min: 1, max: 2500 }), { minLength: 2, maxLength: 12 }) }),
      fc.record({ kind: fc.constant('confirm' as const), pick: fc.nat(), status: fc.constantFrom('sent' as const, 'settled' as const, 'failed' as const) }),
    );
    const allowed: Record<string, string[]> = { pending: ['sent', 'settled', 'failed'], sent: ['settled', 'failed'], settled: [], failed: [] };

    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.array(op, { minLength: 1, maxLength: 10 }), async (captured, ops) => {
        const order = await ingestOrder(
          integration,
          orderPayload(seller.id, { items: [{ productId: 'p', name: 'Thing', quantity: 1, unitPrice: captured }], payment: { amount: captured, method: 'card', reference: `pay-${captured}-${Math.random()}` } }),
        );
        // the model: each refund's amount and status
        const model: { id: string; amount: number; status: string }[] = [];
        const remaining = () => captured - model.filter((r) => r.status !== 'failed').reduce((s, r) => s + r.amount, 0);
        for (const o of ops) {
          if (o.kind === 'request') {
            const expectOk = o.amount <= remaining();
            const res = await support.post(`/api/v1/orders/${order.id}/refunds`, { amount: o.amount, reason: 'property' });
            assert.equal(res.status, expectOk ? 201 : 422, JSON.stringify(res.body));
            if (expectOk) model.push({ id: res.body.id, amount: o.amount, status: 'pending' });
            else assert.equal(res.body.remainingAmount, remaining());
          } else if (o.kind === 'burst') {
            const before = remaining();
            const responses = await Promise.all(o.amounts.map((amount) => support.post(`/api/v1/orders/${order.id}/refunds`, { amount, reason: 'burst' })));
            const accepted = responses.filter((r) => r.status === 201);
            const rejected = responses.filter((r) => r.status !== 201);
            for (const r of rejected) assert.equal(r.body.code, 'refund_exceeds_captured', JSON.stringify(r.body));
            const acceptedSum = accepted.reduce((s, r) => s + r.body.amount, 0);
            assert.ok(acceptedSum <= before, `burst accepted ${acceptedSum} of ${before}`);
            for (const r of accepted) model.push({ id: r.body.id, amount: r.body.amount, status: 'pending' });
            // remaining only fell during the burst, so each refused amount is still more than what remains
            const rejectedAmounts = o.amounts.filter((_, i) => responses[i].status !== 201);
            for (const a of rejectedAmounts) assert.ok(a > remaining(), `refused ${a} although ${remaining()} remains`);
          } else if (model.length > 0) {
            const target = model[o.pick % model.length];
            const res = await integration.post(`/api/v1/refunds/${target.id}/confirm`, { status: o.status });
            if (target.status === o.status) assert.equal(res.status, 200);
            else if (allowed[target.status].includes(o.status)) {
              assert.equal(res.status, 200, JSON.stringify(res.body));
              target.status = o.status;
            } else assert.equal(res.status, 409);
          }
          const ledger = await assertLedgerConsistent(order.id);
          assert.equal(ledger.refunded, captured - remaining());
          assert.deepEqual(
            ledger.refunds.map((r) => r.status).sort(),
            model.map((r) => r.status).sort(),
          );
        }
      }),
      { numRuns: Number(process.env.REFUND_PROPERTY_RUNS ?? 20) },
    );
  });
});
