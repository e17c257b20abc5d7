import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ListingsIndexer } from '#apps/indexer/src/listings/listings.indexer';
import { PRODUCTS_ALIAS } from '#catalog';
import { VectorStore } from '#vector-store';
import type { httpClient } from './support/http.js';
import { demoProducts, productImage } from './support/images.js';
import { bootPipeline } from './support/pipeline.js';
import { eventually, kafkaBrokers, testDatabaseUrl, unique } from './support/services.js';

const KEY = 'consumer-crash-admin-key-0123456789';

interface Readiness {
  status: string;
  components: Record<
    string,
    { status: string; details?: { consumers_not_running?: string[]; brokers?: number } }
  >;
}

/**
 * The reported defect: a listings consumer that crashed on an unexpected
 * error (kafkajs gives up on a TypeError) stayed dead while the indexer
 * answered ready. Now the bus restarts it, and readiness says so meanwhile.
 */
describe('Indexer: a crashed consumer is restarted, and readiness tells [kafka] [postgres]', () => {
  const groupId = unique('indexer-crash');
  const previousGroup = process.env.INDEXER_GROUP_ID;
  let searchApi: NestFastifyApplication;
  let indexer: NestFastifyApplication;
  let api: ReturnType<typeof httpClient>;
  let indexerUrl: string;

  beforeAll(async () => {
    process.env.INDEXER_GROUP_ID = groupId;
    ({ searchApi, api, indexer } = await bootPipeline(() => ({
      DATABASE_URL: testDatabaseUrl(),
      KAFKA_BROKERS: kafkaBrokers().join(','),
      ADMIN_API_KEY: KEY,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'shoplens-consumer-crash-')),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    })));
    const { port } = indexer.getHttpServer().address() as { port: number };
    indexerUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await indexer?.close();
    await searchApi?.close();
    if (previousGroup === undefined) delete process.env.INDEXER_GROUP_ID;
    else process.env.INDEXER_GROUP_ID = previousGroup;
  });

  const readiness = async () => {
    const res = await fetch(`${indexerUrl}/health/ready`);
    return { code: res.status, body: (await res.json()) as Readiness };
  };
  const metric = async (name: string) => {
    const text = await (await fetch(`${indexerUrl}/metrics`)).text();
    const match = new RegExp(`^${name}\\{group="${groupId}"\\} (\\d+)`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  };

  it('reports 503 naming the group while it is down, then restarts it and indexes the pending product [kafka] [postgres]', async () => {
    expect((await readiness()).code).toBe(200);

    // A bug that the next deployment fixes: every delivery throws a TypeError until `fixed`.
    const listings = indexer.get(ListingsIndexer);
    const handle = listings.handle.bind(listings);
    let fixed = false;
    let crashedDeliveries = 0;
    listings.handle = async (batch) => {
      if (fixed) return handle(batch);
      crashedDeliveries++;
      return (undefined as unknown as { handle: typeof handle }).handle(batch);
    };

    const source = demoProducts()[0];
    const id = unique(source.id);
    const created = await api.inject({
      method: 'POST',
      url: '/v1/products',
      headers: { authorization: `Bearer ${KEY}` },
      payload: { ...toCreateProduct(source, productImage(source)), id },
    });
    expect(created.statusCode).toBe(201);

    const down = await eventually(async () => {
      const r = await readiness();
      return r.code === 503 ? r : undefined;
    }, 60_000);
    expect(down.body.status).toBe('degraded');
    expect(down.body.components.event_bus.status).toBe('down');
    expect(down.body.components.event_bus.details?.consumers_not_running).toEqual([groupId]);
    // The broker itself answers: it is the consumer that is down.
    expect(down.body.components.event_bus.details?.brokers).toBeGreaterThanOrEqual(1);
    expect(crashedDeliveries).toBeGreaterThanOrEqual(1);
    expect(await metric('event_bus_consumer_crashes_total')).toBeGreaterThanOrEqual(1);

    fixed = true;
    const store = indexer.get(VectorStore);
    await eventually(
      async () => ((await store.retrieve(PRODUCTS_ALIAS, [id])).length === 1 ? true : undefined),
      90_000,
    );
    await eventually(async () => ((await readiness()).code === 200 ? true : undefined), 30_000);
    expect(await metric('event_bus_consumer_restarts_total')).toBeGreaterThanOrEqual(1);
    expect(await metric('event_bus_consumer_running')).toBe(1);
  });
});
