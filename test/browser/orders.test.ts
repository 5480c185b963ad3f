import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiKeyClient, createSeller, ingestOrder, orderPayload, signInBuyerFor, signInSellerMember } from '../helpers/fixtures.js';
import type { HttpClient } from '../helpers/http.js';
import { markDocument, shot, signIn, startHarness, waitForStatus, wasNotReloaded, type Harness } from './browser.js';
import { idCardPng } from './files.js';

/**
 * Orders in the console, in Debian's Chromium against a real server and database: a seller (in Chinese) dispatches
 * with a tracking number that is checked as it is typed; the buyer follows the order live while the carrier scans it;
 * the warehouse receives it with its weight and a photo, passes QC, builds and ships an international parcel; staff
 * see the signals and support extends the protection. Data is set up through the HTTP API, as the platform would.
 *
 * Set ARBITER_SCREENSHOTS=<dir> to keep a screenshot of each key page.
 */

let h: Harness;
let integration: HttpClient;
let sellerEmail: string;
let sellerClient: HttpClient;
let buyerEmail: string;
let buyerRef: { externalId: string; email: string; name: string };
let sellerId: string;
let order: { id: string; externalId: string };
let overdue: { id: string };
let mismatched: { id: string };
let buyerPage: Page;
const SELLER_TRACKING = 'SF123456789012';
const PARCEL_TRACKING = 'EA123456785CN';

before(async () => {
  h = await startHarness();
  integration = await apiKeyClient(h.server, ['integration']);
  const seller = await createSeller(h.server, { shopName: '远航数码' });
  const member = await signInSellerMember(h.server, seller.id, 'owner');
  sellerEmail = member.email;
  sellerClient = member;
  const now = h.server.clock.now().getTime();
  const buyer = { externalId: `buyer-${now}`, email: `alex-${now}@example.test`, name: 'Alex Buyer' };
  buyerRef = buyer;
  sellerId = seller.id;
  const hour = 3_600_000;
  order = await ingestOrder(integration, orderPayload(seller.id, { buyer, paidAt: new Date(now - hour).toISOString() }));
  overdue = await ingestOrder(integration, orderPayload(seller.id, { buyer, paidAt: new Date(now - 20 * 24 * hour).toISOString() }));
  mismatched = await ingestOrder(integration, orderPayload(seller.id, { buyer, paidAt: new Date(now - 2 * hour).toISOString() }));
  await signInBuyerFor(h.server, order as unknown as { buyerId: string });
  buyerEmail = buyer.email;
});

after(async () => {
  await h?.close();
});

