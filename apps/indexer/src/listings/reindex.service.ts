import { Injectable } from '@nestjs/common';
import { DataSource, MoreThan } from 'typeorm';
import { ProgressBar } from '#cli';
import { EncoderPort } from '#embedding';
import { VectorStore } from '#vector-store';
import { ListingsIndexer } from './listings.indexer.js';
import { PRODUCTS_ALIAS, ProductEntity, productCollectionSpec } from '#catalog';

const PAGE = 128;

export interface ReindexReport {
  collection: string;
  previous?: string;
  products: number;
  points: number;
}

/**
 * Embeds the whole catalog with the current model into that model's own
 * collection, then points the `products` alias at it in one step. Searches
 * read the alias, so they use the old vectors until the new ones are complete.
 */
@Injectable()
export class ReindexService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly encoder: EncoderPort,
    private readonly store: VectorStore,
    private readonly indexer: ListingsIndexer,
  ) {}

  async run(options: { progress?: boolean } = {}): Promise<ReindexReport> {
    const spec = productCollectionSpec(await this.encoder.model());
    await this.store.ensureCollection(spec);
    const previous = (await this.store.listCollections()).find((c) =>
      c.aliases.includes(PRODUCTS_ALIAS),
    )?.name;
    const repo = this.dataSource.getRepository(ProductEntity);
    const total = await repo.count();
    const bar = options.progress ? new ProgressBar(`reindex → ${spec.name}`, total) : undefined;
    let after = '';
    for (;;) {
      const page = await repo.find({
        select: { id: true },
        where: { id: MoreThan(after) },
        order: { id: 'ASC' },
        take: PAGE,
      });
      if (page.length === 0) break;
      await this.indexer.indexInto(
        spec.name,
        page.map((p) => p.id),
      );
      after = page[page.length - 1].id;
      bar?.tick(page.length);
    }
    bar?.finish();
    await this.store.switchAlias(PRODUCTS_ALIAS, spec.name);
    return { collection: spec.name, previous, products: total, points: await this.store.count(spec.name) };
  }
}
