import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AlbumPhotoEntity } from '#catalog';
import {
  bootAlbumStack,
  createUser,
  labelQuery,
  testSplitAlbum,
  uploadPhoto,
  type AlbumStack,
  type LabelledPhoto,
} from '../integration/support/albums.js';
import { eventually } from '../integration/support/services.js';
import { launchChromium, screenshot, waitUntil, withPage } from './support/chromium.js';

const PHOTOS = 40;

describe('Album page in real Chromium: sign in, sync, then search with the network cut', () => {
  let stack: AlbumStack;
  let browser: Browser;
  let token: string;
  let photos: LabelledPhoto[];
  const ids: number[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await bootAlbumStack();
    token = (await createUser(stack.api, 'Browser owner')).token;
    photos = await testSplitAlbum(PHOTOS, 41);
    for (const p of photos) ids.push(await uploadPhoto(stack.api, token, p.bytes));
    const rows = stack.app.get(DataSource).getRepository(AlbumPhotoEntity);
    await eventually(
      async () =>
        (await rows.createQueryBuilder('p').where('p.vector_scale IS NULL').getCount()) === 0
          ? true
          : undefined,
      120_000,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.app.close();
  });

  const search = async (page: Page, q: string): Promise<number[]> => {
    const before = Number(await page.getAttribute('#results', 'data-searches'));
    await page.fill('#q', q);
    await page.click('#search button');
    await waitUntil(page, `Number(document.getElementById('results').dataset.searches) > ${before}`, 30_000);
    return page.evaluate<number[]>(
      `[...document.querySelectorAll('#results > li')].map((li) => Number(li.dataset.id))`,
    );
  };

  it('finds photos in English and Chinese after every request is blocked', async () => {
    await withPage(browser, 'album', async (page) => {
      await page.goto(`${stack.url}/album`);
      await page.fill('#token', token);
      await page.click('#sync');
      await waitUntil(page, `document.getElementById('status').dataset.state !== 'busy'`, 120_000);
      expect(await page.textContent('#status')).toContain(`Ready offline: ${PHOTOS} photos`);

      // Cut the network: every request from now on fails, and we count the attempts.
      const blocked: string[] = [];
      await page.route('**/*', async (route) => {
        blocked.push(route.request().url());
        await route.abort('internetdisconnected');
      });
      const target = photos[3].label;
      for (const lang of ['en', 'zh'] as const) {
        const found = await search(page, labelQuery(target, lang));
        expect(found).toHaveLength(12);
        expect(found.every((id) => ids.includes(id))).toBe(true);
        const right = found
          .slice(0, 5)
          .filter((id) => photos[ids.indexOf(id)].label.category === target.category);
        expect({ lang, right: right.length >= 1 }).toEqual({ lang, right: true });
      }
      expect(blocked).toEqual([]);
      await screenshot(page, 'album-offline');

      // The index survives a reload into a fresh page load (IndexedDB): the sync asks only for changes.
      await page.unroute('**/*');
      await page.reload();
      await page.fill('#token', token);
      await page.click('#sync');
      await waitUntil(page, `document.getElementById('status').dataset.state !== 'busy'`, 120_000);
      expect(await page.textContent('#status')).toContain(
        `${PHOTOS} photos on this device (last sync: 1 pages, 0 changes)`,
      );
    });
  });
});
