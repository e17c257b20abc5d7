import type { Browser } from 'playwright-core';
import { GeneratorModule } from '#apps/generator/src/generator.module';
import { AssistantModule } from '#apps/search-api/src/assistant/assistant.module';
import { vocabulary } from '#demo-catalog';
import { demoProducts, productImage } from '../integration/support/images.js';
import { bootSearchStack, type SearchStack } from '../integration/support/search-stack.js';
import { cards, launchChromium, screenshot, waitUntil, withPage } from './support/chromium.js';

const CATALOG_SIZE = 200;
/** A photo the index has never seen. */
const unseen = demoProducts()
  .slice(CATALOG_SIZE)
  .find((p) => p.category === 'dress')!;

describe('Shop assistant box in real Chromium: describe my photo, ask with streaming', () => {
  let server: SearchStack | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await bootSearchStack(
      CATALOG_SIZE,
      {},
      { apps: [AssistantModule, GeneratorModule], generator: 'configured' },
    );
  }, 900_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.app.close();
  }, 60_000);

  /** Chooses the shopper's photo (a photo search runs), then opens the collapsed assistant box. */
  const choosePhoto = async (page: import('playwright-core').Page) => {
    await page.setInputFiles('#photo', {
      name: 'dress.webp',
      mimeType: 'image/webp',
      buffer: productImage(unseen),
    });
    await page.waitForSelector('#photo-preview:not([hidden])');
    await page.click('#assistant summary');
    await page.waitForSelector('#ask-text', { state: 'visible' });
  };

  it('describes the photo: the title names its colour, the words arrive as a stream of events', async () => {
    await withPage(browser!, 'assistant-describe', async (page) => {
      await page.goto(`${server!.url}/`);
      await choosePhoto(page);
      // The words come as separate Server-Sent Events. (Counting the page's DOM updates instead
      // was flaky: a busy browser may read every event in one chunk and append them at once.)
      const streamed = page.waitForResponse((r) => r.url().includes('/v1/generate/describe'));
      await page.click('#describe-button');
      await waitUntil(page, `document.getElementById('ask-status').textContent === 'Done.'`);
      const title = (await page.textContent('#ask-answer strong')) ?? '';
      const colour = vocabulary().colours.find((c) => c.id === unseen.colour)!.en;
      expect(title.toLowerCase()).toContain(colour);
      const response = await streamed;
      expect(response.headers()['content-type']).toContain('text/event-stream');
      expect((await response.text()).match(/^event: token$/gm)?.length ?? 0).toBeGreaterThan(3);
      await screenshot(page, 'assistant-describe');
    });
  });

  it('asks "like this but in blue": shows the plan, the products found, an answer citing them as links', async () => {
    await withPage(browser!, 'assistant-ask', async (page) => {
      await page.goto(`${server!.url}/`);
      await choosePhoto(page);
      await page.fill('#ask-text', 'like this but in blue');
      await page.click('#ask-form button[type=submit]');
      await waitUntil(
        page,
        `/products found|Nothing found/.test(document.getElementById('ask-status').textContent)`,
      );
      expect(await page.textContent('#ask-plan')).toMatch(/blue/);
      const found = await cards(page, '#ask-results');
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((c) => c.colour === 'blue')).toBe(true);
      const cited = await page.$$eval('#ask-answer a.citation', (links) =>
        links.map((a) => ({ id: a.textContent, href: a.getAttribute('href') })),
      );
      expect(cited.length).toBeGreaterThan(0);
      for (const link of cited) {
        expect(found.map((c) => c.id)).toContain(link.id);
        expect(link.href).toBe(`/product?id=${link.id}`);
      }
      await screenshot(page, 'assistant-ask');
    });
  });
});
