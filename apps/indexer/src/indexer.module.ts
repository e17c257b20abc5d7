import { Module } from '@nestjs/common';
import { IndexerMetrics } from './indexer.metrics.js';
import { ListingsConsumer } from './listings/listings.consumer.js';
import { ListingsIndexer } from './listings/listings.indexer.js';
import { ReindexService } from './listings/reindex.service.js';

/** Kafka (or in-process) consumers that keep the vector store in step with the catalog. */
@Module({
  providers: [IndexerMetrics, ListingsIndexer, ListingsConsumer, ReindexService],
  exports: [ListingsIndexer, ReindexService],
})
export class IndexerModule {}
