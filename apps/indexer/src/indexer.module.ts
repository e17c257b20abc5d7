import { Module } from '@nestjs/common';
import { AlbumPhotosConsumer } from './albums/album-photos.consumer.js';
import { AlbumPhotosIndexer } from './albums/album-photos.indexer.js';
import { IndexerMetrics } from './indexer.metrics.js';
import { ListingsConsumer } from './listings/listings.consumer.js';
import { ListingsIndexer } from './listings/listings.indexer.js';
import { ReindexService } from './listings/reindex.service.js';
import { ReviewPhotoScorer } from './reviews/review-photo.scorer.js';
import { ReviewPhotosConsumer } from './reviews/review-photos.consumer.js';
import { ReviewPhotosIndexer } from './reviews/review-photos.indexer.js';

/** Kafka (or in-process) consumers that keep the vector store in step with the catalog and score review photos. */
@Module({
  providers: [
    IndexerMetrics,
    ListingsIndexer,
    ListingsConsumer,
    ReindexService,
    ReviewPhotoScorer,
    ReviewPhotosIndexer,
    ReviewPhotosConsumer,
    AlbumPhotosIndexer,
    AlbumPhotosConsumer,
  ],
  exports: [ListingsIndexer, ReindexService, ReviewPhotoScorer],
})
export class IndexerModule {}
