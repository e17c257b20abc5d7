import { setImmediate as nextTurn } from 'node:timers/promises';
import { staggered, yieldToEventLoop } from './event-loop-yield.js';

/** Counts loop turns: how many times the loop reached its check phase since it started. */
function turnCounter() {
  let turns = 0;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return { now: () => turns, stop: () => (stopped = true) };
}

describe('yieldToEventLoop', () => {
  it('lets the loop turn before what follows runs', async () => {
    let polled = false;
    setImmediate(() => (polled = true));
    await yieldToEventLoop();
    await nextTurn();
    expect(polled).toBe(true);
  });
});

describe(staggered.name, () => {
  it('starts each synchronous task in a loop turn of its own and keeps the results in order', async () => {
    const turns = turnCounter();
    const startedAt: number[] = [];
    const task = (value: string) => () => {
      startedAt.push(turns.now());
      return Promise.resolve(value);
    };
    const sut = await staggered([task('a'), task('b'), task('c')]);
    turns.stop();
    expect(sut).toEqual(['a', 'b', 'c']);
    expect(new Set(startedAt).size).toBe(3);
  });

  it('does not wait for one asynchronous task to finish before starting the next', async () => {
    let release!: () => void;
    const slow = new Promise<string>((resolve) => (release = () => resolve('slow')));
    let fastStarted = false;
    const sut = staggered([
      () => slow,
      () => {
        fastStarted = true;
        return Promise.resolve('fast');
      },
    ]);
    while (!fastStarted) await nextTurn();
    release();
    expect(await sut).toEqual(['slow', 'fast']);
  });

  it('rejects with the first failure, even one that fails while a later task waits for its turn', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const sut = staggered([
        () => Promise.reject(new Error('store down')),
        async () => {
          await nextTurn();
          return 'late';
        },
      ]);
      await expect(sut).rejects.toThrow('store down');
      await nextTurn();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
