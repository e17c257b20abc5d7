import { KafkaEventBus, type ReceivedMessage } from '#messaging';
import { eventually, kafkaBrokers, quietLogger, unique } from './support/services.js';

describe('KafkaEventBus against the real broker [kafka]', () => {
  let sut: KafkaEventBus;

  beforeEach(() => {
    sut = new KafkaEventBus({ brokers: kafkaBrokers(), clientId: unique('test') }, quietLogger());
  });
  afterEach(async () => {
    await sut.close();
  });

  it('reports the cluster as up [kafka]', async () => {
    const health = await sut.check();
    expect(health.status).toBe('up');
    expect(health.details?.brokers).toBeGreaterThanOrEqual(1);
  });

  it('round-trips messages with keys and headers through a consumer group [kafka]', async () => {
    const topic = unique('roundtrip');
    await sut.ensureTopics([topic]);
    const received: ReceivedMessage[] = [];
    await sut.subscribe({
      groupId: unique('group'),
      topics: [topic],
      handler: async (batch) => {
        received.push(...batch);
      },
    });
    const sent = Array.from({ length: 50 }, (_, i) => ({
      topic,
      key: `product-${i % 7}`,
      value: JSON.stringify({ i }),
      headers: { 'schema-version': '1' },
    }));
    await sut.publish(sent);
    await eventually(() => (received.length >= 50 ? true : undefined));
    expect(received.map((m) => JSON.parse(m.value).i).sort((a, b) => a - b)).toEqual(sent.map((_, i) => i));
    expect(received.every((m) => m.headers?.['schema-version'] === '1')).toBe(true);
    // One key always lands on one partition, so its messages stay in order.
    const forKey = received.filter((m) => m.key === 'product-3');
    expect(new Set(forKey.map((m) => m.partition)).size).toBe(1);
    expect(forKey.map((m) => JSON.parse(m.value).i)).toEqual([3, 10, 17, 24, 31, 38, 45]);
  });

  it('redelivers a batch whose handler failed, and commits only after success [kafka]', async () => {
    const topic = unique('redeliver');
    const groupId = unique('group');
    await sut.ensureTopics([topic]);
    let failuresLeft = 2;
    const handled: string[] = [];
    const subscription = await sut.subscribe({
      groupId,
      topics: [topic],
      handler: async (batch) => {
        if (failuresLeft-- > 0) throw new Error('transient');
        handled.push(...batch.map((m) => m.key));
      },
    });
    await sut.publish([{ topic, key: 'a', value: '1' }]);
    await eventually(() => (handled.includes('a') ? true : undefined));
    await subscription.stop();

    // A new consumer in the same group starts after the committed offset: nothing is handled twice.
    const again: string[] = [];
    await sut.subscribe({
      groupId,
      topics: [topic],
      handler: async (b) => void again.push(...b.map((m) => m.key)),
    });
    await sut.publish([{ topic, key: 'b', value: '2' }]);
    await eventually(() => (again.includes('b') ? true : undefined));
    expect(again).toEqual(['b']);
  });
});
