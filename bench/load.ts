/**
 * `npm run load`: POST /v1/search on the all-in-one server (its own process
 * on 127.0.0.1, demo catalog, result cache off) driven by autocannon: first
 * closed-loop to measure capacity, then at twice that rate. Prints accepted
 * p50/p99, the share and latency of 429/503 answers, crashes and the server's
 * peak resident memory; exits 1 when a bound is broken.
 *
 *   npm run load -- [--seconds 20] [--connections 4] [--factor 2] [--rss-bound-mib 1024]
 *                   [--accepted-p99-bound-ms 2000] [--rejected-p99-bound-ms 1000]
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pick, seededRandom, vocabulary } from '#demo-catalog';
import { AppProcess, peakRssMiB } from './app-process.js';
import { machineLine } from './bench.util.js';
import { drive, latencies, percentile, total, type DriveResult } from './load/drive.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: process.env.LOAD_SECONDS ?? '20' },
    connections: { type: 'string', default: process.env.LOAD_CONNECTIONS ?? '4' },
    factor: { type: 'string', default: process.env.LOAD_FACTOR ?? '2' },
    'rss-bound-mib': { type: 'string', default: process.env.LOAD_RSS_BOUND_MIB ?? '1024' },
    'accepted-p99-bound-ms': { type: 'string', default: process.env.LOAD_ACCEPTED_P99_BOUND_MS ?? '2000' },
    'rejected-p99-bound-ms': { type: 'string', default: process.env.LOAD_REJECTED_P99_BOUND_MS ?? '1000' },
  },
});
const seconds = Number(values.seconds);
const out = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => resolve(p));
  });
});

const work = mkdtempSync(join(tmpdir(), 'shoplens-load-'));
mkdirSync(join(work, 'logs'));
const url = `http://127.0.0.1:${port}`;
const server = new AppProcess(
  'all-in-one',
  'all-in-one',
  {
    PORT: String(port),
    DATA_DIR: join(work, 'data'),
    ADMIN_API_KEY: randomBytes(24).toString('hex'),
    // Every search does the full work (no cached rankings), and nothing is logged per request.
    SEARCH_CACHE_SIZE: '0',
    LOG_LEVEL: 'warn',
    DEMO_ALBUM_PHOTOS: '0',
  },
  join(work, 'logs'),
);
let code = 1;
try {
  await server.start(180_000, url);
  await demoIndexed(url, join(work, 'data', 'demo-catalog.loaded'));
  code = await measure();
} finally {
  await server.stop();
  server.close();
  if (code === 0) rmSync(work, { recursive: true, force: true });
  else out(`server log kept in ${join(work, 'logs')}`);
}
process.exit(code);

async function measure(): Promise<number> {
  const random = seededRandom(5);
  const vocab = vocabulary();
  const bodies = Array.from({ length: 64 }, (_, i) => {
    const colour = pick(random, vocab.colours);
    const category = pick(random, vocab.categories);
    const zh = i % 4 === 3;
    return JSON.stringify({
      q: zh ? `${colour.zh}${category.zh}` : `${colour.en} ${category.en}`,
      ...(i % 2 ? { filters: { price: { lte: 50 + (i % 5) * 40 } } } : {}),
      limit: 20,
    });
  });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakRssMiB(server.pid) ?? 0)), 200);
  out(
    `${machineLine()}\nserver: all-in-one on ${url} (pid ${server.pid}), demo catalog indexed, SEARCH_CACHE_SIZE=0`,
  );

  const capacityRun = await drive({ url, bodies, connections: Number(values.connections), seconds });
  const capacity = latencies(capacityRun, (s) => s === '200').length / capacityRun.seconds;
  report(`capacity (closed loop, ${values.connections} connections, ${seconds} s)`, capacityRun);
  const rate = Math.max(1, Math.round(capacity * Number(values.factor)));
  await scrape(); // prom-client restarts its event-loop delay histogram at each scrape
  const overloadRun = await drive({ url, bodies, connections: 128, seconds, overallRate: rate });
  report(
    `overload (${rate} req/s offered = ${values.factor} × ${capacity.toFixed(1)}, 128 connections, ${seconds} s)`,
    overloadRun,
  );
  // How long the server's loop went without polling its sockets: what a request that will be refused waits.
  const loopMetrics = await scrape();
  const lagMs = (stat: string) => {
    const value = new RegExp(`^nodejs_eventloop_lag_${stat}_seconds (\\S+)`, 'm').exec(loopMetrics)?.[1];
    return `${Math.round(1000 * Number(value ?? NaN))} ms`;
  };
  out(`  server event-loop delay: p50 ${lagMs('p50')}, p99 ${lagMs('p99')}, max ${lagMs('max')}`);
  clearInterval(sampler);
  peak = Math.max(peak, peakRssMiB(server.pid) ?? 0);

  // The server's own view (fastify onRequest → response): time before that is spent waiting for the event loop.
  const metrics = await scrape();
  for (const status of ['200', '503']) {
    const labels = `app="all-in-one",method="POST",route="/v1/search",status_code="${status}"`;
    const sum = new RegExp(`http_request_duration_seconds_sum\\{${labels}\\} ([\\d.e+-]+)`).exec(metrics);
    const count = new RegExp(`http_request_duration_seconds_count\\{${labels}\\} (\\d+)`).exec(metrics);
    if (sum && count)
      out(
        `server-side mean time for ${status}: ${((1000 * Number(sum[1])) / Number(count[1])).toFixed(1)} ms over ${count[1]} answers`,
      );
  }
  const live = await fetch(`${url}/health/live`)
    .then((r) => r.status)
    .catch(() => 0);
  const crashed = !server.running || live !== 200;
  const accepted = latencies(overloadRun, (s) => s === '200');
  const rejected = latencies(overloadRun, (s) => s === '429' || s === '503');
  const unexpected = [...overloadRun.byStatus.keys(), ...capacityRun.byStatus.keys()].filter(
    (s) => !['200', '429', '503'].includes(s),
  );
  const checks: [string, boolean][] = [
    [`no crash (process alive, GET /health/live ${live})`, !crashed],
    [`only 200/429/503 answers (others: ${unexpected.join(', ') || 'none'})`, unexpected.length === 0],
    [
      `accepted p99 under overload ${ms(accepted, 99)} ms ≤ ${values['accepted-p99-bound-ms']} ms`,
      percentile(accepted, 99) <= Number(values['accepted-p99-bound-ms']),
    ],
    [
      `rejected p99 ${rejected.length ? ms(rejected, 99) : '—'} ms ≤ ${values['rejected-p99-bound-ms']} ms`,
      rejected.length === 0 || percentile(rejected, 99) <= Number(values['rejected-p99-bound-ms']),
    ],
    [
      `peak resident memory ${peak.toFixed(0)} MiB ≤ ${values['rss-bound-mib']} MiB`,
      peak <= Number(values['rss-bound-mib']),
    ],
  ];
  out('\n── load run ──');
  for (const [what, ok] of checks) out(`${ok ? '✔' : '✖'} ${what}`);
  return checks.every(([, ok]) => ok) ? 0 : 1;
}

function scrape(): Promise<string> {
  return fetch(`${url}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
}

/** A percentile in whole milliseconds, for reading. */
function ms(xs: number[], p: number): number {
  return Math.round(percentile(xs, p));
}

