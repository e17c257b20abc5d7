import type { ComponentHealth } from '#observability';
import type { EmbeddingBatch, ModelInfo } from './model-info.js';

/**
 * The dual encoder as the rest of the system sees it: in process (all-in-one,
 * or the encoder app itself) or over HTTP (distributed, with failover).
 */
export abstract class EncoderPort {
  abstract embedTexts(texts: string[]): Promise<EmbeddingBatch>;
  /** Encoded image files (JPEG, PNG, WebP, GIF); each is checked before decoding. */
  abstract embedImages(images: Buffer[]): Promise<EmbeddingBatch>;
  abstract model(): Promise<ModelInfo>;
  abstract check(): Promise<ComponentHealth>;
}
