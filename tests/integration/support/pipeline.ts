import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IndexerModule } from '#apps/indexer/src/indexer.module';
import { SearchApiModule } from '#apps/search-api/src/search-api.module';
import { HostModule } from '#host';
import { bootApp } from './app.js';
import type { httpClient } from './http.js';

export interface Pipeline {
  searchApi: NestFastifyApplication;
  api: ReturnType<typeof httpClient>;
  indexer: NestFastifyApplication;
}

/**
 * The distributed write path as two apps: search-api (its outbox relayed to
 * the bus) and the indexer (consumers, the model in process, the vector
 * store), both configured by `env` (DATABASE_URL, KAFKA_BROKERS, ...).
 * `searchApiEncoder` gives search-api a model too (routes that name the model).
 */
export async function bootPipeline(
  env: () => Record<string, string>,
  options: { searchApiEncoder?: boolean } = {},
): Promise<Pipeline> {
  const { app: searchApi, api } = await bootApp(
    'search-api',
    (c) =>
      HostModule.build(c, {
        apps: [SearchApiModule],
        database: true,
        messaging: { outbox: true },
        ...(options.searchApiEncoder ? { encoder: 'in-process' as const } : {}),
      }),
    env(),
  );
  const { app: indexer } = await bootApp(
    'indexer',
    (c) =>
      HostModule.build(c, {
        apps: [IndexerModule],
        database: true,
        messaging: { outbox: false },
        encoder: 'in-process',
        vectorStore: true,
      }),
    env(),
  );
  return { searchApi, api, indexer };
}
