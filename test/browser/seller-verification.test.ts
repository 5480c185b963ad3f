import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ManualClock } from '../../src/shared/clock.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';
import { certificatePdf, idCardPng } from './files.js';

/**
 * A seller applies through the console with documents, a compliance officer asks for a revision of one of
 * them, the seller re-uploads it and resubmits, and the officer approves — in Debian's Chromium against a
 * real server and database.
 *
 * Set ARBITER_SCREENSHOTS=<dir> to keep a screenshot of each key page.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist/index.html');
const SHOTS = process.env.ARBITER_SCREENSHOTS;

let server: TestServer;
let browser: Browser;

before(async () => {
  assert.ok(fs.existsSync(WEB_DIST), 'web/dist is missing: run `npm run build:web` first (npm run test:browser does)');
  assert.ok(fs.existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  // Real time: the browser drops a session cookie whose expiry lies in its past.
  server = await startTestServer({ clock: new ManualClock(new Date()) });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => console.error('[browser]', err.message));
  return { context, page };
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  // A full-page shot is taken from the top, so the sticky top bar stays where it belongs.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function signIn(page: Page, email: string) {
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(TEST_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
}

/** Waits until the element with this test id shows this status (its data-status attribute). */
async function waitForStatus(page: Page, testId: string, status: string) {
  await page.locator(`[data-testid="${testId}"][data-status="${status}"]`).waitFor();
}

async function upload(page: Page, kind: string, file: { name: string; mimeType: string; buffer: Buffer }, expiresOn?: string) {
  await page.getByTestId(`doc-file-${kind}`).setInputFiles(file);
  if (expiresOn) await page.getByTestId(`doc-expiry-${kind}`).fill(expiresOn);
  await page.getByTestId(`doc-upload-${kind}`).click();
  await waitForStatus(page, `doc-status-${kind}`, 'pending_review');
}

