import { settlesWithin } from './kafka-subscription.js';

describe('settlesWithin', () => {
  it('is true for work that resolves or rejects in time', async () => {
    expect(await settlesWithin(Promise.resolve(1), 50)).toBe(true);
    expect(await settlesWithin(Promise.reject(new Error('no broker')), 50)).toBe(true);
  });

  it('is false for work still pending after the grace, and does not wait for it', async () => {
    const started = Date.now();
    expect(await settlesWithin(new Promise(() => undefined), 50)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
