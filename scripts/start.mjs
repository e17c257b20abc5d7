#!/usr/bin/env node
// `npm start`: installs what is missing, builds, and starts ShopLens all-in-one
// (SQLite, embedded index, in-process bus, models in process) on PORT (3000).
// `npm run start:app -- <search-api|encoder|generator|indexer>` starts one app alone.
import { spawn } from 'node:child_process';
import { build, ensureDependencies } from './lib.mjs';

const APPS = ['search-api', 'encoder', 'generator', 'indexer'];
const flag = process.argv.indexOf('--app');
const app = flag >= 0 ? process.argv[flag + 1] : 'all-in-one';
if (!['all-in-one', ...APPS].includes(app)) {
  process.stderr.write(`unknown app "${app}"; choose one of ${APPS.join(', ')}\n`);
  process.exit(2);
}

ensureDependencies();
build();
const port = process.env.PORT ?? '3000';
process.stdout.write(
  `\n▶ starting ShopLens ${app}: http://localhost:${port}  (API docs: /docs, health: /health)\n\n`,
);
const child = spawn(process.execPath, [`dist/apps/${app}/main.js`], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
