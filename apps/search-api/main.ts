import 'reflect-metadata';
import { requireForDistributed } from '#config';
import { HostModule } from '#host';
import { runHttpApp } from '#http';
import { GeneratorModule } from '#apps/generator/src/generator.module';
import { AssistantModule } from './src/assistant/assistant.module.js';
import { AlbumsModule } from './src/albums/albums.module.js';
import { SearchApiModule } from './src/search-api.module.js';
import { SearchModule } from './src/search/search.module.js';

await runHttpApp({
  name: 'search-api',
  defaultPort: 3000,
  module: (config) => {
    requireForDistributed('search-api', ['DATABASE_URL', 'KAFKA_BROKERS', 'ADMIN_API_KEY']);
    return HostModule.build(config, {
      apps: [SearchApiModule, SearchModule, AssistantModule, GeneratorModule, AlbumsModule],
      database: true,
      messaging: { outbox: true },
      encoder: 'configured',
      generator: 'configured',
      vectorStore: true,
    });
  },
});
