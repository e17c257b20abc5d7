import autocannon from 'autocannon';

export interface DriveResult {
  seconds: number;
  /** Latencies in ms by status code ('error' for no answer). */
  byStatus: Map<string, number[]>;
}

export interface DriveOptions {
  url: string;
  bodies: string[];
  connections: number;
  seconds: number;
  /** Requests per second over all connections; omitted: as fast as answers come (closed loop). */
  overallRate?: number;
}

/** POST /v1/search with autocannon, recording every answer's status and latency. */
export async function drive(o: DriveOptions): Promise<DriveResult> {
  const byStatus = new Map<string, number[]>();
  const record = (key: string, ms: number) => {
    const list = byStatus.get(key) ?? [];
    list.push(ms);
    byStatus.set(key, list);
  };
  const started = performance.now();
  let finished!: (error: unknown) => void;
  const done = new Promise<void>(
    (resolve, reject) => (finished = (e) => (e ? reject(e as Error) : resolve())),
  );
  const instance = autocannon(
    {
      url: o.url,
      connections: o.connections,
      duration: o.seconds,
      ...(o.overallRate ? { overallRate: o.overallRate } : {}),
      timeout: 30,
      requests: o.bodies.map((body) => ({
        method: 'POST' as const,
        path: '/v1/search',
        headers: { 'content-type': 'application/json' },
        body,
      })),
    },
    (error: unknown) => finished(error),
  );
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) =>
    record(String(statusCode), responseTime),
  );
  instance.on('reqError', () => record('error', 0));
  await done;
  return { seconds: (performance.now() - started) / 1000, byStatus };
}

export const percentile = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Answers of the given statuses, all latencies together. */
export const latencies = (r: DriveResult, statuses: (s: string) => boolean): number[] =>
  [...r.byStatus.entries()].filter(([s]) => statuses(s)).flatMap(([, ms]) => ms);

export const total = (r: DriveResult): number => latencies(r, () => true).length;
