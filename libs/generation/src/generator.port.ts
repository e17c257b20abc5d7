import type { ComponentHealth } from '#observability';
import type { OutputConstraint } from './output-grammar.js';
import type { Lang } from './shop-prompts.js';

export interface GenerationOptions {
  /** At most the configured cap. */
  maxNewTokens?: number;
  /** Called with each piece of text as it is decoded. */
  onText?: (piece: string) => void;
  /** Aborted when the client goes away: generation (or the wait for it) stops. */
  signal?: AbortSignal;
}

export interface Timings {
  first_token_ms: number;
  total_ms: number;
  new_tokens: number;
  /** Stopped by the timeout or a cancelled request before the model finished. */
  interrupted: boolean;
  /** Steps where constrained decoding overruled the model's first choice. */
  constrained_steps: number;
}

export interface GeneratorModelRef {
  id: string;
  version: string;
}

export interface DescribeResult {
  title: string;
  description: string;
  /** The model's whole output. */
  text: string;
  model: GeneratorModelRef;
  timings: Timings;
}

/** One user turn, with or without a photo: the building block of plans and answers. */
export interface CompletionRequest {
  text: string;
  /** An encoded photo (JPEG, PNG, WebP, GIF), checked against the image limits. */
  image?: Buffer;
  constraint?: OutputConstraint;
}

export interface Completion {
  text: string;
  model: GeneratorModelRef;
  timings: Timings;
}

/**
 * The visual-tokenizer LLM as the rest of the system sees it: in process
 * (all-in-one, the generator app) or over HTTP (GENERATOR_URL, distributed).
 */
export abstract class GeneratorPort {
  abstract describe(photo: Buffer, lang: Lang, options?: GenerationOptions): Promise<DescribeResult>;
  abstract complete(request: CompletionRequest, options?: GenerationOptions): Promise<Completion>;
  abstract model(): Promise<GeneratorModelRef>;
  abstract check(): Promise<ComponentHealth>;
}
