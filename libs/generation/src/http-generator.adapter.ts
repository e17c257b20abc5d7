import { DomainError, type DomainErrorCode } from '#contracts';
import type { ComponentHealth } from '#observability';
import {
  GeneratorPort,
  type Completion,
  type CompletionRequest,
  type DescribeResult,
  type GenerationOptions,
  type GeneratorModelRef,
} from './generator.port.js';
import type { Lang } from './shop-prompts.js';

const PASSED_THROUGH = new Set<DomainErrorCode>([
  'INVALID_INPUT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA',
  'OVERLOADED',
]);

/**
 * Talks to generator apps (GENERATOR_URL, one or several). Each call streams
 * (Server-Sent Events) so pieces reach the caller as they are decoded, and
 * aborting the caller's signal closes the connection, which stops the
 * generation on the other side. A replica that cannot be reached is skipped;
 * a full queue (503) is tried on the next replica, then reported as such.
 */
export class HttpGeneratorClient extends GeneratorPort {
  private next = 0;

  constructor(
    private readonly urls: string[],
    /** Upper bound for one call, queueing included. */
    private readonly timeoutMs: number,
  ) {
    super();
    if (urls.length === 0) throw new Error('HttpGeneratorClient needs at least one URL');
  }

  describe(photo: Buffer, lang: Lang, options: GenerationOptions = {}): Promise<DescribeResult> {
    return this.stream<DescribeResult>(
      '/v1/generate/describe',
      { image: photo.toString('base64'), lang, max_new_tokens: options.maxNewTokens },
      options,
    );
  }

  complete(request: CompletionRequest, options: GenerationOptions = {}): Promise<Completion> {
    return this.stream<Completion>(
      '/v1/generate/complete',
      {
        text: request.text,
        image: request.image?.toString('base64'),
        constraint: request.constraint,
        max_new_tokens: options.maxNewTokens,
      },
      options,
    );
  }

  async model(): Promise<GeneratorModelRef> {
    const res = await this.fetchAny('/v1/generate/model', { method: 'GET' });
    return (await res.json()) as GeneratorModelRef;
  }

  async check(): Promise<ComponentHealth> {
    const replicas: Record<string, boolean> = {};
    await Promise.all(
      this.urls.map(async (url) => {
        replicas[url] = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(2000) })
          .then((r) => r.ok)
          .catch(() => false);
      }),
    );
    return { status: Object.values(replicas).some(Boolean) ? 'up' : 'down', details: { replicas } };
  }

  private async stream<T>(path: string, body: object, options: GenerationOptions): Promise<T> {
    const signal = options.signal
      ? AbortSignal.any([options.signal, AbortSignal.timeout(this.timeoutMs)])
      : AbortSignal.timeout(this.timeoutMs);
    const res = await this.fetchAny(`${path}?stream=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    if (!res.headers.get('content-type')?.startsWith('text/event-stream')) return (await res.json()) as T;
    let result: T | undefined;
    for await (const { event, data } of serverSentEvents(res.body!)) {
      if (event === 'token') options.onText?.((data as { text: string }).text);
      else if (event === 'done') result = data as T;
      else if (event === 'error') {
        throw new DomainError(
          'DEPENDENCY_UNAVAILABLE',
          `generator: ${(data as { message: string }).message}`,
        );
      }
    }
    if (result === undefined) {
      if (options.signal?.aborted) throw new DomainError('INVALID_INPUT', 'the request was cancelled');
      throw new DomainError('DEPENDENCY_UNAVAILABLE', 'the generator closed the stream before its result');
    }
    return result;
  }

  /** The first replica that answers, starting one further each call; its 4xx come back as DomainErrors. */
  private async fetchAny(path: string, init: RequestInit): Promise<Response> {
    let overloaded: DomainError | undefined;
    let lastError = 'no replica answered';
    const start = this.next++ % this.urls.length;
    for (let k = 0; k < this.urls.length; k++) {
      const url = this.urls[(start + k) % this.urls.length];
      let res: Response;
      try {
        res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(this.timeoutMs), ...init });
      } catch (error) {
        if (init.signal?.aborted) throw new DomainError('INVALID_INPUT', 'the request was cancelled');
        lastError = `${url}: ${(error as Error).message}`;
        continue;
      }
      if (res.ok) return res;
      const failure = (await res.json().catch(() => ({}))) as {
        code?: DomainErrorCode;
        message?: string;
        details?: Record<string, unknown>;
      };
      if (res.status === 503 || res.status >= 500) {
        const retryAfter = Number(res.headers.get('retry-after') ?? 5);
        if (res.status === 503 && failure.code === 'OVERLOADED') {
          overloaded = new DomainError(
            'OVERLOADED',
            failure.message ?? 'the generator is busy',
            undefined,
            retryAfter,
          );
        }
        lastError = `${url}: HTTP ${res.status}`;
        continue;
      }
      const code = failure.code && PASSED_THROUGH.has(failure.code) ? failure.code : 'INVALID_INPUT';
      throw new DomainError(code, failure.message ?? `generator answered ${res.status}`, failure.details);
    }
    throw (
      overloaded ??
      new DomainError('DEPENDENCY_UNAVAILABLE', `generator unavailable: ${lastError}`, undefined, 5)
    );
  }
}

/** The events of a text/event-stream body, as they arrive. */
async function* serverSentEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<{ event: string; data: unknown }> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data) yield { event, data: JSON.parse(data) as unknown };
    }
  }
}
