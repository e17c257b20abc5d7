import { Module } from '@nestjs/common';
import { DemoAlbumModule } from '../albums/demo-album.module.js';
import { SearchApiModule } from '../search-api.module.js';
import { DemoCatalogLoader } from './demo-catalog.loader.js';

/** All-in-one only: the first start loads the demo catalog; the demo user's album is seeded too. */
@Module({ imports: [SearchApiModule, DemoAlbumModule], providers: [DemoCatalogLoader] })
export class DemoModule {}