test('a seller dispatches an order: an invalid tracking number is explained as it is typed, a valid one goes through', async () => {
  const { page } = await h.newPage('zh-CN');
  await signIn(h.server, page, sellerEmail);
  // An active shop lands on its orders, in Chinese.
  await page.waitForURL(/\/seller\/orders/);
  await page.getByRole('heading', { name: '订单', exact: true }).waitFor();
  const row = page.getByTestId(`order-row-${order.id}`);
  await row.waitFor();
  // Soonest deadline first: the overdue order leads and is highlighted.
  const rows = page.locator('[data-testid="dispatch-table"] tbody tr');
  assert.equal(await rows.first().getAttribute('data-testid'), `order-row-${overdue.id}`);
  assert.equal(await page.getByTestId(`deadline-${overdue.id}`).getAttribute('data-overdue'), 'true');
  assert.match((await page.getByTestId(`deadline-${overdue.id}`).textContent()) ?? '', /已超时/);
  assert.match((await page.getByTestId(`deadline-${order.id}`).textContent()) ?? '', /剩余 \d+ 个工作日/);
  await shot(page, 'orders-01-seller-to-dispatch-zh');

  await page.getByTestId(`dispatch-${order.id}`).click();
  await page.getByTestId('dispatch-dialog').waitFor();
  // The buyer's chosen carrier is preselected.
  assert.equal(await page.getByTestId('dispatch-carrier').inputValue(), 'sf');

  // A YTO-shaped number for SF: the reason, in Chinese, with the carrier it does fit.
  await page.getByTestId('dispatch-number').fill('YT1234567890123');
  await page.locator('[data-testid="dispatch-check"][data-state="invalid"]').waitFor();
  const reason = (await page.getByTestId('dispatch-check').textContent()) ?? '';
  assert.match(reason, /顺丰单号为 SF 加 12 或 13 位数字/);
  assert.match(reason, /圆通速递/);
  await page.getByTestId('dispatch-use-yto').waitFor();
  await shot(page, 'orders-02-seller-dispatch-invalid-zh');
  // Sending it anyway changes nothing: the dialog stays with the reason.
  await page.getByTestId('dispatch-dialog-submit').click();
  await page.locator('[data-testid="dispatch-check"][data-state="invalid"]').waitFor();
  assert.equal(await page.getByTestId('dispatch-dialog').isVisible(), true);

  // A wrong SF number: too short.
  await page.getByTestId('dispatch-number').fill('SF12345');
  await page.locator('[data-testid="dispatch-check"][data-state="invalid"]').waitFor();
  assert.match((await page.getByTestId('dispatch-check').textContent()) ?? '', /顺丰单号为 SF 加 12 或 13 位数字/);

  await page.getByTestId('dispatch-number').fill(SELLER_TRACKING);
  await page.locator('[data-testid="dispatch-check"][data-state="valid"]').waitFor();
  assert.match((await page.getByTestId('dispatch-check').textContent()) ?? '', /运单号有效/);
  await shot(page, 'orders-03-seller-dispatch-valid-zh');
  await page.getByTestId('dispatch-dialog-submit').click();
  await page.getByTestId('dispatch-dialog').waitFor({ state: 'detached' });
  await row.waitFor({ state: 'detached' });

  const stored = await sellerClient.get(`/api/v1/orders/${order.id}`);
  assert.equal(stored.body.status, 'dispatched');
  assert.equal(stored.body.shipments[0].trackingNumber, SELLER_TRACKING);
  assert.equal(stored.body.shipments[0].carrier, 'sf');

  // The order page in the seller's language.
  await page.goto(`${h.server.url}/orders/${order.id}`);
  await waitForStatus(page, 'order-status', 'dispatched');
  await page.getByTestId('timeline-event-dispatched').waitFor();
  await shot(page, 'orders-04-seller-order-zh');
  await page.context().close();

  // Another order goes with a carrier the buyer did not choose (through the API): staff will see the signal.
  const res = await sellerClient.post(`/api/v1/orders/${mismatched.id}/dispatch`, { carrier: 'yto', trackingNumber: 'YT1234567890123' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
});

test("the buyer's order page follows the carrier's scans without a reload", async () => {
  const { page } = await h.newPage();
  buyerPage = page;
  await signIn(h.server, page, buyerEmail);
  await page.waitForURL(/\/orders$/);
  await waitForStatus(page, `order-status-${order.id}`, 'dispatched');
  await shot(page, 'orders-05-buyer-my-orders-en');
  await page.getByTestId(`order-link-${order.id}`).click();
  await page.getByTestId('order-page').waitFor();
  await page.getByTestId('timeline-event-dispatched').waitFor();
  assert.equal(await page.getByTestId('timeline-event-carrier_scan').count(), 0);
  await page.getByTestId('no-scan-yet').waitFor();
  await markDocument(page);

  const scan = await integration.post('/api/v1/carrier-scans', [
    {
      carrier: 'sf',
      trackingNumber: SELLER_TRACKING,
      eventCode: 'picked_up',
      description: 'Picked up by courier',
      location: 'Shenzhen',
      occurredAt: h.server.clock.now().toISOString(),
    },
  ]);
  assert.equal(scan.status, 200, JSON.stringify(scan.body));
  assert.equal(scan.body.counts.matched, 1);

  const event = page.getByTestId('timeline-event-carrier_scan');
  await event.waitFor({ timeout: 15_000 });
  assert.match((await event.textContent()) ?? '', /Picked up by courier/);
  await page.getByTestId('no-scan-yet').waitFor({ state: 'detached' });
  assert.ok(await wasNotReloaded(page), 'the page was reloaded');
  await shot(page, 'orders-06-buyer-order-scanned-en');
});

test('the warehouse receives the parcel with its weight and a photo, passes QC and ships an international parcel', async () => {
  const inspector = await h.server.signIn(['qc_inspector'], { name: 'Wang Fang' });
  const { page } = await h.newPage();
  await signIn(h.server, page, inspector.email);
  await page.waitForURL(/\/warehouse\/receive/);

  // A scanner types the number and presses Enter: the weight comes next.
  await page.getByTestId('receive-tracking').fill(SELLER_TRACKING);
  await page.getByTestId('receive-tracking').press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'receive-weight');
  await page.getByTestId('receive-weight').fill('1250');
  await page.getByTestId('receive-photos').setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: idCardPng(640, 420, 3) });
  await page.getByTestId('receive-photos-list').waitFor();
  await shot(page, 'orders-07-warehouse-receive-en');
  await page.getByTestId('receive-submit').click();
  const done = page.getByTestId('receipt-done');
  await done.waitFor();
  assert.match((await done.textContent()) ?? '', /1,250 g \(1\.25 kg\)/);
  await page.getByTestId(`session-receipt-${await done.getAttribute('data-receipt-id')}`).waitFor();
  await shot(page, 'orders-08-warehouse-received-en');

  // The buyer's page shows the receipt with its weight and photo, still without a reload.
  const receipt = buyerPage.getByTestId('timeline-event-received_at_warehouse');
  await receipt.waitFor({ timeout: 15_000 });
  assert.match((await receipt.getByTestId('timeline-weight').textContent()) ?? '', /1,250 g/);
  await receipt.locator('[data-testid="receipt-photos"] img').waitFor();
  assert.ok(await wasNotReloaded(buyerPage));

  // Quality check.
  await page.getByTestId('nav-qc').click();
  await page.getByTestId(`qc-pass-${order.id}`).click();
  await page.getByTestId('confirm-dialog-submit').click();
  await page.getByTestId(`qc-pass-${order.id}`).waitFor({ state: 'detached' });

  // An international parcel for the buyer's QC-passed order, its tracking checked as typed.
  await page.getByTestId('nav-parcels').click();
  await page.getByTestId('parcel-new').click();
  await page.locator('[data-testid^="parcel-buyer-"]').first().click();
  await page.getByTestId(`parcel-order-${order.id}`).waitFor();
  assert.equal(await page.getByTestId(`parcel-order-${order.id}`).isChecked(), true);
  // The declared weight is suggested from the received weight.
  await page.waitForFunction(() => (document.querySelector('[data-testid="parcel-weight"]') as HTMLInputElement | null)?.value === '1250');
  await page.getByTestId('parcel-carrier').selectOption('ems');
  await page.getByTestId('parcel-number').fill('EA123456784CN');
  await page.locator('[data-testid="parcel-check"][data-state="invalid"]').waitFor();
  assert.match((await page.getByTestId('parcel-check').textContent()) ?? '', /Check digit is 4, expected 5/);
  await page.getByTestId('parcel-number').fill(PARCEL_TRACKING);
  await page.locator('[data-testid="parcel-check"][data-state="valid"]').waitFor();
  await page.getByTestId('parcel-insured-yes').check();
  await shot(page, 'orders-09-warehouse-new-parcel-en');
  await page.getByTestId('parcel-submit').click();
  await waitForStatus(page, 'parcel-status', 'created');
  await page.getByTestId('parcel-ship').click();
  await page.getByTestId('confirm-dialog-submit').click();
  await waitForStatus(page, 'parcel-status', 'in_transit');
  await shot(page, 'orders-10-warehouse-parcel-en');
  await page.getByTestId('nav-parcels').click();
  await page.locator('[data-testid^="parcel-row-"]').first().waitFor();
  await shot(page, 'orders-11-warehouse-parcels-en');
  await page.context().close();

  // The buyer sees the parcel leave and the protection countdown start.
  await buyerPage.getByTestId('timeline-event-parcel_shipped').waitFor({ timeout: 15_000 });
  await buyerPage.getByTestId('protection-countdown').waitFor();
  assert.equal(await buyerPage.getByTestId('protection-countdown').getAttribute('data-days-left'), '60');
  await waitForStatus(buyerPage, 'order-status', 'shipped_international');
  assert.ok(await wasNotReloaded(buyerPage));
});