test('a seller is verified after one revision of a document', async () => {
  const seller = await server.signIn(['seller'], { name: '陈晓明' });
  const officer = await server.signIn(['compliance_officer'], { name: 'Olivia Officer' });
  const shopName = '远航数码';
  const reason = 'The bill is cut off at the bottom: upload the full page showing the address.';

  const licence = await certificatePdf('Business Licence', ['Shenzhen Yuanhang Trading Co., Ltd.', 'Unified social credit code 91440300MA5F000000']);
  const bill = await certificatePdf('Electricity bill', ['Billing address: 88 Keyuan Road, Nanshan, Shenzhen']);
  const fullBill = await certificatePdf('Electricity bill (full page)', ['Billing address: 88 Keyuan Road, Nanshan, Shenzhen', 'Period: October 2026']);

  // ---- the seller applies (the console is in Chinese for sellers) --------------------------------
  const s = await newPage();
  await signIn(s.page, seller.email);
  await s.page.waitForURL(/\/seller\/application/);
  await s.page.getByRole('heading', { name: '卖家资质认证' }).waitFor();
  assert.equal(await s.page.locator('html').getAttribute('lang'), 'zh-CN');
  assert.equal((await s.page.getByTestId('nav-application').textContent())?.trim(), '资质认证');

  // Validation messages appear beside the fields before anything is sent.
  await s.page.getByTestId('details-submit').click();
  await s.page.getByText('此项为必填项。').first().waitFor();
  await shot(s.page, '01-seller-details-validation-zh');

  await s.page.getByTestId('details-business-company').check();
  await s.page.getByTestId('details-legal-name').fill('深圳市远航贸易有限公司');
  await s.page.getByTestId('details-shop-name').fill(shopName);
  await s.page.getByTestId('details-region').fill('广东省');
  await s.page.getByTestId('details-contact-phone').fill('+86 138 0013 8000');
  await s.page.getByTestId('storefront-platform-0').selectOption('taobao');
  await s.page.getByTestId('storefront-name-0').fill('远航数码旗舰店');
  await s.page.getByTestId('storefront-url-0').fill('https://yuanhang.taobao.com');
  await s.page.getByTestId('details-submit').click();

  // Step 2: the documents (a company needs all three).
  await s.page.getByTestId('documents-step').waitFor();
  await shot(s.page, '02-seller-documents-empty-zh');
  await upload(s.page, 'identity', { name: 'id-card.png', mimeType: 'image/png', buffer: idCardPng(480, 300, 1) }, '2031-06-30');
  await upload(s.page, 'business_licence', { name: 'licence.pdf', mimeType: 'application/pdf', buffer: licence }, '2032-12-31');
  await upload(s.page, 'proof_of_address', { name: 'bill.pdf', mimeType: 'application/pdf', buffer: bill });
  await s.page.getByTestId('doc-view-identity').click();
  await s.page.locator('[data-testid^="preview-"] img').waitFor();
  await shot(s.page, '03-seller-documents-uploaded-zh');

  // Step 3: review and submit.
  await s.page.getByTestId('documents-next').click();
  await s.page.getByTestId('review-step').waitFor();
  await s.page.getByTestId('confirm-truth').check();
  await shot(s.page, '04-seller-review-zh');
  await s.page.getByTestId('submit-application').click();
  await waitForStatus(s.page, 'status-hero', 'submitted');
  await waitForStatus(s.page, 'application-status', 'submitted');
  await shot(s.page, '05-seller-submitted-zh');

  // ---- the officer asks for a revision of the proof of address -----------------------------------
  const o = await newPage();
  await signIn(o.page, officer.email);
  await o.page.waitForURL(/\/compliance\/queue/);
  const row = o.page.locator('[data-testid^="queue-row-"]', { hasText: shopName });
  await row.waitFor();
  await shot(o.page, '06-officer-queue-en');
  await row.locator('[data-testid^="queue-review-"]').click();
  await o.page.getByTestId('application-review').waitFor();
  await o.page.getByTestId('start-review').click();
  await waitForStatus(o.page, 'review-application-status', 'under_review');
  await o.page.getByTestId('doc-revise-proof_of_address').click();
  await o.page.getByTestId('decision-reason').fill(reason);
  await shot(o.page, '07-officer-request-revision-en');
  await o.page.getByTestId('decision-dialog-submit').click();
  await waitForStatus(o.page, 'review-doc-status-proof_of_address', 'revision_requested');
  await waitForStatus(o.page, 'review-application-status', 'revision_requested');

  // ---- the seller reads the reason, re-uploads that document and resubmits ------------------------
  await s.page.goto(`${server.url}/seller/application`);
  await s.page.getByTestId('revision-callout').waitFor();
  await waitForStatus(s.page, 'doc-status-proof_of_address', 'revision_requested');
  assert.equal((await s.page.getByTestId('doc-reason-proof_of_address').locator('p').textContent())?.trim(), reason);
  // Only the document sent back can be replaced.
  assert.equal(await s.page.getByTestId('doc-file-identity').count(), 0);
  await shot(s.page, '08-seller-revision-zh');
  await upload(s.page, 'proof_of_address', { name: 'bill-full-page.pdf', mimeType: 'application/pdf', buffer: fullBill });
  await s.page.getByTestId('documents-next').click();
  await s.page.getByTestId('confirm-truth').check();
  assert.equal((await s.page.getByTestId('submit-application').textContent())?.trim(), '重新提交');
  await s.page.getByTestId('submit-application').click();
  await waitForStatus(s.page, 'status-hero', 'under_review');

  // ---- the officer approves every document, then the application ----------------------------------
  await o.page.getByTestId('nav-review-queue').click();
  await o.page.locator('[data-testid^="queue-row-"]', { hasText: shopName }).locator('[data-testid^="queue-review-"]').click();
  await waitForStatus(o.page, 'review-application-status', 'under_review');
  await waitForStatus(o.page, 'review-doc-status-proof_of_address', 'pending_review');
  for (const kind of ['identity', 'business_licence', 'proof_of_address']) {
    await o.page.getByTestId(`doc-approve-${kind}`).click();
    await waitForStatus(o.page, `review-doc-status-${kind}`, 'approved');
  }
  await shot(o.page, '09-officer-all-approved-en');
  await o.page.getByTestId('approve-application').click();
  await o.page.getByTestId('decision-dialog-submit').click();
  await waitForStatus(o.page, 'review-application-status', 'verified');

  // The profile's timeline shows the whole story.
  await o.page.getByTestId('open-profile').click();
  await waitForStatus(o.page, 'seller-status', 'active');
  await o.page.getByTestId('timeline').getByText(reason).first().waitFor();
  await shot(o.page, '10-officer-profile-en');

  // ---- the seller sees the verified state ---------------------------------------------------------
  await s.page.goto(`${server.url}/seller/application`);
  await waitForStatus(s.page, 'status-hero', 'verified');
  await s.page.getByTestId('status-title').getByText('认证成功').waitFor();
  await shot(s.page, '11-seller-verified-zh');

  // The seller may switch to English; the choice is saved on the account.
  await s.page.getByTestId('lang-en').click();
  await s.page.getByTestId('status-title').getByText('Verified').waitFor();
  const me = await seller.get('/api/v1/auth/me');
  assert.equal(me.body.user.locale, 'en');
  await shot(s.page, '12-seller-verified-en');

  await s.context.close();
  await o.context.close();
});
