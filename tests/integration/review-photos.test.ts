import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { ReviewPhotosIndexer } from '#apps/indexer/src/reviews/review-photos.indexer';
import { ProductsService } from '#apps/search-api/src/products/products.service';
import { ReviewsService } from '#apps/search-api/src/reviews/reviews.service';
import { REVIEW_PHOTOS_ALIAS, ReviewImageEntity } from '#catalog';
import { buildCatalog, repoRoot, type DemoProduct, type DemoReview } from '#demo-catalog';
import { EncoderPort } from '#embedding';
import { RelevanceHead, ReviewPhotoJudge, type RelevanceHeadFile } from '#review-relevance';
import { VectorStore } from '#vector-store';
import { SEARCH_ADMIN_KEY, bootSearchStack, type SearchStack } from './support/search-stack.js';
import { eventually } from './support/services.js';

// Labelled review photos of the test split (never seen by the relevance head's
// fit), made by the catalog generator: the first photo of each kind is used.
const catalogDir = mkdtempSync(join(tmpdir(), 'shoplens-review-photos-'));
let stack: SearchStack;
let products: Map<string, DemoProduct>;
let labelled: { review: DemoReview; index: number; relevant: boolean; kind: string }[];
const admin = { authorization: `Bearer ${SEARCH_ADMIN_KEY}` };

interface PhotoView {
  id: number;
  verdict: string | null;
  reasons: string[];
  hidden: boolean;
  overridden: boolean;
}
interface Detail {
  review_count: number;
  reviews: { id: string; hidden_photos: number; photos: PhotoView[] }[];
}

const photoBytes = (review: DemoReview, index: number) =>
  readFileSync(join(catalogDir, review.photos[index].file));

/** Creates the product (once) and posts a review with these photos; resolves to the review id. */
async function postReview(product: DemoProduct, photos: Buffer[]): Promise<string> {
  if (!(await stack.app.get(ProductsService).exists(product.id))) {
    await stack.app
      .get(ProductsService)
      .create(toCreateProduct(product, readFileSync(join(catalogDir, product.image))));
  }
  const review = await stack.app.get(ReviewsService).create(product.id, {
    author: 'Test shopper',
    rating: 4,
    text: 'As pictured.',
    images: photos.map((b) => b.toString('base64')),
  });
  return review.id;
}

async function detail(productId: string, includeHidden = true): Promise<Detail> {
  const response = await stack.api.inject({
    method: 'GET',
    url: `/v1/products/${productId}${includeHidden ? '?include_hidden=true' : ''}`,
  });
  expect(response.statusCode).toBe(200);
  return response.json<Detail>();
}

/** The review's photos once every one has a verdict. */
async function scored(productId: string, reviewId: string): Promise<PhotoView[]> {
  return eventually(async () => {
    const review = (await detail(productId)).reviews.find((r) => r.id === reviewId);
    return review && review.photos.every((p) => p.verdict !== null) ? review.photos : undefined;
  }, 60_000);
}

const rows = () => stack.app.get(DataSource).getRepository(ReviewImageEntity);

