import 'reflect-metadata';
import { requireForDistributed } from '#config';
import { HostModule } from '#host';
import { runHttpApp } from '#http';
import { IndexerModule } from './src/indexer.module.js';

await runHttpApp({
  name: 'indexer',
  defaultPort: 3003,
  module: (config) => {
    requireForDistributed('indexer', ['DATABASE_URL', 'KAFKA_BROKERS']);
    return HostModule.build(config, {
      apps: [IndexerModule],
      database: true,
      messaging: { outbox: false },
      encoder: 'configured',
      vectorStore: true,
    });
  },
});
