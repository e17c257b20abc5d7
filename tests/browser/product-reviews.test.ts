import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { repoRoot, type DemoProduct, type DemoReview } from '#demo-catalog';
import { demoProducts, productImage } from '../integration/support/images.js';
import { bootSearchStack, SEARCH_ADMIN_KEY, type SearchStack } from '../integration/support/search-stack.js';
import { eventually, unique } from '../integration/support/services.js';
import { imagesLoaded, launchChromium, screenshot, waitUntil, withPage } from './support/chromium.js';

/** The reviews need a product of their own; a few catalog products keep the indexer's start-up short. */
const CATALOG_SIZE = 24;
const catalogDir = join(repoRoot(), 'libs/demo-catalog/catalog');
const auth = { authorization: `Bearer ${SEARCH_ADMIN_KEY}` };
/** Colours a blank grey photo cannot pass for. */
const SATURATED = new Set(['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink']);
const REVIEW_TEXT = 'Exactly as pictured, and the colour is lovely.';

interface PhotoView {
  id: number;
  url: string;
  width: number;
  height: number;
  verdict: 'relevant' | 'needs_review' | 'irrelevant' | null;
  relevance: number | null;
  reasons: string[];
  hidden?: boolean;
  overridden: boolean;
}
interface ReviewView {
  id: string;
  author: string;
  rating: number;
  hidden_photos: number;
  photos: PhotoView[];
}
interface ProductWithReviews {
  review_count: number;
  reviews: ReviewView[];
}

/**
 * A committed catalog review photo of kind `rotation`: the product's own
 * garment in its colour, turned and framed by hand, as a shopper takes it.
 */
function rotatedPhotoOfAProduct(): { product: DemoProduct; photo: Buffer } {
  const products = new Map(demoProducts().map((p) => [p.id, p]));
  for (const line of readFileSync(join(catalogDir, 'reviews.jsonl'), 'utf8').trim().split('\n')) {
    const review = JSON.parse(line) as DemoReview;
    const product = products.get(review.product_id);
    const rotation = review.photos.find((p) => p.relevant && p.kind === 'rotation');
    if (product && rotation && SATURATED.has(product.colour)) {
      return { product, photo: readFileSync(join(catalogDir, rotation.file)) };
    }
  }
  throw new Error('the demo catalog has no rotation photo of a brightly coloured product');
}