beforeAll(async () => {
  const built = await buildCatalog({
    split: 'test',
    offset: 0,
    count: 40,
    seed: 42,
    outDir: catalogDir,
    reviews: { photoShare: 1 },
  });
  products = new Map(built.map((p) => [p.id, p]));
  const reviews = readFileSync(join(catalogDir, 'reviews.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as DemoReview);
  labelled = reviews.flatMap((review) =>
    review.photos.map((p, index) => ({ review, index, relevant: p.relevant, kind: p.kind })),
  );
  stack = await bootSearchStack(0);
});

afterAll(async () => {
  await stack?.app.close();
});

const firstOf = (relevant: boolean, kind: string) => {
  const found = labelled.find((l) => l.relevant === relevant && l.kind === kind);
  if (!found) throw new Error(`no ${relevant ? 'relevant' : 'irrelevant'} ${kind} photo in the test catalog`);
  return found;
};

describe('review-photo relevance', () => {
  it.each([
    ['blank', 'near_uniform'],
    ['noise', 'unlike_product'],
    ['text', 'unlike_product'],
    ['other_product', 'unlike_product'],
  ])('hides a %s photo as irrelevant (%s) and keeps a photo of the product', async (kind, reason) => {
    const bad = firstOf(false, kind);
    const product = products.get(bad.review.product_id)!;
    const good =
      labelled.find((l) => l.relevant && l.review.product_id === product.id) ?? firstOf(true, 'crop');
    const goodProduct = products.get(good.review.product_id)!;
    const badReview = await postReview(product, [photoBytes(bad.review, bad.index)]);
    const goodReview = await postReview(goodProduct, [photoBytes(good.review, good.index)]);

    const [badPhoto] = await scored(product.id, badReview);
    expect(badPhoto).toMatchObject({ verdict: 'irrelevant', hidden: true });
    expect(badPhoto.reasons).toContain(reason);
    const [goodPhoto] = await scored(goodProduct.id, goodReview);
    expect(goodPhoto.hidden).toBe(false);
    expect(goodPhoto.verdict).toBe('relevant');
  });

  it('hides irrelevant photos unless include_hidden=true, and orders the rest best first', async () => {
    // A product no earlier test wrote, so none of its photos is a repeat.
    const service = stack.app.get(ProductsService);
    const unused = [];
    for (const l of labelled) if (!(await service.exists(l.review.product_id))) unused.push(l);
    const bad = unused.find((l) => !l.relevant && l.kind === 'blank')!;
    const product = products.get(bad.review.product_id)!;
    const good = unused.filter((l) => l.relevant && l.review.product_id === product.id).slice(0, 2);
    expect(good.length).toBeGreaterThan(0);
    const reviewId = await postReview(product, [
      photoBytes(bad.review, bad.index),
      ...good.map((g) => photoBytes(g.review, g.index)),
    ]);
    await scored(product.id, reviewId);

    const shown = (await detail(product.id, false)).reviews.find((r) => r.id === reviewId)!;
    expect(shown.hidden_photos).toBe(1);
    expect(shown.photos).toHaveLength(good.length);
    expect(shown.photos.every((p) => !p.hidden)).toBe(true);
    const all = (await detail(product.id, true)).reviews.find((r) => r.id === reviewId)!;
    expect(all.photos).toHaveLength(good.length + 1);
    expect(all.photos[all.photos.length - 1]).toMatchObject({ hidden: true, reasons: ['near_uniform'] });

    const photo = await stack.api.inject({ method: 'GET', url: `/v1/review-photos/${all.photos[0].id}` });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/webp');
    const bad422 = await stack.api.inject({
      method: 'GET',
      url: `/v1/products/${product.id}?include_hidden=maybe`,
    });
    expect(bad422.statusCode).toBe(422);
  });

  it("hides a re-encoded copy of the product's photo as a duplicate, at the cosine fitted for this encoder", async () => {
    const headFile = JSON.parse(
      readFileSync(join(repoRoot(), 'models/eclip-mini/review-relevance.json'), 'utf8'),
    ) as RelevanceHeadFile;
    expect(headFile.thresholds.duplicateCosine).toBeGreaterThan(0.99);
    const service = stack.app.get(ProductsService);
    const unused = [];
    for (const l of labelled) if (!(await service.exists(l.review.product_id))) unused.push(l);
    const good = unused.find((l) => l.relevant)!;
    const product = products.get(good.review.product_id)!;
    const image = readFileSync(join(catalogDir, product.image));
    const copy = await sharp(image).jpeg({ quality: 80 }).toBuffer();
    const reviewId = await postReview(product, [copy, photoBytes(good.review, good.index)]);

    // Photos come best first; ids keep the order they were posted in.
    const [copied, relevant] = (await scored(product.id, reviewId)).sort((a, b) => a.id - b.id);
    expect(copied).toMatchObject({ verdict: 'irrelevant', hidden: true });
    expect(copied.reasons).toContain('duplicate');
    expect(relevant.hidden).toBe(false);
    expect(relevant.reasons).not.toContain('duplicate');

    // The judge takes the head's threshold, not the default: above every cosine, the copy is no duplicate.
    const encoder = stack.app.get(EncoderPort);
    const judgeWith = (duplicateCosine: number) =>
      new ReviewPhotoJudge(
        encoder,
        new RelevanceHead({ ...headFile, thresholds: { ...headFile.thresholds, duplicateCosine } }),
      ).judge(
        {
          category: product.category,
          text: product.title.en,
          images: [{ id: 1, bytes: image, sha256: 'p' }],
        },
        [{ id: 2, bytes: copy, sha256: 'c' }],
      );
    expect((await judgeWith(headFile.thresholds.duplicateCosine!))[0].scores.duplicate_of).toBe(
      'product-photo:1',
    );
    expect((await judgeWith(1.01))[0].scores.duplicate_of).toBeUndefined();
  });

  it('lets a moderator override a verdict: it wins, reaches the vector payload, survives re-scoring and feeds calibration', async () => {
    const bad = firstOf(false, 'text');
    const product = products.get(bad.review.product_id)!;
    const reviewId = await postReview(product, [photoBytes(bad.review, bad.index)]);
    const [photo] = await scored(product.id, reviewId);
    expect(photo.verdict).toBe('irrelevant');

    const unauthorised = await stack.api.inject({ method: 'GET', url: '/v1/moderation/review-photos' });
    expect(unauthorised.statusCode).toBe(401);
    const override = await stack.api.inject({
      method: 'POST',
      url: `/v1/moderation/review-photos/${photo.id}`,
      headers: admin,
      payload: { verdict: 'relevant', note: 'the label is on the garment' },
    });
    expect(override.statusCode).toBe(200);
    expect(override.json()).toMatchObject({
      id: photo.id,
      verdict: 'relevant',
      model_verdict: 'irrelevant',
      override: { verdict: 'relevant', note: 'the label is on the garment' },
    });

    const [shown] = (await detail(product.id, false)).reviews.find((r) => r.id === reviewId)!.photos;
    expect(shown).toMatchObject({ id: photo.id, verdict: 'relevant', overridden: true, hidden: false });
    const store = stack.app.get(VectorStore);
    const point = await eventually(async () => {
      const [stored] = await store.retrieve(REVIEW_PHOTOS_ALIAS, [String(photo.id)]);
      return stored?.payload.verdict === 'relevant' && stored.payload.overridden === true
        ? stored
        : undefined;
    });
    expect(point.payload).toMatchObject({
      model_verdict: 'irrelevant',
      reasons: photo.reasons,
      scores: { image_similarity: expect.any(Number), logit: expect.any(Number) },
    });
    const relevantList = await stack.api.inject({
      method: 'GET',
      url: '/v1/moderation/review-photos?verdict=relevant&limit=200',
      headers: admin,
    });
    expect(relevantList.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toContain(photo.id);

    // A new product photo re-scores the review photo; the moderator's verdict still wins.
    const before = (await rows().findOneByOrFail({ id: photo.id })).scoredAt!;
    const other = [...products.values()].find((p) => p.category !== product.category)!;
    const replace = await stack.api.inject({
      method: 'PUT',
      url: `/v1/products/${product.id}`,
      headers: admin,
      payload: { ...toCreateProduct(product, readFileSync(join(catalogDir, other.image))), id: undefined },
    });
    expect(replace.statusCode).toBe(200);
    await eventually(async () => {
      const row = await rows().findOneByOrFail({ id: photo.id });
      return row.scoredAt!.getTime() > before.getTime() ? true : undefined;
    }, 60_000);
    const [after] = (await detail(product.id, false)).reviews.find((r) => r.id === reviewId)!.photos;
    expect(after).toMatchObject({ verdict: 'relevant', overridden: true });

    // Too few labels to refit anything yet: the category is reported unchanged.
    const calibration = await stack.api.inject({
      method: 'POST',
      url: '/v1/moderation/review-photos/calibration',
      headers: admin,
    });
    expect(calibration.statusCode).toBe(200);
    expect(calibration.json()).toMatchObject({
      refitted: [],
      unchanged: [product.category],
      reviews_queued: 0,
    });
  });

  it('refits a category from five overrides and re-applies verdicts', async () => {
    const category = products.get(firstOf(false, 'noise').review.product_id)!.category;
    const inCategory = labelled.filter((l) => products.get(l.review.product_id)!.category === category);
    const picked = inCategory.slice(0, 6);
    expect(inCategory.length).toBeGreaterThanOrEqual(7);
    const ids: number[] = [];
    for (const l of picked) {
      const reviewId = await postReview(products.get(l.review.product_id)!, [photoBytes(l.review, l.index)]);
      const [photo] = await scored(l.review.product_id, reviewId);
      ids.push(photo.id);
    }
    // Moderators mark every photo the opposite of its label: the refit must move the scale.
    for (const [i, id] of ids.entries()) {
      const response = await stack.api.inject({
        method: 'POST',
        url: `/v1/moderation/review-photos/${id}`,
        headers: admin,
        payload: { verdict: picked[i].relevant ? 'irrelevant' : 'relevant' },
      });
      expect(response.statusCode).toBe(200);
    }
    // One more photo of the category, left to the model: its calibrated relevance must follow the refit.
    const extra = inCategory[picked.length];
    const extraReview = await postReview(products.get(extra.review.product_id)!, [
      photoBytes(extra.review, extra.index),
    ]);
    const [extraPhoto] = await scored(extra.review.product_id, extraReview);
    const relevanceBefore = (await rows().findOneByOrFail({ id: extraPhoto.id })).relevance;

    const response = await stack.api.inject({
      method: 'POST',
      url: '/v1/moderation/review-photos/calibration',
      headers: admin,
    });
    expect(response.statusCode).toBe(200);
    const report = response.json<{
      refitted: { category: string; labels: number; before: { a: number }; after: { a: number } }[];
    }>();
    const refit = report.refitted.find((r) => r.category === category)!;
    expect(refit.labels).toBeGreaterThanOrEqual(5);
    expect(refit.after.a).toBeLessThan(refit.before.a);
    await eventually(async () => {
      const row = await rows().findOneByOrFail({ id: extraPhoto.id });
      return row.relevance !== relevanceBefore ? true : undefined;
    });
  });

  it("re-scores a review's photos when the product's photo changes", async () => {
    const service = stack.app.get(ProductsService);
    let pick: (typeof labelled)[number] | undefined;
    for (const l of labelled) {
      if (l.relevant && l.kind === 'rotation' && !(await service.exists(l.review.product_id))) {
        pick = l;
        break;
      }
    }
    const product = products.get(pick!.review.product_id)!;
    const reviewId = await postReview(product, [photoBytes(pick!.review, pick!.index)]);
    const [photo] = await scored(product.id, reviewId);
    expect(photo.verdict).toBe('relevant');

    // The seller turns the listing into another garment (photo and title): the shopper's photo no longer matches.
    const other = [...products.values()].find(
      (p) => p.category !== product.category && p.colour !== product.colour,
    )!;
    const replace = await stack.api.inject({
      method: 'PUT',
      url: `/v1/products/${product.id}`,
      headers: admin,
      payload: { ...toCreateProduct(other, readFileSync(join(catalogDir, other.image))), id: undefined },
    });
    expect(replace.statusCode).toBe(200);
    const rescored = await eventually(async () => {
      const review = (await detail(product.id)).reviews.find((r) => r.id === reviewId)!;
      return review.photos[0].verdict !== 'relevant' ? review.photos[0] : undefined;
    }, 60_000);
    expect(rescored).toMatchObject({
      id: photo.id,
      verdict: 'irrelevant',
      hidden: true,
      reasons: ['unlike_product'],
    });
  });

  it('re-scores photos scored by another model version (the sweep at start)', async () => {
    const [row] = await rows().find({ where: {}, order: { id: 'ASC' }, take: 1 });
    const current = row.scoredKey!;
    await rows().update({ id: row.id }, { scoredKey: 'eclip-mini@old-version+head#0000', verdict: null });
    stack.app.get(ReviewPhotosIndexer).startStaleSweep();
    const rescored = await eventually(async () => {
      const now = await rows().findOneByOrFail({ id: row.id });
      return now.scoredKey === current && now.verdict !== null ? now : undefined;
    }, 60_000);
    expect(rescored.revision).toBeGreaterThan(row.revision);
  });
});
