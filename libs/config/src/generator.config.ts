import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { loadConfig, type Env } from './load-config.js';

class GeneratorEnv {
  @IsOptional() @IsString() GENERATOR_MODEL: string = 'models/shoplens-vlm';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(2048) GENERATOR_MAX_NEW_TOKENS: number = 96;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1000) GENERATOR_QUEUE_SIZE: number = 8;
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(600_000) GENERATOR_TIMEOUT_MS: number = 30_000;
}

/** The visual-tokenizer LLM: which model, and the limits that keep generation bounded. */
export class GeneratorConfig {
  /** A local folder in LLaVA layout (models/shoplens-vlm) or a hub VLM id. */
  readonly model: string;
  /** Cap on new tokens per request; a request may ask for fewer. */
  readonly maxNewTokens: number;
  /** Requests waiting behind the one generating; beyond this a request gets 503 + Retry-After. */
  readonly queueSize: number;
  /** A generation running longer is stopped and answered with what it has. */
  readonly timeoutMs: number;

  constructor(env: Env = process.env) {
    const e = loadConfig('generator', GeneratorEnv, env);
    this.model = e.GENERATOR_MODEL;
    this.maxNewTokens = e.GENERATOR_MAX_NEW_TOKENS;
    this.queueSize = e.GENERATOR_QUEUE_SIZE;
    this.timeoutMs = e.GENERATOR_TIMEOUT_MS;
  }
}
