import {
  albumIndices,
  encodeWebp,
  makeAlbumPhoto,
  readFashionMnist,
  vocabulary,
  type AlbumPhoto,
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
export async function* testSplitAlbumPhotos(
  count: number,
  seed = DEMO_ALBUM_SEED,
  skip = 0,
): AsyncGenerator<GeneratedAlbumPhoto> {
  const vocab = vocabulary();
  const data = readFashionMnist('test');
  for (const index of albumIndices(data.count, 0, 0, skip + count, seed).slice(skip)) {
    const { photo, raw } = makeAlbumPhoto(vocab, 'test', index, data.image(index), data.label(index), seed);
    yield { label: photo, bytes: await encodeWebp(raw) };
  }
}
