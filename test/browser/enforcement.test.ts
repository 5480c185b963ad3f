import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { insertOrders } from '../helpers/enforcement.js';
import { createSeller, signInSellerMember } from '../helpers/fixtures.js';
import { pdfFile } from '../helpers/files.js';
import type { HttpClient } from '../helpers/http.js';
import { shot, signIn, startHarness, waitForStatus, type Harness } from './browser.js';

/**
 * Enforcement in the console, in Debian's Chromium against a real server and database: a compliance officer confirms
 * a proposed fictitious-dispatch violation; the seller, reading Chinese, sees the points, the sanctions and how to
 * rectify, and appeals with a file; the officer who confirmed it is refused the decision with the API's message, a
 * second officer upholds it and the points disappear. Then an admin edits a policy draft (a refused value named beside
 * its field), dry-runs it (charts and the affected seller) and activates it. Bulk enforcement: preview, apply, undo.
 *
 * Set ARBITER_SCREENSHOTS=<dir> to keep a screenshot of each key page.
 */

let h: Harness;
let officerA: HttpClient & { email: string; userId: string };
let officerB: HttpClient & { email: string; userId: string };
let adminEmail: string;
let sellerId: string;
let sellerEmail: string;
let otherSellerId: string;
let violationId: string;

before(async () => {
  h = await startHarness();
  const seller = await createSeller(h.server, { shopName: '锦绣服饰' });
  sellerId = seller.id;
  sellerEmail = (await signInSellerMember(h.server, seller.id, 'owner')).email;
  officerA = await h.server.signIn(['compliance_officer'], { name: 'Olivia Officer' });
  officerB = await h.server.signIn(['compliance_officer'], { name: 'Bruno Officer' });
  adminEmail = (await h.server.signIn(['admin'], { name: 'Ada Admin' })).email;

  // A finding waiting in the queue, as a detector or an officer proposes it.
  const p = await officerA.post('/api/v1/enforcement/violations', {
    sellerId,
    rule: 'fictitious_dispatch',
    summary: 'Tracking SF1234567890 never moved in 9 days after dispatch',
    evidence: { orderId: 'ord_demo_1', trackingNumber: 'SF1234567890', daysWithoutScan: 9 },
  });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  violationId = p.body.id;

  // Another seller with 2 active points, below the first rung: the policy draft below lowers that rung to 2.
  const other = await createSeller(h.server, { shopName: '东方数码' });
  otherSellerId = other.id;
  const q = await officerA.post('/api/v1/enforcement/violations', { sellerId: otherSellerId, rule: 'price_below_median', summary: 'Phone cases at 10% of the category median' });
  const c = await officerA.post(`/api/v1/enforcement/violations/${q.body.id}/confirm`, { reason: 'Checked the listings' });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(c.body.points, 2);
});

after(async () => {
  await h?.close();
});

async function openAs(email: string, locale = 'en-GB'): Promise<Page> {
  const { page } = await h.newPage(locale);
  await signIn(h.server, page, email);
  return page;
}

test('an officer confirms a proposed violation from the queue', async () => {
  const page = await openAs(officerA.email);
  await page.getByTestId('nav-violations').click();
  await page.getByTestId(`violation-row-${violationId}`).waitFor();
  assert.match((await page.getByTestId(`violation-row-${violationId}`).textContent()) ?? '', /Fictitious dispatch.*never moved/);
  await shot(page, 'enforcement-01-queue-en');
  await page.getByTestId(`violation-open-${violationId}`).click();
  await waitForStatus(page, 'violation-status', 'proposed');
  assert.match((await page.getByTestId('violation-evidence').textContent()) ?? '', /SF1234567890/);
  await page.getByTestId('violation-confirm').click();
  // The policy's points for the rule are offered.
  assert.equal(await page.getByTestId('confirm-violation-points').inputValue(), '6');
  await page.getByTestId('confirm-violation-reason').fill('No carrier scan at all; the number belongs to no parcel.');
  await shot(page, 'enforcement-02-confirm-en');
  await page.getByTestId('confirm-violation-submit').click();
  await waitForStatus(page, 'violation-status', 'confirmed');
  assert.equal((await page.getByTestId('violation-points').textContent())?.trim(), '6');

  // The seller's enforcement file: points on the ladder and the sanctions the rungs impose.
  await page.getByTestId('violation-subject-link').click();
  await page.getByTestId('seller-enforcement-file').waitFor();
  assert.equal((await page.getByTestId('file-points').textContent())?.trim(), '6');
  await page.getByTestId('file-sanction-warning').waitFor();
  await page.getByTestId('file-sanction-no_promotions').waitFor();
  await waitForStatus(page, 'file-seller-status', 'restricted');
  await page.locator('[data-testid^="log-"]').first().waitFor();
  await shot(page, 'enforcement-03-seller-file-en');
  await page.context().close();
});

