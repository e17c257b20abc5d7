import { Module } from '@nestjs/common';
import { OutboxAdminController } from './outbox-admin.controller.js';
import { ProductsController } from './products/products.controller.js';
import { ProductsService } from './products/products.service.js';
import { CatalogImportService } from './import/catalog-import.service.js';

/** Public search API, admin writes and the web pages (search and catalog arrive with their issues). */
@Module({
  controllers: [OutboxAdminController, ProductsController],
  providers: [ProductsService, CatalogImportService],
  exports: [ProductsService, CatalogImportService],
})
export class SearchApiModule {}
