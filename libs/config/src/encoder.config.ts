import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { loadConfig, type Env } from './load-config.js';

export const ENCODER_DTYPES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16'] as const;
export type EncoderDtype = (typeof ENCODER_DTYPES)[number];

class EncoderEnv {
  @IsOptional() @IsString() ENCODER_MODEL: string = 'models/eclip-mini';
  @IsOptional() @IsIn(ENCODER_DTYPES) ENCODER_DTYPE: EncoderDtype = 'fp32';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(256) ENCODER_MAX_BATCH: number = 32;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1000) ENCODER_MAX_WAIT_MS: number = 0;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) ENCODER_QUEUE_SIZE: number = 512;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10_000_000) ENCODER_CACHE_SIZE: number = 10_000;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(4096) ENCODER_MAX_TEXTS: number = 256;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) ENCODER_MAX_TEXT_CHARS: number = 1000;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(64) ENCODER_MAX_IMAGES: number = 64;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1024) @Max(1024 * 1024 * 1024) IMAGE_MAX_BYTES: number =
    10 * 1024 * 1024;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000_000) IMAGE_MAX_PIXELS: number =
    40_000_000;
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(600_000) ENCODER_TIMEOUT_MS: number = 10_000;
}

/** The dual encoder: which model, and the limits that keep the service bounded. */
export class EncoderConfig {
  /** Hub id (`Xenova/clip-vit-base-patch32`) or a local folder in Hugging Face layout. */
  readonly model: string;
  readonly dtype: EncoderDtype;
  readonly maxBatch: number;
  readonly maxWaitMs: number;
  readonly queueSize: number;
  readonly cacheSize: number;
  readonly maxTexts: number;
  readonly maxTextChars: number;
  readonly maxImages: number;
  readonly imageMaxBytes: number;
  readonly imageMaxPixels: number;
  readonly timeoutMs: number;

  constructor(env: Env = process.env) {
    const e = loadConfig('encoder', EncoderEnv, env);
    this.model = e.ENCODER_MODEL;
    this.dtype = e.ENCODER_DTYPE;
    this.maxBatch = e.ENCODER_MAX_BATCH;
    this.maxWaitMs = e.ENCODER_MAX_WAIT_MS;
    this.queueSize = e.ENCODER_QUEUE_SIZE;
    this.cacheSize = e.ENCODER_CACHE_SIZE;
    this.maxTexts = e.ENCODER_MAX_TEXTS;
    this.maxTextChars = e.ENCODER_MAX_TEXT_CHARS;
    this.maxImages = e.ENCODER_MAX_IMAGES;
    this.imageMaxBytes = e.IMAGE_MAX_BYTES;
    this.imageMaxPixels = e.IMAGE_MAX_PIXELS;
    this.timeoutMs = e.ENCODER_TIMEOUT_MS;
  }
}
