import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { REVIEW_PHOTOS_ALIAS } from '#catalog';
import { Topics, deadLetterTopic } from '#contracts';
import { repoRoot, type DemoReview } from '#demo-catalog';
import { KafkaEventBus, type ReceivedMessage } from '#messaging';
import { VectorStore } from '#vector-store';
import { bootPipeline } from './support/pipeline.js';
import type { httpClient } from './support/http.js';
import { demoProducts, productImage } from './support/images.js';
import { eventually, kafkaBrokers, quietLogger, testDatabaseUrl, unique } from './support/services.js';

const KEY = 'review-photos-test-admin-key-0123456789';
const admin = { authorization: `Bearer ${KEY}` };
const catalogDir = join(repoRoot(), 'libs/demo-catalog/catalog');

/** The first demo review with a photo of the product and one of something else. */
function mixedReview(): { review: DemoReview; good: number; bad: number } {
  for (const line of readFileSync(join(catalogDir, 'reviews.jsonl'), 'utf8').trim().split('\n')) {
    const review = JSON.parse(line) as DemoReview;
    const good = review.photos.findIndex((p) => p.relevant);
    const bad = review.photos.findIndex((p) => !p.relevant && p.kind === 'noise');
    if (good >= 0 && bad >= 0) return { review, good, bad };
  }
  throw new Error('the demo catalog has no review with both kinds of photo');
}

describe('Review photos: search-api → outbox → Kafka → indexer → PostgreSQL + vector store [kafka] [postgres]', () => {
  let searchApi: NestFastifyApplication;
  let indexer: NestFastifyApplication;
  let api: ReturnType<typeof httpClient>;
  let probe: KafkaEventBus;
  const env = () => ({
    DATABASE_URL: testDatabaseUrl(),
    KAFKA_BROKERS: kafkaBrokers().join(','),
    ADMIN_API_KEY: KEY,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'shoplens-review-photos-')),
    INDEXER_GROUP_ID: unique('review-photos'),
  });

  beforeAll(async () => {
    ({ searchApi, api, indexer } = await bootPipeline(env, { searchApiEncoder: true }));
    probe = new KafkaEventBus({ brokers: kafkaBrokers(), clientId: unique('probe') }, quietLogger());
  });
  afterAll(async () => {
    await probe?.close();
    await indexer?.close();
    await searchApi?.close();
  });

  it('scores a posted review, applies an override, and dead-letters a malformed event [kafka] [postgres]', async () => {
    const dead: ReceivedMessage[] = [];
    await probe.subscribe({
      groupId: unique('dlq-reader'),
      topics: [deadLetterTopic(Topics.reviews)],
      handler: async (batch) => void dead.push(...batch),
    });
    const poisonKey = unique('poison');
    await probe.publish([
      { topic: Topics.reviews, key: poisonKey, value: JSON.stringify({ type: 'review.deleted' }) },
    ]);

    const { review, good, bad } = mixedReview();
    const source = demoProducts().find((p) => p.id === review.product_id)!;
    const id = unique(source.id);
    const created = await api.inject({
      method: 'POST',
      url: '/v1/products',
      headers: admin,
      payload: {
        ...source,
        id,
        image: undefined,
        source: undefined,
        images: [productImage(source).toString('base64')],
      },
    });
    expect(created.statusCode).toBe(201);
    const posted = await api.inject({
      method: 'POST',
      url: `/v1/products/${id}/reviews`,
      payload: {
        author: review.author,
        rating: review.rating,
        text: review.text,
        images: [good, bad].map((i) =>
          readFileSync(join(catalogDir, review.photos[i].file)).toString('base64'),
        ),
      },
    });
    expect(posted.statusCode).toBe(201);
    const [goodId, badId] = posted.json<{ image_ids: number[] }>().image_ids;

    type Photo = { id: number; verdict: string | null; hidden: boolean; reasons: string[] };
    const photos = await eventually(async () => {
      const res = await api.inject({ method: 'GET', url: `/v1/products/${id}?include_hidden=true` });
      const list = res.json<{ reviews: { photos: Photo[] }[] }>().reviews[0]?.photos ?? [];
      return list.length === 2 && list.every((p) => p.verdict) ? list : undefined;
    }, 90_000);
    expect(photos.find((p) => p.id === goodId)).toMatchObject({ verdict: 'relevant', hidden: false });
    expect(photos.find((p) => p.id === badId)).toMatchObject({
      verdict: 'irrelevant',
      reasons: ['unlike_product'],
    });

    const queue = await api.inject({
      method: 'GET',
      url: '/v1/moderation/review-photos?verdict=irrelevant&limit=200',
      headers: admin,
    });
    expect(queue.statusCode).toBe(200);
    const override = await api.inject({
      method: 'POST',
      url: `/v1/moderation/review-photos/${badId}`,
      headers: admin,
      payload: { verdict: 'relevant' },
    });
    expect(override.statusCode).toBe(200);
    const store = indexer.get(VectorStore);
    await eventually(async () => {
      const [point] = await store.retrieve(REVIEW_PHOTOS_ALIAS, [String(badId)]);
      return point?.payload.verdict === 'relevant' && point.payload.model_verdict === 'irrelevant'
        ? true
        : undefined;
    }, 60_000);
    const calibration = await api.inject({
      method: 'POST',
      url: '/v1/moderation/review-photos/calibration',
      headers: admin,
    });
    expect(calibration.statusCode).toBe(200);
    expect(calibration.json<{ unchanged: string[] }>().unchanged).toContain(source.category);

    await eventually(() => (dead.some((m) => m.key === poisonKey) ? true : undefined), 60_000);
    expect(dead.find((m) => m.key === poisonKey)!.headers?.['dlq-reason']).toContain('type');
  });
});
