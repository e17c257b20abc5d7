import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAlbum } from './album.builder.js';
import type { AlbumPhoto } from './album.factory.js';
import { buildCatalog, type BuildOptions } from './catalog.builder.js';
import type { DemoReview } from './review.factory.js';

const files = (dir: string): Record<string, Buffer> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const path = join(e.parentPath, e.name);
        return [path.slice(dir.length), readFileSync(path)];
      }),
  );
const lines = <T>(path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);

describe(buildCatalog.name, () => {
  const root = mkdtempSync(join(tmpdir(), 'demo-catalog-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const options = (outDir: string, reviews?: BuildOptions['reviews']): BuildOptions => ({
    split: 'train',
    offset: 0,
    count: 15,
    seed: 42,
    outDir: join(root, outDir),
    reviews,
  });

  it('writes the same bytes for the same seed, and the same products with or without reviews', async () => {
    await buildCatalog(options('a', { photoShare: 1 }));
    await buildCatalog(options('b', { photoShare: 1 }));
    await buildCatalog(options('plain'));
    const [a, b, plain] = ['a', 'b', 'plain'].map((d) => files(join(root, d)));
    expect(a).toEqual(b);
    for (const [path, bytes] of Object.entries(plain)) expect(a[path]).toEqual(bytes);
    const reviews = lines<DemoReview>(join(root, 'a/reviews.jsonl'));
    const photos = reviews.flatMap((r) => r.photos.map((p) => `/${p.file}`));
    expect(photos.length).toBeGreaterThan(5);
    expect(
      Object.keys(a)
        .filter((f) => f.startsWith('/review-images/'))
        .sort(),
    ).toEqual(photos.sort());
    for (const photo of photos) expect(a[photo].subarray(8, 12).toString()).toBe('WEBP');
  });

  it('writes a labelled album from images outside the products', async () => {
    const outDir = join(root, 'album');
    await buildAlbum({ split: 'test', count: 6, seed: 42, outDir, offset: 0, products: 100 });
    const album = lines<AlbumPhoto>(join(outDir, 'album.jsonl'));
    expect(album).toHaveLength(6);
    for (const photo of album) {
      expect(photo.source.index).toBeGreaterThanOrEqual(100);
      expect(readFileSync(join(outDir, photo.file)).subarray(8, 12).toString()).toBe('WEBP');
    }
  });
});
