import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource, In } from 'typeorm';
import { PRODUCTS_ALIAS, ProductEntity } from '#catalog';
import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { ProductsService } from '#apps/search-api/src/products/products.service';
import { SearchApiModule } from '#apps/search-api/src/search-api.module';
import { HostModule } from '#host';
import { KafkaEventBus, OutboxMessageEntity } from '#messaging';
import { EmbeddedVectorStore } from '#vector-store';
import { bootApp } from './support/app.js';
import { demoProducts, productImage } from './support/images.js';
import { startApp, type StartedApp } from './support/processes.js';
import { eventually, kafkaBrokers, quietLogger, testDatabaseUrl, unique } from './support/services.js';

const COUNT = 10_000;

/** 10,000 listings through Kafka into the index, then the whole stream again. */
describe('Indexer at volume: 10,000 listing events, then a replay [kafka] [postgres]', () => {
  let searchApi: NestFastifyApplication;
  const dataDir = mkdtempSync(join(tmpdir(), 'shoplens-volume-'));
  const env = {
    DATABASE_URL: testDatabaseUrl(),
    KAFKA_BROKERS: kafkaBrokers().join(','),
    DATA_DIR: dataDir,
    INDEXER_GROUP_ID: unique('indexer-volume'),
    LOG_LEVEL: 'info',
  };

  beforeAll(async () => {
    ({ app: searchApi } = await bootApp(
      'search-api',
      (c) => HostModule.build(c, { apps: [SearchApiModule], database: true, messaging: { outbox: true } }),
      { DATABASE_URL: env.DATABASE_URL, KAFKA_BROKERS: env.KAFKA_BROKERS, ADMIN_API_KEY: 'x'.repeat(20) },
    ));
  });
  afterAll(async () => {
    // Leave the shared test database as small as we found it: a later consumer
    // group that reads the topic from the beginning then finds these products
    // gone, which costs it a lookup instead of an embedding.
    const repo = searchApi.get(DataSource).getRepository(ProductEntity);
    for (let i = 0; i < ids.length; i += 1000) await repo.delete({ id: In(ids.slice(i, i + 1000)) });
    await searchApi.close();
  });

  const drained = (indexer: StartedApp) =>
    eventually(async () => {
      const text = await (await fetch(`${indexer.url}/metrics`)).text();
      const lag = /indexer_consumer_lag_messages\{topic="listings\.v1"\} (\d+)/.exec(text);
      return lag && Number(lag[1]) === 0 ? true : undefined;
    }, 400_000);

  const pointsFor = async (ids: string[]) => {
    const store = new EmbeddedVectorStore({ dataDir });
    try {
      const found = new Set<string>();
      for (let i = 0; i < ids.length; i += 1000) {
        for (const p of await store.retrieve(PRODUCTS_ALIAS, ids.slice(i, i + 1000))) found.add(p.id);
      }
      return { found: found.size, total: await store.count(PRODUCTS_ALIAS) };
    } finally {
      await store.close();
    }
  };

  const run = unique('vol');
  const ids = Array.from({ length: COUNT }, (_, i) => `${run}-${i}`);

  it('indexes exactly 10,000 points, and a replay of every event adds none [kafka] [postgres]', async () => {
    const catalog = demoProducts();
    const writer = searchApi.get(ProductsService);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < COUNT; i = next++) {
          const source = catalog[i % catalog.length];
          await writer.create({ ...toCreateProduct(source, productImage(source)), id: ids[i] });
        }
      }),
    );

    let indexer = await startApp('indexer', env, 120_000);
    await drained(indexer);
    expect(await indexer.stop()).toBe(0);
    const first = await pointsFor(ids);
    expect(first.found).toBe(COUNT);

    // Replay every event of these products onto the topic, then let the indexer catch up again.
    const rows = await searchApi
      .get(DataSource)
      .getRepository(OutboxMessageEntity)
      .find({ where: { key: In(ids) }, order: { id: 'ASC' } });
    expect(rows).toHaveLength(COUNT);
    const probe = new KafkaEventBus({ brokers: kafkaBrokers(), clientId: unique('replay') }, quietLogger());
    for (let i = 0; i < rows.length; i += 500) {
      await probe.publish(
        rows.slice(i, i + 500).map((r) => ({ topic: r.topic, key: r.key, value: r.payload })),
      );
    }
    await probe.close();
    indexer = await startApp('indexer', env, 120_000);
    await drained(indexer);
    expect(await indexer.stop()).toBe(0);
    const second = await pointsFor(ids);
    expect(second.found).toBe(COUNT);
    expect(second.total).toBe(first.total);
  }, 900_000);
});
