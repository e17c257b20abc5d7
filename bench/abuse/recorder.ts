import { request as httpRequest } from 'node:http';

/** One request as sent on the wire: the path is already encoded, the body already serialised. */
export interface AbuseRequest {
  /** Which route (or route + corpus item) it exercises, for the per-route tally. */
  label: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface AbuseResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request whose answer broke the rules: a 5xx (other than a documented 503) or none at all. */
export interface Failure {
  request: AbuseRequest;
  outcome: string;
  answer: string;
}

/** Node's default limit on a request's head (request line + headers). */
const MAX_HEAD_BYTES = 16 * 1024;

const headBytes = (req: AbuseRequest): number =>
  Buffer.byteLength(`${req.method} ${req.path} HTTP/1.1\r\n`) +
  Object.entries(req.headers ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(`${k}: ${v}\r\n`), 0);

const preview = (value: Buffer | string | undefined, n = 240): string => {
  const text = value === undefined ? '' : value.toString();
  return text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : text;
};

/**
 * Sends requests over real sockets (node:http, so nothing is normalised away)
 * and tallies every answer. A 503 counts as correct only with Retry-After (the
 * documented overload answer); every other 5xx, a dropped connection or no
 * answer within the timeout is a failure.
 */
export class Recorder {
  readonly histogram = new Map<number | string, number>();
  readonly perLabel = new Map<string, number>();
  readonly failures: Failure[] = [];
  sent = 0;
  /** Requests in flight, with when they were sent: `stuck()` names the slow ones. */
  private readonly inFlight = new Map<AbuseRequest, number>();

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 60_000,
  ) {}

  async send(req: AbuseRequest): Promise<AbuseResponse | undefined> {
    this.sent++;
    const group = req.label.split(' ')[0];
    this.perLabel.set(group, (this.perLabel.get(group) ?? 0) + 1);
    this.inFlight.set(req, Date.now());
    try {
      const res = await this.raw(req);
      this.count(res.status);
      const overloaded = res.status === 503 && res.headers['retry-after'] !== undefined;
      if (res.status >= 500 && !overloaded) {
        this.fail({ request: req, outcome: String(res.status), answer: preview(res.body, 600) });
      }
      return res;
    } catch (error) {
      const outcome = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      // Node answers a request head over its 16 KiB limit with 431 and closes the connection while
      // the client may still be writing: the refusal is right, the reset is how it arrives.
      if (headBytes(req) > MAX_HEAD_BYTES && /ECONNRESET|EPIPE/.test(outcome)) {
        this.count('reset: head over 16 KiB');
        return undefined;
      }
      this.count(outcome);
      this.fail({ request: req, outcome, answer: (error as Error).message });
      return undefined;
    } finally {
      this.inFlight.delete(req);
    }
  }

  /** Requests in flight for longer than `ms`, oldest first. */
  stuck(ms: number): string[] {
    const now = Date.now();
    return [...this.inFlight.entries()]
      .filter(([, since]) => now - since > ms)
      .sort(([, a], [, b]) => a - b)
      .map(([r, since]) => `${r.label} (${((now - since) / 1000).toFixed(0)} s)`);
  }

  private fail(failure: Failure): void {
    this.failures.push(failure);
    // The first failure of each route as it happens, so a long run shows its findings early.
    const route = failure.request.label.split(' ')[0];
    if (this.failures.filter((f) => f.request.label.split(' ')[0] === route).length === 1)
      process.stdout.write(`  ✖ ${this.describe(failure)}\n`);
  }

  /** Sends `requests` with at most `concurrency` in flight. */
  async sendAll(requests: Iterable<AbuseRequest>, concurrency: number): Promise<void> {
    const queue = [...requests];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await this.send(next);
      }),
    );
  }

  fiveXx(): number {
    let n = 0;
    for (const f of this.failures) if (/^5\d\d$/.test(f.outcome)) n++;
    return n;
  }

  histogramLine(): string {
    return [...this.histogram.entries()]
      .sort(([a], [b]) => String(a).localeCompare(String(b)))
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
  }

  describe(f: Failure): string {
    const r = f.request;
    const type = r.headers?.['content-type'] ?? '-';
    return `${f.outcome} ${r.label} | ${r.method} ${preview(r.path, 160)} | content-type ${type} | body ${preview(r.body)} | answer ${f.answer}`;
  }

  private count(key: number | string): void {
    this.histogram.set(key, (this.histogram.get(key) ?? 0) + 1);
  }

  private raw(req: AbuseRequest): Promise<AbuseResponse> {
    const url = new URL(this.baseUrl);
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...(req.headers ?? {}) };
      if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
      const sent = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: req.method,
          path: req.path,
          headers,
          // A connection per request: a reset then belongs to this request, not to a reused socket.
          agent: false,
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      sent.on('timeout', () => sent.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      sent.on('error', reject);
      sent.end(req.body);
    });
  }
}