test('the buyer asks for more protection; staff see the signals and support extends protection', async () => {
  await buyerPage.getByTestId('request-extension').click();
  await buyerPage.getByTestId('protection-days').fill('10');
  await buyerPage.getByTestId('protection-reason').fill('The tracking has not moved for a week.');
  await buyerPage.getByTestId('protection-dialog-submit').click();
  await buyerPage.getByTestId('extension-request').waitFor();
  await shot(buyerPage, 'orders-12-buyer-order-protection-en');
  // The same page in Chinese.
  await buyerPage.getByTestId('lang-zh-CN').click();
  await buyerPage.getByRole('heading', { name: /订单 PO-/ }).waitFor();
  await shot(buyerPage, 'orders-13-buyer-order-protection-zh');
  await buyerPage.getByTestId('lang-en').click();

  const support = await h.server.signIn(['support_agent'], { name: 'Sam Support' });
  const { page } = await h.newPage();
  await signIn(h.server, page, support.email);
  await page.waitForURL(/\/support\/queue/);
  await page.getByTestId('nav-all-orders').click();
  await page.getByTestId(`order-row-${mismatched.id}`).waitFor();
  await shot(page, 'orders-14-staff-orders-en');
  await page.getByTestId(`order-link-${mismatched.id}`).click();
  await page.getByTestId('signal-method_mismatch').waitFor();
  await shot(page, 'orders-15-staff-order-signals-en');

  await page.goto(`${h.server.url}/orders/${order.id}`);
  await page.getByTestId('extension-request').waitFor();
  await page.getByTestId('extend-protection').click();
  assert.equal(await page.getByTestId('protection-days').inputValue(), '10');
  await page.getByTestId('protection-reason').fill('Carrier confirms a delay at customs.');
  await page.getByTestId('protection-dialog-submit').click();
  await page.getByTestId('extension-request').waitFor({ state: 'detached' });
  await page.context().close();

  // The buyer's countdown grows by ten days, live.
  await buyerPage.waitForFunction(() => document.querySelector('[data-testid="protection-countdown"]')?.getAttribute('data-days-left') === '70', null, { timeout: 15_000 });
  await buyerPage.getByTestId('timeline-event-protection_extended').waitFor();
  assert.ok(await wasNotReloaded(buyerPage));
  await shot(buyerPage, 'orders-16-buyer-order-extended-en');
  await buyerPage.context().close();
});

