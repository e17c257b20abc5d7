import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { repoRoot, type DemoProduct } from '#demo-catalog';

const catalogDir = join(repoRoot(), 'libs/demo-catalog/catalog');

export function demoProducts(): DemoProduct[] {
  return readFileSync(join(catalogDir, 'products.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as DemoProduct);
}

export const productImage = (product: DemoProduct): Buffer => readFileSync(join(catalogDir, product.image));

export const findProducts = (category: string, colour: string, count: number): DemoProduct[] =>
  demoProducts()
    .filter((p) => p.category === category && p.colour === colour)
    .slice(0, count);

/** A solid PNG of the given size: tiny on disk, huge in pixels when asked. */
export const solidPng = (width: number, height: number): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: '#c03030' } })
    .png({ compressionLevel: 9 })
    .toBuffer();
