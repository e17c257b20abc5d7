import { InProcessEventBus } from './in-process-event-bus.adapter.js';
import type { ReceivedMessage } from './event-bus.port.js';

const message = (key: string, topic = 'listings.v1') => ({ topic, key, value: JSON.stringify({ key }) });

describe(InProcessEventBus.name, () => {
  it('resolves publish only after every subscribed group handled the batch', async () => {
    const sut = new InProcessEventBus();
    const seen: Record<string, string[]> = { a: [], b: [] };
    for (const group of ['a', 'b']) {
      await sut.subscribe({
        groupId: group,
        topics: ['listings.v1'],
        handler: async (batch) => {
          await new Promise((r) => setTimeout(r, 5));
          seen[group].push(...batch.map((m) => m.key));
        },
      });
    }
    await sut.publish([message('1'), message('2'), message('x', 'reviews.v1')]);
    expect(seen).toEqual({ a: ['1', '2'], b: ['1', '2'] });
  });

  it('rejects publish when a handler fails, so the outbox keeps the row', async () => {
    const sut = new InProcessEventBus();
    await sut.subscribe({
      groupId: 'g',
      topics: ['listings.v1'],
      handler: () => Promise.reject(new Error('vector store down')),
    });
    await expect(sut.publish([message('1')])).rejects.toThrow('vector store down');
  });

  it('keeps a group running after its handler threw an unexpected error, and redelivers on the next publish', async () => {
    const sut = new InProcessEventBus();
    const handled: string[] = [];
    let calls = 0;
    const subscription = await sut.subscribe({
      groupId: 'g',
      topics: ['listings.v1'],
      handler: async (batch) => {
        if (calls++ === 0) (undefined as unknown as { x: number }).x.toFixed();
        handled.push(...batch.map((m) => m.key));
      },
    });
    // The relay keeps the row when publish rejects, and publishes it again.
    await expect(sut.publish([message('1')])).rejects.toThrow(TypeError);
    expect(sut.subscriptions()).toEqual([
      { groupId: 'g', topics: ['listings.v1'], running: true, crashes: 0, restarts: 0 },
    ]);
    await sut.publish([message('1')]);
    expect(handled).toEqual(['1']);
    await subscription.stop();
    expect(sut.subscriptions()).toEqual([]);
  });

  it('delivers one group serially, in publish order, with increasing offsets', async () => {
    const sut = new InProcessEventBus();
    const received: ReceivedMessage[] = [];
    await sut.subscribe({
      groupId: 'g',
      topics: ['listings.v1'],
      handler: async (batch) => {
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        received.push(...batch);
      },
    });
    await Promise.all([
      sut.publish([message('1')]),
      sut.publish([message('2')]),
      sut.publish([message('3')]),
    ]);
    expect(received.map((m) => [m.key, m.offset])).toEqual([
      ['1', '0'],
      ['2', '1'],
      ['3', '2'],
    ]);
  });

  it('refuses to publish after close', async () => {
    const sut = new InProcessEventBus();
    await sut.close();
    await expect(sut.publish([message('1')])).rejects.toThrow('closed');
    expect((await sut.check()).status).toBe('down');
  });
});
