import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiKeyClient, createSeller, ingestOrder, orderPayload, signInBuyerFor, signInSellerMember } from '../helpers/fixtures.js';
import type { HttpClient } from '../helpers/http.js';
import { markDocument, shot, signIn, startHarness, waitForStatus, wasNotReloaded, type Harness } from './browser.js';
import { idCardPng } from './files.js';

/**
 * A QC failure in the console, in Debian's Chromium against a real server and database: the inspector fails two
 * items with photos and a video; the buyer sees the report and asks for a partial refund on the first; the seller,
 * reading Chinese, counters with another amount; the buyer accepts on a page that follows the case live, and the
 * refund appears and settles. On the second item the seller refuses, the buyer escalates and support decides with
 * a written reason, which issues a return label.
 *
 * Set ARBITER_SCREENSHOTS=<dir> to keep a screenshot of each key page.
 */

/** A minimal MP4 (an ftyp box and media data): the server sniffs it as video/mp4 and serves it with ranges. */
function mp4File(bytes = 256 * 1024): Buffer {
  const ftyp = Buffer.alloc(32);
  ftyp.writeUInt32BE(32, 0);
  ftyp.write('ftypisom', 4, 'ascii');
  ftyp.writeUInt32BE(0x200, 12);
  ftyp.write('isomiso2avc1mp41', 16, 'ascii');
  const mdat = Buffer.alloc(bytes);
  mdat.writeUInt32BE(bytes, 0);
  mdat.write('mdat', 4, 'ascii');
  return Buffer.concat([ftyp, mdat]);
}

let h: Harness;
let integration: HttpClient;
let sellerEmail: string;
let buyerEmail: string;
let inspectorEmail: string;
let order: { id: string; externalId: string; items: { id: string; name: string }[] };
let buyerPage: Page;
let sneakersCase: string;
let hoodieCase: string;

before(async () => {
  h = await startHarness();
  integration = await apiKeyClient(h.server, ['integration']);
  const seller = await createSeller(h.server, { shopName: '远航鞋服' });
  const member = await signInSellerMember(h.server, seller.id, 'owner');
  sellerEmail = member.email;
  const now = h.server.clock.now().getTime();
  const buyer = { externalId: `buyer-${now}`, email: `maria-${now}@example.test`, name: 'Maria Buyer' };
  order = await ingestOrder(integration, orderPayload(seller.id, { buyer, paidAt: new Date(now - 3_600_000).toISOString() }));
  await signInBuyerFor(h.server, order as unknown as { buyerId: string });
  buyerEmail = buyer.email;

  // Dispatched by the seller and received at the warehouse, through the API.
  const dispatched = await member.post(`/api/v1/orders/${order.id}/dispatch`, { carrier: 'sf', trackingNumber: 'SF123456789013' });
  assert.equal(dispatched.status, 200, JSON.stringify(dispatched.body));
  const inspector = await h.server.signIn(['qc_inspector'], { name: 'Wang Fang' });
  inspectorEmail = inspector.email;
  const receipt = await inspector.post('/api/v1/warehouse/receipts', { trackingNumber: 'SF123456789013', weightGrams: 1400 });
  assert.equal(receipt.status, 201, JSON.stringify(receipt.body));
});

after(async () => {
  await h?.close();
});

