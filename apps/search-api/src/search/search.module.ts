import { Module } from '@nestjs/common';
import { CatalogReader } from './catalog.reader.js';
import { EventLoopDelay } from './event-loop-delay.js';
import { PhotoCategoryGuesser } from './photo-category.js';
import { ProductRanker } from './product.ranker.js';
import { SearchResultsCache } from './search-results.cache.js';
import { SearchAdmission, SearchAdmissionInterceptor } from './search-admission.js';
import { SearchController } from './search.controller.js';
import { SearchService } from './search.service.js';

/**
 * Product search. Needs the encoder and the vector store besides the catalog
 * database, so hosts add it next to SearchApiModule where those exist.
 */
@Module({
  controllers: [SearchController],
  providers: [
    SearchService,
    ProductRanker,
    CatalogReader,
    SearchResultsCache,
    PhotoCategoryGuesser,
    EventLoopDelay,
    SearchAdmission,
    SearchAdmissionInterceptor,
  ],
  exports: [SearchService],
})
export class SearchModule {}
