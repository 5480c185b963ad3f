import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { s10CheckDigit } from '../../src/domain/tracking/index.js';
import { DEFAULT_POLICY } from '../../src/domain/policy.js';
import { forgetCachedPolicy } from '../../src/modules/policy/service.js';
import { exeFile, jpegFile, pdfFile, pngFile } from '../helpers/files.js';
import { apiKeyClient, createSeller, ingestOrder, orderPayload, signInBuyerFor, signInSellerMember } from '../helpers/fixtures.js';
import type { HttpClient } from '../helpers/http.js';
import { TEST_PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

const DAY = 86_400_000;
const bytes = (b: Buffer) => b as unknown as BodyInit;

let sfCounter = 0;
const sfNumber = () => `SF${String(Date.now() % 1e9).padStart(9, '0')}${String(++sfCounter).padStart(4, '0')}`;
let emsCounter = 0;
function emsNumber(): string {
  const serial = String((Date.now() % 1e7) * 10 + (++emsCounter % 10)).padStart(8, '0').slice(-8);
  return `EA${serial}${s10CheckDigit(serial)}CN`;
}

/** A small MP4 (an ftyp box and media data), different per seed: sniffed as video/mp4. */
function mp4File(size = 64 * 1024, seed = 0): Buffer {
  const ftyp = Buffer.alloc(32);
  ftyp.writeUInt32BE(32, 0);
  ftyp.write('ftypisom', 4, 'ascii');
  ftyp.writeUInt32BE(0x200, 12);
  ftyp.write('isomiso2avc1mp41', 16, 'ascii');
  const mdat = Buffer.alloc(Math.max(8, size - 32));
  mdat.writeUInt32BE(mdat.length, 0);
  mdat.write('mdat', 4, 'ascii');
  for (let i = 8; i < mdat.length; i++) mdat[i] = (i * 31 + seed * 7) & 0xff;
  return Buffer.concat([ftyp, mdat]);
}

type Client = HttpClient & { userId: string; email?: string };

interface World {
  server: TestServer;
  integration: HttpClient;
  seller: { id: string };
  member: Client & { email: string };
  otherSeller: { id: string };
  otherMember: Client & { email: string };
  inspector: Client & { email: string };
  agentA: Client & { email: string };
  agentB: Client & { email: string };
  officer: Client & { email: string };
}

interface Placed {
  order: any;
  buyer: Client;
  parcel: any;
}

async function expectStatus(res: { status: number; body: any }, status: number, code?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body).slice(0, 2000));
  if (code) assert.equal(res.body.code, code, JSON.stringify(res.body));
  return res.body;
}