test('the seller sees the points and sanctions in Chinese and appeals with a file', async () => {
  const page = await openAs(sellerEmail, 'zh-CN');
  await page.getByTestId('nav-seller-enforcement').click();
  await page.getByTestId('my-enforcement').waitFor();
  await page.getByRole('heading', { name: '违规与积分 · 锦绣服饰' }).waitFor();
  assert.equal((await page.getByTestId('my-points').textContent())?.trim(), '6');
  const sanctions = (await page.getByTestId('my-sanctions').textContent()) ?? '';
  assert.match(sanctions, /警告/);
  assert.match(sanctions, /禁止参加促销/);
  assert.match((await page.getByTestId('my-deadlines').textContent()) ?? '', /请于 .+ 前整改/);
  const card = page.getByTestId(`my-violation-${violationId}`);
  assert.match((await card.textContent()) ?? '', /虚假发货/);
  assert.match((await page.getByTestId(`my-violation-points-${violationId}`).textContent()) ?? '', /6 分/);
  assert.match((await page.getByTestId(`my-rectify-${violationId}`).textContent()) ?? '', /整改方法：\s*只填写您交给承运商的包裹的真实运单号/);
  await shot(page, 'enforcement-04-seller-zh');

  await page.getByTestId(`my-appeal-violation-${violationId}`).click();
  await page.getByTestId('appeal-statement').fill('包裹已交给顺丰，这是揽收回执。');
  await page.getByTestId('appeal-files').setInputFiles([{ name: '揽收回执.pdf', mimeType: 'application/pdf', buffer: await pdfFile('SF pickup receipt') }]);
  await shot(page, 'enforcement-05-appeal-form-zh');
  await page.getByTestId('appeal-form-submit').click();
  await waitForStatus(page, `my-violation-appeal-${violationId}`, 'submitted');
  assert.match((await page.getByTestId(`my-violation-appeal-${violationId}`).textContent()) ?? '', /等待裁决/);
  await page.context().close();
});

