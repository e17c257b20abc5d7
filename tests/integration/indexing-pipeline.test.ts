import { toCreateProduct } from '#apps/search-api/src/import/catalog-import.service';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { PRODUCTS_ALIAS } from '#catalog';
import { Topics, deadLetterTopic } from '#contracts';
import { EventBus, KafkaEventBus, OutboxMessageEntity, type ReceivedMessage } from '#messaging';
import { VectorStore } from '#vector-store';
import { bootPipeline } from './support/pipeline.js';
import type { httpClient } from './support/http.js';
import { demoProducts, productImage } from './support/images.js';
import { eventually, kafkaBrokers, quietLogger, testDatabaseUrl, unique } from './support/services.js';

const KEY = 'pipeline-test-admin-key-0123456789';

describe('Indexing pipeline: search-api → outbox → Kafka → indexer → vector store [kafka] [postgres]', () => {
  let searchApi: NestFastifyApplication;
  let indexer: NestFastifyApplication;
  let api: ReturnType<typeof httpClient>;
  let store: VectorStore;
  let probe: KafkaEventBus;
  const env = () => ({
    DATABASE_URL: testDatabaseUrl(),
    KAFKA_BROKERS: kafkaBrokers().join(','),
    ADMIN_API_KEY: KEY,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'shoplens-pipeline-')),
  });

  beforeAll(async () => {
    ({ searchApi, api, indexer } = await bootPipeline(env));
    store = indexer.get(VectorStore);
    probe = new KafkaEventBus({ brokers: kafkaBrokers(), clientId: unique('probe') }, quietLogger());
  });
  afterAll(async () => {
    await probe.close();
    await indexer.close();
    await searchApi.close();
  });

  const stored = async (ids: string[]) =>
    (await store.retrieve(PRODUCTS_ALIAS, ids)).map((p) => [p.id, p.version]);

  const createProducts = async (count: number) => {
    const ids: string[] = [];
    for (const source of demoProducts().slice(0, count)) {
      const id = unique(source.id);
      const res = await api.inject({
        method: 'POST',
        url: '/v1/products',
        headers: { authorization: `Bearer ${KEY}` },
        payload: { ...toCreateProduct(source, productImage(source)), id },
      });
      expect(res.statusCode).toBe(201);
      ids.push(id);
    }
    return ids;
  };

  it('indexes every written product exactly once, with its payload [kafka] [postgres]', async () => {
    const ids = await createProducts(30);
    await eventually(async () => ((await stored(ids)).length === 30 ? true : undefined), 60_000);
    const points = await store.retrieve(PRODUCTS_ALIAS, ids, { withVectors: true });
    expect(points.every((p) => p.vectors?.image && p.vectors?.text && p.version === 1)).toBe(true);
    expect(points[0].payload).toMatchObject({ category: expect.any(String), model_id: expect.any(String) });
  });

  it('applies updates and deletes in version order, and replays change nothing [kafka] [postgres]', async () => {
    const [kept, changed, removed] = await createProducts(3);
    await eventually(
      async () => ((await stored([kept, changed, removed])).length === 3 ? true : undefined),
      60_000,
    );
    const put = await api.inject({
      method: 'PUT',
      url: `/v1/products/${changed}`,
      headers: { authorization: `Bearer ${KEY}` },
      payload: {
        ...(await api.inject({ method: 'GET', url: `/v1/products/${changed}` })).json<
          Record<string, unknown>
        >(),
        id: undefined,
        version: undefined,
        in_stock: undefined,
        updated_at: undefined,
        review_count: undefined,
        reviews: undefined,
        images: [productImage(demoProducts()[5]).toString('base64')],
        stock: 0,
      },
    });
    expect(put.statusCode).toBe(200);
    expect(
      (
        await api.inject({
          method: 'DELETE',
          url: `/v1/products/${removed}`,
          headers: { authorization: `Bearer ${KEY}` },
        })
      ).statusCode,
    ).toBe(204);
    await eventually(async () => {
      const s = await stored([kept, changed, removed]);
      return s.length === 2 && s[1][1] === 2 ? s : undefined;
    }, 60_000);

    // Replay every event of these products, oldest first: the index must not move.
    const rows = await searchApi
      .get(DataSource)
      .getRepository(OutboxMessageEntity)
      .find({ order: { id: 'ASC' } });
    const replay = rows.filter((r) => [kept, changed, removed].includes(r.key));
    await probe.publish(replay.map((r) => ({ topic: r.topic, key: r.key, value: r.payload })));
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await stored([kept, changed, removed])).toEqual([
      [kept, 1],
      [changed, 2],
    ]);
    const [point] = await store.retrieve(PRODUCTS_ALIAS, [changed]);
    expect(point.payload.in_stock).toBe(false);
  });

  it('sends malformed events to the dead-letter topic with the reason, and keeps indexing [kafka] [postgres]', async () => {
    const dead: ReceivedMessage[] = [];
    await probe.subscribe({
      groupId: unique('dlq-reader'),
      topics: [deadLetterTopic(Topics.listings)],
      handler: async (batch) => void dead.push(...batch),
    });
    const poisonKey = unique('poison');
    await indexer.get(EventBus).publish([
      { topic: Topics.listings, key: poisonKey, value: '{not json' },
      {
        topic: Topics.listings,
        key: poisonKey,
        value: JSON.stringify({ type: 'listing.upserted', schema: 9 }),
      },
    ]);
    const [good] = await createProducts(1);
    await eventually(() => (dead.filter((m) => m.key === poisonKey).length === 2 ? true : undefined), 60_000);
    const reasons = dead.filter((m) => m.key === poisonKey).map((m) => m.headers?.['dlq-reason']);
    expect(reasons[0]).toBe('value is not JSON');
    expect(reasons[1]).toContain('schema');
    await eventually(async () => ((await stored([good])).length === 1 ? true : undefined), 60_000);
  });
});
