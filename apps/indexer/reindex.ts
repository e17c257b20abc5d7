import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadAllConfig } from '#config';
import { HostModule } from '#host';
import { ReindexService } from './src/listings/reindex.service.js';
import { IndexerModule } from './src/indexer.module.js';

// npm run reindex: embeds the catalog with the current ENCODER_MODEL into a new
// collection (progress bar), then switches the `products` alias to it atomically.
// Same DATABASE_URL / DATA_DIR / QDRANT_URL / ENCODER_URL as the running apps.
process.env.INDEXER_CONSUMERS = 'off';
const config = loadAllConfig();
const app = await NestFactory.createApplicationContext(
  HostModule.build(config, {
    apps: [IndexerModule],
    database: true,
    messaging: { outbox: false },
    encoder: 'configured',
    vectorStore: true,
  }),
  { logger: ['error', 'warn'] },
);
const report = await app.get(ReindexService).run({ progress: true });
process.stdout.write(
  `reindexed ${report.products} products into ${report.collection} (${report.points} points); ` +
    `alias products: ${report.previous ?? 'none'} → ${report.collection}\n`,
);
await app.close();