test('the confirming officer is refused; another officer upholds the appeal and the points disappear', async () => {
  const appeals = await officerB.get('/api/v1/enforcement/appeals?status=submitted');
  const appealId = appeals.body.items.find((a: { targetId: string }) => a.targetId === violationId).id as string;

  const a = await openAs(officerA.email);
  await a.getByTestId('nav-appeals').click();
  await a.getByTestId(`appeal-open-${appealId}`).click();
  await waitForStatus(a, 'appeal-status', 'submitted');
  await a.getByTestId('appeal-same-officer').waitFor();
  assert.match((await a.getByTestId('appeal-statement').textContent()) ?? '', /揽收回执/);
  await a.locator('[data-testid^="appeal-evidence-upl_"]').first().waitFor();
  await a.getByTestId('appeal-uphold').click();
  await a.getByTestId('appeal-decide-reason').fill('I accept the receipt.');
  await a.getByTestId('appeal-decide-submit').click();
  // The API's problem message, shown in the dialog, which stays open.
  await a.getByTestId('appeal-decide').getByText('another officer must decide the appeal').waitFor();
  await shot(a, 'enforcement-06-same-officer-en');
  await a.context().close();

  const b = await openAs(officerB.email);
  await b.getByTestId('nav-appeals').click();
  await b.getByTestId(`appeal-open-${appealId}`).click();
  await waitForStatus(b, 'appeal-status', 'submitted');
  assert.equal(await b.getByTestId('appeal-same-officer').count(), 0);
  await shot(b, 'enforcement-07-appeal-en');
  await b.getByTestId('appeal-uphold').click();
  await b.getByTestId('appeal-decide-reason').fill('The carrier confirmed the pickup scan.');
  await b.getByTestId('appeal-decide-submit').click();
  await waitForStatus(b, 'appeal-status', 'upheld');
  await b.context().close();

  const s = await openAs(sellerEmail, 'zh-CN');
  await s.getByTestId('nav-seller-enforcement').click();
  await s.getByTestId('my-enforcement').waitFor();
  await waitForStatus(s, `my-violation-status-${violationId}`, 'reversed');
  assert.equal((await s.getByTestId('my-points').textContent())?.trim(), '0');
  assert.match((await s.getByTestId('my-sanctions').textContent()) ?? '', /目前没有生效中的处罚/);
  assert.match((await s.getByTestId(`my-violation-appeal-${violationId}`).textContent()) ?? '', /申诉成功/);
  await shot(s, 'enforcement-08-seller-after-appeal-zh');
  await s.context().close();
});

test('the policy editor: a draft change, the dry run as charts, activation', async () => {
  const page = await openAs(adminEmail);
  await page.getByTestId('nav-policy').click();
  await page.getByTestId('policy-page').waitFor();
  assert.equal((await page.getByTestId('policy-active-version').textContent())?.trim(), 'v1');
  await page.getByTestId('policy-draft-note').fill('Warn from 2 points');
  await page.getByTestId('policy-new-draft').click();
  await waitForStatus(page, 'policy-current-status', 'draft');

  // A value outside the schema is refused and named beside its field.
  const expiry = page.getByTestId('policy-input-document.enforcement.pointsExpireDays');
  await expiry.fill('30');
  await page.getByTestId('policy-save').click();
  await page.getByTestId('policy-error-document.enforcement.pointsExpireDays').waitFor();
  await shot(page, 'enforcement-09-policy-error-en');
  await expiry.fill('180');
  await page.getByTestId('policy-input-document.enforcement.ladder.0.points').fill('2');
  await page.getByTestId('policy-save').click();
  await page.getByTestId('policy-error-document.enforcement.pointsExpireDays').waitFor({ state: 'detached' });

  await page.getByTestId('policy-dry-run').click();
  await page.getByTestId('dry-run-result').waitFor();
  await page.getByTestId('dry-run-result-points-chart').waitFor();
  await page.getByTestId('dry-run-result-sanctioned-chart').waitFor();
  assert.ok((await page.locator('[data-testid="dry-run-result-sanctioned-chart"] rect.chart-bar').count()) >= 1, 'a bar for the newly sanctioned');
  const change = page.getByTestId(`dry-change-${otherSellerId}`);
  assert.match((await change.textContent()) ?? '', /Warning/);
  await shot(page, 'enforcement-10-policy-dry-run-en');
  // Nothing kept by the dry run.
  assert.deepEqual((await officerA.get(`/api/v1/enforcement/sellers/${otherSellerId}`)).body.inForce, []);

  await page.getByTestId('policy-activate').click();
  await page.getByTestId('confirm-dialog-submit').click();
  await page.getByTestId('activation-result').waitFor();
  await waitForStatus(page, 'policy-current-status', 'active');
  await waitForStatus(page, 'policy-version-status-1', 'retired');
  await shot(page, 'enforcement-11-policy-activated-en');
  const f = (await officerA.get(`/api/v1/enforcement/sellers/${otherSellerId}`)).body;
  assert.deepEqual(f.inForce.map((s: { kind: string }) => s.kind), ['warning'], 'activation did what the dry run showed');
  await page.context().close();

  // Compliance officers read the policy but cannot change it.
  const o = await openAs(officerB.email);
  await o.getByTestId('nav-policy').click();
  await waitForStatus(o, 'policy-current-status', 'active');
  assert.equal(await o.getByTestId('policy-new-draft').count(), 0);
  assert.ok(await o.getByTestId('policy-input-document.enforcement.pointsExpireDays').isDisabled());
  // Every section of the document has its form, the resolution matrix among them, and the JSON beside it.
  await o.getByTestId('policy-tab-cases').click();
  assert.equal(await o.getByTestId('policy-input-document.cases.resolutionMatrix.fallbackTier').inputValue(), '2');
  assert.equal(await o.getByTestId('policy-input-document.cases.resolutionMatrix.tiers.3.videoRequired').isChecked(), true);
  await o.getByTestId('policy-tab-__json').click();
  const json = JSON.parse(await o.getByTestId('policy-json').inputValue());
  assert.equal(json.enforcement.ladder[0].points, 2, 'the active version is the one the admin activated');
  await o.context().close();
});

