/**
 * Headless Chromium for the web page tests: Debian's `chromium` package driven by playwright-core (Playwright's
 * own browser download cannot run here). scripts/install-chromium.sh installs it; CI runs that script first.
 * Each test file gets one browser (a fresh temporary profile, removed on close) and a context per person, so
 * officer, supervisor and manager keep separate storage as separate phones would.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Quiet and offline apart from the pages under test: no updates, sync, QUIC or first-run screens. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots kept as test artifacts (git-ignored). */
export const ARTIFACTS_DIR = join(__dirname, '..', '..', 'test-artifacts');

/** IKN is in WITA (UTC+8): the page must send visit times with that offset. */
export const IKN_TIME_ZONE = 'Asia/Makassar';
export const PHONE = { width: 412, height: 915 } as const;
export const DESKTOP = { width: 1280, height: 900 } as const;

export interface TestBrowser {
  browser: Browser;
  /** A new person: own cookies, localStorage and sessionStorage. */
  person(options?: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run scripts/install-chromium.sh (apt-get install chromium)`);
  }
  // launch() starts Chromium on a fresh temporary profile (user-data-dir) and deletes it on close.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async person(options = {}) {
      const context = await browser.newContext({ viewport: PHONE, timezoneId: IKN_TIME_ZONE, locale: 'id-ID', ...options });
      contexts.push(context);
      const page = await context.newPage();
      return { context, page };
    },
    async screenshot(page, name) {
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      const path = join(ARTIFACTS_DIR, name);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
    },
  };
}
