import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

/**
 * One built app (`dist/apps/<app>/main.js`) as its own process, as an operator
 * runs it: started, stopped with SIGTERM, killed with SIGKILL, started again
 * with the same environment. Its output goes to `<logDir>/<name>.log`.
 */
export class AppProcess {
  private child?: ChildProcess;
  private log?: WriteStream;
  url = '';
  starts = 0;

  constructor(
    readonly name: string,
    private readonly app: string,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {}

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Starts the app and resolves once it logs the URL it listens on (at
   * LOG_LEVEL=info), or, given `readyUrl`, once `readyUrl/health/live` answers.
   */
  async start(timeoutMs = 120_000, readyUrl?: string): Promise<string> {
    const entry = `dist/apps/${this.app}/main.js`;
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build`);
    this.log ??= createWriteStream(join(this.logDir, `${this.name}.log`), { flags: 'a' });
    this.log.write(`\n=== start ${++this.starts} at ${new Date().toISOString()} ===\n`);
    const child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let seen = '';
    child.stdout.on('data', (d: Buffer) => this.log?.write(d));
    child.stderr.on('data', (d: Buffer) => this.log?.write(d));
    if (readyUrl) {
      this.url = await this.pollLive(child, readyUrl, timeoutMs);
      return this.url;
    }
    this.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${this.name} did not listen within ${timeoutMs} ms (see its log)`));
      }, timeoutMs);
      const onData = (d: Buffer) => {
        seen = (seen + d.toString()).slice(-4000);
        const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(seen);
        if (match) {
          clearTimeout(timer);
          child.stdout.off('data', onData);
          resolve(match[1]);
        }
      };
      child.stdout.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code ?? signal}) before listening:\n${seen}`));
      });
    });
    return this.url;
  }

  private async pollLive(child: ChildProcess, url: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${this.name} exited (${child.exitCode ?? child.signalCode}) before it was live`);
      const live = await fetch(`${url}/health/live`)
        .then((r) => r.ok)
        .catch(() => false);
      if (live) return url;
      await new Promise((r) => setTimeout(r, 250));
    }
    child.kill('SIGKILL');
    throw new Error(`${this.name} was not live within ${timeoutMs} ms (see its log)`);
  }

  /** SIGKILL: no drain, no offset commit, no goodbye. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM and the exit code (null when it had to be killed after `timeoutMs`). */
  async stop(timeoutMs = 30_000): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running) return child?.exitCode ?? null;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const [code] = (await exited) as [number | null];
    clearTimeout(timer);
    return code;
  }

  /** Peak resident memory so far (VmHWM), in MiB; undefined once the process is gone. */
  peakRssMiB(): number | undefined {
    return peakRssMiB(this.pid);
  }

  close(): void {
    this.log?.end();
  }
}

/** A process's peak resident set size (VmHWM from /proc), in MiB. */
export function peakRssMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