test('bulk enforcement: preview, apply with a public report, undo', async () => {
  const page = await openAs(officerB.email);
  await page.getByTestId('nav-bulk').click();
  await page.getByTestId('bulk-seller-ids').fill(`${sellerId}\n${otherSellerId}`);
  await page.getByTestId('bulk-sanction').selectOption('suspension');
  await page.getByTestId('bulk-public-summary').fill('Sellers suspended for fictitious dispatch');
  await page.getByTestId('bulk-reason').fill('Ring found by investigation');
  await page.getByTestId('bulk-preview').click();
  await page.getByTestId(`bulk-seller-${sellerId}`).waitFor();
  await page.getByTestId(`bulk-seller-${otherSellerId}`).waitFor();
  await shot(page, 'enforcement-12-bulk-preview-en');
  await page.getByTestId('bulk-apply').click();
  await page.getByTestId('confirm-dialog-submit').click();
  await page.getByTestId('bulk-report').waitFor();
  assert.match((await page.getByTestId('bulk-report-text').textContent()) ?? '', /2 sellers: Suspension — Sellers suspended for fictitious dispatch/);
  assert.equal((await officerA.get(`/api/v1/enforcement/sellers/${sellerId}`)).body.seller.status, 'suspended');
  const batchRow = page.locator('[data-testid^="batch-undo-"]').first();
  await batchRow.waitFor();
  await shot(page, 'enforcement-13-bulk-applied-en');
  await batchRow.click();
  await page.getByTestId('batch-undo-reason').fill('Wrong list');
  await page.getByTestId('batch-undo-submit').click();
  await page.locator('[data-testid^="batch-status-"][data-status="undone"]').first().waitFor();
  assert.equal((await officerA.get(`/api/v1/enforcement/sellers/${sellerId}`)).body.seller.status, 'active');
  await page.context().close();
});

test('an audit samples a seller’s orders and a finding becomes a violation proposal', async () => {
  const [first] = await insertOrders(h.server, otherSellerId, 4);
  assert.ok(first);
  const page = await openAs(officerA.email);
  await page.getByTestId('nav-audits').click();
  await page.getByTestId('audit-seller').fill(otherSellerId);
  await page.getByTestId('audit-size').fill('3');
  await page.getByTestId('audit-note').fill('Quarterly sample');
  await page.getByTestId('audit-open').click();
  await waitForStatus(page, 'audit-status', 'open');
  const items = page.locator('[data-testid^="audit-record-"]');
  assert.equal(await items.count(), 3);
  await items.first().click();
  await page.getByTestId('audit-finding-rule').selectOption('method_mismatch');
  await page.getByTestId('audit-finding-note').fill('Shipped by sea; the buyer chose air');
  await page.getByTestId('audit-finding-submit').click();
  const link = page.locator('[data-testid^="audit-finding-violation-"]').first();
  await link.waitFor();
  await shot(page, 'enforcement-14-audit-en');
  await link.click();
  await waitForStatus(page, 'violation-status', 'proposed');
  assert.match((await page.getByTestId('violation-summary').textContent()) ?? '', /Audit finding on order .*Shipped by sea/);
  await page.context().close();
});
