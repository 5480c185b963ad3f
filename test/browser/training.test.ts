import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { processDirtySellers } from '../../src/modules/evaluation/service.js';
import { createSeller, signInSellerMember } from '../helpers/fixtures.js';
import { shot, signIn, startHarness, waitForStatus, type Harness } from './browser.js';

/**
 * Seller training in the console: a seller reads a module in Chinese, fails the quiz, passes it, and the scorecard's
 * training metric shows the completion; a compliance officer sees the modules and who completed them.
 */

const SLUG = 'dispatch-and-tracking';
let h: Harness;
let sellerEmail: string;
let sheet: { id: string; answers: number[]; options: number }[];

before(async () => {
  h = await startHarness();
  const seller = await createSeller(h.server, { shopName: '晨光数码' });
  sellerEmail = (await signInSellerMember(h.server, seller.id, 'owner')).email;
  const row = await h.server.arbiter.ctx.db.selectFrom('training_modules').select('questions').where('slug', '=', SLUG).executeTakeFirstOrThrow();
  sheet = (row.questions as { id: string; answers: number[]; options: unknown[] }[]).map((q) => ({ id: q.id, answers: q.answers, options: q.options.length }));
});

after(async () => {
  await h?.close();
});

async function answer(page: import('playwright-core').Page, pickRight: boolean) {
  for (const q of sheet) {
    const chosen = pickRight ? q.answers : [(q.answers[0]! + 1) % q.options];
    for (const i of chosen) await page.getByTestId(`quiz-option-${q.id}-${i}`).check();
  }
  await page.getByTestId('quiz-submit').click();
}

test('a seller reads a module in Chinese, passes its quiz, and the scorecard counts the completion', async () => {
  const { page } = await h.newPage('zh-CN');
  await signIn(h.server, page, sellerEmail);
  await page.getByTestId('nav-training').click();
  await page.getByTestId('training-page').waitFor();
  await page.getByRole('heading', { name: '卖家培训', exact: true }).waitFor();
  await waitForStatus(page, `training-state-${SLUG}`, 'not_started');
  assert.match((await page.getByTestId(`training-module-${SLUG}`).textContent()) ?? '', /按时发货并提供有效物流单号/);
  await shot(page, 'training-01-list-zh');

  await page.getByTestId(`training-open-${SLUG}`).click();
  await page.getByTestId('training-module-page').waitFor();
  assert.match((await page.getByTestId('training-content').textContent()) ?? '', /发货截止时间/);

  await answer(page, false);
  await page.getByTestId('training-result').waitFor();
  assert.equal(await page.getByTestId('training-result-score').getAttribute('data-passed'), 'false');
  assert.match((await page.getByTestId('training-result-summary').textContent()) ?? '', /暂未通过/);
  await shot(page, 'training-02-failed-zh');

  await page.getByTestId('training-retry').click();
  await answer(page, true);
  await page.locator('[data-testid="training-result-score"][data-passed="true"]').waitFor();
  assert.match((await page.getByTestId('training-result-summary').textContent()) ?? '', /已计入您的评分卡/);
  await page.getByTestId('training-attempts').waitFor();
  assert.equal(await page.locator('[data-testid="training-attempts"] tbody tr').count(), 2);
  await shot(page, 'training-03-passed-zh');

  await page.getByRole('link', { name: '全部培训' }).first().click();
  await waitForStatus(page, `training-state-${SLUG}`, 'completed');
  assert.match((await page.getByTestId('training-progress').textContent()) ?? '', /3 门课程中的 1 门/);

  // the completion marked the seller; one pass of the incremental job (as a scheduler tick would) updates the score
  await processDirtySellers(h.server.arbiter.ctx);
  await page.getByTestId('nav-scorecard').click();
  await page.getByTestId('scorecard-page').waitFor();
  const row = page.getByTestId('metric-training_completed');
  assert.match((await row.textContent()) ?? '', /已完成培训/);
  assert.equal((await row.locator('td').nth(3).textContent())?.trim(), '1');
  await shot(page, 'training-04-scorecard-zh');
  await page.context().close();
});

test('a compliance officer manages the modules in English and sees who completed them', async () => {
  const officer = await h.server.signIn(['compliance_officer'], { name: 'Tess Trainer' });
  const { page } = await h.newPage();
  await signIn(h.server, page, officer.email);
  await page.goto(`${h.server.url}/compliance/training`);
  await page.getByTestId('training-staff-page').waitFor();
  const row = page.getByTestId(`staff-module-${SLUG}`);
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /Dispatch on time with valid tracking/);
  assert.equal((await row.locator('td').nth(4).textContent())?.trim(), '1');

  // a new module starts as a draft
  await page.getByTestId('training-new').click();
  await page.getByTestId('training-editor').waitFor();
  await page.getByTestId('editor-title-en').fill('Answering buyers on time');
  await page.getByTestId('editor-title-zh').fill('及时回复买家');
  await page.getByTestId('editor-content-en').fill('Reply within one business day.');
  await page.getByTestId('editor-content-zh').fill('请在一个工作日内回复。');
  const q = page.getByTestId('editor-questions');
  const inputs = q.locator('input:not([type])');
  await inputs.nth(0).fill('How fast should you reply?');
  await inputs.nth(1).fill('应在多长时间内回复？');
  await inputs.nth(2).fill('Within one business day');
  await inputs.nth(3).fill('一个工作日内');
  await inputs.nth(4).fill('Within a month');
  await inputs.nth(5).fill('一个月内');
  await page.getByTestId('editor-save').click();
  await page.getByTestId('training-staff-page').waitFor();
  await page.locator('[data-testid="staff-module-answering-buyers-on-time"] [data-status="draft"]').waitFor();
  await page.getByTestId('staff-publish-answering-buyers-on-time').click();
  await page.locator('[data-testid="staff-module-answering-buyers-on-time"] [data-status="published"]').waitFor();
  await shot(page, 'training-05-staff-en');
  await page.context().close();
});
