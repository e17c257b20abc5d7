import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { seededRandom } from '#demo-catalog';
import { KafkaEventBus } from '#messaging';
import { AppProcess } from '../app-process.js';
import { ingest, listingBodies, type IngestProgress } from './ingest.js';
import { ChaosBroker } from './kafka-broker.js';
import { poisonMessages, readDeadLetters } from './poison.js';
import { verifyIndex } from './verify.js';

export interface ChaosOptions {
  listings: number;
  kills: number;
  encoderDownS: number;
  poison: number;
  writers: number;
  seed: number;
  kafkaPort: number;
  database: string;
  keep: boolean;
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function metric(url: string, pattern: RegExp): Promise<number | undefined> {
  const text = await fetch(`${url}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
  const match = pattern.exec(text);
  return match ? Number(match[1]) : undefined;
}

const HANDLED = /indexer_messages_total\{topic="listings\.v1",outcome="indexed"\} (\d+)/;
const LAG = /indexer_consumer_lag_messages\{topic="listings\.v1"\} (\d+)/;

/** The fault run; resolves to the exit code. */
export async function runChaos(o: ChaosOptions): Promise<number> {
  const started = Date.now();
  const runId = randomBytes(4).toString('hex');
  const random = seededRandom(o.seed);
  const work = mkdtempSync(join(tmpdir(), 'shoplens-chaos-'));
  mkdirSync(join(work, 'logs'));
  const logger = pino({ level: 'silent' });
  const clock = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`;
  const event = (what: string) => out(`${clock()}  ${what}`);

  const broker = new ChaosBroker(o.kafkaPort, o.kafkaPort + 1, join(tmpdir(), 'shoplens-chaos-kafka'));
  await broker.start(true);
  const apps: AppProcess[] = [];
  // Interrupted: leave no app or broker of this run behind.
  const onSignal = () =>
    void (async () => {
      for (const app of apps) await app.kill();
      await broker.stop().catch(() => undefined);
      process.exit(130);
    })();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let code = 2;
  try {
    code = await pipeline(o, { runId, random, work, logger, broker, apps, event, started });
    return code;
  } finally {
    // On success these are stopped already; on a failure nothing is left running.
    for (const app of apps) await app.kill();
    await broker.stop().catch(() => undefined);
    if (code === 0 && !o.keep) rmSync(work, { recursive: true, force: true });
    else out(`logs and data kept in ${work}`);
  }
}

interface RunContext {
  runId: string;
  random: () => number;
  work: string;
  logger: pino.Logger;
  broker: ChaosBroker;
  apps: AppProcess[];
  event: (what: string) => void;
  started: number;
}

async function pipeline(o: ChaosOptions, ctx: RunContext): Promise<number> {
  const { runId, random, work, logger, broker, event, started } = ctx;
  await script('infra/postgres/start.sh', ['--reset', o.database]);
  const adminKey = randomBytes(24).toString('hex');
  const databaseUrl = `postgres://shoplens:shoplens@127.0.0.1:5432/${o.database}`;
  const encoderPort = await freePort();
  const encoderUrl = `http://127.0.0.1:${encoderPort}`;
  const common = { DATABASE_URL: databaseUrl, KAFKA_BROKERS: broker.brokers, ENCODER_URL: encoderUrl };
  const logs = join(work, 'logs');
  const encoder = new AppProcess('encoder', 'encoder', { PORT: String(encoderPort) }, logs);
  const searchApi = new AppProcess(
    'search-api',
    'search-api',
    { ...common, PORT: '0', ADMIN_API_KEY: adminKey, DATA_DIR: join(work, 'search-api') },
    logs,
  );
  const indexerDir = join(work, 'indexer');
  const indexer = new AppProcess(
    'indexer',
    'indexer',
    { ...common, PORT: '0', DATA_DIR: indexerDir, INDEXER_GROUP_ID: `chaos-${runId}` },
    logs,
  );
  ctx.apps.push(encoder, searchApi, indexer);
  await Promise.all([encoder.start(), searchApi.start()]);
  await indexer.start();
  event(
    `Kafka ${broker.brokers}, PostgreSQL ${o.database}, encoder, search-api, indexer up; logs in ${logs}`,
  );

  // Progress: listings the indexer reports handled, summed over its incarnations (replays included).
  let handledBefore = 0;
  let handledNow = 0;
  const poll = setInterval(() => {
    void metric(indexer.url, HANDLED).then((v) => {
      if (v !== undefined && indexer.running) handledNow = v;
    });
  }, 500);
  const handled = () => handledBefore + handledNow;
  const restartIndexer = async () => {
    // Mid-stream: the running indexer has handled something since it (re)started, unless it is idle.
    for (const until = Date.now() + 60_000; handledNow === 0 && Date.now() < until;) await sleep(100);
    await indexer.kill();
    handledBefore += handledNow;
    handledNow = 0;
    await sleep(random() * 2000);
    await indexer.start();
  };

  const progress: IngestProgress = { written: 0, retries: 0 };
  const listings = listingBodies(o.listings, `chaos-${runId}`);
  const poison = poisonMessages(o.poison, runId);
  const writing = ingest(searchApi.url, adminKey, listings, o.writers, progress);
  writing.catch(() => undefined);

  // The faults, each when the indexer has handled a random share of the listings.
  const at = (lo: number, hi: number) => Math.round(o.listings * (lo + random() * (hi - lo)));
  const faults: { threshold: number; name: string; run: () => Promise<void> }[] = [
    ...Array.from({ length: o.kills }, () => ({
      threshold: at(0.05, 0.9),
      name: 'kill -9 indexer, restart',
      run: restartIndexer,
    })),
    {
      threshold: at(0.2, 0.7),
      name: 'restart Kafka broker',
      run: async () => {
        await broker.stop();
        await broker.start(false);
      },
    },
    {
      threshold: at(0.25, 0.6),
      name: `stop encoder for ${o.encoderDownS} s`,
      run: async () => {
        await encoder.stop();
        await sleep(o.encoderDownS * 1000);
        await encoder.start();
      },
    },
    ...[0.1, 0.45, 0.8].map((share, burst) => ({
      threshold: Math.round(o.listings * share),
      name: 'publish poison',
      run: () =>
        publishPoison(
          broker.brokers,
          poison.filter((_, i) => i % 3 === burst),
          logger,
        ),
    })),
  ].sort((a, b) => a.threshold - b.threshold);
  for (const fault of faults) {
    while (handled() < fault.threshold) await sleep(200);
    event(`${fault.name} (indexer has handled ${handled()} of ${o.listings}; ${progress.written} written)`);
    await fault.run();
    event(`  done: ${fault.name}`);
  }
  await writing;
  event(`all ${progress.written} listings written (${progress.retries} retried writes)`);

  // Drained: nothing left in the outbox, no lag on listings.v1, twice in a row.
  const deadline = Date.now() + Math.max(600_000, o.listings * 120);
  for (let calm = 0; calm < 2;) {
    if (Date.now() > deadline) throw new Error('the pipeline did not drain in time');
    await sleep(2000);
    const pending = await fetch(`${searchApi.url}/v1/admin/outbox`, {
      headers: { authorization: `Bearer ${adminKey}` },
    })
      .then((r) => r.json() as Promise<{ pending: number }>)
      .then((b) => b.pending)
      .catch(() => -1);
    const lag = await metric(indexer.url, LAG);
    calm = pending === 0 && lag === 0 ? calm + 1 : 0;
  }
  clearInterval(poll);
  event('drained: outbox empty, indexer lag 0');
  const indexerExit = await indexer.stop();
  await Promise.all([searchApi.stop(), encoder.stop()]);
  for (const app of [indexer, searchApi, encoder]) app.close();

  const index = await verifyIndex(
    indexerDir,
    listings.map((l) => l.id),
  );
  const dlq = await readDeadLetters(broker.brokers, `chaos-dlq-${runId}`, logger);
  const planted = new Set(poison.map((p) => p.headers!['chaos-poison']));
  const missingPoison = [...planted].filter((p) => !dlq.planted.has(p));

  out('\n── chaos run ──');
  out(`listings written through search-api: ${progress.written} of ${o.listings}`);
  out(
    `products in the vector store: ${index.total} (distinct ${index.distinct}, expected ${o.listings}); missing ${index.missing.length}, unexpected ${index.unexpected.length}, duplicates ${index.total - index.distinct}, without vectors ${index.withoutVectors}`,
  );
  out(
    `dead-letter topic: ${dlq.records} records, ${dlq.distinct} distinct source messages; planted ${planted.size}, found ${dlq.planted.size}, missing ${missingPoison.length}, not planted ${dlq.unplanted.length}`,
  );
  out(
    `faults: ${o.kills} × kill -9 indexer (started ${indexer.starts} times), 1 × Kafka restart, encoder down ${o.encoderDownS} s; indexer exit on SIGTERM at the end: ${indexerExit}`,
  );
  out(`time: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const m of index.missing.slice(0, 5)) out(`  missing: ${m}`);
  for (const u of [...index.unexpected.slice(0, 5), ...dlq.unplanted.slice(0, 5)]) out(`  unexpected: ${u}`);
  const ok =
    progress.written === o.listings &&
    index.total === o.listings &&
    index.distinct === o.listings &&
    index.missing.length === 0 &&
    index.unexpected.length === 0 &&
    index.withoutVectors === 0 &&
    missingPoison.length === 0 &&
    dlq.unplanted.length === 0 &&
    dlq.distinct === planted.size &&
    indexerExit === 0;
  out(ok ? 'chaos: PASS' : 'chaos: FAIL');
  return ok ? 0 : 1;
}

/** Publishes straight to the topic, retrying while the broker is away. */
async function publishPoison(
  brokers: string,
  messages: ReturnType<typeof poisonMessages>,
  logger: pino.Logger,
) {
  const bus = new KafkaEventBus({ brokers: [brokers], clientId: 'chaos-poison' }, logger);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await bus.publish(messages);
        return;
      } catch (error) {
        if (attempt >= 10) throw error;
        await sleep(1000 * attempt);
      }
    }
  } finally {
    await bus.close();
  }
}

async function script(path: string, args: string[]): Promise<void> {
  const child = spawn('bash', [path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${path} exited ${code}:\n${output}`);
}
