import { randomUUID } from 'node:crypto';
import { pino } from 'pino';

/** The real services started by scripts/test.mjs (infra/kafka, infra/postgres). */
export const kafkaBrokers = (): string[] => (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

export const testDatabaseUrl = (): string =>
  process.env.TEST_DATABASE_URL ?? 'postgres://shoplens:shoplens@127.0.0.1:5432/shoplens_test';

export const quietLogger = () => pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A name no other test run uses, so tests never see each other's topics or groups. */
export const unique = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
