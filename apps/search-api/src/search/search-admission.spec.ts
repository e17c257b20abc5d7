import { SearchConfig } from '#config';
import { DomainError } from '#contracts';
import { SearchAdmission } from './search-admission.js';

const configWith = (max: number, queue: number, maxDelayMs = 150, maxQueueWaitMs = 500) =>
  new SearchConfig({
    SEARCH_MAX_CONCURRENT: String(max),
    SEARCH_QUEUE_SIZE: String(queue),
    SEARCH_MAX_EVENT_LOOP_DELAY_MS: String(maxDelayMs),
    SEARCH_MAX_QUEUE_WAIT_MS: String(maxQueueWaitMs),
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An event loop running `ms` late. */
/** An event loop running `ms` late, still in its first turn. */
const loopLate = (ms: number) => ({ recentMs: () => ms, turn: () => 0 });
const idleLoop = loopLate(0);

/** A unit of work that finishes when told to. */
function gate<T>(value: T) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, work: async () => (await opened, value) };
}

describe(SearchAdmission.name, () => {
  it('runs up to the limit, queues up to the queue size, and refuses the next with OVERLOADED + Retry-After', async () => {
    const sut = new SearchAdmission(configWith(2, 1), idleLoop);
    const [a, b, c] = [gate('a'), gate('b'), gate('c')];
    const running = [sut.run(a.work), sut.run(b.work)];
    const queued = sut.run(c.work);
    expect(sut.load).toEqual({ running: 2, waiting: 1 });

    const refused = await sut.run(() => Promise.resolve('d')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('OVERLOADED');
    expect((refused as DomainError).retryAfterS).toBeGreaterThan(0);

    a.open();
    expect(await running[0]).toBe('a');
    expect(sut.load).toEqual({ running: 2, waiting: 0 });
    b.open();
    c.open();
    expect(await Promise.all([running[1], queued])).toEqual(['b', 'c']);
    expect(sut.load).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot when the work fails', async () => {
    const sut = new SearchAdmission(configWith(1, 0), idleLoop);
    await expect(sut.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sut.run(() => Promise.resolve(1))).resolves.toBe(1);
    expect(sut.load).toEqual({ running: 0, waiting: 0 });
  });

  it('admits again once the queue has room', async () => {
    const sut = new SearchAdmission(configWith(1, 0), idleLoop);
    const first = gate(1);
    const running = sut.run(first.work);
    await expect(sut.run(() => Promise.resolve(2))).rejects.toBeInstanceOf(DomainError);
    first.open();
    await running;
    await expect(sut.run(() => Promise.resolve(3))).resolves.toBe(3);
  });

  it('refuses searches queued behind searches while the event loop runs later than the bound', async () => {
    let late = 400;
    let turn = 1;
    const sut = new SearchAdmission(configWith(4, 16, 150), { recentMs: () => late, turn: () => turn });
    // The first search of a late turn waited for something else: refusing it would not help.
    await expect(sut.run(() => Promise.resolve('first'))).resolves.toBe('first');
    const refused = await sut.run(() => Promise.resolve('x')).catch((e: unknown) => e);
    expect((refused as DomainError).code).toBe('OVERLOADED');
    expect((refused as DomainError).retryAfterS).toBeGreaterThan(0);
    expect(sut.load).toEqual({ running: 0, waiting: 0 });
    // The loop caught up: a new turn, on time.
    turn = 2;
    late = 20;
    await expect(sut.run(() => Promise.resolve('y'))).resolves.toBe('y');
    await expect(sut.run(() => Promise.resolve('z'))).resolves.toBe('z');
  });

  it('ignores the event loop when the bound is 0', async () => {
    const sut = new SearchAdmission(configWith(1, 0, 0), loopLate(10_000));
    await expect(sut.run(() => Promise.resolve(1))).resolves.toBe(1);
  });

  it('starts an admitted search only after the loop has turned, so requests read with it are decided first', async () => {
    const sut = new SearchAdmission(configWith(1, 0), idleLoop);
    let started = false;
    const running = sut.run(() => {
      started = true;
      return Promise.resolve('a');
    });
    // Read in the same turn: refused at once, before the admitted search has done any work.
    await expect(sut.run(() => Promise.resolve('b'))).rejects.toBeInstanceOf(DomainError);
    expect(started).toBe(false);
    expect(await running).toBe('a');
    expect(started).toBe(true);
  });

  it('queues a search only while it can expect a slot within the longest wait, at the recent pace', async () => {
    const sut = new SearchAdmission(configWith(1, 100, 0, 100), idleLoop);
    // One search alone takes 150 ms: the queue moves one place per 150 ms.
    await sut.run(() => sleep(150));
    const running = gate('running');
    const first = sut.run(running.work);
    const refused = await sut.run(() => Promise.resolve('x')).catch((e: unknown) => e);
    expect((refused as DomainError).code).toBe('OVERLOADED');
    expect((refused as DomainError).message).toMatch(/about \d+ ms to wait/);
    expect(sut.load).toEqual({ running: 1, waiting: 0 });
    running.open();
    expect(await first).toBe('running');
  });

  it('refuses to queue behind a search that has already waited longer than the longest wait', async () => {
    const sut = new SearchAdmission(configWith(1, 100, 0, 100), idleLoop);
    await sut.run(() => Promise.resolve('fast')); // the recent pace says the queue moves at once
    const running = gate('running');
    const first = sut.run(running.work);
    const queued = sut.run(() => Promise.resolve('queued'));
    expect(sut.load).toEqual({ running: 1, waiting: 1 });
    await sleep(150);
    const refused = await sut.run(() => Promise.resolve('x')).catch((e: unknown) => e);
    expect((refused as DomainError).code).toBe('OVERLOADED');
    running.open();
    expect(await first).toBe('running');
    expect(await queued).toBe('queued');
  });

  it('queues on count alone when the longest wait is 0', async () => {
    const sut = new SearchAdmission(configWith(1, 1, 0, 0), idleLoop);
    await sut.run(() => sleep(150));
    const running = gate('running');
    const first = sut.run(running.work);
    const queued = sut.run(() => Promise.resolve('queued'));
    expect(sut.load).toEqual({ running: 1, waiting: 1 });
    running.open();
    expect(await first).toBe('running');
    expect(await queued).toBe('queued');
  });
});
