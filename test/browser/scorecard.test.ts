import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiKeyClient, createSeller, ingestOrder, orderPayload, signInSellerMember } from '../helpers/fixtures.js';
import { shot, signIn, startHarness, type Harness } from './browser.js';

/**
 * The seller scorecard in the console: a seller with orders reads it in Chinese (score, tier, every metric with its
 * counts, what to improve, the trend); a compliance officer opens it from the seller's profile in English.
 */

let h: Harness;
let sellerId: string;
let sellerEmail: string;

before(async () => {
  h = await startHarness();
  const integration = await apiKeyClient(h.server, ['integration']);
  const seller = await createSeller(h.server, { shopName: '星河家居' });
  sellerId = seller.id;
  const member = await signInSellerMember(h.server, seller.id, 'owner');
  sellerEmail = member.email;
  const now = h.server.clock.now().getTime();
  const day = 86_400_000;
  for (let i = 0; i < 4; i++) {
    const buyer = { externalId: `sc-buyer-${now}-${i}`, email: `sc-${now}-${i}@example.test`, name: `Buyer ${i}` };
    await ingestOrder(integration, orderPayload(seller.id, { buyer, paidAt: new Date(now - (i + 1) * 3 * day).toISOString() }));
  }
});

after(async () => {
  await h?.close();
});

test('a seller with orders sees the scorecard with its metrics in Chinese', async () => {
  const { page } = await h.newPage('zh-CN');
  await signIn(h.server, page, sellerEmail);
  await page.getByTestId('nav-scorecard').click();
  await page.getByTestId('scorecard-page').waitFor();
  await page.getByRole('heading', { name: /^店铺评分 · 星河家居$/ }).waitFor();
  const score = Number(await page.getByTestId('scorecard-score').getAttribute('data-score'));
  assert.ok(Number.isInteger(score) && score >= 0 && score <= 1000, `score ${score}`);
  const tier = await page.getByTestId('scorecard-tier').getAttribute('data-status');
  assert.ok(['trusted', 'good', 'fair', 'at_risk'].includes(tier ?? ''), `tier ${tier}`);
  assert.match((await page.getByTestId('scorecard-tier').textContent()) ?? '', /优质|良好|一般|风险/);

  const rows = page.locator('tr[data-testid^="metric-"]');
  assert.ok((await rows.count()) >= 3, 'the metrics are listed');
  const table = (await page.locator('[data-testid^="metrics-"]').first().textContent()) ?? '';
  assert.match(table, /平滑值/);
  assert.match(table, /置信区间/);
  assert.match(table, /[\u4e00-\u9fff]/);
  const counts = await page.locator('[data-testid^="metric-counts-"]').allTextContents();
  assert.ok(counts.some((c) => /\d+ \/ \d+/.test(c)), `some metric has counts: ${counts.join(', ')}`);
  assert.match((await page.getByTestId('scorecard-improve').textContent()) ?? '', /改进建议/);
  await page.getByTestId('scorecard-trend-chart').waitFor();
  await shot(page, 'scorecard-01-seller-zh');
  await page.context().close();
});

test('a compliance officer reads the scorecard in English', async () => {
  const officer = await h.server.signIn(['compliance_officer'], { name: 'Olivia Officer' });
  const { page } = await h.newPage();
  await signIn(h.server, page, officer.email);
  // A seller set up straight in the database has no application behind its profile page: open the scorecard's address.
  await page.goto(`${h.server.url}/compliance/sellers/${sellerId}/scorecard`);
  await page.getByTestId('scorecard-page').waitFor();
  await page.getByRole('heading', { name: /^Scorecard · 星河家居$/ }).waitFor();
  const table = (await page.locator('[data-testid^="metrics-"]').first().textContent()) ?? '';
  assert.match(table, /Smoothed/);
  await shot(page, 'scorecard-02-staff-en');
  await page.context().close();
});

test('staff see the score distribution, the tiers and the sellers at risk on the evaluation dashboard', async () => {
  const officer = await h.server.signIn(['compliance_officer'], { name: 'Oscar Officer' });
  const { page } = await h.newPage();
  await signIn(h.server, page, officer.email);
  await page.getByTestId('nav-evaluation').click();
  await page.getByTestId('evaluation-dashboard').waitFor();
  await page.getByRole('heading', { name: 'Seller evaluation', exact: true }).waitFor();
  await page.getByTestId('distribution-chart').waitFor();
  const bars = await page.locator('[data-testid="distribution-chart"] .chart-value').allTextContents();
  assert.ok(bars.map(Number).reduce((a, b) => a + b, 0) >= 1, `the scored seller is counted: ${bars.join(', ')}`);
  await page.getByTestId('tiers-chart').waitFor();
  await page.getByTestId('evaluation-at-risk').waitFor();
  await page.getByTestId('at-risk-newly').check();
  await page.getByTestId('evaluation-at-risk').waitFor();
  await shot(page, 'scorecard-03-evaluation-dashboard-en');
  await page.context().close();
});
