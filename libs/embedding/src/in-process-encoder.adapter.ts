import { DomainError } from '#contracts';
import type { ComponentHealth } from '#observability';
import type { ClipEngine, DecodedImage } from './clip.engine.js';
import { EncoderPort } from './encoder.port.js';
import { ImageDecoder } from './image-decoder.js';
import { LruCache } from './lru-cache.js';
import { MicroBatcher } from './micro-batcher.js';
import type { EmbeddingBatch, ModelInfo } from './model-info.js';

export interface InProcessEncoderLimits {
  maxBatch: number;
  maxWaitMs: number;
  queueSize: number;
  cacheSize: number;
  maxTexts: number;
  maxTextChars: number;
  maxImages: number;
  imageMaxBytes: number;
  imageMaxPixels: number;
}

/** Runs the model in this process behind input checks, an LRU text cache and micro-batching. */
export class InProcessEncoder extends EncoderPort {
  private readonly texts: MicroBatcher<string, Float32Array>;
  private readonly images: MicroBatcher<DecodedImage, Float32Array>;
  private readonly cache: LruCache<string, Float32Array>;
  private readonly decoder: ImageDecoder;

  constructor(
    private readonly engine: ClipEngine,
    private readonly limits: InProcessEncoderLimits,
  ) {
    super();
    const batching = { maxBatch: limits.maxBatch, maxWaitMs: limits.maxWaitMs, queueSize: limits.queueSize };
    this.texts = new MicroBatcher(batching, (t) => engine.embedTexts(t));
    this.images = new MicroBatcher(batching, (i) => engine.embedImages(i));
    this.cache = new LruCache(limits.cacheSize);
    this.decoder = new ImageDecoder({ maxBytes: limits.imageMaxBytes, maxPixels: limits.imageMaxPixels });
  }

  get queueDepth(): number {
    return this.texts.depth + this.images.depth;
  }

  async embedTexts(texts: string[]): Promise<EmbeddingBatch> {
    this.checkTexts(texts);
    const vectors: (Float32Array | undefined)[] = texts.map((t) => this.cache.get(t));
    const missing = [...new Set(texts.filter((_, i) => !vectors[i]))];
    if (missing.length > 0) {
      const computed = await this.texts.submit(missing);
      missing.forEach((t, i) => this.cache.set(t, computed[i]));
      texts.forEach((t, i) => (vectors[i] ??= this.cache.get(t) ?? computed[missing.indexOf(t)]));
    }
    return { model: this.engine.info, vectors: vectors as Float32Array[] };
  }

  async embedImages(images: Buffer[]): Promise<EmbeddingBatch> {
    if (images.length === 0) throw invalid('images', 'send at least one image');
    if (images.length > this.limits.maxImages) {
      throw invalid('images', `at most ${this.limits.maxImages} images per request, got ${images.length}`);
    }
    // Decoding runs on libuv's thread pool, so images decode in parallel.
    const decoded = await Promise.all(
      images.map((bytes, index) =>
        this.decoder.decode(bytes, this.engine.vision).catch((error: unknown) => {
          if (error instanceof DomainError && images.length > 1) {
            throw new DomainError(error.code, `image ${index}: ${error.message}`, {
              ...error.details,
              index,
            });
          }
          throw error;
        }),
      ),
    );
    return { model: this.engine.info, vectors: await this.images.submit(decoded) };
  }

  model(): Promise<ModelInfo> {
    return Promise.resolve(this.engine.info);
  }

  check(): Promise<ComponentHealth> {
    return Promise.resolve({
      status: 'up',
      details: { ...this.engine.info, queue_depth: this.queueDepth, cached_texts: this.cache.size },
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.texts.close(), this.images.close()]);
  }

  private checkTexts(texts: string[]): void {
    if (!Array.isArray(texts) || texts.length === 0) throw invalid('texts', 'send at least one text');
    if (texts.length > this.limits.maxTexts) {
      throw invalid('texts', `at most ${this.limits.maxTexts} texts per request, got ${texts.length}`);
    }
    texts.forEach((text, i) => {
      if (typeof text !== 'string' || text.trim().length === 0)
        throw invalid(`texts.${i}`, 'must be a non-empty string');
      if (text.length > this.limits.maxTextChars) {
        throw invalid(`texts.${i}`, `is ${text.length} characters; the limit is ${this.limits.maxTextChars}`);
      }
    });
  }
}

const invalid = (field: string, problem: string) =>
  new DomainError('INVALID_INPUT', `${field} ${problem}`, { errors: [{ field, problems: [problem] }] });
