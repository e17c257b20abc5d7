import { DomainError, type DomainErrorCode } from '#contracts';
import type { ComponentHealth } from '#observability';
import { EncoderPort } from './encoder.port.js';
import type { EmbeddingBatch, ModelInfo } from './model-info.js';

interface EmbedResponse {
  model: ModelInfo;
  vectors: number[][];
}

const HEALTH_INTERVAL_MS = 10_000;
const KNOWN_CODES = new Set<DomainErrorCode>([
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_INPUT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA',
  'OVERLOADED',
  'RATE_LIMITED',
  'DEPENDENCY_UNAVAILABLE',
  'UNAUTHORIZED',
]);

/**
 * Talks to one or more encoder apps (ENCODER_URL). Replicas are health-checked
 * in the background; a request goes to a healthy one first and fails over to
 * the next on a network error, 5xx or 503 (overloaded). The caller's own
 * mistakes (4xx) come back as the same DomainError the encoder raised.
 */
export class HttpEncoderClient extends EncoderPort {
  private readonly healthy = new Map<string, boolean>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly urls: string[],
    private readonly timeoutMs: number,
  ) {
    super();
    if (urls.length === 0) throw new Error('HttpEncoderClient needs at least one URL');
    urls.forEach((u) => this.healthy.set(u, true));
    this.timer = setInterval(() => void this.probeAll(), HEALTH_INTERVAL_MS);
    this.timer.unref();
  }

  async embedTexts(texts: string[]): Promise<EmbeddingBatch> {
    return toBatch(await this.post<EmbedResponse>('/v1/embed/text', { texts }));
  }

  async embedImages(images: Buffer[]): Promise<EmbeddingBatch> {
    return toBatch(
      await this.post<EmbedResponse>('/v1/embed/image', { images: images.map((b) => b.toString('base64')) }),
    );
  }

  async model(): Promise<ModelInfo> {
    return this.request<ModelInfo>('/v1/embed/model', { method: 'GET' });
  }

  async check(): Promise<ComponentHealth> {
    await this.probeAll();
    const replicas = Object.fromEntries(this.healthy);
    const up = [...this.healthy.values()].some(Boolean);
    return { status: up ? 'up' : 'down', details: { replicas } };
  }

  close(): void {
    clearInterval(this.timer);
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async request<T>(path: string, init: RequestInit): Promise<T> {
    const order = [...this.urls].sort((a, b) => Number(this.healthy.get(b)) - Number(this.healthy.get(a)));
    let overloaded = false;
    let lastError = 'no replica answered';
    for (const url of order) {
      let res: Response;
      try {
        res = await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
      } catch (error) {
        this.healthy.set(url, false);
        lastError = `${url}: ${(error as Error).message}`;
        continue;
      }
      if (res.ok) return (await res.json()) as T;
      const body = (await res.json().catch(() => ({}))) as {
        code?: DomainErrorCode;
        message?: string;
        details?: object;
      };
      if (res.status === 503) {
        overloaded = true;
        lastError = `${url}: overloaded`;
        continue;
      }
      if (res.status >= 500) {
        this.healthy.set(url, false);
        lastError = `${url}: HTTP ${res.status}`;
        continue;
      }
      const code = body.code && KNOWN_CODES.has(body.code) ? body.code : 'INVALID_INPUT';
      throw new DomainError(
        code,
        body.message ?? `encoder answered ${res.status}`,
        body.details as Record<string, unknown>,
      );
    }
    if (overloaded) throw new DomainError('OVERLOADED', 'every encoder replica is busy', undefined, 1);
    throw new DomainError('DEPENDENCY_UNAVAILABLE', `encoder unavailable: ${lastError}`, undefined, 5);
  }

  private async probeAll(): Promise<void> {
    await Promise.all(
      this.urls.map(async (url) => {
        const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) }).then(
          (r) => r.ok,
          () => false,
        );
        this.healthy.set(url, ok);
      }),
    );
  }
}

function toBatch(response: EmbedResponse): EmbeddingBatch {
  return { model: response.model, vectors: response.vectors.map((v) => Float32Array.from(v)) };
}
