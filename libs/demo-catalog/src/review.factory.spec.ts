import sharp from 'sharp';
import { otherGarments, renderProductImage } from './catalog.builder.js';
import { readFashionMnist } from './fashion-mnist.reader.js';
import { dominantHue, hueDistance, meanAbsDiff, pixelStd, rgbHue } from './photo-stats.js';
import { makeProduct, type DemoProduct } from './product.factory.js';
import { encodeWebp } from './raster.js';
import { makeReviews, type DemoReview, type ReviewOptions } from './review.factory.js';
import { vocabulary } from './vocabulary.js';

describe(makeReviews.name, () => {
  const vocab = vocabulary();
  const data = readFashionMnist('train');
  const other = otherGarments(data, vocab);
  const allPhotos: ReviewOptions = { photoShare: 1, photoSize: 112, maxPhotoBytes: 2048 };
  const product = (index: number, seed = 42) => makeProduct(vocab, 'train', index, data.label(index), seed);
  const sut = (p: DemoProduct, seed = 42, options = allPhotos) =>
    makeReviews(vocab, p, data.image(p.source.index), seed, other, options);

  const made = Array.from({ length: 400 }, (_v, index) => ({
    product: product(index),
    ...sut(product(index)),
  }));
  const photos = made.flatMap((m) =>
    m.reviews.flatMap((r) =>
      r.photos.map((label) => ({ label, product: m.product, raw: m.photos.get(label.file)! })),
    ),
  );

  it('is deterministic per (seed, product id): same JSON and same pixels', () => {
    for (const index of [0, 5, 17]) {
      const [a, b] = [sut(product(index)), sut(product(index))];
      expect(a.reviews).toEqual(b.reviews);
      expect([...a.photos.entries()]).toEqual([...b.photos.entries()]);
    }
    const differs = [0, 1, 2, 3, 4].some(
      (index) => JSON.stringify(sut(product(index), 42)) !== JSON.stringify(sut(product(index), 43)),
    );
    expect(differs).toBe(true);
  });

  it('writes 0-3 well-formed reviews per product, rated near the product', () => {
    const counts = new Set(made.map((m) => m.reviews.length));
    expect([...counts].sort()).toEqual([0, 1, 2, 3]);
    for (const { product: p, reviews } of made) {
      for (const review of reviews) {
        expect(review.product_id).toBe(p.id);
        expect(review.id.startsWith(`${p.id}-r`)).toBe(true);
        expect(review.rating).toBeGreaterThanOrEqual(1);
        expect(review.rating).toBeLessThanOrEqual(5);
        expect(review.text.length).toBeGreaterThan(5);
        expect(review.photos.length).toBeLessThanOrEqual(3);
        if (review.lang === 'zh') expect(review.text).toMatch(/\p{Script=Han}/u);
      }
    }
    const reviews = made.flatMap((m) => m.reviews.map((r) => ({ r, p: m.product })));
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const high = mean(reviews.filter(({ p }) => p.rating >= 4.5).map(({ r }) => r.rating));
    const low = mean(reviews.filter(({ p }) => p.rating < 4).map(({ r }) => r.rating));
    expect(high - low).toBeGreaterThan(0.5);
    expect(new Set(reviews.map(({ r }) => r.lang))).toEqual(new Set(['en', 'zh']));
    const named = reviews.filter(({ r, p }) => {
      const colour = vocab.colours.find((c) => c.id === p.colour)!;
      return r.text.includes(colour.en) || r.text.includes(colour.zh);
    });
    expect(named.length).toBeGreaterThan(reviews.length / 10);
  });

  it('labels every kind, about 70 % of photos relevant', () => {
    const kinds = new Set(photos.map((p) => `${p.label.relevant}:${p.label.kind}`));
    expect([...kinds].sort()).toEqual(
      [
        'false:blank',
        'false:noise',
        'false:other_product',
        'false:text',
        'true:background',
        'true:crop',
        'true:lighting',
        'true:noise',
        'true:rotation',
      ].sort(),
    );
    const relevant = photos.filter((p) => p.label.relevant).length / photos.length;
    expect(relevant).toBeGreaterThan(0.62);
    expect(relevant).toBeLessThan(0.78);
  });

  it('shows the product in its own colour on relevant photos, but not the catalog image', async () => {
    const chromatic = new Set(['red', 'orange', 'yellow', 'green', 'blue', 'purple']);
    const checked = photos.filter((p) => p.label.relevant && chromatic.has(p.product.colour)).slice(0, 80);
    expect(checked.length).toBeGreaterThan(40);
    for (const { product: p, raw, label } of checked) {
      const rgb = vocab.colours.find((c) => c.id === p.colour)!.rgb;
      const { hue, share } = dominantHue(raw.pixels);
      expect({ label, share: share > 0.05 }).toEqual({ label, share: true });
      expect({ label, distance: hueDistance(hue, rgbHue(...rgb)) < 15 }).toEqual({ label, distance: true });
      const catalog = await sharp(await renderProductImage(data.image(p.source.index), rgb, vocab))
        .raw()
        .toBuffer();
      expect({ label, differs: meanAbsDiff(raw.pixels, catalog) > 8 }).toEqual({ label, differs: true });
    }
  });

  it('makes blank photos near-uniform and keeps every photo within the WebP budget', async () => {
    const blanks = photos.filter((p) => p.label.kind === 'blank');
    expect(blanks.length).toBeGreaterThan(5);
    for (const { raw } of blanks) expect(pixelStd(raw.pixels)).toBeLessThan(8);
    const busy = photos.filter((p) => p.label.kind === 'noise' || p.label.kind === 'text').slice(0, 40);
    for (const { raw } of busy) expect((await encodeWebp(raw, 80, 2048)).length).toBeLessThanOrEqual(2048);
    const noise = photos.filter((p) => !p.label.relevant && p.label.kind === 'noise');
    for (const { raw } of noise) expect(pixelStd(raw.pixels)).toBeGreaterThan(20);
  });

  it('gives photos to about photoShare of products, leaving the reviews and their photos as they were', () => {
    const few = made.map((m) => ({ full: m, ...sut(m.product, 42, { ...allPhotos, photoShare: 0.2 }) }));
    const withPhotos = few.filter((f) => f.photos.size > 0);
    expect(withPhotos.length).toBeLessThan(made.filter((m) => m.photos.size > 0).length / 3);
    expect(withPhotos.length).toBeGreaterThan(0);
    const textOnly = (r: { reviews: DemoReview[] }) => r.reviews.map((x) => ({ ...x, photos: [] }));
    for (const f of few) {
      expect(textOnly(f)).toEqual(textOnly(f.full));
      if (f.photos.size > 0) expect(f.reviews).toEqual(f.full.reviews);
    }
  });
});
