/**
 * A small `inject`-shaped client over real HTTP. (Fastify's own inject pulls
 * in an ESM-only dependency that Jest cannot load on Node 20, and going
 * through the socket is closer to what users do anyway.)
 */
export interface InjectOptions {
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: unknown;
}

export interface InjectResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  rawPayload: Buffer;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function httpClient(baseUrl: string) {
  return {
    async inject(options: InjectOptions): Promise<InjectResponse> {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      let body: string | Buffer | undefined;
      if (Buffer.isBuffer(options.payload) || typeof options.payload === 'string') {
        body = options.payload;
      } else if (options.payload !== undefined) {
        body = JSON.stringify(options.payload);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${baseUrl}${options.url}`, { method: options.method, headers, body });
      const rawPayload = Buffer.from(await res.arrayBuffer());
      const text = rawPayload.toString('utf8');
      return {
        statusCode: res.status,
        headers: Object.fromEntries(res.headers.entries()),
        body: text,
        rawPayload,
        json: () => JSON.parse(text),
      };
    },
  };
}
