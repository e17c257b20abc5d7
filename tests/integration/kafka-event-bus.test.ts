import { KafkaEventBus, type ReceivedMessage, type SubscriptionListener } from '#messaging';
import { eventually, kafkaBrokers, quietLogger, unique } from './support/services.js';

/** A handler bug: the kind of error kafkajs deems non-retriable and used to leave the consumer stopped for. */
const bug = () => (undefined as unknown as { price: number }).price.toFixed(2);

const recorder = () => {
  const events: string[] = [];
  const listener: SubscriptionListener = {
    crashed: (group) => events.push(`crashed ${group}`),
    started: (group, afterCrash) => events.push(`${afterCrash ? 'restarted' : 'started'} ${group}`),
    stopped: (group) => events.push(`stopped ${group}`),
  };
  return { events, listener };
};

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

  it('restarts a consumer that crashed on an unexpected error and redelivers the pending batch [kafka]', async () => {
    const { events, listener } = recorder();
    const bus = new KafkaEventBus(
      { brokers: kafkaBrokers(), clientId: unique('crash'), restartBackoff: { initialMs: 300 } },
      quietLogger(),
      listener,
    );
    try {
      const topic = unique('crash');
      const groupId = unique('group');
      await bus.ensureTopics([topic]);
      let calls = 0;
      const handled: string[] = [];
      await bus.subscribe({
        groupId,
        topics: [topic],
        handler: async (batch) => {
          if (calls++ === 0) bug();
          handled.push(...batch.map((m) => m.key));
        },
      });
      await bus.publish([{ topic, key: 'a', value: '1' }]);
      await eventually(() => (bus.subscriptions()[0]?.running === false ? true : undefined));
      expect(bus.subscriptions()[0]).toMatchObject({
        groupId,
        crashes: 1,
        lastError: expect.stringMatching(/price/),
      });

      await eventually(() => (handled.includes('a') ? true : undefined));
      await eventually(() => (bus.subscriptions()[0].running ? true : undefined));
      expect(bus.subscriptions()[0]).toMatchObject({ groupId, running: true, crashes: 1, restarts: 1 });
      expect(events).toEqual([`started ${groupId}`, `crashed ${groupId}`, `restarted ${groupId}`]);
      // The batch was committed after the handler succeeded: a later message is handled once, alone.
      await bus.publish([{ topic, key: 'b', value: '2' }]);
      await eventually(() => (handled.includes('b') ? true : undefined));
      expect(handled).toEqual(['a', 'b']);
    } finally {
      await bus.close();
    }
  });

  it('does not take a stop() for a crash, even when the handler fails as it stops [kafka]', async () => {
    const { events, listener } = recorder();
    const bus = new KafkaEventBus(
      { brokers: kafkaBrokers(), clientId: unique('stop'), restartBackoff: { initialMs: 100 } },
      quietLogger(),
      listener,
    );
    try {
      const topic = unique('stop');
      const groupId = unique('group');
      await bus.ensureTopics([topic]);
      let calls = 0;
      let fail!: () => void;
      const failing = new Promise<void>((resolve) => (fail = resolve));
      const subscription = await bus.subscribe({
        groupId,
        topics: [topic],
        handler: async () => {
          calls++;
          await failing;
          bug();
        },
      });
      await bus.publish([{ topic, key: 'a', value: '1' }]);
      await eventually(() => (calls === 1 ? true : undefined));
      const stopped = subscription.stop();
      fail();
      await stopped;
      await new Promise((r) => setTimeout(r, 2_000));
      expect(calls).toBe(1);
      expect(bus.subscriptions()).toEqual([]);
      expect(events).toEqual([`started ${groupId}`, `stopped ${groupId}`]);
    } finally {
      await bus.close();
    }
  });
});
