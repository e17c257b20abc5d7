/**
 * `npm run abuse`: the all-in-one server in this process on a fresh DATA_DIR,
 * sent an HTTP fuzz run generated from its own OpenAPI document (fast-check),
 * a corpus of hostile images at every endpoint that takes a photo, and filter
 * and query abuse. Prints requests sent, the status histogram, 5xx and crashes;
 * exits 1 on any 5xx (other than 503 + Retry-After), unanswered request or crash.
 *
 *   npm run abuse -- [--products 100] [--runs 60] [--generate-runs 12] [--seed N] [--concurrency 4]
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: process.env.ABUSE_PRODUCTS ?? '100' },
    runs: { type: 'string', default: process.env.ABUSE_RUNS ?? '60' },
    'generate-runs': { type: 'string', default: process.env.ABUSE_GENERATE_RUNS ?? '12' },
    seed: { type: 'string', default: process.env.ABUSE_SEED ?? String(Date.now() % 1_000_000) },
    concurrency: { type: 'string', default: process.env.ABUSE_CONCURRENCY ?? '4' },
  },
});

// Set before any module reads them, hence the dynamic import below. The
// generator gets a one-deep queue and short answers, so a full queue (503 +
// Retry-After) is an expected answer and the run stays short; the rate limits
// on public writes are lifted so hostile bodies reach validation instead of a 429.
const runEnv: Record<string, string> = {
  DEMO_CATALOG: 'off',
  DEMO_ALBUM_PHOTOS: '0',
  LOG_LEVEL: 'error',
  GENERATOR_QUEUE_SIZE: '1',
  GENERATOR_MAX_NEW_TOKENS: '8',
  GENERATOR_TIMEOUT_MS: '15000',
  RATE_LIMIT_REVIEWS_PER_IP: '0',
  RATE_LIMIT_PER_IP: '0',
  RATE_LIMIT_PER_KEY: '0',
};
for (const [key, value] of Object.entries(runEnv)) process.env[key] ??= value;
// The all-in-one defaults (SQLite, in-process bus and models, embedded index), whatever the caller's
// environment points at (npm test exports KAFKA_BROKERS for its suites).
for (const key of ['DATABASE_URL', 'KAFKA_BROKERS', 'QDRANT_URL', 'ENCODER_URL', 'GENERATOR_URL'])
  delete process.env[key];

const { runAbuse } = await import('./abuse/abuse.runner.js');
// The run records uncaught errors as crashes, so a failure of the run itself must exit here.
try {
  const code = await runAbuse({
    products: Number(values.products),
    runsPerRoute: Number(values.runs),
    generateRuns: Number(values['generate-runs']),
    seed: Number(values.seed),
    concurrency: Number(values.concurrency),
  });
  process.exit(code);
} catch (error) {
  process.stderr.write(`abuse run failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
}