test('the warehouse, staff and buyer pages read in the other language too', async () => {
  const inspector = await h.server.signIn(['qc_inspector'], { name: 'Wang Fang' });
  const { page } = await h.newPage();
  await signIn(h.server, page, inspector.email);
  await page.getByTestId('lang-zh-CN').click();
  await page.getByRole('heading', { name: '入库收货' }).waitFor();
  await page.getByTestId('receive-tracking').fill('SF123456789099');
  await page.getByTestId('receive-weight').fill('2');
  await page.getByTestId('receive-submit').click();
  // An unknown tracking number is explained beside the field, in Chinese.
  await page.getByText('没有已发货订单使用此运单号。请核对面单，或按订单号收货。').waitFor();
  await shot(page, 'orders-17-warehouse-receive-zh');
  await page.getByTestId('nav-parcels').click();
  await page.getByRole('heading', { name: '国际包裹' }).waitFor();
  await page.locator('[data-testid^="parcel-row-"]').first().waitFor();
  await shot(page, 'orders-18-warehouse-parcels-zh');
  await page.getByTestId('nav-all-orders').click();
  await page.getByRole('heading', { name: '订单查询' }).waitFor();
  await page.getByTestId(`order-row-${overdue.id}`).waitFor();
  await shot(page, 'orders-19-staff-orders-zh');
  await page.context().close();

  const buyer = await h.newPage();
  await signIn(h.server, buyer.page, buyerEmail);
  await buyer.page.getByTestId('lang-zh-CN').click();
  await buyer.page.getByRole('heading', { name: '我的订单' }).waitFor();
  await waitForStatus(buyer.page, `order-status-${order.id}`, 'shipped_international');
  await shot(buyer.page, 'orders-20-buyer-my-orders-zh');
  await buyer.page.getByTestId('lang-en').click();
  await buyer.page.context().close();
});