test('the inspector fails both items with photos and a video', async () => {
  const { page } = await h.newPage();
  await signIn(h.server, page, inspectorEmail);
  await page.getByTestId('nav-qc').click();
  await page.getByTestId(`qc-inspect-${order.id}`).click();
  await page.getByTestId('inspect-page').waitFor();

  const sneakers = page.getByTestId('inspect-1');
  await page.getByTestId('inspect-1-fail').check();
  await page.getByTestId('inspect-1-issue-size_discrepancy').check();
  await page.getByTestId('inspect-1-issue-size_discrepancy-text').fill('Labelled 42, the insole measures a 40');
  await page.getByTestId('inspect-1-severity-major').click();
  await page.getByTestId('inspect-1-add-measurement').click();
  const m = sneakers.locator('.measure-row input');
  await m.nth(0).fill('Insole length');
  await m.nth(1).fill('265');
  await m.nth(2).fill('252');
  await m.nth(3).fill('mm');
  await page.getByTestId('inspect-1-media').setInputFiles([
    { name: 'sole.png', mimeType: 'image/png', buffer: idCardPng(640, 420, 5) },
    { name: 'label.png', mimeType: 'image/png', buffer: idCardPng(640, 420, 9) },
    { name: 'walkaround.mp4', mimeType: 'video/mp4', buffer: mp4File() },
  ]);
  await page.getByTestId('inspect-1-notes').fill('Both shoes are the same size; box label says 42.');
  await shot(page, 'qc-01-inspector-fail-en');
  await page.getByTestId('inspect-1-submit').click();
  await page.getByTestId('inspect-1').waitFor({ state: 'detached' });

  await page.getByTestId('inspect-2-fail').check();
  await page.getByTestId('inspect-2-issue-damage').check();
  await page.getByTestId('inspect-2-severity-minor').click();
  await page.getByTestId('inspect-2-media').setInputFiles([{ name: 'seam.png', mimeType: 'image/png', buffer: idCardPng(640, 420, 13) }]);
  await page.getByTestId('inspect-2-submit').click();
  await page.getByTestId('inspect-2').waitFor({ state: 'detached' });
  const links = page.locator('[data-testid^="inspect-case-"]');
  await links.nth(1).waitFor();
  await shot(page, 'qc-02-inspector-reports-en');
  await page.context().close();

  const cases = await integration.get(`/api/v1/cases?orderId=${order.id}`);
  assert.equal(cases.status, 200);
  assert.equal(cases.body.items.length, 2);
  sneakersCase = cases.body.items.find((c: { itemName: string }) => c.itemName === 'Canvas sneakers').id;
  hoodieCase = cases.body.items.find((c: { itemName: string }) => c.itemName === 'Hoodie').id;
});

