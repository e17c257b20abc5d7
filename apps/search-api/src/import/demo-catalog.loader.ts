import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreConfig } from '#config';
import { repoRoot } from '#demo-catalog';
import { CatalogImportService } from './catalog-import.service.js';

export const DEMO_CATALOG_PATH = join(repoRoot(), 'libs/demo-catalog/catalog/products.jsonl');
export const DEMO_REVIEWS_PATH = join(repoRoot(), 'libs/demo-catalog/catalog/reviews.jsonl');
const MARKER = 'demo-catalog.loaded';

/**
 * All-in-one only: loads the 2,000 demo products and their reviews in the background until a
 * complete load is recorded under DATA_DIR, so the server answers at once and
 * search results fill in as the indexer embeds them. The import is resumable:
 * a load cut short by a shutdown carries on at the next start.
 * DEMO_CATALOG=off skips it.
 */
@Injectable()
export class DemoCatalogLoader implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DemoCatalogLoader.name);
  private stopping = false;
  loading?: Promise<void>;

  constructor(
    private readonly importer: CatalogImportService,
    private readonly core: CoreConfig,
  ) {}

  onApplicationBootstrap(): void {
    const marker = join(this.core.dataDir, MARKER);
    if (!this.core.demoCatalog || existsSync(marker)) return;
    this.logger.log('loading the 2,000-product demo catalog and its reviews in the background');
    this.loading = this.importer
      .import(DEMO_CATALOG_PATH, { shouldStop: () => this.stopping })
      .then(async (products) => {
        if (!products.complete || products.failed.length > 0) return;
        // Reviews after products: each names its product. Their photos are scored by the indexer.
        const reviews = await this.importer.importReviews(DEMO_REVIEWS_PATH, {
          shouldStop: () => this.stopping,
        });
        if (reviews.complete && reviews.failed.length === 0)
          await writeFile(marker, `${new Date().toISOString()}\n`);
      })
      .catch((error: unknown) => this.logger.error(`demo catalog load failed: ${(error as Error).message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.loading;
  }
}
