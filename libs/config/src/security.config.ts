import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { loadConfig, type Env } from './load-config.js';

/** `scheme://host[:port]`, no path: the form a browser sends in `Origin`. */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

class SecurityEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_PER_IP: number = 600;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_PER_KEY: number = 300;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_REVIEWS_PER_IP: number = 10;

  @IsOptional()
  @Transform(({ value }: { value: string }) =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  @Matches(ORIGIN, {
    each: true,
    message: 'must be a comma-separated list of origins like https://shop.example',
  })
  CORS_ORIGINS: string[] = [];

  @IsOptional()
  @Transform(({ value }: { value: string }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  TRUST_PROXY: boolean = false;
}

/**
 * Limits and browser-facing policy for the public HTTP surface. Per-minute
 * rate limits are token buckets (the whole minute's allowance may arrive as a
 * burst, then it refills evenly); 0 turns a limit off.
 */
export class SecurityConfig {
  /** Public writes (reviews, album uploads and deletes) per client IP per minute. */
  readonly writesPerIp: number;
  /** Public writes per bearer token (a user's token) per minute. */
  readonly writesPerKey: number;
  /** Reviews per client IP per minute (anonymous writes, so stricter). */
  readonly reviewsPerIp: number;
  /** Origins whose pages may call the API from a browser; empty: same origin only. */
  readonly corsOrigins: readonly string[];
  /** Take the client IP from X-Forwarded-For (only behind a proxy you run). */
  readonly trustProxy: boolean;

  constructor(env: Env = process.env) {
    const e = loadConfig('security', SecurityEnv, env);
    this.writesPerIp = e.RATE_LIMIT_PER_IP;
    this.writesPerKey = e.RATE_LIMIT_PER_KEY;
    this.reviewsPerIp = e.RATE_LIMIT_REVIEWS_PER_IP;
    this.corsOrigins = e.CORS_ORIGINS;
    this.trustProxy = e.TRUST_PROXY;
  }
}
