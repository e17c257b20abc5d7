#!/usr/bin/env node
// `npm test`: installs what is missing, builds, lints, starts the real Kafka
// broker and PostgreSQL (infra/), then runs every Jest test: small tests beside
// the code and integration tests in tests/ against those services.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { build, ensureDependencies, run } from './lib.mjs';

ensureDependencies();
build();
run('lint (eslint)', 'npx', ['eslint', '--max-warnings=0', '.']);
run('format (prettier --check)', 'npx', ['prettier', '--check', '--log-level=warn', '.']);
run('Fashion-MNIST (infra/datasets/install.sh)', 'bash', ['infra/datasets/install.sh']);
run('Chromium for the browser tests (infra/chromium/install.sh)', 'bash', ['infra/chromium/install.sh']);
// Every run starts from empty topics and an empty test database (TEST_KEEP_STATE=1 keeps them).
const fresh = process.env.TEST_KEEP_STATE !== '1';
run('starting Kafka (infra/kafka/start.sh)', 'bash', ['infra/kafka/start.sh', ...(fresh ? ['--fresh'] : [])]);
run('starting PostgreSQL (infra/postgres/start.sh)', 'bash', [
  'infra/postgres/start.sh',
  ...(fresh ? ['--reset', 'shoplens_test'] : []),
]);

mkdirSync('test-results', { recursive: true });
const env = {
  ...process.env,
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  TEST_DATABASE_URL:
    process.env.TEST_DATABASE_URL ?? 'postgres://shoplens:shoplens@127.0.0.1:5432/shoplens_test',
};
process.stdout.write('\n▶ jest (unit + integration)\n');
const jest = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    'node_modules/jest/bin/jest.js',
    '--runInBand',
    '--json',
    '--outputFile=test-results/jest.json',
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env },
);

let results;
try {
  results = JSON.parse(readFileSync('test-results/jest.json', 'utf8'));
} catch {
  process.stderr.write('jest wrote no results\n');
  process.exit(jest.status || 1);
}
const tests = results.testResults.flatMap((file) => file.assertionResults);
const passedWith = (tag) => tests.filter((t) => t.status === 'passed' && t.fullName.includes(tag)).length;
process.stdout.write(
  `\nintegration tests that ran against the real Kafka broker: ${passedWith('[kafka]')}\n` +
    `integration tests that ran against the real PostgreSQL: ${passedWith('[postgres]')}\n` +
    `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`,
);

// The abuse run, a shortened fault run (README "Faults, load and abuse") and the bench smoke
// run (README "Benchmarks"), after the suites and only for a full run: `npm test -- <pattern>`
// runs just those tests. TEST_FAULT_RUNS=0 skips them.
// The fault run starts and stops its own Kafka broker (127.0.0.1:19092) and uses the PostgreSQL
// started above (database shoplens_chaos); the abuse run needs nothing outside its process.
const faultRuns = [
  [
    'abuse run (bench/abuse.ts, shortened)',
    ['dist/bench/abuse.js', '--products', '50', '--runs', '25', '--generate-runs', '6'],
  ],
  [
    'fault run (bench/chaos.ts, shortened)',
    ['dist/bench/chaos.js', '--listings', '1000', '--kills', '3', '--encoder-down-s', '10'],
  ],
  // The benchmarks at tiny sizes (about 3 minutes), so they cannot rot: it fails when a bench
  // fails or a headline figure is missing. The full `npm run bench` is run on demand.
  ['bench smoke run (bench/all.ts --smoke)', ['dist/bench/all.js', '--smoke']],
];
const failedRuns = [];
if (process.argv.length <= 2 && process.env.TEST_FAULT_RUNS !== '0') {
  for (const [label, args] of faultRuns) {
    process.stdout.write(`\n▶ ${label}\n`);
    const started = Date.now();
    const result = spawnSync(process.execPath, args, { stdio: 'inherit', env });
    process.stdout.write(
      `${label}: exit ${result.status ?? result.signal} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
    if (result.status !== 0) failedRuns.push(label);
  }
}
if (failedRuns.length > 0) process.stderr.write(`✖ failed: ${failedRuns.join(', ')}\n`);
process.exit(jest.status === 0 && failedRuns.length === 0 ? 0 : (jest.status ?? 1) || 1);
