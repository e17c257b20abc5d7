import { DataSource, IsNull } from 'typeorm';
import { dataSourceOptions } from '#database';
import { SCHEMA } from '#host';
import {
  KafkaEventBus,
  OutboxMessageEntity,
  OutboxRelay,
  OutboxService,
  type ReceivedMessage,
} from '#messaging';
import { eventually, kafkaBrokers, quietLogger, testDatabaseUrl, unique } from './support/services.js';

describe('Transactional outbox on PostgreSQL relayed to Kafka [kafka] [postgres]', () => {
  let db: DataSource;
  let bus: KafkaEventBus;

  beforeAll(async () => {
    db = new DataSource(dataSourceOptions({ kind: 'postgres', url: testDatabaseUrl() }, SCHEMA));
    await db.initialize();
    await db.runMigrations();
    bus = new KafkaEventBus({ brokers: kafkaBrokers(), clientId: unique('outbox') }, quietLogger());
  });
  afterAll(async () => {
    await bus.close();
    await db.destroy();
  });

  it('publishes rows committed before a crash once a new relay starts [kafka] [postgres]', async () => {
    const topic = unique('listings');
    await bus.ensureTopics([topic]);
    await db.getRepository(OutboxMessageEntity).update({ sentAt: IsNull() }, { sentAt: new Date() });
    // The "crashed" process: the write and its outbox rows committed, the relay never ran.
    const crashed = new OutboxService(new OutboxRelay(db, bus));
    await db.transaction(async (manager) => {
      await crashed.enqueue(
        manager,
        Array.from({ length: 25 }, (_, i) => ({
          topic,
          key: `p-${i}`,
          value: JSON.stringify({ id: `p-${i}` }),
        })),
      );
    });

    const received: ReceivedMessage[] = [];
    await bus.subscribe({
      groupId: unique('g'),
      topics: [topic],
      handler: async (b) => void received.push(...b),
    });
    const restarted = new OutboxRelay(db, bus);
    expect(await restarted.pendingCount()).toBe(25);
    expect(await restarted.drain()).toBe(25);
    expect(await restarted.pendingCount()).toBe(0);
    await eventually(() => (received.length >= 25 ? true : undefined));
    expect(new Set(received.map((m) => m.key)).size).toBe(25);
  });

  it('keeps rows pending and counts attempts while the broker is unreachable [postgres]', async () => {
    const deadBus = new KafkaEventBus(
      { brokers: ['127.0.0.1:1'], clientId: 'dead', retries: 0 },
      quietLogger(),
    );
    await db.getRepository(OutboxMessageEntity).update({ sentAt: IsNull() }, { sentAt: new Date() });
    const sut = new OutboxRelay(db, deadBus);
    const key = unique('product');
    await db.transaction((m) =>
      new OutboxService(sut).enqueue(m, [{ topic: 'listings.v1', key, value: '{}' }]),
    );
    await expect(sut.drain()).rejects.toThrow();
    const row = await db.getRepository(OutboxMessageEntity).findOneByOrFail({ key });
    expect(row.sentAt).toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.lastError).toBeTruthy();
    await deadBus.close().catch(() => undefined);
  });
});
