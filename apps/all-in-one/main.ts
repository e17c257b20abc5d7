import 'reflect-metadata';
import { HostModule } from '#host';
import { runHttpApp } from '#http';
import { EncoderModule } from '#apps/encoder/src/encoder.module';
import { GeneratorModule } from '#apps/generator/src/generator.module';
import { IndexerModule } from '#apps/indexer/src/indexer.module';
import { AlbumsModule } from '#apps/search-api/src/albums/albums.module';
import { AssistantModule } from '#apps/search-api/src/assistant/assistant.module';
import { DemoModule } from '#apps/search-api/src/import/demo.module';
import { SearchApiModule } from '#apps/search-api/src/search-api.module';
import { SearchModule } from '#apps/search-api/src/search/search.module';

/** All four apps in one process on embedded defaults: SQLite, in-process bus, models in process. */
await runHttpApp({
  name: 'all-in-one',
  defaultPort: 3000,
  module: (config) =>
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
    }),
});