test('the buyer asks for a partial refund, the seller counters in Chinese, the buyer accepts and the refund appears', async () => {
  const { page } = await h.newPage();
  buyerPage = page;
  await signIn(h.server, page, buyerEmail);
  await page.getByTestId('nav-my-cases').click();
  await page.getByTestId(`case-row-${sneakersCase}`).waitFor();
  await shot(page, 'qc-03-buyer-cases-en');
  await page.getByTestId(`case-open-${sneakersCase}`).click();
  await waitForStatus(page, 'case-status', 'awaiting_buyer');

  // The report with its photos and the video, played from the server with range requests.
  await page.locator('[data-testid="qc-media"] [data-testid="media-photo"]').nth(1).waitFor();
  const video = page.locator('[data-testid="qc-media"] video');
  await video.waitFor();
  const src = await video.getAttribute('src');
  assert.ok(src);
  const ranged = await page.evaluate(async (url) => {
    const res = await fetch(url, { headers: { range: 'bytes=0-1023' } });
    return { status: res.status, range: res.headers.get('content-range'), length: (await res.arrayBuffer()).byteLength };
  }, src);
  assert.equal(ranged.status, 206);
  assert.equal(ranged.length, 1024);
  assert.match(ranged.range ?? '', /^bytes 0-1023\//);
  // What silence does is on the page.
  assert.ok(((await page.getByTestId('case-silence').textContent()) ?? '').length > 10);

  // A partial refund of more than the item's price is refused beside the field; 10.00 goes through.
  await page.getByTestId('remedy-partial_refund').check();
  await page.getByTestId('remedy-amount').fill('45');
  await page.getByTestId('remedy-submit').click();
  await page.getByText('At most US$30.00.').waitFor();
  await page.getByTestId('remedy-amount').fill('10.00');
  await page.getByTestId('remedy-note').fill('The shoes are wearable, but two sizes small.');
  await shot(page, 'qc-04-buyer-choose-remedy-en');
  await page.getByTestId('remedy-submit').click();
  await waitForStatus(page, 'case-status', 'awaiting_seller');
  await shot(page, 'qc-05-buyer-waiting-en');
  await markDocument(page);

  // ---- the seller, in Chinese ----
  const s = await h.newPage('zh-CN');
  await signIn(h.server, s.page, sellerEmail);
  await s.page.getByTestId('nav-seller-cases').click();
  await s.page.getByRole('heading', { name: '质检纠纷' }).waitFor();
  await s.page.getByTestId(`case-row-${sneakersCase}`).waitFor();
  assert.match((await s.page.getByTestId(`case-deadline-${sneakersCase}`).textContent()) ?? '', /剩余 \d+ 个工作日/);
  await shot(s.page, 'qc-06-seller-cases-zh');
  await s.page.getByTestId(`case-open-${sneakersCase}`).click();
  await waitForStatus(s.page, 'case-status', 'awaiting_seller');
  // The buyer's request, rendered in Chinese from its fields.
  const request = (await s.page.getByTestId('buyer-request').textContent()) ?? '';
  assert.match(request, /部分退款：买家保留商品，退款 10\.00 美元/);
  await s.page.getByTestId('respond-counter').click();
  await s.page.getByTestId('counter-partial_refund').check();
  await s.page.getByTestId('counter-amount').fill('6');
  await s.page.getByTestId('respond-note').fill('鞋码标注有误，愿意退 6 美元。');
  await shot(s.page, 'qc-07-seller-counter-zh');
  await s.page.getByTestId('respond-submit').click();
  await waitForStatus(s.page, 'case-status', 'counter_offered');
  await s.page.locator('[data-testid="proposal-text-counter"]').waitFor();
  assert.match((await s.page.getByTestId('proposal-text-counter').textContent()) ?? '', /卖家提出替代方案：部分退款：买家保留商品，退款 6\.00 美元/);
  await shot(s.page, 'qc-08-seller-countered-zh');

  // ---- the buyer's page shows the counter-offer without a reload, in English ----
  await waitForStatus(page, 'case-status', 'counter_offered');
  const offer = (await page.getByTestId('open-proposal').textContent()) ?? '';
  assert.match(offer, /The seller proposes instead: Keep the item with a partial refund of 6\.00 USD/);
  assert.ok(await wasNotReloaded(page));
  await shot(page, 'qc-09-buyer-counter-offer-en');
  await page.getByTestId('accept-counter').click();
  await waitForStatus(page, 'case-status', 'resolved');
  await page.getByTestId('case-refund-list').waitFor();
  assert.equal((await page.getByTestId('case-refund-amount').textContent())?.trim(), 'US$6.00');
  await waitForStatus(page, 'case-refund-status', 'pending');

  // The payment system settles it; the buyer's page follows.
  const ledger = await integration.get(`/api/v1/orders/${order.id}/refunds`);
  const refundId = ledger.body.refunds.find((r: { caseId: string }) => r.caseId === sneakersCase).id;
  assert.equal(ledger.body.refunds.find((r: { caseId: string }) => r.caseId === sneakersCase).amount, 600);
  const settled = await integration.post(`/api/v1/refunds/${refundId}/confirm`, { status: 'settled', providerReference: 'psp_123' });
  assert.equal(settled.status, 200, JSON.stringify(settled.body));
  await waitForStatus(page, 'case-refund-status', 'settled');
  assert.ok(await wasNotReloaded(page));
  await shot(page, 'qc-10-buyer-refund-settled-en');

  // The seller's view of the same case in English, for the record.
  await s.page.getByTestId('lang-en').click();
  await waitForStatus(s.page, 'case-status', 'resolved');
  await s.page.getByTestId('case-refund-list').waitFor();
  await shot(s.page, 'qc-11-seller-resolved-en');
  await s.context.close();
});

test('the seller refuses a return, the buyer escalates and support decides with a reason and a return label', async () => {
  const page = buyerPage;
  await page.goto(`${h.server.url}/cases/${hoodieCase}`);
  await waitForStatus(page, 'case-status', 'awaiting_buyer');
  await page.getByTestId('remedy-return_for_refund').check();
  await page.getByTestId('remedy-submit').click();
  await waitForStatus(page, 'case-status', 'awaiting_seller');

  const s = await h.newPage('zh-CN');
  await signIn(h.server, s.page, sellerEmail);
  // Returns go to the shop's return address, which the seller sets once.
  await s.page.getByTestId('nav-seller-cases').click();
  await s.page.getByTestId('return-address-edit').click();
  await s.page.getByTestId('return-address-name').fill('李伟');
  await s.page.getByTestId('return-address-phone').fill('+86 138 0013 8000');
  await s.page.getByTestId('return-address-province').fill('广东省');
  await s.page.getByTestId('return-address-city').fill('深圳市');
  await s.page.getByTestId('return-address-addressLine').fill('南山区科苑路 88 号 3 栋 501');
  await s.page.getByTestId('return-address-dialog-submit').click();
  await s.page.getByTestId('return-address').getByText('李伟').waitFor();
  await s.page.goto(`${h.server.url}/cases/${hoodieCase}`);
  await waitForStatus(s.page, 'case-status', 'awaiting_seller');
  await s.page.getByTestId('respond-refuse').click();
  await s.page.getByTestId('refusal-code').selectOption('within_tolerance');
  await s.page.getByTestId('respond-note').fill('线头属于正常工艺，不影响穿着。');
  await s.page.getByTestId('respond-submit').click();
  await waitForStatus(s.page, 'case-status', 'seller_refused');
  await s.context.close();

  await waitForStatus(page, 'case-status', 'seller_refused');
  await page.getByTestId('escalate').click();
  await page.getByTestId('escalate-dialog-reason').fill('The seam is open along 3 cm; the photo shows it.');
  await page.getByTestId('escalate-dialog-submit').click();
  await waitForStatus(page, 'case-status', 'escalated');

  // The message thread with an attachment.
  await page.getByTestId('message-body').fill('Another photo of the seam, taken by the warehouse for me.');
  await page.getByTestId('message-files').setInputFiles([{ name: 'seam-close.png', mimeType: 'image/png', buffer: idCardPng(480, 320, 21) }]);
  await page.getByTestId('message-send').click();
  await page.locator('[data-testid="thread-message"] img').waitFor();

  const support = await h.server.signIn(['support_agent'], { name: 'Sam Support' });
  const sp = await h.newPage();
  await signIn(h.server, sp.page, support.email);
  await sp.page.waitForURL(/\/support\/queue/);
  const row = sp.page.getByTestId(`case-row-${hoodieCase}`);
  await row.waitFor();
  await shot(sp.page, 'qc-12-support-queue-en');
  await sp.page.getByTestId('lang-zh-CN').click();
  await sp.page.getByRole('heading', { name: '纠纷处理队列' }).waitFor();
  await shot(sp.page, 'qc-12-support-queue-zh');
  await sp.page.getByTestId('lang-en').click();
  await sp.page.getByRole('heading', { name: 'Case queue' }).waitFor();
  await sp.page.getByTestId(`case-open-${hoodieCase}`).click();
  await waitForStatus(sp.page, 'case-status', 'escalated');
  await sp.page.getByTestId('case-history').waitFor();
  await sp.page.getByTestId('decide-return_for_refund').check();
  await sp.page.getByTestId('decide-reason').fill('short');
  await sp.page.getByTestId('decide-submit').click();
  await sp.page.getByText('Write at least 10 characters.').waitFor();
  await sp.page.getByTestId('decide-reason').fill('The photos show an open seam of 3 cm: a defect, not a tolerance. Return for a full refund.');
  await shot(sp.page, 'qc-13-support-decide-en');
  await sp.page.getByTestId('decide-submit').click();
  await waitForStatus(sp.page, 'case-status', 'return_approved');
  await sp.page.getByTestId('case-decision').waitFor();
  assert.match((await sp.page.getByTestId('case-shipping').textContent()) ?? '', /李伟/);

  // The return label is a PDF to download.
  const href = await sp.page.getByTestId('return-label').getAttribute('href');
  assert.ok(href);
  const pdf = await sp.page.evaluate(async (url) => {
    const res = await fetch(url);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type'), head: String.fromCharCode(...bytes.slice(0, 5)) };
  }, href);
  assert.equal(pdf.status, 200);
  assert.match(pdf.type ?? '', /application\/pdf/);
  assert.equal(pdf.head, '%PDF-');
  await shot(sp.page, 'qc-14-support-decided-en');
  await sp.context.close();

  await waitForStatus(page, 'case-status', 'return_approved');
  await page.getByTestId('return-label').waitFor();
  await shot(page, 'qc-15-buyer-decided-en');
  // The same page and the buyer's list in Chinese.
  await page.getByTestId('lang-zh-CN').click();
  await page.getByRole('heading', { name: /质检纠纷 · Hoodie/ }).waitFor();
  await shot(page, 'qc-16-buyer-decided-zh');
  await page.getByTestId('nav-my-cases').click();
  await page.getByTestId(`case-row-${sneakersCase}`).waitFor();
  await shot(page, 'qc-17-buyer-cases-zh');
  await page.getByTestId('lang-en').click();
  await page.context().close();
});
