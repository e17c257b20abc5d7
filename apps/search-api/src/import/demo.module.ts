import { Module } from '@nestjs/common';
import { SearchApiModule } from '../search-api.module.js';
import { DemoCatalogLoader } from './demo-catalog.loader.js';

/** All-in-one only: the first start loads the demo catalog. */
@Module({ imports: [SearchApiModule], providers: [DemoCatalogLoader] })
export class DemoModule {}
