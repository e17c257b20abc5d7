import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PRODUCTS_ALIAS } from '#catalog';
import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { ProductsService } from '#apps/search-api/src/products/products.service';
import { SearchApiModule } from '#apps/search-api/src/search-api.module';
import { HostModule } from '#host';
import { EmbeddedVectorStore } from '#vector-store';
import { bootApp } from './support/app.js';
import { demoProducts, productImage } from './support/images.js';
import { startApp, type StartedApp } from './support/processes.js';
import { eventually, kafkaBrokers, testDatabaseUrl, unique } from './support/services.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function metric(app: StartedApp, pattern: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${app.url}/metrics`)).text().catch(() => '');
  const match = pattern.exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * The indexer as its own process against the real Kafka and PostgreSQL, with
 * the encoder as another process: killed with SIGKILL mid-stream, and with the
 * encoder gone for 30 s. Afterwards every product must be in the index once.
 */
describe('Indexer faults: kill -9 mid-stream, encoder down for 30 s [kafka] [postgres]', () => {
  let searchApi: NestFastifyApplication;
  let encoder: StartedApp;
  let encoderPort: number;
  const indexerDataDir = mkdtempSync(join(tmpdir(), 'shoplens-faults-'));
  const env = {
    DATABASE_URL: testDatabaseUrl(),
    KAFKA_BROKERS: kafkaBrokers().join(','),
    DATA_DIR: indexerDataDir,
    INDEXER_GROUP_ID: unique('indexer-faults'),
    LOG_LEVEL: 'info',
  };
  const startIndexer = () => startApp('indexer', { ...env, ENCODER_URL: `http://127.0.0.1:${encoderPort}` });
  const startEncoder = () => startApp('encoder', { PORT: String(encoderPort), LOG_LEVEL: 'info' });
  const lagIsZero = (indexer: StartedApp) =>
    eventually(async () => {
      const lag = await metric(indexer, /indexer_consumer_lag_messages\{topic="listings\.v1"\} (\d+)/);
      return lag === 0 ? true : undefined;
    }, 180_000);

  const write = async (count: number, offset: number) => {
    const ids: string[] = [];
    for (const p of demoProducts().slice(offset, offset + count)) {
      const id = unique(p.id);
      await searchApi.get(ProductsService).create({ ...toCreateProduct(p, productImage(p)), id });
      ids.push(id);
    }
    return ids;
  };

  const indexed = async (ids: string[]) => {
    const store = new EmbeddedVectorStore({ dataDir: indexerDataDir });
    try {
      return (await store.retrieve(PRODUCTS_ALIAS, ids)).map((p) => p.id);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    ({ app: searchApi } = await bootApp(
      'search-api',
      (c) => HostModule.build(c, { apps: [SearchApiModule], database: true, messaging: { outbox: true } }),
      { DATABASE_URL: env.DATABASE_URL, KAFKA_BROKERS: env.KAFKA_BROKERS, ADMIN_API_KEY: 'x'.repeat(20) },
    ));
    encoderPort = await freePort();
    encoder = await startEncoder();
  });
  afterAll(async () => {
    await encoder.stop();
    await searchApi.close();
  });

  it('loses nothing when the indexer is killed with SIGKILL mid-stream [kafka] [postgres]', async () => {
    let indexer = await startIndexer();
    const ids = await write(300, 0);
    await eventually(async () => {
      const done = await metric(
        indexer,
        /indexer_messages_total\{topic="listings\.v1",outcome="indexed"\} (\d+)/,
      );
      return done !== undefined && done >= 20 ? true : undefined;
    }, 120_000);
    indexer.child.kill('SIGKILL');
    await indexer.stop();

    indexer = await startIndexer();
    await lagIsZero(indexer);
    expect(await indexer.stop()).toBe(0);
    const found = await indexed(ids);
    expect(found).toHaveLength(300);
    expect(new Set(found).size).toBe(300);
  });

  it('retries while the encoder is down for 30 s, then indexes everything [kafka] [postgres]', async () => {
    const indexer = await startIndexer();
    try {
      expect(await encoder.stop()).toBe(0);
      const ids = await write(40, 300);
      await new Promise((r) => setTimeout(r, 30_000));
      expect(
        await metric(indexer, /indexer_consumer_lag_messages\{topic="listings\.v1"\} (\d+)/),
      ).toBeGreaterThan(0);
      encoder = await startEncoder();
      await lagIsZero(indexer);
      expect(await indexer.stop()).toBe(0);
      expect(await indexed(ids)).toHaveLength(40);
    } finally {
      await indexer.stop();
    }
  }, 300_000);
});
