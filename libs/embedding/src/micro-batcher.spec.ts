import { DomainError } from '#contracts';
import { MicroBatcher } from './micro-batcher.js';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
};

describe(MicroBatcher.name, () => {
  it('runs a lone request at once and batches the ones that arrive while the model is busy', async () => {
    const first = gate();
    const calls: number[][] = [];
    const sut = new MicroBatcher<number, number>(
      { maxBatch: 8, maxWaitMs: 0, queueSize: 100 },
      async (items) => {
        calls.push(items);
        if (calls.length === 1) await first.opened;
        return items.map((x) => x * 10);
      },
    );
    const lone = sut.submit([1]);
    const waiting = [sut.submit([2]), sut.submit([3, 4]), sut.submit([5])];
    first.open();
    expect(await lone).toEqual([10]);
    expect(await Promise.all(waiting)).toEqual([[20], [30, 40], [50]]);
    expect(calls).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('never hands the model more than maxBatch items', async () => {
    const sizes: number[] = [];
    const sut = new MicroBatcher<number, number>(
      { maxBatch: 3, maxWaitMs: 5, queueSize: 100 },
      async (items) => {
        sizes.push(items.length);
        return items;
      },
    );
    expect(await sut.submit([1, 2, 3, 4, 5, 6, 7])).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
  });

  it('refuses work beyond the queue bound with OVERLOADED and a retry hint', async () => {
    const busy = gate();
    const sut = new MicroBatcher<number, number>(
      { maxBatch: 1, maxWaitMs: 0, queueSize: 2 },
      async (items) => {
        await busy.opened;
        return items;
      },
    );
    const running = sut.submit([1]);
    const queued = sut.submit([2, 3]);
    const refused = await sut.submit([4]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'OVERLOADED', retryAfterS: 1 });
    busy.open();
    expect(await running).toEqual([1]);
    expect(await queued).toEqual([2, 3]);
  });

  it('rejects every request of a failed batch and keeps serving', async () => {
    let fail = true;
    const sut = new MicroBatcher<number, number>(
      { maxBatch: 4, maxWaitMs: 0, queueSize: 10 },
      async (items) => {
        if (fail) throw new Error('model crashed');
        return items;
      },
    );
    await expect(sut.submit([1])).rejects.toThrow('model crashed');
    fail = false;
    expect(await sut.submit([2])).toEqual([2]);
  });
});
