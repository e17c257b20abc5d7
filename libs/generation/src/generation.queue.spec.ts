import { DomainError } from '#contracts';
import { GenerationQueue } from './generation.queue.js';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};

describe(GenerationQueue.name, () => {
  it('runs one job at a time, in arrival order', async () => {
    const sut = new GenerationQueue(5, 1);
    const order: string[] = [];
    const first = gate();
    const a = sut.run(async () => {
      order.push('a start');
      await first.opened;
      order.push('a end');
    });
    const b = sut.run(async () => void order.push('b'));
    const c = sut.run(async () => void order.push('c'));
    expect(sut.depth).toBe(3);
    first.open();
    await Promise.all([a, b, c]);
    expect(order).toEqual(['a start', 'a end', 'b', 'c']);
    expect(sut.depth).toBe(0);
  });

  it('refuses work beyond its capacity with OVERLOADED and a retry hint', async () => {
    const sut = new GenerationQueue(1, 7);
    const busy = gate();
    const running = sut.run(() => busy.opened);
    const queued = sut.run(async () => 'queued');
    await expect(sut.run(async () => 'refused')).rejects.toMatchObject({
      code: 'OVERLOADED',
      retryAfterS: 7,
    });
    busy.open();
    await running;
    await expect(queued).resolves.toBe('queued');
  });

  it('drops a waiting caller whose request is cancelled', async () => {
    const sut = new GenerationQueue(2, 1);
    const busy = gate();
    const running = sut.run(() => busy.opened);
    const cancel = new AbortController();
    const waiting = sut.run(async () => 'never', cancel.signal);
    cancel.abort();
    await expect(waiting).rejects.toBeInstanceOf(DomainError);
    expect(sut.depth).toBe(1);
    busy.open();
    await running;
  });
});
