import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { loadAllConfig } from '#config';
import { HostModule } from '#host';
import { CatalogImportService } from './src/import/catalog-import.service.js';
import { DEMO_CATALOG_PATH } from './src/import/demo-catalog.loader.js';
import { SearchApiModule } from './src/search-api.module.js';

// npm run catalog:import -- [--file path/to/products.jsonl]   (default: the demo catalog)
// Writes to the database of DATABASE_URL / DATA_DIR; the running server's outbox
// relay (or this command's, with Kafka) publishes the events, and the indexer embeds.
const { values } = parseArgs({ options: { file: { type: 'string', default: DEMO_CATALOG_PATH } } });
const config = loadAllConfig();
const app = await NestFactory.createApplicationContext(
  HostModule.build(config, {
    apps: [SearchApiModule],
    database: true,
    messaging: { outbox: true, relay: config.messaging.target.kind === 'kafka' },
  }),
  { logger: ['error', 'warn'] },
);
const importer = app.get(CatalogImportService);
const reviewsFile = join(dirname(values.file!), 'reviews.jsonl');
const reports = [{ file: values.file!, report: await importer.import(values.file!, { progress: true }) }];
// A catalog folder with reviews (the demo catalog's layout) brings them too.
if (existsSync(reviewsFile)) {
  reports.push({ file: reviewsFile, report: await importer.importReviews(reviewsFile, { progress: true }) });
}
for (const { file, report } of reports) {
  for (const failure of report.failed.slice(0, 20)) {
    process.stderr.write(
      `${file} line ${failure.line}${failure.id ? ` (${failure.id})` : ''}: ${failure.reason}\n`,
    );
  }
  process.stdout.write(
    `imported ${file}: ${report.created} created, ${report.skipped} already present, ${report.failed.length} failed\n`,
  );
}
await app.close();
process.exit(reports.some((r) => r.report.failed.length > 0) ? 1 : 0);
