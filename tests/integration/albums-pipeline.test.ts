import { DataSource } from 'typeorm';
import type { SyncPage } from '#album-sync-client';
import { AlbumPhotoEntity } from '#catalog';
import { Topics, deadLetterTopic } from '#contracts';
import { KafkaEventBus, type ReceivedMessage } from '#messaging';
import {
  bearer,
  bootAlbumStack,
  createUser,
  testSplitAlbum,
  uploadPhoto,
  type AlbumStack,
  type LabelledPhoto,
} from './support/albums.js';
import { eventually, kafkaBrokers, quietLogger, testDatabaseUrl, unique } from './support/services.js';

describe('Album photos: search-api → outbox → Kafka → indexer → PostgreSQL + vector store [kafka] [postgres]', () => {
  let stack: AlbumStack;
  let probe: KafkaEventBus;
  let photos: LabelledPhoto[];

  beforeAll(async () => {
    photos = await testSplitAlbum(12, 11);
    stack = await bootAlbumStack({
      DATABASE_URL: testDatabaseUrl(),
      KAFKA_BROKERS: kafkaBrokers().join(','),
      INDEXER_GROUP_ID: unique('albums'),
    });
    probe = new KafkaEventBus({ brokers: kafkaBrokers(), clientId: unique('probe') }, quietLogger());
  });
  afterAll(async () => {
    await probe?.close();
    await stack?.app.close();
  });

  const embedded = (ids: number[]) =>
    eventually(async () => {
      const rows = await stack.app
        .get(DataSource)
        .getRepository(AlbumPhotoEntity)
        .find({
          select: { id: true, vectorScale: true },
          where: ids.map((id) => ({ id })),
        });
      return rows.filter((r) => r.vectorScale !== null).length === ids.length ? true : undefined;
    }, 90_000);

  it('embeds concurrent uploads in change order, syncs them, and dead-letters a malformed event [kafka] [postgres]', async () => {
    const dead: ReceivedMessage[] = [];
    await probe.subscribe({
      groupId: unique('dlq-reader'),
      topics: [deadLetterTopic(Topics.albumPhotos)],
      handler: async (batch) => void dead.push(...batch),
    });
    const poisonKey = unique('poison');
    await probe.publish([
      { topic: Topics.albumPhotos, key: poisonKey, value: JSON.stringify({ type: 'album-photo.moved' }) },
    ]);

    const user = await createUser(stack.api, 'Pipeline');
    // Concurrent writers for one user: each takes the next change number under the user's row lock.
    const ids = await Promise.all(photos.map((p) => uploadPhoto(stack.api, user.token, p.bytes)));
    await embedded(ids);
    const seqs = (
      await stack.app
        .get(DataSource)
        .getRepository(AlbumPhotoEntity)
        .find({ select: { seq: true }, where: { userId: user.id } })
    ).map((r) => r.seq);
    expect(new Set(seqs).size).toBe(seqs.length);

    const search = await stack.api.inject({
      method: 'POST',
      url: '/v1/albums/search',
      headers: bearer(user.token),
      payload: { image: photos[4].bytes.toString('base64'), limit: 3 },
    });
    expect(search.statusCode).toBe(200);
    expect(search.json<{ items: { photo: { id: number } }[] }>().items[0].photo.id).toBe(ids[4]);

    const first = await stack.api.inject({
      method: 'GET',
      url: '/v1/albums/sync?limit=5',
      headers: bearer(user.token),
    });
    const pages: SyncPage[] = [first.json<SyncPage>()];
    while (pages.at(-1)!.has_more) {
      const next = await stack.api.inject({
        method: 'GET',
        url: `/v1/albums/sync?limit=5&cursor=${encodeURIComponent(pages.at(-1)!.next_cursor)}`,
        headers: bearer(user.token),
      });
      pages.push(next.json<SyncPage>());
    }
    const synced = pages.flatMap((p) => p.upserts.map((u) => u.id));
    expect(synced.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));

    const removed = await stack.api.inject({
      method: 'DELETE',
      url: `/v1/albums/photos/${ids[0]}`,
      headers: bearer(user.token),
    });
    expect(removed.statusCode).toBe(204);
    const after = await stack.api.inject({
      method: 'GET',
      url: `/v1/albums/sync?cursor=${encodeURIComponent(pages.at(-1)!.next_cursor)}`,
      headers: bearer(user.token),
    });
    expect(after.json<SyncPage>().deletes.map((d) => d.id)).toEqual([ids[0]]);

    await eventually(() => (dead.some((m) => m.key === poisonKey) ? true : undefined), 60_000);
    expect(dead.find((m) => m.key === poisonKey)!.headers?.['dlq-reason']).toContain('type');
    expect(dead.find((m) => m.key === poisonKey)!.headers?.['dlq-consumer-group']).toContain('album-photos');
  });
});
