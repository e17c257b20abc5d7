import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { join } from 'node:path';
import { CoreConfig, EncoderConfig, GeneratorConfig } from '#config';
import { repoRoot } from '#demo-catalog';
import { ImageDecoder } from '#embedding';
import { MetricsRegistry } from '#observability';
import { Counter } from 'prom-client';
import {
  GenerationQueue,
  VlmEngine,
  describePrompt,
  photoPixels,
  readDescription,
  type GenerationOutput,
  type Lang,
} from '#generation';

export interface GenerationOptions {
  /** At most the configured cap. */
  maxNewTokens?: number;
  onText?: (piece: string) => void;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
}

export interface Timings {
  first_token_ms: number;
  total_ms: number;
  new_tokens: number;
  /** Stopped by the timeout or a cancelled request before the model finished. */
  interrupted: boolean;
}

export interface DescribeResult {
  title: string;
  description: string;
  text: string;
  model: { id: string; version: string };
  timings: Timings;
}

/** Seconds a refused caller is told to wait: about one generation. */
const RETRY_AFTER_S = 5;

/**
 * The visual-tokenizer LLM behind a bounded queue: one generation at a time,
 * each capped in new tokens and wall time, stopped when its client leaves.
 */
@Injectable()
export class GeneratorService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(GeneratorService.name);
  private engine?: VlmEngine;
  private readonly queue: GenerationQueue;
  private readonly decoder: ImageDecoder;
  private readonly generations: Counter<'outcome'>;

  constructor(
    private readonly config: GeneratorConfig,
    private readonly core: CoreConfig,
    encoder: EncoderConfig,
    metrics: MetricsRegistry,
  ) {
    this.queue = new GenerationQueue(config.queueSize, RETRY_AFTER_S);
    this.generations = new Counter({
      name: 'generator_generations_total',
      help: 'Generations by outcome: completed, interrupted (client gone or timeout), cancelled (client gone while queued), failed',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.decoder = new ImageDecoder({ maxBytes: encoder.imageMaxBytes, maxPixels: encoder.imageMaxPixels });
  }

  async onModuleInit(): Promise<void> {
    const started = performance.now();
    this.engine = await VlmEngine.load({
      model: this.config.model,
      repoRoot: repoRoot(),
      cacheDir: join(this.core.dataDir, 'model-cache'),
    });
    this.logger.log(
      `generator model ${this.engine.info.id}@${this.engine.info.version} loaded in ${Math.round(performance.now() - started)} ms`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.engine?.dispose();
  }

  get model(): { id: string; version: string } {
    return this.loaded().info;
  }

  /** A title and one sentence for the product in the photo. */
  async describe(photo: Buffer, lang: Lang, options: GenerationOptions = {}): Promise<DescribeResult> {
    await this.decoder.inspect(photo);
    const image = await photoPixels(photo);
    const output = await this.generate(describePrompt(lang), image, options);
    return {
      ...readDescription(output.text),
      text: output.text,
      model: this.model,
      timings: timings(output),
    };
  }

  /** Any user turn, with or without a photo: the building block of plans and answers. */
  async generate(
    text: string,
    image: Awaited<ReturnType<typeof photoPixels>> | undefined,
    options: GenerationOptions,
  ): Promise<GenerationOutput> {
    const engine = this.loaded();
    const maxNewTokens = Math.min(options.maxNewTokens ?? this.config.maxNewTokens, this.config.maxNewTokens);
    return this.queue
      .run(async () => {
        // The timeout and the client's own cancellation stop generation the same way.
        const stop = new AbortController();
        const timer = setTimeout(() => stop.abort(), this.config.timeoutMs);
        const cancel = () => stop.abort();
        options.signal?.addEventListener('abort', cancel, { once: true });
        try {
          return await engine.generate({
            text,
            image,
            maxNewTokens,
            onText: options.onText,
            signal: stop.signal,
          });
        } finally {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', cancel);
        }
      }, options.signal)
      .catch((error: unknown) => {
        if (options.signal?.aborted) this.generations.inc({ outcome: 'cancelled' });
        throw error;
      });
  }

  private loaded(): VlmEngine {
    if (!this.engine) throw new Error('the generator model is not loaded yet');
    return this.engine;
  }
}

function timings(output: GenerationOutput): Timings {
  return {
    first_token_ms: Math.round(output.firstTokenMs),
    total_ms: Math.round(output.totalMs),
    new_tokens: output.newTokens,
    interrupted: output.interrupted,
  };
}
