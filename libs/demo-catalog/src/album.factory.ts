import { BACKGROUND_KINDS, paintBackground } from './backgrounds.js';
import type { Split } from './fashion-mnist.reader.js';
import { addNoise, createRaster, drawGarment, rawPhoto, relight, type RawPhoto } from './raster.js';
import { between, pick, seededRandom, streamSeed } from './rng.js';
import type { Vocabulary } from './vocabulary.js';

/** A shopper's phone photo of a garment (one line of `album.jsonl`), labelled for album search quality. */
export interface AlbumPhoto {
  id: string;
  file: string;
  category: string;
  colour: string;
  source: { dataset: 'fashion-mnist'; split: Split; index: number };
  taken_at: string;
}

export const ALBUM_PHOTO_SIZE = 160;
const FIRST_DAY = Date.UTC(2024, 0, 1);
const SECONDS = 540 * 86_400;

/**
 * One album photo of Fashion-MNIST image (split, index), deterministic from
 * (seed, split, index): a random colour, on a plain, gradient or textured
 * surface, scale 0.6–1.0, off centre, rotated up to ±15°, brightness ±15 %,
 * a little sensor noise.
 */
export function makeAlbumPhoto(
  vocab: Vocabulary,
  split: Split,
  index: number,
  gray: Uint8Array,
  label: number,
  seed: number,
): { photo: AlbumPhoto; raw: RawPhoto } {
  const random = seededRandom(streamSeed(seed, `album:${split}:${index}`));
  const category = vocab.categories.find((c) => c.label === label);
  if (!category) throw new Error(`no category for Fashion-MNIST label ${label}`);
  const colour = pick(random, vocab.colours);
  const size = ALBUM_PHOTO_SIZE;
  const raster = createRaster(size);
  paintBackground(raster, random, pick(random, BACKGROUND_KINDS));
  const scale = between(random, 0.6, 1);
  const reach = ((1 - scale) / 2 + 0.05) * size;
  drawGarment(raster, gray, colour.rgb, vocab.tint, {
    scale,
    dx: between(random, -reach, reach),
    dy: between(random, -reach, reach),
    angle: (between(random, -15, 15) * Math.PI) / 180,
  });
  relight(raster, between(random, 0.85, 1.15), [1, 1, 1], between(random, 0, 0.2), random() * 2 * Math.PI);
  addNoise(raster, between(random, 1.5, 4), random);
  const id = `album-${split}-${String(index).padStart(5, '0')}`;
  const photo: AlbumPhoto = {
    id,
    file: `album/${id}.webp`,
    category: category.id,
    colour: colour.id,
    source: { dataset: 'fashion-mnist', split, index },
    taken_at: new Date(FIRST_DAY + Math.floor(random() * SECONDS) * 1000).toISOString(),
  };
  return { photo, raw: rawPhoto(raster) };
}

/**
 * Which images an album of `count` photos uses: a seeded shuffle of the
 * split's images outside the catalog's products [first, end), then, only if
 * those run out, of the products' own. A longer album starts with the same
 * images as a shorter one.
 */
export function albumIndices(
  splitSize: number,
  first: number,
  end: number,
  count: number,
  seed: number,
): number[] {
  if (count > splitSize) throw new Error(`album of ${count} photos: the split has ${splitSize} images`);
  const random = seededRandom(streamSeed(seed, 'album-indices'));
  const shuffle = (indices: number[]) => {
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [indices[i], indices[j]] = [indices[j], indices[i]];
    }
    return indices;
  };
  const all = Array.from({ length: splitSize }, (_v, i) => i);
  const outside = shuffle(all.filter((i) => i < first || i >= end));
  if (count <= outside.length) return outside.slice(0, count);
  return [...outside, ...shuffle(all.filter((i) => i >= first && i < end))].slice(0, count);
}
