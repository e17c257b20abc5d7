import { Module } from '@nestjs/common';
import { OutboxAdminController } from './outbox-admin.controller.js';
import { ProductsController } from './products/products.controller.js';
import { ProductsService } from './products/products.service.js';
import { CatalogImportService } from './import/catalog-import.service.js';
import { ReviewRateLimitGuard } from './reviews/rate-limit.guard.js';
import { ReviewsController } from './reviews/reviews.controller.js';
import { ReviewsService } from './reviews/reviews.service.js';
import { WebController } from './web/web.controller.js';

/** The catalog API (admin writes, product pages, reviews) and the web pages; search is SearchModule. */
@Module({
  controllers: [OutboxAdminController, ProductsController, ReviewsController, WebController],
  providers: [ProductsService, CatalogImportService, ReviewsService, ReviewRateLimitGuard],
  exports: [ProductsService, CatalogImportService],
})
export class SearchApiModule {}