test('the buyer asks to cancel two orders before dispatch; the seller accepts one (refunded in full) and refuses the other', async () => {
  const now = h.server.clock.now().getTime();
  const a = await ingestOrder(integration, orderPayload(sellerId, { buyer: buyerRef, paidAt: new Date(now - 1_800_000).toISOString() }));
  const b = await ingestOrder(integration, orderPayload(sellerId, { buyer: buyerRef, paidAt: new Date(now - 1_700_000).toISOString() }));

  const { page } = await h.newPage();
  await signIn(h.server, page, buyerEmail);
  for (const o of [a, b]) {
    await page.goto(`${h.server.url}/orders/${o.id}`);
    await page.getByTestId('request-cancellation').click();
    await page.getByTestId('cancel-dialog-reason').fill('Ordered the wrong size by mistake.');
    await page.getByTestId('cancel-dialog-submit').click();
    await waitForStatus(page, 'order-status', 'cancellation_requested');
  }
  await page.getByTestId('buyer-cancellation-pending').waitFor();
  await markDocument(page);

  const s = await h.newPage('zh-CN');
  await signIn(h.server, s.page, sellerEmail);
  await s.page.getByTestId('tab-cancellations').click();
  await s.page.getByTestId(`cancellation-${a.id}`).waitFor();
  await s.page.getByTestId(`cancellation-${b.id}`).waitFor();
  await shot(s.page, 'orders-21-seller-cancellations-zh');
  await s.page.getByTestId(`accept-${a.id}`).click();
  await s.page.getByTestId('confirm-dialog-submit').click();
  await s.page.getByTestId(`cancellation-${a.id}`).waitFor({ state: 'detached' });
  await s.page.getByTestId(`refuse-${b.id}`).click();
  await s.page.getByTestId('refuse-dialog-reason').fill('已打包并交给快递，无法取消。');
  await s.page.getByTestId('refuse-dialog-submit').click();
  await s.page.getByTestId(`cancellation-${b.id}`).waitFor({ state: 'detached' });
  await s.context.close();

  // The refused order goes back to waiting for dispatch, with the seller's reason; the buyer's open page shows it live.
  await waitForStatus(page, 'order-status', 'paid');
  assert.match((await page.getByTestId('buyer-waiting').textContent()) ?? '', /已打包并交给快递/);
  assert.ok(await wasNotReloaded(page));
  // The accepted one is cancelled and refunded in full through the ledger.
  await page.goto(`${h.server.url}/orders/${a.id}`);
  await waitForStatus(page, 'order-status', 'cancelled');
  await page.getByTestId('refund-list').waitFor();
  assert.match((await page.getByTestId('refunds-card').textContent()) ?? '', /Cancellation accepted by the seller/);
  await shot(page, 'orders-22-buyer-cancelled-en');
  await page.context().close();
});
