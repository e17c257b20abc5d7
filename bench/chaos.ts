/**
 * `npm run chaos`: the distributed pipeline as separate processes (search-api,
 * indexer, encoder) on a Kafka broker of its own and PostgreSQL, ingesting
 * listings through search-api's outbox while the indexer is killed with
 * SIGKILL at random moments, the broker restarts once, the encoder stops for
 * a while, and poison messages are published straight to listings.v1. At the
 * end every listing must be in the vector store exactly once and the
 * dead-letter topic must hold exactly the planted poison; exits 1 otherwise.
 *
 *   npm run chaos -- [--listings 10000] [--kills 5] [--encoder-down-s 30] [--poison 14] [--seed N] [--keep]
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { runChaos } from './chaos/chaos.runner.js';

const { values } = parseArgs({
  options: {
    listings: { type: 'string', default: process.env.CHAOS_LISTINGS ?? '10000' },
    kills: { type: 'string', default: process.env.CHAOS_KILLS ?? '5' },
    'encoder-down-s': { type: 'string', default: process.env.CHAOS_ENCODER_DOWN_S ?? '30' },
    poison: { type: 'string', default: process.env.CHAOS_POISON ?? '14' },
    writers: { type: 'string', default: process.env.CHAOS_WRITERS ?? '8' },
    seed: { type: 'string', default: process.env.CHAOS_SEED ?? String(Date.now() % 1_000_000) },
    'kafka-port': { type: 'string', default: process.env.CHAOS_KAFKA_PORT ?? '19092' },
    database: { type: 'string', default: process.env.CHAOS_DATABASE ?? 'shoplens_chaos' },
    keep: { type: 'boolean', default: false },
  },
});

try {
  process.stdout.write(`chaos: seed ${values.seed}\n`);
  const code = await runChaos({
    listings: Number(values.listings),
    kills: Number(values.kills),
    encoderDownS: Number(values['encoder-down-s']),
    poison: Number(values.poison),
    writers: Number(values.writers),
    seed: Number(values.seed),
    kafkaPort: Number(values['kafka-port']),
    database: values.database,
    keep: values.keep,
  });
  process.exit(code);
} catch (error) {
  process.stderr.write(`chaos run failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
}
