// Helpers shared by the start and test entry points. Node built-ins only, so
// they run on a fresh clone before `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

export function run(label, command, args, options = {}) {
  process.stdout.write(`\n▶ ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    process.stderr.write(`✖ ${label} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/** `npm ci` when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  const marker = 'node_modules/.package-lock.json';
  if (mtime(marker) >= mtime('package-lock.json')) return;
  run('installing dependencies (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund']);
}

export function build() {
  run('building (tsc)', 'npm', ['run', '--silent', 'build']);
}
