import { Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DomainError } from '#contracts';
import type { GeneratorConfig } from '#config';
import type { ImageDecoder } from '#embedding';
import type { ComponentHealth, MetricsRegistry } from '#observability';
import { GenerationQueue } from './generation.queue.js';
import {
  GeneratorPort,
  type Completion,
  type CompletionRequest,
  type DescribeResult,
  type GenerationOptions,
  type GeneratorModelRef,
  type Timings,
} from './generator.port.js';
import { describePrompt, readDescription, type Lang } from './shop-prompts.js';
import { VlmEngine, photoPixels, type GenerationOutput } from './vlm.engine.js';

/** Seconds a refused caller is told to wait: about one generation. */
const RETRY_AFTER_S = 5;

/**
 * The model in this process behind a bounded queue: one generation at a
 * time, each capped in new tokens and wall time, stopped when its client
 * leaves.
 */
export class InProcessGenerator extends GeneratorPort {
  private readonly logger = new Logger('Generator');
  private readonly queue: GenerationQueue;
  private readonly generations: Counter<'outcome'>;

  constructor(
    private readonly engine: VlmEngine,
    private readonly config: GeneratorConfig,
    private readonly decoder: ImageDecoder,
    metrics: MetricsRegistry,
  ) {
    super();
    this.queue = new GenerationQueue(config.queueSize, RETRY_AFTER_S);
    this.generations =
      (metrics.registry.getSingleMetric('generator_generations_total') as Counter<'outcome'> | undefined) ??
      new Counter({
        name: 'generator_generations_total',
        help: 'Generations by outcome: completed, interrupted (client gone or timeout), cancelled (client gone while queued), failed',
        labelNames: ['outcome'],
        registers: [metrics.registry],
      });
    this.logger.log(`generator model ${engine.info.id}@${engine.info.version} ready`);
  }

  model(): Promise<GeneratorModelRef> {
    return Promise.resolve(this.engine.info);
  }

  check(): Promise<ComponentHealth> {
    return Promise.resolve({
      status: 'up',
      details: { model: this.engine.info, queue_depth: this.queue.depth },
    });
  }

  async describe(photo: Buffer, lang: Lang, options: GenerationOptions = {}): Promise<DescribeResult> {
    const { text, timings, model } = await this.complete(
      { text: describePrompt(lang), image: photo },
      options,
    );
    return { ...readDescription(text), text, model, timings };
  }

  async complete(request: CompletionRequest, options: GenerationOptions = {}): Promise<Completion> {
    // Timings count from the call: photo decoding and waiting in the queue are part of what a caller waits for.
    const called = performance.now();
    let engineStarted = called;
    let image: Awaited<ReturnType<typeof photoPixels>> | undefined;
    if (request.image) {
      await this.decoder.inspect(request.image);
      // The header check passes a truncated or corrupt body; decoding it is what fails.
      image = await photoPixels(request.image).catch((error: unknown) => {
        throw new DomainError(
          'INVALID_INPUT',
          `the image could not be decoded: ${(error as Error).message}`,
          {
            reason: 'corrupt',
          },
        );
      });
    }
    const maxNewTokens = Math.min(options.maxNewTokens ?? this.config.maxNewTokens, this.config.maxNewTokens);
    const output = await this.queue
      .run(async () => {
        // The timeout and the client's own cancellation stop generation the same way.
        const stop = new AbortController();
        const timer = setTimeout(() => stop.abort(), this.config.timeoutMs);
        const cancel = () => stop.abort();
        options.signal?.addEventListener('abort', cancel, { once: true });
        try {
          engineStarted = performance.now();
          const result = await this.engine.generate({
            text: request.text,
            image,
            maxNewTokens,
            onText: options.onText,
            signal: stop.signal,
            constraint: request.constraint,
          });
          this.generations.inc({ outcome: result.interrupted ? 'interrupted' : 'completed' });
          return result;
        } catch (error) {
          this.generations.inc({ outcome: 'failed' });
          throw error;
        } finally {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', cancel);
        }
      }, options.signal)
      .catch((error: unknown) => {
        if (options.signal?.aborted) this.generations.inc({ outcome: 'cancelled' });
        throw error;
      });
    const waited = engineStarted - called;
    return {
      text: output.text,
      model: this.engine.info,
      timings: timings({
        ...output,
        firstTokenMs: output.firstTokenMs + waited,
        totalMs: performance.now() - called,
      }),
    };
  }

  async close(): Promise<void> {
    await this.engine.dispose();
  }
}

function timings(output: GenerationOutput): Timings {
  return {
    first_token_ms: Math.round(output.firstTokenMs),
    total_ms: Math.round(output.totalMs),
    new_tokens: output.newTokens,
    interrupted: output.interrupted,
    constrained_steps: output.constrainedSteps,
  };
}
