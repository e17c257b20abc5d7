import type { DynamicModule } from '@nestjs/common';
import type { LoadedConfig } from '#config';
import { HostModule } from '#host';
import { EncoderModule } from '#apps/encoder/src/encoder.module';
import { GeneratorModule } from '#apps/generator/src/generator.module';
import { IndexerModule } from '#apps/indexer/src/indexer.module';
import { AlbumsModule } from '#apps/search-api/src/albums/albums.module';
import { AssistantModule } from '#apps/search-api/src/assistant/assistant.module';
import { DemoModule } from '#apps/search-api/src/import/demo.module';
import { SearchApiModule } from '#apps/search-api/src/search-api.module';
import { SearchModule } from '#apps/search-api/src/search/search.module';

/**
 * All four apps in one process on embedded defaults: SQLite, in-process bus,
 * models in process (or at ENCODER_URL / GENERATOR_URL when set). The
 * all-in-one server and the abuse run boot exactly this.
 */
export const allInOneModule = (config: LoadedConfig): DynamicModule =>
  HostModule.build(config, {
    apps: [
      SearchApiModule,
      SearchModule,
      AssistantModule,
      AlbumsModule,
      EncoderModule,
      GeneratorModule,
      IndexerModule,
      DemoModule,
    ],
    database: true,
    messaging: { outbox: true },
    encoder: 'configured',
    generator: 'configured',
    vectorStore: true,
  });
