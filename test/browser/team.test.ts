import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiKeyClient, createSeller, ingestOrder, orderPayload, signInSellerMember } from '../helpers/fixtures.js';
import { TEST_PASSWORD } from '../helpers/server.js';
import { jpegFile, pngFile } from '../helpers/files.js';
import { shot, signIn, startHarness, waitForStatus, type Harness } from './browser.js';

/**
 * A seller's team in the console: the owner invites a member of staff, the invitee opens the link without an
 * account, creates one and lands on the seller's orders; the owner removes them again. And a rejected seller
 * starts a new application from the status view once the cooldown has passed.
 */

let h: Harness;

before(async () => {
  h = await startHarness();
});
after(async () => h?.close());

/** The link of the invitation e-mail queued for the address (without SMTP it is kept as 'captured'). */
async function invitationLink(email: string): Promise<string> {
  const row = await h.server.arbiter.ctx.db.selectFrom('email_outbox').select('link').where('to_address', '=', email).where('link', 'like', '/invite/%').executeTakeFirstOrThrow();
  return row.link!;
}

test('the owner invites staff, the invitee accepts through the link, signs in and sees the seller’s orders', async () => {
  const { server } = h;
  const seller = await createSeller(server, { shopName: '星河电子 Xinghe' });
  const owner = await signInSellerMember(server, seller.id, 'owner');
  const order = await ingestOrder(await apiKeyClient(server), orderPayload(seller.id));
  const email = `wang.fang.${Date.now()}@xinghe.example`;

  const { page } = await h.newPage('zh-CN');
  await signIn(server, page, owner.email);
  await page.getByTestId('nav-team').click();
  await page.getByTestId('team-page').waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '团队', 'sellers read the console in Chinese');
  await page.getByTestId('team-invite-email').fill('not an address');
  await page.getByTestId('team-invite-submit').click();
  await page.getByText('请输入有效的电子邮箱地址。').waitFor();
  await page.getByTestId('team-invite-email').fill(email);
  await page.getByTestId('team-invite-submit').click();
  await page.getByTestId(`team-invitation-${email}`).waitFor();
  await shot(page, 'team-owner-invited');

  // The invitee, not signed in, in a browser of their own.
  const link = await invitationLink(email);
  const invitee = await h.newPage('en-GB');
  await invitee.page.goto(`${server.url}${link}`);
  await invitee.page.getByTestId('invite-form').waitFor();
  assert.match((await invitee.page.getByTestId('invite-shop').textContent()) ?? '', /星河电子 Xinghe/);
  assert.equal(await invitee.page.getByTestId('invite-email').inputValue(), email);
  await shot(invitee.page, 'team-invite-page');
  await invitee.page.getByTestId('invite-name').fill('王芳');
  await invitee.page.getByTestId('invite-password').fill(TEST_PASSWORD);
  await invitee.page.getByTestId('invite-password-repeat').fill('something else entirely');
  await invitee.page.getByTestId('invite-accept').click();
  await invitee.page.getByRole('alert').first().waitFor();
  await invitee.page.getByTestId('invite-password-repeat').fill(TEST_PASSWORD);
  await invitee.page.getByTestId('invite-accept').click();

  // Signed in as the new member of staff, on the seller's orders.
  await invitee.page.getByTestId('current-user').waitFor();
  await invitee.page.getByTestId(`dispatch-${order.id}`).waitFor();
  assert.match(invitee.page.url(), /\/seller\/orders$/);
  assert.equal(await invitee.page.getByTestId('nav-team').count(), 0, 'the team page is the owner’s');
  await shot(invitee.page, 'team-staff-orders');

  // The link worked once.
  const reuse = await h.newPage('en-GB');
  await reuse.page.goto(`${server.url}${link}`);
  await reuse.page.getByTestId('invite-closed').waitFor();

  // The owner sees the new member and removes them; the member's open session loses the seller.
  await page.reload();
  const member = page.getByTestId(`team-member-${email}`);
  await member.waitFor();
  assert.equal(await page.getByTestId(`team-invitation-${email}`).count(), 0);
  await member.getByRole('button').click();
  await page.getByTestId('confirm-dialog-submit').click();
  await member.waitFor({ state: 'detached' });
  await invitee.page.reload();
  await invitee.page.getByTestId('current-user').waitFor();
  assert.equal(await invitee.page.getByTestId('nav-seller-orders').count(), 0);
  const res = await invitee.page.evaluate(async (id) => (await fetch(`/api/v1/orders/${id}`)).status, order.id);
  assert.equal(res, 404);
});

test('a rejected seller sees the reason and starts a new application once the cooldown has passed', async () => {
  const { server } = h;
  const owner = await server.signIn(['seller'], { name: '林晓玲' });
  const officer = await server.signIn(['compliance_officer']);
  const created = await owner.post('/api/v1/sellers', {
    legalName: '广州市海珠区小林服饰店',
    shopName: '小林服饰',
    country: 'CN',
    region: 'Guangdong',
    businessType: 'individual',
    contactName: '林晓玲',
    contactEmail: 'lin@fashion.example',
    storefronts: [],
  });
  const sellerId = created.body.seller.id;
  const expiresOn = new Date(Date.now() + 900 * 86_400_000).toISOString().slice(0, 10);
  assert.equal((await owner.put(`/api/v1/sellers/${sellerId}/documents/identity?expiresOn=${expiresOn}`, jpegFile(40, 24, 1) as BodyInit, { 'content-type': 'image/jpeg' })).status, 201);
  assert.equal((await owner.put(`/api/v1/sellers/${sellerId}/documents/proof_of_address`, pngFile(30, 40, 2) as BodyInit, { 'content-type': 'image/png' })).status, 201);
  assert.equal((await owner.post(`/api/v1/sellers/${sellerId}/application/submit`)).status, 200);
  assert.equal((await officer.post(`/api/v1/sellers/${sellerId}/application/start-review`)).status, 200);
  assert.equal((await officer.post(`/api/v1/sellers/${sellerId}/application/reject`, { reason: '地址证明上的姓名与申请人不符。' })).status, 200);

  const { page } = await h.newPage('zh-CN');
  await signIn(server, page, owner.email);
  await page.goto(`${server.url}/seller/application`);
  await waitForStatus(page, 'status-hero', 'rejected');
  assert.equal(await page.getByTestId('rejection-reason').textContent(), '地址证明上的姓名与申请人不符。');
  await page.getByTestId('reapply-cooldown').waitFor();
  assert.equal(await page.getByTestId('reapply-start').isDisabled(), true);
  await shot(page, 'reapply-cooldown');

  // A month later (the policy's 30 days), signed in again.
  server.clock.advanceDays(31);
  await signIn(server, page, owner.email);
  await page.goto(`${server.url}/seller/application`);
  await waitForStatus(page, 'status-hero', 'rejected');
  const start = page.getByTestId('reapply-start');
  await page.waitForFunction(() => !(document.querySelector('[data-testid="reapply-start"]') as HTMLButtonElement | null)?.disabled);
  await start.click();
  await page.getByTestId('confirm-dialog-submit').click();
  await page.getByTestId('documents-step').waitFor();
  assert.equal(await page.getByTestId('application-status').getAttribute('data-status'), 'draft');
  await owner.login(owner.email, TEST_PASSWORD);
  const revisions = await owner.get(`/api/v1/sellers/${sellerId}/application/revisions`);
  assert.equal(revisions.body.revision, 2);
  assert.equal(revisions.body.previous[0].decisionReason, '地址证明上的姓名与申请人不符。');
  server.clock.set(new Date());
});
