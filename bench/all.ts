// `npm run bench`: the five benchmarks one after another, each in its own
// process (its own memory and ONNX sessions), then one markdown table of their
// headline figures: ours beside the raw library, measured in this run.
//   npm run bench                          (the issue's sizes; 30–50 min on 2 cores)
//   node dist/bench/all.js --smoke         (tiny sizes, 1.5–3 min; npm test runs it)
//   node dist/bench/all.js --only encoder,search
// Each child's output goes to bench/results/logs/<name>.log; the table to
// stdout, bench/results/summary.md and summary.json. Exit 1 when a child fails,
// writes no JSON, or leaves a headline figure missing or not finite.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '#demo-catalog';
import { BENCHES, BENCH_TIMEOUT_S, type BenchMode, type PlannedBench } from './bench.plan.js';
import { headlineProblems, headlineTable, type Headline } from './headline.js';
import { machineInfo, machineLine } from './machine.js';

const usage = 'usage: node dist/bench/all.js [--smoke] [--only encoder,search,indexing,generation,album]';
let args: { smoke: boolean; only?: string };
try {
  args = parseArgs({
    options: { smoke: { type: 'boolean', default: false }, only: { type: 'string' } },
  }).values;
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${usage}\n`);
  process.exit(2);
}
const mode: BenchMode = args.smoke ? 'smoke' : 'full';
const wanted = args.only?.split(',').map((s) => s.trim()) ?? BENCHES.map((b) => b.name);
const unknown = wanted.filter((name) => !BENCHES.some((b) => b.name === name));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown bench ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}\n`,
  );
  process.exit(2);
}
const plan = BENCHES.filter((b) => wanted.includes(b.name));

const here = import.meta.dirname;
const root = repoRoot();
const results = join(root, 'bench/results');
mkdirSync(join(results, 'logs'), { recursive: true });

interface Outcome {
  name: string;
  ok: boolean;
  seconds: number;
  settings: Record<string, string>;
  log: string;
  problems: string[];
  headline: Headline[];
  notes: string[];
}

// The machine and commit as the run starts, when dist/ was built.
const machine = machineInfo();
const started = Date.now();
const outcomes: Outcome[] = [];
for (const [i, bench] of plan.entries()) outcomes.push(await runBench(bench, i + 1));
const elapsed = clock(Date.now() - started);

const failed = outcomes.filter((o) => !o.ok);
const settings = outcomes
  .map(
    (o) =>
      `${o.name} ${Object.entries(o.settings)
        .map(([k, v]) => `${k.replace('BENCH_', '')}=${v}`)
        .join(' ')}`,
  )
  .join(' · ');
const report = [
  `# ShopLens benchmarks (${mode})`,
  '',
  machineLine(machine),
  ...(machineInfo().commit === machine.commit
    ? []
    : [`the checkout moved to commit ${machineInfo().commit} during the run`]),
  `mode: ${mode}${args.only ? ` (only ${plan.map((b) => b.name).join(', ')})` : ''}; elapsed ${elapsed}`,
  `settings: ${settings}`,
  '',
  headlineTable(outcomes.flatMap((o) => o.headline)),
  '× better: ours ÷ baseline where higher is better, baseline ÷ ours where lower is better (above 1: ours ahead).',
  ...outcomes.flatMap((o) => o.notes.map((n) => `${o.name}: ${n}`)),
  ...failed.map((o) => `FAILED ${o.name}: ${o.problems.join('; ')} (log: ${o.log})`),
  '',
].join('\n');
process.stdout.write(`\n${report}`);
writeFileSync(join(results, 'summary.md'), report);
writeFileSync(
  join(results, 'summary.json'),
  `${JSON.stringify(
    {
      machine,
      mode,
      started: new Date(started).toISOString(),
      elapsed_s: Math.round((Date.now() - started) / 1000),
      benches: outcomes.map((o) => ({ ...o, headline: undefined })),
      headline: outcomes.flatMap((o) => o.headline),
    },
    null,
    2,
  )}\n`,
);
process.exit(failed.length > 0 ? 1 : 0);

/** Runs one bench script as a child process and reads back its JSON. */
async function runBench(bench: PlannedBench, n: number): Promise<Outcome> {
  const json = join(results, `${bench.name}.json`);
  const log = join(results, 'logs', `${bench.name}.log`);
  // A JSON left by an earlier run must not pass for this run's.
  rmSync(json, { force: true });
  const settings = bench.env[mode];
  const benchStarted = Date.now();
  const progress = `[${n}/${plan.length}] ${bench.name}`;
  const tty = process.stderr.isTTY;
  const status = () =>
    `${progress} … ${clock(Date.now() - benchStarted)} (total ${clock(Date.now() - started)})`;
  process.stderr.write(tty ? status() : `${progress} … (log: ${log})\n`);
  const ticker = setInterval(
    () => process.stderr.write(tty ? `\r${status()}\x1b[K` : `${status()}\n`),
    tty ? 1000 : 60_000,
  );
  const exit = await runChild(join(here, bench.script), settings, log, BENCH_TIMEOUT_S[mode]);
  clearInterval(ticker);
  const seconds = Math.round((Date.now() - benchStarted) / 1000);

  const problems: string[] = [];
  let parsed: { headline?: Headline[]; notes?: string[] } = {};
  if (exit !== 'ok') problems.push(exit);
  else if (!existsSync(json)) problems.push(`wrote no ${json}`);
  else {
    try {
      parsed = JSON.parse(readFileSync(json, 'utf8')) as typeof parsed;
      problems.push(...headlineProblems(parsed));
    } catch (error) {
      problems.push(`${json}: ${(error as Error).message}`);
    }
  }
  const ok = problems.length === 0;
  process.stderr.write(
    `${tty ? '\r' : ''}${progress} ${ok ? '✓' : '✗'} ${clock(seconds * 1000)} (total ${clock(Date.now() - started)})${tty ? '\x1b[K' : ''}\n`,
  );
  if (!ok) {
    process.stderr.write(`  ${problems.join('\n  ')}\n  last lines of ${log}:\n`);
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    process.stderr.write(`${lines.join('') === '' ? '(empty)' : lines.slice(-40).join('\n')}\n\n`);
  }
  return {
    name: bench.name,
    ok,
    seconds,
    settings,
    log,
    problems,
    headline: ok ? (parsed.headline ?? []) : [],
    notes: parsed.notes ?? [],
  };
}

/** 'ok', or why the child did not finish well; its stdout and stderr go to `log`. */
function runChild(
  script: string,
  env: Record<string, string>,
  log: string,
  timeoutS: number,
): Promise<string> {
  const fd = openSync(log, 'w');
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  }, timeoutS * 1000);
  return new Promise((resolve) => {
    child.on('error', (error) => resolve(`could not start: ${error.message}`));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) resolve(`stopped after ${timeoutS} s`);
      else resolve(code === 0 ? 'ok' : `exit ${code ?? signal}`);
    });
  });
}

function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
