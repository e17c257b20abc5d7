/**
 * A progress bar for long jobs (catalog build, bulk import, reindex). On a
 * terminal it redraws one line; elsewhere (CI logs, pipes) it prints a line at
 * most every few seconds so logs stay readable.
 */
export class ProgressBar {
  private done = 0;
  private readonly started = Date.now();
  private lastPrint = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  tick(count = 1): void {
    this.done += count;
    const now = Date.now();
    const interval = this.stream.isTTY ? 100 : 5_000;
    if (now - this.lastPrint >= interval || this.done >= this.total) {
      this.lastPrint = now;
      this.render();
    }
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }

  private render(): void {
    const ratio = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
    const width = 30;
    const filled = Math.round(ratio * width);
    const elapsed = (Date.now() - this.started) / 1000;
    const rate = elapsed > 0 ? this.done / elapsed : 0;
    const eta = rate > 0 ? Math.max(0, (this.total - this.done) / rate) : 0;
    const line =
      `${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ` +
      `${this.done}/${this.total} ${(ratio * 100).toFixed(0)}% ${rate.toFixed(0)}/s eta ${eta.toFixed(0)}s`;
    this.stream.write(this.stream.isTTY ? `\r${line}` : `${line}\n`);
  }
}