/** A lens cap, a wall: one flat grey, which the indexer hides as near-uniform. */
const blankPhoto = (): Promise<Buffer> =>
  sharp({ create: { width: 112, height: 112, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();

const hiddenShown = (page: Page) =>
  page.evaluate<number>(`document.querySelectorAll('#reviews-list [data-hidden="true"]').length`);
const listIdle = `document.getElementById('reviews-list').getAttribute('aria-busy') !== 'true'`;

describe('Product page reviews in real Chromium: photos, the unverified badge, hidden photos on demand', () => {
  let server: SearchStack | undefined;
  let browser: Browser | undefined;
  let productId: string;
  let reviewId: string;
  let shownPhoto: PhotoView;
  let blankPhotoId: number;

  const createProduct = async (product: DemoProduct): Promise<string> => {
    const id = unique(product.id);
    const created = await server!.api.inject({
      method: 'POST',
      url: '/v1/products',
      headers: auth,
      payload: { ...toCreateProduct(product, productImage(product)), id },
    });
    expect(created.statusCode).toBe(201);
    return id;
  };
  const readProduct = async (id: string, includeHidden: boolean): Promise<ProductWithReviews> => {
    const res = await server!.api.inject({
      method: 'GET',
      url: `/v1/products/${id}${includeHidden ? '?include_hidden=true' : ''}`,
    });
    expect(res.statusCode).toBe(200);
    return res.json<ProductWithReviews>();
  };

  beforeAll(async () => {
    browser = await launchChromium();
    server = await bootSearchStack(CATALOG_SIZE);
    const { product, photo } = rotatedPhotoOfAProduct();
    productId = await createProduct(product);
    const posted = await server.api.inject({
      method: 'POST',
      url: `/v1/products/${productId}/reviews`,
      payload: {
        author: 'Mia',
        rating: 4,
        lang: 'en',
        text: REVIEW_TEXT,
        images: [photo.toString('base64'), (await blankPhoto()).toString('base64')],
      },
    });
    expect(posted.statusCode).toBe(201);
    reviewId = posted.json<{ id: string }>().id;
    const [rotatedId, blankId] = posted.json<{ image_ids: number[] }>().image_ids;
    blankPhotoId = blankId;

    // The indexer scores review photos asynchronously: wait until both have a verdict.
    let seen: unknown;
    const scored = await eventually(async () => {
      const product = await readProduct(productId, true);
      const photos = product.reviews?.find((r) => r.id === reviewId)?.photos ?? [];
      seen = product.reviews ?? product;
      return photos.length === 2 && photos.every((p) => p.verdict !== null) ? photos : undefined;
    }, 180_000).catch((error: Error) => {
      throw new Error(`${error.message}: both review photos scored; last seen ${JSON.stringify(seen)}`);
    });
    shownPhoto = scored.find((p) => p.id === rotatedId)!;
    const blank = scored.find((p) => p.id === blankId)!;
    expect(blank).toMatchObject({ verdict: 'irrelevant', hidden: true });
    expect(blank.reasons).toContain('near_uniform');
    expect(shownPhoto.hidden).toBe(false);
  }, 900_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.app.close();
  }, 60_000);

  it('the API leaves the hidden photo out by default and counts it', async () => {
    const product = await readProduct(productId, false);
    expect(product.review_count).toBe(1);
    const [review] = product.reviews;
    expect(review).toMatchObject({ id: reviewId, author: 'Mia', rating: 4, hidden_photos: 1 });
    expect(review.photos.map((p) => p.id)).toEqual([shownPhoto.id]);
  });

  it('shows the review with its photo; the hidden photo appears, dimmed with its reason, only on demand', async () => {
    await withPage(browser!, 'product-reviews', async (page) => {
      await page.goto(`${server!.url}/product?id=${encodeURIComponent(productId)}`);
      await page.waitForSelector('#reviews:not([hidden])');
      expect(await page.textContent('#reviews-heading')).toBe('Reviews (1)');

      const review = page.locator(`#reviews-list > li[data-id="${reviewId}"]`);
      expect(await review.locator('.review-author').textContent()).toBe('Mia');
      expect(await review.locator('.review-text').textContent()).toBe(REVIEW_TEXT);
      expect(await review.locator('.review-stars').textContent()).toContain('Rated 4 out of 5');
      expect(await review.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);

      // By default: the product photo only, with its size, alt text and lazy loading.
      expect(await review.locator('.review-photo').count()).toBe(1);
      const img = review.locator(`.review-photo[data-photo-id="${shownPhoto.id}"] img`);
      expect(await img.getAttribute('width')).toBe(String(shownPhoto.width));
      expect(await img.getAttribute('height')).toBe(String(shownPhoto.height));
      expect(await img.getAttribute('loading')).toBe('lazy');
      expect(await img.getAttribute('alt')).toMatch(/Mia/);
      expect(await review.locator('.photo-badge').count()).toBe(
        shownPhoto.verdict === 'needs_review' ? 1 : 0,
      );
      expect(await page.locator(`[data-photo-id="${blankPhotoId}"]`).count()).toBe(0);
      await review.scrollIntoViewIfNeeded();
      await imagesLoaded(page, '#reviews-list');
      expect(
        await page.evaluate<boolean>(
          `[...document.querySelectorAll('#reviews-list img')].every((i) => i.naturalWidth > 0)`,
        ),
      ).toBe(true);

      const toggle = page.locator('#hidden-photos');
      expect(await toggle.isVisible()).toBe(true);
      expect((await toggle.textContent())?.trim()).toBe('Show 1 hidden photo');
      await screenshot(page, 'product-reviews');

      await toggle.click();
      await waitUntil(
        page,
        `${listIdle} && document.querySelectorAll('#reviews-list [data-hidden="true"]').length > 0`,
      );
      const hidden = review.locator(`.review-photo[data-photo-id="${blankPhotoId}"]`);
      expect(await hiddenShown(page)).toBe(1);
      expect(await hidden.isVisible()).toBe(true);
      expect(await hidden.getAttribute('class')).toContain('is-hidden');
      expect(await hidden.locator('figcaption').textContent()).toContain('blank or uniform image');
      expect(
        await page.evaluate<number>(
          `Number(getComputedStyle(document.querySelector('[data-photo-id="${blankPhotoId}"] img')).opacity)`,
        ),
      ).toBeLessThan(1);
      expect(await review.locator(`.review-photo[data-photo-id="${shownPhoto.id}"]`).count()).toBe(1);
      expect((await toggle.textContent())?.trim()).toBe('Hide them');
      await imagesLoaded(page, '#reviews-list');
      await screenshot(page, 'product-reviews-hidden-shown');

      await toggle.click();
      await waitUntil(
        page,
        `${listIdle} && document.querySelectorAll('#reviews-list [data-hidden="true"]').length === 0`,
      );
      expect(await page.locator(`[data-photo-id="${blankPhotoId}"]`).count()).toBe(0);
      expect(await review.locator('.review-photo').count()).toBe(1);
      expect((await toggle.textContent())?.trim()).toBe('Show 1 hidden photo');
    });
  });

  it('a product without reviews says so, and offers no hidden photos', async () => {
    const plain = demoProducts()[CATALOG_SIZE];
    const id = await createProduct(plain);
    await withPage(browser!, 'product-no-reviews', async (page) => {
      await page.goto(`${server!.url}/product?id=${encodeURIComponent(id)}`);
      await page.waitForSelector('#reviews:not([hidden])');
      expect(await page.textContent('#reviews-heading')).toBe('Reviews (0)');
      expect(await page.textContent('#reviews-status')).toBe('No reviews yet.');
      expect(await page.locator('#reviews-list > li').count()).toBe(0);
      expect(await page.isVisible('#hidden-photos')).toBe(false);
    });
  });
});
