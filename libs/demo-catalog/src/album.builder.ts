import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProgressBar } from '#cli';
import { albumIndices, makeAlbumPhoto, type AlbumPhoto } from './album.factory.js';
import { readFashionMnist, type Split } from './fashion-mnist.reader.js';
import { encodeWebp } from './raster.js';
import { vocabulary } from './vocabulary.js';

export interface AlbumOptions {
  split: Split;
  count: number;
  seed: number;
  outDir: string;
  /** The catalog's slice [offset, offset + products) of the split, left out where possible. */
  offset: number;
  products: number;
  progress?: boolean;
}

/** Writes `album.jsonl` and `album/<id>.webp`: labelled phone photos for album search quality. */
export async function buildAlbum(options: AlbumOptions): Promise<AlbumPhoto[]> {
  const vocab = vocabulary();
  const data = readFashionMnist(options.split);
  const end = Math.min(data.count, options.offset + options.products);
  const indices = albumIndices(data.count, options.offset, end, options.count, options.seed);
  await rm(join(options.outDir, 'album'), { recursive: true, force: true });
  await mkdir(join(options.outDir, 'album'), { recursive: true });
  const bar = options.progress ? new ProgressBar(`album ${options.split}`, indices.length) : undefined;
  const photos: AlbumPhoto[] = [];
  for (const index of indices) {
    const { photo, raw } = makeAlbumPhoto(
      vocab,
      options.split,
      index,
      data.image(index),
      data.label(index),
      options.seed,
    );
    await writeFile(join(options.outDir, photo.file), await encodeWebp(raw));
    photos.push(photo);
    bar?.tick();
  }
  bar?.finish();
  await writeFile(join(options.outDir, 'album.jsonl'), photos.map((p) => JSON.stringify(p) + '\n').join(''));
  return photos;
}
