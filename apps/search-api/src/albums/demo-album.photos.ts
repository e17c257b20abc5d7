import {
  albumIndices,
  encodeWebp,
  makeAlbumPhoto,
  readFashionMnist,
  vocabulary,
  type AlbumPhoto,
  type Split,
} from '#demo-catalog';

/** The demo album's seed: the same photos on every machine. */
export const DEMO_ALBUM_SEED = 7;

export interface GeneratedAlbumPhoto {
  label: AlbumPhoto;
  bytes: Buffer;
}

/**
 * Phone photos of Fashion-MNIST **test-split** garments (never trained on):
 * photos [skip, skip + count) of a seeded shuffle that is prefix-stable, so a
 * seeding cut short carries on where it stopped.
 */
export function testSplitAlbumPhotos(
  count: number,
  seed = DEMO_ALBUM_SEED,
  skip = 0,
): AsyncGenerator<GeneratedAlbumPhoto> {
  const indices = albumIndices(readFashionMnist('test').count, 0, 0, skip + count, seed).slice(skip);
  return albumPhotosOf('test', indices, seed);
}

/** The album photos of these images of a split, in this order (each deterministic from seed and index). */
export async function* albumPhotosOf(
  split: Split,
  indices: number[],
  seed = DEMO_ALBUM_SEED,
): AsyncGenerator<GeneratedAlbumPhoto> {
  const vocab = vocabulary();
  const data = readFashionMnist(split);
  for (const index of indices) {
    const { photo, raw } = makeAlbumPhoto(vocab, split, index, data.image(index), data.label(index), seed);
    yield { label: photo, bytes: await encodeWebp(raw) };
  }
}
