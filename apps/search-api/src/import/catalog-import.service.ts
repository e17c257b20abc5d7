import { Injectable, Logger } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { DataSource, In } from 'typeorm';
import { ProductEntity, ReviewEntity } from '#catalog';
import { ProgressBar } from '#cli';
import type { DemoProduct, DemoReview } from '#demo-catalog';
import type { CreateProductDto } from '../products/product.dto.js';
import { ProductsService } from '../products/products.service.js';
import { ReviewsService } from '../reviews/reviews.service.js';

export interface ImportReport {
  read: number;
  created: number;
  skipped: number;
  failed: { line: number; id?: string; reason: string }[];
}

const CHUNK = 100;

/** A product of a catalog file (products.jsonl) as the admin API's create body. */
export function toCreateProduct(product: DemoProduct, image: Buffer): CreateProductDto {
  return {
    id: product.id,
    title: product.title,
    description: product.description,
    category: product.category,
    colour: product.colour,
    brand: product.brand,
    price: product.price,
    currency: product.currency,
    rating: product.rating,
    stock: product.stock,
    images: [image.toString('base64')],
  };
}

/**
 * Imports a catalog folder (`products.jsonl` + the images it names, the
 * layout of libs/demo-catalog/catalog) through the same write path as the
 * admin API, so every product gets its outbox event. Resumable: products
 * whose id already exists are skipped, so an interrupted import simply runs
 * again.
 */
@Injectable()
export class CatalogImportService {
  private readonly logger = new Logger(CatalogImportService.name);

  constructor(
    private readonly products: ProductsService,
    private readonly reviews: ReviewsService,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Imports a catalog folder's `reviews.jsonl` (and the photos it names) with
   * the file's own review ids, through the same write path as shoppers'
   * reviews; reviews already present are skipped, so it resumes too.
   */
  async importReviews(
    jsonlPath: string,
    options: { progress?: boolean; shouldStop?: () => boolean } = {},
  ): Promise<ImportReport & { complete: boolean }> {
    const bar = options.progress ? new ProgressBar('reviews', await countLines(jsonlPath)) : undefined;
    const report: ImportReport = { read: 0, created: 0, skipped: 0, failed: [] };
    const lines = createInterface({ input: createReadStream(jsonlPath), crlfDelay: Infinity });
    let lineNo = 0;
    for await (const line of lines) {
      lineNo++;
      if (!line.trim()) continue;
      if (options.shouldStop?.()) {
        bar?.finish();
        return { ...report, complete: false };
      }
      report.read++;
      let review: DemoReview | undefined;
      try {
        review = JSON.parse(line) as DemoReview;
        if (await this.dataSource.getRepository(ReviewEntity).existsBy({ id: review.id })) {
          report.skipped++;
        } else {
          const photos = await Promise.all(
            review.photos.map((p) => readFile(join(dirname(jsonlPath), p.file))),
          );
          await this.reviews.create(
            review.product_id,
            {
              author: review.author,
              rating: review.rating,
              text: review.text,
              lang: review.lang,
              images: photos.map((b) => b.toString('base64')),
            },
            { id: review.id, createdAt: new Date(review.created_at) },
          );
          report.created++;
        }
      } catch (error) {
        report.failed.push({ line: lineNo, id: review?.id, reason: (error as Error).message });
      }
      bar?.tick();
    }
    bar?.finish();
    this.logger.log(
      `import of ${jsonlPath}: ${report.created} reviews created, ${report.skipped} already present, ${report.failed.length} failed`,
    );
    return { ...report, complete: true };
  }

  async import(
    jsonlPath: string,
    options: { progress?: boolean; shouldStop?: () => boolean } = {},
  ): Promise<ImportReport & { complete: boolean }> {
    const lines = await countLines(jsonlPath);
    const bar = options.progress ? new ProgressBar('import', lines) : undefined;
    const report: ImportReport = { read: 0, created: 0, skipped: 0, failed: [] };
    let chunk: { line: number; product: DemoProduct }[] = [];
    let lineNo = 0;
    for await (const line of createInterface({ input: createReadStream(jsonlPath), crlfDelay: Infinity })) {
      lineNo++;
      if (!line.trim()) continue;
      try {
        chunk.push({ line: lineNo, product: JSON.parse(line) as DemoProduct });
      } catch {
        report.failed.push({ line: lineNo, reason: 'not JSON' });
      }
      if (chunk.length === CHUNK) {
        if (options.shouldStop?.()) {
          bar?.finish();
          return { ...report, complete: false };
        }
        await this.importChunk(chunk, dirname(jsonlPath), report);
        bar?.tick(chunk.length);
        chunk = [];
      }
    }
    await this.importChunk(chunk, dirname(jsonlPath), report);
    bar?.tick(chunk.length);
    bar?.finish();
    this.logger.log(
      `import of ${jsonlPath}: ${report.created} created, ${report.skipped} already present, ${report.failed.length} failed`,
    );
    return { ...report, complete: true };
  }

  private async importChunk(
    chunk: { line: number; product: DemoProduct }[],
    dir: string,
    report: ImportReport,
  ): Promise<void> {
    if (chunk.length === 0) return;
    report.read += chunk.length;
    const present = new Set(
      (
        await this.dataSource
          .getRepository(ProductEntity)
          .find({ select: { id: true }, where: { id: In(chunk.map((c) => c.product.id).filter(Boolean)) } })
      ).map((p) => p.id),
    );
    for (const { line, product } of chunk) {
      if (present.has(product.id)) {
        report.skipped++;
        continue;
      }
      try {
        const image = await readFile(join(dir, product.image));
        await this.products.create(toCreateProduct(product, image));
        report.created++;
      } catch (error) {
        report.failed.push({ line, id: product.id, reason: (error as Error).message });
      }
    }
  }
}

async function countLines(path: string): Promise<number> {
  let count = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line.trim()) count++;
  }
  return count;
}
