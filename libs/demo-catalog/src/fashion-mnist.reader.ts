import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const FASHION_MNIST_DIR = process.env.FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist';
export type Split = 'train' | 'test';

export interface FashionMnist {
  split: Split;
  count: number;
  /** 28×28 grey values, 0 = background. */
  image(index: number): Uint8Array;
  label(index: number): number;
}

const IMAGE_MAGIC = 0x00000803;
const LABEL_MAGIC = 0x00000801;

function readIdx(path: string): Buffer {
  for (const candidate of [path, `${path}.gz`]) {
    try {
      const raw = readFileSync(candidate);
      return candidate.endsWith('.gz') ? gunzipSync(raw) : raw;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(
    `Fashion-MNIST file ${path}(.gz) not found: apt-get install dataset-fashion-mnist, or set FASHION_MNIST_DIR`,
  );
}

/** Reads the IDX files of one split (gzipped or not) as Debian's dataset-fashion-mnist ships them. */
export function readFashionMnist(split: Split, dir = FASHION_MNIST_DIR): FashionMnist {
  const prefix = split === 'train' ? 'train' : 't10k';
  const images = readIdx(join(dir, `${prefix}-images-idx3-ubyte`));
  const labels = readIdx(join(dir, `${prefix}-labels-idx1-ubyte`));
  if (images.readUInt32BE(0) !== IMAGE_MAGIC || labels.readUInt32BE(0) !== LABEL_MAGIC) {
    throw new Error(`Fashion-MNIST ${split}: not IDX image/label files`);
  }
  const count = images.readUInt32BE(4);
  const [rows, cols] = [images.readUInt32BE(8), images.readUInt32BE(12)];
  if (rows !== 28 || cols !== 28 || labels.readUInt32BE(4) !== count) {
    throw new Error(`Fashion-MNIST ${split}: unexpected shape ${count}×${rows}×${cols}`);
  }
  const size = rows * cols;
  return {
    split,
    count,
    image: (index) => new Uint8Array(images.buffer, images.byteOffset + 16 + index * size, size),
    label: (index) => labels[8 + index],
  };
}
