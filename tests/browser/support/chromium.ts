import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type JSHandle, type Page } from 'playwright-core';
import { repoRoot } from '#demo-catalog';

/** Debian's Chromium (infra/chromium/install.sh); `npx playwright install` cannot download one here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = join(repoRoot(), 'test-artifacts/browser');

/** Launches headless Chromium, or fails at once (never hangs) when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run bash infra/chromium/install.sh`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Runs `body` on a fresh page (its own context, so no storage leaks between
 * tests). A failure leaves `<name>-failure.png` behind; a script error or a
 * CSP violation in the page fails the test even when every assertion held.
 */
export async function withPage(
  browser: Browser,
  name: string,
  body: (page: Page) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  try {
    await body(page);
    expect(problems).toEqual([]);
  } catch (error) {
    await screenshot(page, `${name}-failure`).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

/** One result card as the page shows it. */
export interface Card {
  id: string;
  category: string;
  colour: string;
  brand: string;
  title: string;
  price: string;
  rating: string;
  imageLoaded: boolean;
}

// The browser-side code is passed as strings: the tests compile without the DOM typings.
const CARDS = (list: string) => `[...document.querySelectorAll('${list} > li')].map((li) => ({
  ...li.dataset,
  title: li.querySelector('.card-title')?.textContent ?? '',
  price: li.querySelector('.price')?.textContent ?? '',
  rating: li.querySelector('.rating')?.textContent ?? '',
  imageLoaded: (li.querySelector('img')?.naturalWidth ?? 0) > 0,
}))`;

export const cards = (page: Page, list = '#results'): Promise<Card[]> => page.evaluate<Card[]>(CARDS(list));

/** How many searches the page has finished (the results list counts them in data-searches). */
export const searchesDone = async (page: Page): Promise<number> =>
  Number((await page.getAttribute('#results', 'data-searches')) ?? 0);

/**
 * Polls `expression` in the page until it is true. Playwright's waitForFunction
 * evaluates its predicate with eval, which the pages' CSP (rightly) forbids.
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`page never satisfied: ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the page finished a search after the `before`-th, and returns its cards. */
export async function nextResults(page: Page, before: number): Promise<Card[]> {
  await waitUntil(
    page,
    `Number(document.getElementById('results').dataset.searches ?? 0) > ${before} &&
     document.getElementById('results').getAttribute('aria-busy') === 'false'`,
  );
  await imagesLoaded(page, '#results');
  return cards(page);
}

/** Thumbnails load after a list renders; the assertions and screenshots want them. */
export const imagesLoaded = (page: Page, list: string) =>
  waitUntil(page, `[...document.querySelectorAll('${list} img')].every((img) => img.complete)`);

/** A DataTransfer in the page holding one image file, as a drop or a paste delivers it. */
export const dataTransferWith = (page: Page, file: { name: string; type: string; bytes: Buffer }) =>
  page.evaluateHandle(`(() => {
    const bytes = Uint8Array.from(atob('${file.bytes.toString('base64')}'), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], ${JSON.stringify(file.name)}, { type: ${JSON.stringify(file.type)} }));
    return transfer;
  })()`) as Promise<JSHandle>;
