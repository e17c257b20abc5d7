import { setImmediate } from 'node:timers/promises';

/**
 * Ends the current loop turn: what follows runs after the loop has polled its
 * sockets. In process a search is synchronous CPU work (SQLite, HNSW, ranking)
 * whose awaits resolve at once, so without these points one search, and the
 * searches that arrived with it, would run in one turn while new requests
 * wait unread; with them a search runs in stages of a few milliseconds, and
 * new requests are read in between (and refused when search is at capacity).
 */
export const yieldToEventLoop = (): Promise<void> => setImmediate();

/**
 * `Promise.all` over tasks that each start in a loop turn of their own,
 * without waiting for the previous one to finish: synchronous ones (the
 * embedded vector store) run with the loop polling in between, asynchronous
 * ones (Qdrant over HTTP) still overlap.
 */
export async function staggered<T extends readonly unknown[]>(tasks: {
  [K in keyof T]: () => Promise<T[K]>;
}): Promise<T> {
  const started: Promise<unknown>[] = [];
  for (const task of tasks as readonly (() => Promise<unknown>)[]) {
    await yieldToEventLoop();
    const running = task();
    // Handled here at once: one may fail while a later one waits for its turn; Promise.all still reports it.
    running.catch(() => undefined);
    started.push(running);
  }
  return (await Promise.all(started)) as unknown as T;
}
