import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { loadConfig, type Env } from './load-config.js';

class SearchEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000) SEARCH_CACHE_SIZE: number = 500;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(3_600_000) SEARCH_CACHE_TTL_MS: number = 60_000;
  @IsOptional() @Type(() => Number) @IsInt() @Min(20) @Max(5_000) SEARCH_DEPTH: number = 300;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000) SEARCH_MAX_CONCURRENT: number = 2;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000) SEARCH_QUEUE_SIZE: number = 8;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60_000) SEARCH_MAX_EVENT_LOOP_DELAY_MS: number =
    250;
}

/** Product search: the ranked-results cache, how deep each ranked list goes, and admission. */
export class SearchConfig {
  /** Ranked result lists kept for repeated queries and next pages; 0 turns the cache off. */
  readonly cacheSize: number;
  /** Upper bound on a cached list's age; index changes drop the cache sooner. */
  readonly cacheTtlMs: number;
  /** Candidates taken from each ranked list (vector and lexical): the most a query can page through. */
  readonly depth: number;
  /** Searches running at once; more wait in the queue. */
  readonly maxConcurrent: number;
  /** Searches waiting for a slot; beyond this a search is answered 503 + Retry-After at once. */
  readonly queueSize: number;
  /**
   * How far behind the event loop may run (ms since its timers last ran) when
   * a search arrives; further behind, it is refused at once. In process,
   * search is CPU work on the event loop and excess requests wait before any
   * handler sees them. 0 turns it off.
   */
  readonly maxEventLoopDelayMs: number;

  constructor(env: Env = process.env) {
    const e = loadConfig('search', SearchEnv, env);
    this.cacheSize = e.SEARCH_CACHE_SIZE;
    this.cacheTtlMs = e.SEARCH_CACHE_TTL_MS;
    this.depth = e.SEARCH_DEPTH;
    this.maxConcurrent = e.SEARCH_MAX_CONCURRENT;
    this.queueSize = e.SEARCH_QUEUE_SIZE;
    this.maxEventLoopDelayMs = e.SEARCH_MAX_EVENT_LOOP_DELAY_MS;
  }
}
