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
process.exit(jest.status ?? 1);
