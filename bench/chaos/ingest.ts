import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { repoRoot, type DemoProduct } from '#demo-catalog';

const catalogDir = join(repoRoot(), 'libs/demo-catalog/catalog');

/** Request bodies for `count` listings with ids `<prefix>-<i>`, cycling through the demo catalog. */
export function listingBodies(count: number, prefix: string): { id: string; body: string }[] {
  const catalog = readFileSync(join(catalogDir, 'products.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as DemoProduct);
  const images = new Map<string, Buffer>();
  return Array.from({ length: count }, (_, i) => {
    const source = catalog[i % catalog.length];
    let image = images.get(source.image);
    if (!image) images.set(source.image, (image = readFileSync(join(catalogDir, source.image))));
    const id = `${prefix}-${i}`;
    return { id, body: JSON.stringify({ ...toCreateProduct(source, image), id }) };
  });
}

export interface IngestProgress {
  written: number;
  retries: number;
}

/**
 * Writes every listing through POST /v1/products with `writers` in flight.
 * A failed write (the database or the app briefly away) is retried; a 409 on
 * a retry means the first attempt had landed.
 */
export async function ingest(
  url: string,
  adminKey: string,
  listings: { id: string; body: string }[],
  writers: number,
  progress: IngestProgress,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < listings.length; i = next++) {
        for (let attempt = 1; ; attempt++) {
          const status = await fetch(`${url}/v1/products`, {
            method: 'POST',
            headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
            body: listings[i].body,
          })
            .then(async (r) => {
              await r.arrayBuffer();
              return r.status;
            })
            .catch(() => 0);
          if (status === 201 || (status === 409 && attempt > 1)) break;
          if (attempt >= 20 || (status >= 400 && status < 500)) {
            throw new Error(`POST /v1/products ${listings[i].id} answered ${status} (attempt ${attempt})`);
          }
          progress.retries++;
          await new Promise((r) => setTimeout(r, 250 * attempt));
        }
        progress.written++;
      }
    }),
  );
}