describe('post-delivery disputes', () => {
  const w = {} as World;
  let buyerSeq = 0;

  before(async () => {
    w.server = await startTestServer();
    w.integration = await apiKeyClient(w.server);
    w.seller = await createSeller(w.server, { shopName: '义乌优选百货' });
    w.member = await signInSellerMember(w.server, w.seller.id, 'owner');
    w.otherSeller = await createSeller(w.server);
    w.otherMember = await signInSellerMember(w.server, w.otherSeller.id);
    w.inspector = await w.server.signIn(['qc_inspector']);
    w.agentA = await w.server.signIn(['support_agent']);
    w.agentB = await w.server.signIn(['support_agent']);
    w.officer = await w.server.signIn(['compliance_officer']);
  });
  after(async () => w.server.close());
  const staff = () => [w.member, w.otherMember, w.inspector, w.agentA, w.agentB, w.officer];
  beforeEach(async () => {
    for (const c of staff()) await c.login(c.email, TEST_PASSWORD);
  });

  /** Moves the clock; everyone signs in again (sessions last 14 days). */
  async function setClock(at: Date | string, buyers: Client[] = []) {
    w.server.clock.set(at);
    for (const c of staff()) await c.login(c.email, TEST_PASSWORD);
    for (const b of buyers) await b.login(b.email!, TEST_PASSWORD);
  }

  /**
   * An order through the real path: paid, dispatched, received and weighed at the warehouse (850 g), QC passed, in a
   * parcel (declared 1,200 g, insured or not) that ships; delivered by the carrier unless `deliver` is false.
   */
  async function placeOrder(opts: { deliver?: boolean; insured?: boolean; buyerExternalId?: string; declaredWeightGrams?: number } = {}): Promise<Placed> {
    const buyerExternalId = opts.buyerExternalId ?? `disp-buyer-${++buyerSeq}-${Math.random().toString(36).slice(2, 8)}`;
    const order = await ingestOrder(
      w.integration,
      orderPayload(w.seller.id, { buyer: { externalId: buyerExternalId, name: 'Jamie Buyer' }, paidAt: new Date(w.server.clock.now().getTime() - 3_600_000).toISOString() }),
    );
    await expectStatus(await w.member.post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'sf', trackingNumber: sfNumber(), service: 'standard' }), 200);
    await expectStatus(await w.inspector.post('/api/v1/warehouse/receipts', { orderId: order.id, weightGrams: 850 }), 201);
    await expectStatus(await w.inspector.post(`/api/v1/warehouse/orders/${order.id}/qc-pass`, {}), 200);
    const parcel = await expectStatus(
      await w.inspector.post('/api/v1/parcels', {
        orderIds: [order.id],
        declaredWeightGrams: opts.declaredWeightGrams ?? 1200,
        declaredValue: { amount: 5500, currency: 'USD' },
        carrier: 'ems',
        trackingNumber: emsNumber(),
        insured: opts.insured ?? true,
      }),
      201,
    );
    await expectStatus(await w.inspector.post(`/api/v1/parcels/${parcel.id}/ship`, {}), 200);
    if (opts.deliver !== false) {
      await expectStatus(await w.integration.post(`/api/v1/parcels/${parcel.id}/events`, { eventCode: 'delivered', occurredAt: w.server.clock.now().toISOString() }), 200);
    }
    const buyer = (await signInBuyerFor(w.server, order)) as Client;
    const user = await w.server.arbiter.ctx.db.selectFrom('users').select('email').where('id', '=', order.buyerId).executeTakeFirstOrThrow();
    buyer.email = user.email;
    return { order, buyer, parcel };
  }

  /** A file uploaded whole through the uploads API; returns the upload's id. */
  async function upload(client: HttpClient, file: Buffer, fileName: string): Promise<string> {
    const res = await client.request('POST', `/api/v1/uploads/direct?fileName=${encodeURIComponent(fileName)}`, { body: bytes(file), headers: { 'content-type': 'application/octet-stream' } });
    return (await expectStatus(res, 201)).id;
  }

  /** A file sent through a resumable upload in chunks of 64 KB; returns the completed upload's id. */
  async function chunkedUpload(client: HttpClient, file: Buffer, fileName: string): Promise<string> {
    const chunk = 64 * 1024;
    const sha256 = createHash('sha256').update(file).digest('hex');
    const u = await expectStatus(await client.post('/api/v1/uploads', { fileName, sizeBytes: file.length, sha256, chunkBytes: chunk }), 201);
    for (let i = u.totalChunks - 1; i >= 0; i--) {
      const part = file.subarray(i * chunk, (i + 1) * chunk);
      await expectStatus(await client.request('PUT', `/api/v1/uploads/${u.id}/chunks/${i}`, { body: bytes(part), headers: { 'content-type': 'application/octet-stream' } }), 200);
    }
    const done = await expectStatus(await client.post(`/api/v1/uploads/${u.id}/complete`, {}), 200);
    assert.equal(done.file.sha256, sha256);
    return u.id;
  }

  let seed = 0;
  /** The evidence protocol of seed 004 as uploads: the unboxing video, the exterior, the scale, the item. */
  async function evidenceSet(client: HttpClient, kinds: string[] = ['unboxing_video', 'exterior_photo', 'scale_photo', 'item_photo']) {
    const out: { uploadId: string; kind: string }[] = [];
    for (const kind of kinds) {
      const s = ++seed;
      const file = kind.endsWith('video') ? mp4File(48 * 1024, s) : kind === 'customs_notice' ? await pdfFile('Customs notice', s) : s % 2 ? jpegFile(40, 30, s) : pngFile(40, 30, s);
      out.push({ uploadId: await upload(client, file, `${kind}.${kind.endsWith('video') ? 'mp4' : 'jpg'}`), kind });
    }
    return out;
  }

  async function ledger(orderId: string) {
    return (await w.integration.get(`/api/v1/orders/${orderId}/refunds`)).body;
  }

  describe('each issue type end to end', () => {
    it('damaged item: a functional damage (tier 2) with the full evidence set, read by the seller in Chinese, accepted; the partial refund goes through the ledger', async () => {
      const { order, buyer } = await placeOrder();
      const evidence = await evidenceSet(buyer, ['unboxing_video', 'exterior_photo', 'item_photo']);
      const opened = await expectStatus(
        await buyer.post('/api/v1/disputes', {
          orderId: order.id,
          issueType: 'damaged_item',
          detail: 'functional',
          items: [{ itemId: order.items[0].id, quantity: 1 }],
          evidence,
          remedy: { type: 'partial_refund', amount: 600 },
          note: 'The buckle is broken. See the video at 0:45.',
        }),
        201,
      );
      assert.equal(opened.type, 'damaged_item');
      assert.equal(opened.status, 'awaiting_seller');
      assert.equal(opened.claimAmount, 1500);
      assert.equal(opened.dispute.matrix.tier, 2);
      assert.deepEqual(opened.dispute.matrix.remedies, ['partial_refund', 'replacement']);
      assert.equal(opened.dispute.matrix.needsVideo, false);
      assert.equal(opened.dispute.flags.disproportionate, false);
      assert.equal(opened.dispute.evidence.buyer.length, 3);
      assert.equal(opened.dispute.evidence.buyer[0].kind, 'unboxing_video');
      assert.equal(opened.dispute.evidence.buyer[0].mediaType, 'video/mp4');
      assert.equal(opened.deadline.party, 'seller');
      assert.match(opened.deadline.whatHappens.en, /buyer's request is granted/);
      assert.deepEqual(opened.dispute.claim.clarity, []);
      assert.equal(opened.viewer.side, 'buyer');
      assert.ok(opened.availableActions.some((a: any) => a.action === 'withdraw'));

      // the seller reads the claim rendered from its fields, in Chinese and English, and the evidence
      const seen = await expectStatus(await w.member.get(`/api/v1/disputes/${opened.id}`), 200);
      assert.match(seen.dispute.claim.forSeller['zh-CN'], /商品破损（第 2 级）/);
      assert.match(seen.dispute.claim.forSeller['zh-CN'], /功能性损坏/);
      assert.match(seen.dispute.claim.forSeller['zh-CN'], /买家请求：部分退款/);
      assert.match(seen.dispute.claim.forSeller.en, /damaged item \(tier 2\)/);
      assert.equal(seen.dispute.claim.note, 'The buckle is broken. See the video at 0:45.');
      assert.deepEqual(
        seen.availableActions.map((a: any) => a.action).filter((a: string) => a !== 'post_message' && a !== 'upload_attachment'),
        ['accept_claim', 'offer_remedy', 'contest', 'add_evidence'],
      );
      const video = await w.member.request('GET', seen.dispute.evidence.buyer[0].url, { raw: true, headers: { range: 'bytes=0-31' } });
      assert.equal(video.status, 206);
      assert.equal(video.body.subarray(4, 8).toString('ascii'), 'ftyp');
      const notes = await w.member.get('/api/v1/notifications');
      assert.ok(notes.body.items.some((n: any) => n.eventType === 'dispute.opened' && n.link === `/cases/${opened.id}`));

      const accepted = await expectStatus(await w.member.post(`/api/v1/disputes/${opened.id}/response`, { action: 'accept' }), 200);
      assert.equal(accepted.status, 'resolved');
      assert.equal(accepted.agreedVia, 'seller_accepted');
      assert.equal(accepted.dispute.outcome, 'buyer_won');
      assert.equal(accepted.refunds.length, 1);
      assert.equal(accepted.refunds[0].amount, 600);
      assert.equal(accepted.refunds[0].reason, 'dispute_partial_refund');
      assert.equal(accepted.responsiveness[0].response, 'accepted');
      const l = await ledger(order.id);
      assert.equal(l.refundedTotal, 600);
      // the refund settles: the case closes
      await expectStatus(await w.integration.post(`/api/v1/refunds/${accepted.refunds[0].id}/confirm`, { status: 'settled', providerReference: 'psp-1' }), 200);
      await w.server.arbiter.scheduler.tick();
      const closed = await expectStatus(await buyer.get(`/api/v1/disputes/${opened.id}`), 200);
      assert.equal(closed.status, 'closed');
    });

    it('missing item: the parcel weighs short of its label; the seller contests with packing photos; mediation decides; the seller appeals once, to another agent; a second appeal is refused', async () => {
      const { order, buyer, parcel } = await placeOrder({ declaredWeightGrams: 1200 });
      // the unboxing video through a resumable upload, the photos whole
      const video = mp4File(300 * 1024, 600);
      const evidence = [{ uploadId: await chunkedUpload(buyer, video, 'unboxing.mp4'), kind: 'unboxing_video' }, ...(await evidenceSet(buyer, ['exterior_photo', 'scale_photo']))];
      const opened = await expectStatus(
        await buyer.post('/api/v1/disputes', {
          orderId: order.id,
          issueType: 'missing_item',
          detail: 'missing_units',
          items: [{ itemId: order.items[1].id, quantity: 1 }],
          evidence,
          scaleReadingGrams: 700,
          remedy: { type: 'full_refund' },
        }),
        201,
      );
      const weight = opened.dispute.weight;
      assert.equal(weight.labelGrams, 1200);
      assert.equal(weight.warehouseGrams, 850);
      assert.equal(weight.scaleGrams, 700);
      assert.equal(weight.reference, 'label');
      assert.equal(weight.differenceGrams, 500);
      assert.equal(weight.toleranceGrams, 60);
      assert.equal(weight.verdict, 'shortfall');
      assert.equal(weight.supportsMissingItem, true);
      assert.equal(opened.dispute.flags.weightShortfall, true);
      assert.equal(opened.dispute.matrix.tier, 3);
      assert.equal(opened.dispute.parcel.id, parcel.id);
      assert.equal(opened.dispute.evidence.buyer[0].sha256, createHash('sha256').update(video).digest('hex'));
      assert.equal(opened.dispute.evidence.buyer[0].sizeBytes, video.length);
      // shown to the seller, in both languages
      const seen = await expectStatus(await w.member.get(`/api/v1/disputes/${opened.id}`), 200);
      assert.match(seen.dispute.weight.text['zh-CN'], /少 500 g/);
      assert.match(seen.dispute.claim.forSeller.en, /500 g \(41.7%\) short, beyond the tolerance of 60 g/);

      const packing = await evidenceSet(w.member, ['packing_photo']);
      const contested = await expectStatus(
        await w.member.post(`/api/v1/disputes/${opened.id}/response`, { action: 'contest', reasonCode: 'packed_complete', reason: '发货时两件都在箱内。', evidence: packing.map((e) => ({ ...e, kind: 'packing_photo' })) }),
        200,
      );
      assert.equal(contested.status, 'contested');
      assert.equal(contested.dispute.contest.reasonCode, 'packed_complete');
      assert.equal(contested.dispute.evidence.seller.length, 1);
      assert.equal(contested.deadline.party, 'buyer');
      assert.match(contested.proposals.at(-1).text['zh-CN'], /卖家拒绝该请求：包裹发货时完整/);
      const buyerSees = await expectStatus(await buyer.get(`/api/v1/disputes/${opened.id}`), 200);
      assert.equal(buyerSees.dispute.evidence.seller.length, 1);
      assert.deepEqual(buyerSees.availableActions.map((a: any) => a.action).filter((a: string) => ['withdraw', 'request_mediation'].includes(a)).sort(), ['request_mediation', 'withdraw']);

      const escalated = await expectStatus(await buyer.post(`/api/v1/disputes/${opened.id}/mediation`, { reason: 'The scale shows the missing item.' }), 200);
      assert.equal(escalated.status, 'escalated');
      const queue = await expectStatus(await w.agentA.get('/api/v1/disputes/mediation-queue'), 200);
      assert.ok(queue.items.some((q: any) => q.id === opened.id && q.tier === 3 && q.flags.weightShortfall));
      // the case engine's own pages and support queue show the dispute too
      const supportQueue = await expectStatus(await w.agentA.get('/api/v1/cases/support-queue'), 200);
      assert.ok(supportQueue.items.some((q: any) => q.id === opened.id && q.type === 'missing_item' && q.queueReason === 'escalated'));
      const asCase = await expectStatus(await buyer.get(`/api/v1/cases/${opened.id}`), 200);
      assert.equal(asCase.requestedRemedy.text.en, 'A full refund of 25.00 USD');
      assert.ok(asCase.thread.some((t: any) => t.kind === 'message' && t.attachments.length === 3));
      const listed = await expectStatus(await buyer.get('/api/v1/cases?type=missing_item'), 200);
      assert.deepEqual(listed.items.map((c: any) => c.id), [opened.id]);
      // the agent sees both sides, the weight comparison, the recommended tier and the buyer's record
      const forAgent = await expectStatus(await w.agentA.get(`/api/v1/disputes/${opened.id}`), 200);
      assert.equal(forAgent.dispute.evidence.buyer.length, 3);
      assert.equal(forAgent.dispute.evidence.seller.length, 1);
      assert.equal(forAgent.dispute.buyerRecord.opened, 1);
      assert.ok(forAgent.availableActions.some((a: any) => a.action === 'decide'));
      await expectStatus(await w.agentA.post(`/api/v1/disputes/${opened.id}/decision`, { remedy: { type: 'full_refund' }, reason: 'short' }), 400);
      const decided = await expectStatus(
        await w.agentA.post(`/api/v1/disputes/${opened.id}/decision`, { remedy: { type: 'full_refund' }, reason: 'The parcel weighed 500 g under its label; the video shows one hoodie.' }),
        200,
      );
      assert.equal(decided.status, 'decided');
      assert.equal(decided.dispute.mediation.decidedBy, w.agentA.userId);
      assert.equal(decided.dispute.mediation.appealUntil, new Date(w.server.clock.now().getTime() + 7 * DAY).toISOString());
      assert.equal(decided.refunds.length, 0, 'the decision waits for the appeal window');
      // a party other than buyer or seller cannot appeal; the seller can, once
      await expectStatus(await w.otherMember.post(`/api/v1/disputes/${opened.id}/appeal`, { reason: 'Not my dispute at all.' }), 404);
      const appealed = await expectStatus(await w.member.post(`/api/v1/disputes/${opened.id}/appeal`, { reason: '我们有打包视频，两件都发出了。' }), 200);
      assert.equal(appealed.status, 'appealed');
      assert.equal(appealed.dispute.appeal.side, 'seller');
      await expectStatus(await buyer.post(`/api/v1/disputes/${opened.id}/appeal`, { reason: 'I appeal too, just in case.' }), 409, 'already_appealed');
      // the agent who decided may not decide the appeal
      const again = await expectStatus(await w.agentA.get(`/api/v1/disputes/${opened.id}`), 200);
      assert.ok(!again.availableActions.some((a: any) => a.action === 'decide_appeal'));
      await expectStatus(
        await w.agentA.post(`/api/v1/disputes/${opened.id}/appeal/decision`, { remedy: { type: 'no_action' }, reason: 'Changing my own mind here.' }),
        403,
        'appeal_needs_another_agent',
      );
      const final = await expectStatus(
        await w.agentB.post(`/api/v1/disputes/${opened.id}/appeal/decision`, { remedy: { type: 'full_refund' }, reason: 'The weight shortfall outweighs the packing photo.' }),
        200,
      );
      assert.equal(final.status, 'resolved');
      assert.equal(final.dispute.appeal.outcome, 'upheld');
      assert.equal(final.dispute.appeal.decidedBy, w.agentB.userId);
      assert.equal(final.refunds[0].amount, 2500);
      assert.equal(final.dispute.outcome, 'buyer_won');
      // the refunded line leaves the order
      const o = await w.integration.get(`/api/v1/orders/${order.id}`);
      assert.equal(o.body.items.find((i: any) => i.id === order.items[1].id).status, 'refunded');
      await expectStatus(await w.member.post(`/api/v1/disputes/${opened.id}/appeal`, { reason: 'Appealing the appeal decision.' }), 409, 'already_appealed');
      // the seller's responsiveness counts the contest as an answer on time
      assert.equal(final.responsiveness[0].response, 'refused');
    });

    it('wrong item: a completely different item (tier 3); the seller accepts a replacement, which becomes an order followed like any other; dispatching it resolves the dispute', async () => {
      const { order, buyer } = await placeOrder();
      const evidence = await evidenceSet(buyer, ['unboxing_video', 'label_photo', 'item_photo']);
      const claim = { orderId: order.id, issueType: 'wrong_item', detail: 'different_item', items: [{ itemId: order.items[0].id, quantity: 2 }], evidence, remedy: { type: 'replacement' } };
      const opened = await expectStatus(await buyer.post('/api/v1/disputes', claim, { 'idempotency-key': `open-${order.id}` }), 201);
      // a retried request with the same Idempotency-Key answers the first response, not a second dispute
      const retried = await buyer.post('/api/v1/disputes', claim, { 'idempotency-key': `open-${order.id}` });
      assert.equal(retried.status, 201);
      assert.equal(retried.headers.get('idempotent-replayed'), 'true');
      assert.equal(retried.body.id, opened.id);
      assert.equal(opened.dispute.matrix.tier, 3);
      assert.equal(opened.dispute.matrix.needsVideo, false);
      const accepted = await expectStatus(await w.member.post(`/api/v1/disputes/${opened.id}/response`, { action: 'accept' }), 200);
      assert.equal(accepted.status, 'awaiting_replacement');
      const replacement = accepted.dispute.replacementOrder;
      assert.match(replacement.id, /^ord_/);
      assert.equal(replacement.status, 'paid');
      assert.equal(accepted.deadline.party, 'seller');
      assert.match(accepted.deadline.whatHappens.en, /refunded instead/);
      // the replacement order: the affected units, nothing captured, the seller's to dispatch
      const r = await expectStatus(await w.member.get(`/api/v1/orders/${replacement.id}`), 200);
      assert.equal(r.buyerId, order.buyerId);
      assert.equal(r.items.length, 1);
      assert.equal(r.items[0].quantity, 2);
      assert.equal(r.items[0].name, 'Canvas sneakers');
      await expectStatus(await buyer.get(`/api/v1/orders/${replacement.id}`), 200);
      await expectStatus(await w.member.post(`/api/v1/orders/${replacement.id}/dispatch`, { carrier: 'sf', trackingNumber: sfNumber(), service: 'standard' }), 200);
      await w.server.arbiter.scheduler.tick();
      const resolved = await expectStatus(await buyer.get(`/api/v1/disputes/${opened.id}`), 200);
      assert.equal(resolved.status, 'closed');
      assert.equal(resolved.dispute.outcome, 'buyer_won');
      assert.equal(resolved.refunds.length, 0);
    });

    it('a replacement not dispatched in time is cancelled and the buyer refunded instead (the scheduler)', async () => {
      const { order, buyer } = await placeOrder();
      const evidence = await evidenceSet(buyer, ['unboxing_video', 'exterior_photo', 'item_photo']);
      const opened = await expectStatus(
        await buyer.post('/api/v1/disputes', { orderId: order.id, issueType: 'damaged_item', detail: 'unusable', items: [{ itemId: order.items[1].id, quantity: 1 }], evidence, remedy: { type: 'replacement' } }),
        201,
      );
      const waiting = await expectStatus(await w.member.post(`/api/v1/disputes/${opened.id}/response`, { action: 'accept' }), 200);
      const replacementId = waiting.dispute.replacementOrder.id;
      await setClock(new Date(new Date(waiting.deadline.at).getTime() + 1000), [buyer]);
      await w.server.arbiter.scheduler.tick();
      const after = await expectStatus(await buyer.get(`/api/v1/disputes/${opened.id}`), 200);
      assert.equal(after.status, 'resolved');
      assert.equal(after.refunds[0].amount, 2500);
      assert.equal(after.refunds[0].reason, 'dispute_replacement_not_dispatched');
      assert.equal(after.dispute.replacementOrder.status, 'cancelled');
      assert.ok(after.history.some((h: any) => h.event === 'refund_on_silence' && h.actorRole === 'system'));
      const r = await w.integration.get(`/api/v1/orders/${replacementId}`);
      assert.equal(r.body.status, 'cancelled');
    });

    it('not as described: a full refund demanded for a minor difference (tier 1) is flagged, reported to enforcement and counted in the record; the seller offers a partial refund, the buyer accepts', async () => {
      const { order, buyer } = await placeOrder();
      const evidence = await evidenceSet(buyer, ['unboxing_video', 'item_photo']);
      const opened = await expectStatus(
        await buyer.post('/api/v1/disputes', { orderId: order.id, issueType: 'not_as_described', detail: 'minor_difference', items: [{ itemId: order.items[1].id, quantity: 1 }], evidence, remedy: { type: 'full_refund' } }),
        201,
      );
      assert.equal(opened.dispute.matrix.tier, 1);
      assert.equal(opened.dispute.matrix.disproportionate, true);
      assert.equal(opened.dispute.matrix.exceedsTier, true);
      assert.equal(opened.dispute.matrix.maxPartialRefund, 500);
      assert.equal(opened.dispute.flags.disproportionate, true);
      const violations = await w.server.arbiter.ctx.db.selectFrom('violations').selectAll().where('buyer_id', '=', order.buyerId).execute();
      assert.equal(violations.length, 1);
      assert.equal(violations[0].rule, 'disproportionate_demand');
      assert.equal(violations[0].status, 'confirmed', 'the policy confirms it by rule');
      const record = await expectStatus(await w.agentA.get(`/api/v1/buyers/${order.buyerId}/dispute-record`), 200);
      assert.equal(record.disproportionateDemands, 1);
      assert.equal(record.poor, false);
      await expectStatus(await buyer.get(`/api/v1/buyers/${order.buyerId}/dispute-record`), 200);
      await expectStatus(await w.member.get(`/api/v1/buyers/${order.buyerId}/dispute-record`), 404);

      await expectStatus(await w.member.post(`/api/v1/disputes/${opened.id}/response`, { action: 'offer', remedy: { type: 'full_refund' } }), 422, 'offer_same_as_claim');
      await expectStatus(await w.member.post(`/api/v1/disputes/${opened.id}/response`, { action: 'offer', remedy: { type: 'partial_refund', amount: 99999 } }), 422, 'amount_exceeds_item');
      const offered = await expectStatus(await w.member.post(`/api/v1/disputes/${opened.id}/response`, { action: 'offer', remedy: { type: 'partial_refund', amount: 400 }, note: '颜色略有差异，补偿 4 美元。' }), 200);
      assert.equal(offered.status, 'counter_offered');
      assert.match(offered.proposals.at(-1).text.en, /The seller proposes instead: Keep the item with a partial refund of 4.00 USD/);
      const done = await expectStatus(await buyer.post(`/api/v1/disputes/${opened.id}/offer/accept`, {}), 200);
      assert.equal(done.status, 'resolved');
      assert.equal(done.agreedVia, 'counter_accepted');
      assert.equal(done.refunds[0].amount, 400);
      assert.equal(done.dispute.outcome, 'partly_won');
    });

    it('not received: a parcel lost in transit during protection; the seller stays silent and the scheduler grants the full refund', async () => {
      const { order, buyer } = await placeOrder({ deliver: false });
      const opened = await expectStatus(await buyer.post('/api/v1/disputes', { orderId: order.id, issueType: 'not_received', detail: 'lost_in_transit', remedy: { type: 'full_refund' } }), 201);
      assert.equal(opened.dispute.window.openedVia, 'protection');
      assert.equal(opened.claimAmount, 5500);
      assert.equal(opened.dispute.items.length, 2);
      assert.equal(opened.dispute.matrix.tier, 3);
      assert.equal(opened.dispute.matrix.videoRequired, false, 'nothing arrived to film');
      assert.equal(opened.dispute.matrix.needsVideo, false);
      const protection = await w.server.arbiter.ctx.db.selectFrom('protection_dispute_openings').selectAll().where('case_id', '=', opened.id).executeTakeFirstOrThrow();
      assert.equal(protection.closed_at, null);
      // nothing happens before the deadline; then the scheduler grants the claim
      await setClock(new Date(new Date(opened.deadline.at).getTime() - 60_000), [buyer]);
      await w.server.arbiter.scheduler.tick();
      assert.equal((await buyer.get(`/api/v1/disputes/${opened.id}`)).body.status, 'awaiting_seller');
      await setClock(new Date(new Date(opened.deadline.at).getTime() + 1), [buyer]);
      await w.server.arbiter.scheduler.tick();
      const granted = await expectStatus(await buyer.get(`/api/v1/disputes/${opened.id}`), 200);
      assert.equal(granted.status, 'resolved');
      assert.equal(granted.agreedVia, 'seller_silence');
      assert.equal(granted.refunds[0].amount, 5500);
      assert.ok(granted.history.some((h: any) => h.event === 'grant_on_silence' && h.actorRole === 'system'));
      const sellerView = await expectStatus(await w.member.get(`/api/v1/disputes/${opened.id}`), 200);
      assert.equal(sellerView.responsiveness[0].response, 'silence');
      assert.equal(sellerView.responsiveness[0].respondedOnTime, false);
      const o = await w.integration.get(`/api/v1/orders/${order.id}`);
      assert.equal(o.body.status, 'refunded');
      const closed = await w.server.arbiter.ctx.db.selectFrom('protection_dispute_openings').selectAll().where('case_id', '=', opened.id).executeTakeFirstOrThrow();
      assert.ok(closed.closed_at);
    });

    it('not received: an insured parcel the carrier reports confiscated by customs is compensated at once through the ledger; an uninsured one goes to support', async () => {
      const insured = await placeOrder({ deliver: false, insured: true });
      await expectStatus(await w.integration.post(`/api/v1/parcels/${insured.parcel.id}/events`, { eventCode: 'customs_confiscated', occurredAt: w.server.clock.now().toISOString(), location: 'Frankfurt' }), 200);
      const notice = await evidenceSet(insured.buyer, ['customs_notice']);
      const compensated = await expectStatus(
        await insured.buyer.post('/api/v1/disputes', { orderId: insured.order.id, issueType: 'not_received', detail: 'customs_confiscated', evidence: notice, remedy: { type: 'full_refund' } }),
        201,
      );
      assert.equal(compensated.dispute.matrix.key, 'not_received.insured_confiscation');
      assert.equal(compensated.dispute.matrix.tier, 3);
      assert.equal(compensated.status, 'resolved');
      assert.equal(compensated.dispute.outcome, 'compensated');
      assert.equal(compensated.dispute.compensation, 5500);
      assert.equal(compensated.refunds[0].reason, 'insured_confiscation_compensation');
      assert.equal(compensated.responsiveness.length, 0, 'the seller was not asked');

      const uninsured = await placeOrder({ deliver: false, insured: false });
      const referred = await expectStatus(
        await uninsured.buyer.post('/api/v1/disputes', { orderId: uninsured.order.id, issueType: 'not_received', detail: 'customs_confiscated', remedy: { type: 'full_refund' } }),
        201,
      );
      assert.equal(referred.status, 'escalated');
      assert.equal(referred.dispute.matrix.key, 'not_received.uninsured_confiscation');
      assert.equal(referred.dispute.matrix.tier, 1);
      assert.equal(referred.dispute.flags.disproportionate, false, 'not the buyer’s doing');
      const decided = await expectStatus(await w.agentA.post(`/api/v1/disputes/${referred.id}/decision`, { remedy: { type: 'no_action' }, reason: 'The parcel was not insured against confiscation.' }), 200);
      assert.equal(decided.status, 'decided');
      // nobody appeals: the decision takes effect when the window ends
      await setClock(new Date(new Date(decided.deadline.at).getTime() + 1), [uninsured.buyer]);
      await w.server.arbiter.scheduler.tick();
      const final = await expectStatus(await uninsured.buyer.get(`/api/v1/disputes/${referred.id}`), 200);
      assert.equal(final.status, 'closed');
      assert.equal(final.dispute.outcome, 'buyer_lost');
      await expectStatus(await uninsured.buyer.post(`/api/v1/disputes/${referred.id}/appeal`, { reason: 'Too late for an appeal now.' }), 409, 'illegal_transition');
    });
  });

  describe('window edges', () => {
    it('opens on the last moment of the dispute window after delivery, not a millisecond later', async () => {
      const a = await placeOrder();
      const b = await placeOrder();
      const deliveredAt = new Date((await w.integration.get(`/api/v1/orders/${a.order.id}`)).body.deliveredAt).getTime();
      const body = (o: Placed) => ({ orderId: o.order.id, issueType: 'damaged_item', detail: 'packaging_only', items: [{ itemId: o.order.items[0].id, quantity: 1 }], remedy: { type: 'partial_refund', amount: 100 } });
      await setClock(new Date(deliveredAt + 30 * DAY), [a.buyer, b.buyer]);
      const onTime = await expectStatus(await a.buyer.post('/api/v1/disputes', body(a)), 201);
      assert.equal(onTime.dispute.window.endsAt, new Date(deliveredAt + 30 * DAY).toISOString());
      await setClock(new Date(deliveredAt + 30 * DAY + 1), [a.buyer, b.buyer]);
      const late = await expectStatus(await b.buyer.post('/api/v1/disputes', body(b)), 409, 'dispute_window_closed');
      assert.equal(late.windowDays, 30);
    });

    it('opens a not-received claim while protection runs, to its last moment; a delivered order or one on its way is refused the wrong kind of claim', async () => {
      const a = await placeOrder({ deliver: false });
      const b = await placeOrder({ deliver: false });
      const p = (await expectStatus(await a.buyer.get(`/api/v1/orders/${a.order.id}/protection`), 200)).endsAt;
      const lost = (o: Placed) => ({ orderId: o.order.id, issueType: 'not_received', detail: 'lost_in_transit', remedy: { type: 'reshipment' } });
      await expectStatus(
        await a.buyer.post('/api/v1/disputes', { orderId: a.order.id, issueType: 'missing_item', detail: 'missing_units', items: [{ itemId: a.order.items[0].id, quantity: 1 }], remedy: { type: 'full_refund' } }),
        409,
        'not_delivered',
      );
      await setClock(p, [a.buyer, b.buyer]);
      await expectStatus(await a.buyer.post('/api/v1/disputes', lost(a)), 201);
      await setClock(new Date(new Date(p).getTime() + 1), [a.buyer, b.buyer]);
      await expectStatus(await b.buyer.post('/api/v1/disputes', lost(b)), 409, 'protection_ended');
      const c = await placeOrder();
      await expectStatus(await c.buyer.post('/api/v1/disputes', lost(c)), 409, 'order_delivered');
      const dnr = await expectStatus(await c.buyer.post('/api/v1/disputes', { orderId: c.order.id, issueType: 'not_received', detail: 'delivered_not_received', remedy: { type: 'full_refund' } }), 201);
      assert.equal(dnr.dispute.window.openedVia, 'delivery_window');
      // one open dispute per order and issue
      await expectStatus(await c.buyer.post('/api/v1/disputes', { orderId: c.order.id, issueType: 'not_received', detail: 'delivered_not_received', remedy: { type: 'full_refund' } }), 409, 'dispute_already_open');
      await expectStatus(await c.buyer.post('/api/v1/disputes', { orderId: c.order.id, issueType: 'damaged_item', detail: 'cosmetic', remedy: { type: 'full_refund' } }), 422, 'items_required');
      await expectStatus(await c.buyer.post('/api/v1/disputes', { orderId: c.order.id, issueType: 'damaged_item', detail: 'lost_in_transit', items: [{ itemId: c.order.items[0].id, quantity: 1 }], remedy: { type: 'full_refund' } }), 422, 'detail_not_for_issue');
      await expectStatus(await c.buyer.post('/api/v1/disputes', { orderId: c.order.id, issueType: 'damaged_item', detail: 'cosmetic', items: [{ itemId: c.order.items[0].id, quantity: 3 }], remedy: { type: 'full_refund' } }), 422, 'quantity_exceeds_order');
    });

    it('tells the buyer before the form what may be claimed now, by the same rules as opening; others get a 404 or a 403', async () => {
      const a = await placeOrder();
      const opts = (o: Placed) => o.buyer.get(`/api/v1/orders/${o.order.id}/dispute-options`);
      const detailOf = (body: any, type: string, detail: string) => body.issueTypes.find((t: any) => t.type === type).details.find((d: any) => d.detail === detail);
      const fresh = await expectStatus(await opts(a), 200);
      assert.equal(fresh.canOpen, true);
      assert.equal(fresh.windowDays, 30);
      assert.equal(fresh.items.length, a.order.items.length);
      assert.equal(detailOf(fresh, 'damaged_item', 'functional').allowed, true);
      assert.equal(detailOf(fresh, 'damaged_item', 'functional').openedVia, 'delivery_window');
      assert.equal(detailOf(fresh, 'damaged_item', 'functional').endsAt, fresh.windowEndsAt);
      assert.equal(detailOf(fresh, 'not_received', 'lost_in_transit').allowed, false);
      assert.equal(detailOf(fresh, 'not_received', 'lost_in_transit').reason, 'order_delivered');

      // a dispute of a type, once open, closes that type (and names the open case), not the others
      const opened = await expectStatus(
        await a.buyer.post('/api/v1/disputes', { orderId: a.order.id, issueType: 'damaged_item', detail: 'cosmetic', items: [{ itemId: a.order.items[0].id, quantity: 1 }], remedy: { type: 'partial_refund', amount: 100 } }),
        201,
      );
      const after = await expectStatus(await opts(a), 200);
      const damaged = after.issueTypes.find((t: any) => t.type === 'damaged_item');
      assert.equal(damaged.allowed, false);
      assert.equal(damaged.openCaseId, opened.id);
      assert.equal(detailOf(after, 'damaged_item', 'unusable').reason, 'dispute_already_open');
      assert.equal(after.issueTypes.find((t: any) => t.type === 'wrong_item').allowed, true);
      assert.deepEqual(after.disputes.map((d: any) => d.id), [opened.id]);

      // the window closes a millisecond after its last moment, everywhere at once
      await setClock(new Date(new Date(after.windowEndsAt).getTime() + 1), [a.buyer]);
      const late = await expectStatus(await opts(a), 200);
      assert.equal(late.canOpen, false);
      assert.equal(detailOf(late, 'wrong_item', 'wrong_size').reason, 'dispute_window_closed');

      // in transit: only a parcel that never came, while protection runs
      const b = await placeOrder({ deliver: false });
      const transit = await expectStatus(await opts(b), 200);
      assert.equal(transit.canOpen, true);
      assert.equal(detailOf(transit, 'not_received', 'lost_in_transit').openedVia, 'protection');
      assert.equal(detailOf(transit, 'not_received', 'lost_in_transit').endsAt, transit.protectionEndsAt);
      assert.equal(detailOf(transit, 'missing_item', 'missing_units').reason, 'not_delivered');

      // the seller sees the order but may not claim on it; a stranger does not see it
      await expectStatus(await w.member.get(`/api/v1/orders/${b.order.id}/dispute-options`), 403);
      await expectStatus(await w.otherMember.get(`/api/v1/orders/${b.order.id}/dispute-options`), 404);
      await expectStatus(await a.buyer.get(`/api/v1/orders/${b.order.id}/dispute-options`), 404);
    });
  });

  describe('the mediation queue', () => {
    it('lists disputes waiting for a decision, the longest due first: a mediation from its escalation, an appeal from when it was made', async () => {
      const open = async () => {
        const p = await placeOrder();
        const d = await expectStatus(
          await p.buyer.post('/api/v1/disputes', { orderId: p.order.id, issueType: 'damaged_item', detail: 'functional', items: [{ itemId: p.order.items[0].id, quantity: 1 }], remedy: { type: 'partial_refund', amount: 500 } }),
          201,
        );
        await expectStatus(await w.member.post(`/api/v1/disputes/${d.id}/response`, { action: 'contest', reasonCode: 'damage_after_delivery' }), 200);
        return { ...p, id: d.id as string };
      };
      const a = await open();
      const b = await open();
      const c = await open();
      const buyers = [a.buyer, b.buyer, c.buyer];
      const t0 = w.server.clock.now().getTime();
      const HOUR = 3_600_000;
      await expectStatus(await c.buyer.post(`/api/v1/disputes/${c.id}/mediation`, {}), 200);
      await setClock(new Date(t0 + HOUR), buyers);
      await expectStatus(await b.buyer.post(`/api/v1/disputes/${b.id}/mediation`, {}), 200);
      await setClock(new Date(t0 + 2 * HOUR), buyers);
      await expectStatus(await a.buyer.post(`/api/v1/disputes/${a.id}/mediation`, {}), 200);
      // b, escalated before a, is decided and then appealed after a's escalation: it queues again from the appeal
      await expectStatus(await w.agentA.post(`/api/v1/disputes/${b.id}/decision`, { remedy: { type: 'no_action' }, reason: 'The video starts after the box was opened.' }), 200);
      await setClock(new Date(t0 + 3 * HOUR), buyers);
      await expectStatus(await b.buyer.post(`/api/v1/disputes/${b.id}/appeal`, { reason: 'The video does start on the label, see 0:00.' }), 200);

      const q = await expectStatus(await w.agentB.get('/api/v1/disputes/mediation-queue?limit=200'), 200);
      const mine = q.items.filter((x: any) => [a.id, b.id, c.id].includes(x.id));
      assert.deepEqual(mine.map((x: any) => x.id), [c.id, a.id, b.id]);
      assert.deepEqual(mine.map((x: any) => x.queueReason), ['mediation', 'mediation', 'appeal']);
      assert.deepEqual(mine.map((x: any) => x.dueAt), [t0, t0 + 2 * HOUR, t0 + 3 * HOUR].map((t) => new Date(t).toISOString()));
      assert.equal(mine[2].mediatorId, w.agentA.userId);
      assert.equal(mine[2].appealed, true);
      // the whole queue keeps that order
      const due = q.items.map((x: any) => x.dueAt);
      assert.deepEqual(due, [...due].sort());
      // decided disputes leave it
      await expectStatus(await w.agentA.post(`/api/v1/disputes/${c.id}/decision`, { remedy: { type: 'partial_refund', amount: 300 }, reason: 'Broken buckle on the video; a repair.' }), 200);
      const after = await expectStatus(await w.agentB.get('/api/v1/disputes/mediation-queue?limit=200'), 200);
      assert.ok(!after.items.some((x: any) => x.id === c.id));
    });
  });

  describe('evidence', () => {
    it('flags the same file used in another buyer’s claim and in another claim of the same buyer, and reports the other-buyer reuse to compliance', async () => {
      const first = await placeOrder();
      const second = await placeOrder();
      const video = mp4File(80 * 1024, 4242);
      const open = async (p: Placed, uploadId: string) =>
        expectStatus(
          await p.buyer.post('/api/v1/disputes', {
            orderId: p.order.id,
            issueType: 'damaged_item',
            detail: 'unusable',
            items: [{ itemId: p.order.items[0].id, quantity: 1 }],
            evidence: [{ uploadId, kind: 'unboxing_video' }],
            remedy: { type: 'full_refund' },
          }),
          201,
        );
      const a = await open(first, await upload(first.buyer, video, 'my-unboxing.mp4'));
      assert.equal(a.dispute.flags.duplicateEvidence, false);
      const b = await open(second, await upload(second.buyer, video, 'unboxing.mp4'));
      assert.equal(b.dispute.flags.duplicateEvidence, true);
      assert.equal(b.dispute.evidence.buyer[0].duplicate.scope, 'other_buyer');
      assert.equal(b.dispute.evidence.buyer[0].duplicate.otherCaseIds, null, 'a party does not learn the other claim');
      const staffView = await expectStatus(await w.agentA.get(`/api/v1/disputes/${b.id}`), 200);
      assert.deepEqual(staffView.dispute.evidence.buyer[0].duplicate.otherCaseIds, [a.id]);
      const earlier = await expectStatus(await w.member.get(`/api/v1/disputes/${a.id}`), 200);
      assert.equal(earlier.dispute.flags.duplicateEvidence, true, 'both claims are flagged');

      const reports = await expectStatus(await w.officer.get(`/api/v1/disputes/compliance-reports?buyerId=${second.order.buyerId}`), 200);
      assert.equal(reports.items.length, 1);
      assert.equal(reports.items[0].rule, 'duplicate_evidence');
      assert.ok(reports.items[0].violationId);
      await expectStatus(await w.agentA.get('/api/v1/disputes/compliance-reports'), 403);
      const notes = await w.officer.get('/api/v1/notifications');
      assert.ok(notes.body.items.some((n: any) => n.eventType === 'dispute.abuse_reported'));
      const violation = await w.server.arbiter.ctx.db.selectFrom('violations').selectAll().where('id', '=', reports.items[0].violationId).executeTakeFirstOrThrow();
      assert.equal(violation.rule, 'duplicate_evidence');
      assert.equal(violation.buyer_id, second.order.buyerId);

      // the same buyer again, on another order: flagged as the buyer's own reuse
      const third = await placeOrder({ buyerExternalId: (await w.server.arbiter.ctx.db.selectFrom('buyer_identities').select('external_id').where('user_id', '=', first.order.buyerId).executeTakeFirstOrThrow()).external_id });
      const c = await open({ ...third, buyer: first.buyer }, await upload(first.buyer, video, 'again.mp4'));
      assert.equal(c.dispute.evidence.buyer[0].duplicate.scope, 'other_buyer', 'the file is also another buyer’s');
      const record = await expectStatus(await w.agentA.get(`/api/v1/buyers/${first.order.buyerId}/dispute-record`), 200);
      assert.equal(record.duplicateEvidence, 1, 'the claim that reused the file counts, not the one it was taken from');
      assert.equal(record.poor, true);
      assert.deepEqual(record.poorBecause, ['duplicate_evidence']);
    });

    it('a tier-3 claim without the video is marked as needing it until the buyer adds it; a file is used once and must be what its kind says', async () => {
      const { order, buyer } = await placeOrder();
      const photo = await upload(buyer, jpegFile(64, 48, 77), 'box.jpg');
      await expectStatus(
        await buyer.post('/api/v1/disputes', { orderId: order.id, issueType: 'damaged_item', detail: 'unusable', items: [{ itemId: order.items[0].id, quantity: 2 }], evidence: [{ uploadId: photo, kind: 'unboxing_video' }], remedy: { type: 'full_refund' } }),
        422,
        'evidence_kind_mismatch',
      );
      const opened = await expectStatus(
        await buyer.post('/api/v1/disputes', { orderId: order.id, issueType: 'damaged_item', detail: 'unusable', items: [{ itemId: order.items[0].id, quantity: 2 }], evidence: [{ uploadId: photo, kind: 'exterior_photo' }], remedy: { type: 'full_refund' } }),
        201,
      );
      assert.equal(opened.dispute.matrix.tier, 3);
      assert.equal(opened.dispute.matrix.needsVideo, true);
      assert.match(opened.dispute.claim.forSeller.en, /The unboxing video this tier requires is missing/);
      const other = await placeOrder();
      await expectStatus(await other.buyer.post(`/api/v1/disputes/${opened.id}/evidence`, { evidence: [{ uploadId: photo, kind: 'item_photo' }] }), 404);
      await expectStatus(await buyer.post(`/api/v1/disputes/${opened.id}/evidence`, { evidence: [{ uploadId: photo, kind: 'item_photo' }] }), 409, 'upload_already_used');
      const video = await upload(buyer, mp4File(30 * 1024, 91), 'unboxing.mov');
      const added = await expectStatus(await buyer.post(`/api/v1/disputes/${opened.id}/evidence`, { evidence: [{ uploadId: video, kind: 'unboxing_video' }], note: 'The video from the label on.' }), 200);
      assert.equal(added.dispute.flags.needsVideo, false);
      assert.equal(added.dispute.evidence.buyer.length, 2);
      assert.equal(added.dispute.evidence.buyer[1].fileName, 'unboxing.mp4', 'named by the sniffed type');
      const sellerNotes = await w.member.get('/api/v1/notifications');
      assert.ok(sellerNotes.body.items.some((n: any) => n.eventType === 'dispute.evidence_added'));
    });
  });

  describe('the resolution matrix', () => {
    it('gives each issue and detail its tier from the policy in force, and follows a policy change', async () => {
      const guide = await expectStatus(await w.member.get('/api/v1/disputes/guide'), 200);
      const tierOf = (type: string, detail: string) => guide.issueTypes.find((t: any) => t.type === type).details.find((d: any) => d.detail === detail);
      assert.equal(tierOf('damaged_item', 'packaging_only').tier, 1);
      assert.equal(tierOf('damaged_item', 'cosmetic').tier, 1);
      assert.equal(tierOf('damaged_item', 'functional').tier, 2);
      assert.equal(tierOf('missing_item', 'missing_accessory').tier, 2);
      assert.equal(tierOf('wrong_item', 'wrong_size').tier, 2);
      assert.equal(tierOf('damaged_item', 'unusable').tier, 3);
      assert.equal(tierOf('missing_item', 'empty_parcel').tier, 3);
      assert.equal(tierOf('wrong_item', 'different_item').tier, 3);
      assert.equal(tierOf('not_received', 'customs_confiscated').tier, 3);
      assert.equal(tierOf('not_received', 'customs_confiscated').uninsuredTier, 1);
      assert.equal(tierOf('damaged_item', 'unusable').videoRequired, true);
      assert.equal(tierOf('not_received', 'lost_in_transit').videoRequired, false);
      assert.deepEqual(tierOf('missing_item', 'missing_units').fullEvidence, ['unboxing_video', 'exterior_photo', 'scale_photo']);
      assert.equal(tierOf('damaged_item', 'cosmetic').tierText['zh-CN'], '第 1 级（外观）：不处理或少量部分退款');

      const cosmetic = async () => {
        const { order, buyer } = await placeOrder();
        return expectStatus(
          await buyer.post('/api/v1/disputes', { orderId: order.id, issueType: 'damaged_item', detail: 'cosmetic', items: [{ itemId: order.items[0].id, quantity: 1 }], remedy: { type: 'partial_refund', amount: 200 } }),
          201,
        );
      };
      const before = await cosmetic();
      assert.equal(before.dispute.matrix.tier, 1);
      assert.equal(before.dispute.matrix.maxPartialRefund, 300);
      assert.equal(before.dispute.matrix.disproportionate, false);

      // an admin's new policy: cosmetic damage is tier 2
      const db = w.server.arbiter.ctx.db;
      const activate = async (doc: unknown, note: string) => {
        const latest = await db.selectFrom('policy_versions').select((eb) => eb.fn.max('version').as('v')).executeTakeFirstOrThrow();
        const now = w.server.clock.now();
        await db.updateTable('policy_versions').set({ status: 'retired', retired_at: now }).where('status', '=', 'active').execute();
        await db
          .insertInto('policy_versions')
          .values({ version: Number(latest.v) + 1, status: 'active', document: JSON.stringify(doc), note, created_by: null, created_at: now, activated_by: null, activated_at: now, retired_at: null })
          .execute();
        forgetCachedPolicy();
      };
      const changed = structuredClone(DEFAULT_POLICY);
      changed.cases.resolutionMatrix.rules['damaged_item.cosmetic'] = 2;
      await activate(changed, 'cosmetic damage is tier 2');
      try {
        const after = await cosmetic();
        assert.equal(after.dispute.matrix.tier, 2);
        assert.equal(after.dispute.matrix.source, 'rule');
        assert.equal(after.dispute.matrix.maxPartialRefund, 900);
        const g = await expectStatus(await w.member.get('/api/v1/disputes/guide'), 200);
        assert.equal(g.issueTypes.find((t: any) => t.type === 'damaged_item').details.find((d: any) => d.detail === 'cosmetic').tier, 2);
      } finally {
        await activate(DEFAULT_POLICY, 'defaults again');
      }
    });

    it('asks a buyer with a poor record for the full evidence set, and reports repeated disproportionate demands to compliance', async () => {
      const buyerExternalId = `poor-${Math.random().toString(36).slice(2)}`;
      const demand = async (p: Placed, evidence?: any[]) =>
        p.buyer.post('/api/v1/disputes', { orderId: p.order.id, issueType: 'damaged_item', detail: 'packaging_only', items: [{ itemId: p.order.items[0].id, quantity: 1 }], evidence, remedy: { type: 'full_refund' } });
      const one = await placeOrder({ buyerExternalId });
      const two = await placeOrder({ buyerExternalId });
      await expectStatus(await demand(one), 201);
      await expectStatus(await demand({ ...two, buyer: one.buyer }), 201);
      const record = await expectStatus(await one.buyer.get(`/api/v1/buyers/${one.order.buyerId}/dispute-record`), 200);
      assert.equal(record.disproportionateDemands, 2);
      assert.equal(record.poor, true);
      const three = await placeOrder({ buyerExternalId });
      const refused = await expectStatus(await demand({ ...three, buyer: one.buyer }), 422, 'full_evidence_required');
      assert.deepEqual(refused.missing, ['unboxing_video', 'exterior_photo', 'item_photo']);
      const full = await evidenceSet(one.buyer, ['unboxing_video', 'exterior_photo', 'item_photo']);
      const third = await expectStatus(await demand({ ...three, buyer: one.buyer }, full), 201);
      assert.equal(third.dispute.flags.poorRecordAtOpening, true);
      const reports = await expectStatus(await w.officer.get(`/api/v1/disputes/compliance-reports?buyerId=${one.order.buyerId}`), 200);
      assert.equal(reports.items.length, 1);
      assert.equal(reports.items[0].rule, 'disproportionate_demand');
      assert.match(reports.items[0].summary, /3 such demands/);
    });
  });

  describe('clarity check', () => {
    it("finds what translation software mangles in the seed's poor example, and builds the concise version from the claim's fields", async () => {
      const { order, buyer } = await placeOrder();
      const poor = "I can't believe this happened, I waited three weeks and the jacket is torn! This is unacceptable service, I am so angry!";
      const res = await expectStatus(
        await buyer.post('/api/v1/disputes/clarity-check', {
          note: poor,
          orderId: order.id,
          issueType: 'damaged_item',
          detail: 'functional',
          items: [{ itemId: order.items[1].id, quantity: 1 }],
          remedy: { type: 'replacement' },
          evidenceKinds: ['unboxing_video'],
        }),
        200,
      );
      assert.equal(res.ok, false);
      const codes = res.findings.map((f: any) => f.code);
      assert.ok(codes.includes('exclamation'));
      assert.ok(codes.includes('emotional'));
      assert.ok(res.findings.filter((f: any) => f.code === 'emotional').map((f: any) => f.excerpt.toLowerCase()).includes("can't believe"));
      assert.equal(res.findings.find((f: any) => f.code === 'exclamation').severity, 'problem');
      assert.equal(
        res.concise.en,
        `Order ${order.externalId}: damaged item. “Hoodie” (1 of 1): functional damage (broken hardware, deep scratch). Please see the attached evidence: continuous unboxing video starting on the shipping label. I request: the seller sends a replacement of the affected items.`,
      );
      assert.match(res.concise['zh-CN'], /^订单 .*：商品破损。“Hoodie”（1 件中的 1 件）：功能性损坏/);

      const rude = await expectStatus(await buyer.post('/api/v1/disputes/clarity-check', { note: 'u r a SCAMMER and a f*cking liar, gonna report THIS SHOP' }), 200);
      const rc = rude.findings.map((f: any) => f.code);
      for (const code of ['insult', 'slang', 'all_caps']) assert.ok(rc.includes(code), code);
      assert.equal(rude.concise, null);
      const long = await expectStatus(
        await buyer.post('/api/v1/disputes/clarity-check', { note: 'The parcel arrived yesterday afternoon and when I opened it I found that the left sleeve of the jacket was torn along the seam and the zipper was also broken so it cannot be used.' }),
        200,
      );
      assert.equal(long.findings[0].code, 'long_sentence');
      const good = await expectStatus(await buyer.post('/api/v1/disputes/clarity-check', { note: 'The sleeve is torn. See the video at 0:45. I request a replacement.' }), 200);
      assert.equal(good.ok, true);
      assert.deepEqual(good.findings, []);
      // the findings are kept with the claim for the buyer and staff, not shown to the seller
      const opened = await expectStatus(
        await buyer.post('/api/v1/disputes', { orderId: order.id, issueType: 'damaged_item', detail: 'functional', items: [{ itemId: order.items[1].id, quantity: 1 }], remedy: { type: 'replacement' }, note: poor }),
        201,
      );
      assert.ok(opened.dispute.claim.clarity.length > 0);
      const sellerView = await expectStatus(await w.member.get(`/api/v1/disputes/${opened.id}`), 200);
      assert.deepEqual(sellerView.dispute.claim.clarity, []);
      assert.equal(sellerView.dispute.claim.note, poor);
    });
  });

  describe('authorisation', () => {
    it('shows a dispute to its buyer, the seller’s members and staff only; everyone else gets a 404', async () => {
      const { order, buyer } = await placeOrder();
      const stranger = (await placeOrder()).buyer;
      const opened = await expectStatus(
        await buyer.post('/api/v1/disputes', { orderId: order.id, issueType: 'damaged_item', detail: 'functional', items: [{ itemId: order.items[0].id, quantity: 1 }], remedy: { type: 'partial_refund', amount: 500 } }),
        201,
      );
      for (const c of [stranger, w.otherMember]) {
        await expectStatus(await c.get(`/api/v1/disputes/${opened.id}`), 404, 'not_found');
        await expectStatus(await c.get(`/api/v1/cases/${opened.id}`), 404, 'not_found');
        await expectStatus(await c.post(`/api/v1/disputes/${opened.id}/response`, { action: 'accept' }), 404);
        await expectStatus(await c.post(`/api/v1/disputes/${opened.id}/withdraw`, {}), 404);
        const list = await expectStatus(await c.get('/api/v1/disputes'), 200);
        assert.ok(!list.items.some((d: any) => d.id === opened.id));
      }
      await expectStatus(await w.server.anonymous().get(`/api/v1/disputes/${opened.id}`), 401);
      await expectStatus(await stranger.post('/api/v1/disputes', { orderId: order.id, issueType: 'damaged_item', detail: 'functional', items: [{ itemId: order.items[0].id, quantity: 1 }], remedy: { type: 'full_refund' } }), 404);
      await expectStatus(await w.member.post('/api/v1/disputes', { orderId: order.id, issueType: 'wrong_item', detail: 'wrong_size', items: [{ itemId: order.items[0].id, quantity: 1 }], remedy: { type: 'full_refund' } }), 403);
      // the parties act only on their side
      await expectStatus(await buyer.post(`/api/v1/disputes/${opened.id}/response`, { action: 'accept' }), 403, 'transition_forbidden');
      await expectStatus(await w.member.post(`/api/v1/disputes/${opened.id}/withdraw`, {}), 403, 'transition_forbidden');
      await expectStatus(await w.agentA.post(`/api/v1/disputes/${opened.id}/decision`, { remedy: { type: 'no_action' }, reason: 'Nothing to decide yet here.' }), 409, 'illegal_transition');
      await expectStatus(await buyer.get('/api/v1/disputes/mediation-queue'), 403);
      for (const c of [buyer, w.member, w.agentA, w.officer, w.integration]) await expectStatus(await c.get(`/api/v1/disputes/${opened.id}`), 200);
      const mine = await expectStatus(await buyer.get('/api/v1/disputes'), 200);
      assert.deepEqual(mine.items.map((d: any) => d.id), [opened.id]);
      const shop = await expectStatus(await w.member.get(`/api/v1/disputes?orderId=${order.id}`), 200);
      assert.equal(shop.items.length, 1);
      assert.equal((await expectStatus(await buyer.get(`/api/v1/disputes/${opened.id}`), 200)).dispute.buyerRecord, null);
      // a QC-failure case is not a dispute
      const withdrawn = await expectStatus(await buyer.post(`/api/v1/disputes/${opened.id}/withdraw`, { reason: 'Fixed it myself.' }), 200);
      assert.equal(withdrawn.dispute.outcome, 'withdrawn');
      assert.equal(withdrawn.status, 'closed');
    });
  });
});
