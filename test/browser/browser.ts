import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ManualClock } from '../../src/shared/clock.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

/**
 * What the console's browser tests share: a real server on a real database (its clock at real time — the browser
 * drops a session cookie whose expiry lies in its past), Debian's Chromium, signing in through the login page and
 * screenshots kept when ARBITER_SCREENSHOTS names a folder.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist/index.html');
const SHOTS = process.env.ARBITER_SCREENSHOTS;

export interface Harness {
  server: TestServer;
  browser: Browser;
  newPage(locale?: string): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  assert.ok(fs.existsSync(WEB_DIST), 'web/dist is missing: run `npm run build:web` first (npm run test:browser does)');
  assert.ok(fs.existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  const server = await startTestServer({ clock: new ManualClock(new Date()) });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    server,
    browser,
    async newPage(locale = 'en-GB') {
      const context = await browser.newContext({ locale, viewport: { width: 1360, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (err) => console.error('[browser]', err.message));
      return { context, page };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  // Let toasts and transitions settle so the picture shows the page, not the moment.
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

export async function signIn(server: TestServer, page: Page, email: string) {
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(TEST_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
}

/** Waits until the element with this test id shows this status (its data-status attribute). */
export async function waitForStatus(page: Page, testId: string, status: string) {
  await page.locator(`[data-testid="${testId}"][data-status="${status}"]`).waitFor();
}

/** Marks the document so a test can tell later that the page was never reloaded. */
export async function markDocument(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });
}

export async function wasNotReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);
}