function report(title: string, r: DriveResult): void {
  const ok = latencies(r, (s) => s === '200');
  const shed = latencies(r, (s) => s === '429' || s === '503');
  const n = total(r);
  out(`\n${title}`);
  out(
    `  answers: ${n} (${(n / r.seconds).toFixed(1)}/s); ${[...r.byStatus].map(([s, l]) => `${s}: ${l.length}`).join(', ')}`,
  );
  out(`  accepted: ${(ok.length / r.seconds).toFixed(1)}/s, p50 ${ms(ok, 50)} ms, p99 ${ms(ok, 99)} ms`);
  if (shed.length)
    out(
      `  429/503: ${((100 * shed.length) / n).toFixed(1)} % of answers, p50 ${ms(shed, 50)} ms, p99 ${ms(shed, 99)} ms`,
    );
}

/** Waits until the demo catalog is loaded and the indexer has stopped working through it. */
async function demoIndexed(base: string, marker: string): Promise<void> {
  const deadline = Date.now() + 900_000;
  let last = '';
  for (let still = 0; still < 5;) {
    if (Date.now() > deadline) throw new Error('the demo catalog was not indexed within 15 minutes');
    await sleep(1000);
    const text = await fetch(`${base}/metrics`)
      .then((r) => r.text())
      .catch(() => '');
    const counters = text
      .split('\n')
      .filter((l) => l.startsWith('indexer_messages_total'))
      .join('|');
    still = existsSync(marker) && counters === last ? still + 1 : 0;
    last = counters;
  }
}
