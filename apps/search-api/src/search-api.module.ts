import { Module } from '@nestjs/common';
import { CalibrationService } from './moderation/calibration.service.js';
import { ModerationController } from './moderation/moderation.controller.js';
import { ModerationService } from './moderation/moderation.service.js';
import { OutboxAdminController } from './outbox-admin.controller.js';
import { ProductsController } from './products/products.controller.js';
import { ProductsService } from './products/products.service.js';
import { CatalogImportService } from './import/catalog-import.service.js';
import { ProductReviewsReader } from './reviews/product-reviews.reader.js';
import { ReviewPhotosController } from './reviews/review-photos.controller.js';
import { ReviewsController } from './reviews/reviews.controller.js';
import { ReviewsService } from './reviews/reviews.service.js';
import { WebController } from './web/web.controller.js';

/** The catalog API (admin writes, product pages, reviews, moderation) and the web pages; search is SearchModule. */
@Module({
  controllers: [
    OutboxAdminController,
    ProductsController,
    ReviewsController,
    ReviewPhotosController,
    ModerationController,
    WebController,
  ],
  providers: [
    ProductsService,
    CatalogImportService,
    ReviewsService,
    ProductReviewsReader,
    ModerationService,
    CalibrationService,
  ],
  exports: [ProductsService, CatalogImportService],
})
export class SearchApiModule {}
