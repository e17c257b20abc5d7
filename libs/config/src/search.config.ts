import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { loadConfig, type Env } from './load-config.js';

class SearchEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000) SEARCH_CACHE_SIZE: number = 500;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(3_600_000) SEARCH_CACHE_TTL_MS: number = 60_000;
  @IsOptional() @Type(() => Number) @IsInt() @Min(20) @Max(5_000) SEARCH_DEPTH: number = 300;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000) SEARCH_MAX_CONCURRENT: number = 2;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000) SEARCH_QUEUE_SIZE: number = 64;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60_000) SEARCH_MAX_QUEUE_WAIT_MS: number = 300;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60_000) SEARCH_MAX_EVENT_LOOP_DELAY_MS: number =
    250;
  @IsOptional() @IsString() PHOTO_CATEGORY_MODEL: string = 'models/category-mini';
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
   * The longest a search may expect to wait for a slot (its place in the
   * queue × the recent time between completed searches); longer, it is
   * refused at once. Sizes the queue by time, so it holds as large a burst as
   * the machine can answer within this wait, fast or busy. 0 turns it off.
   */
  readonly maxQueueWaitMs: number;
  /**
   * How far behind the event loop may run (ms since its timers last ran) when
   * a search arrives; further behind, it is refused at once. Searches yield
   * to the loop between their stages, so this acts when the loop is late for
   * other reasons (a starved CPU) and requests wait unread. 0 turns it off.
   */
  readonly maxEventLoopDelayMs: number;
  /**
   * The image classifier that reads which category a query photo shows (a
   * local folder that ml/category/train.py writes); `off` leaves the reading
   * to the dual encoder alone.
   */
  readonly photoCategoryModel: string | undefined;

  constructor(env: Env = process.env) {
    const e = loadConfig('search', SearchEnv, env);
    this.cacheSize = e.SEARCH_CACHE_SIZE;
    this.cacheTtlMs = e.SEARCH_CACHE_TTL_MS;
    this.depth = e.SEARCH_DEPTH;
    this.maxConcurrent = e.SEARCH_MAX_CONCURRENT;
    this.queueSize = e.SEARCH_QUEUE_SIZE;
    this.maxQueueWaitMs = e.SEARCH_MAX_QUEUE_WAIT_MS;
    this.maxEventLoopDelayMs = e.SEARCH_MAX_EVENT_LOOP_DELAY_MS;
    this.photoCategoryModel = ['', 'off'].includes(e.PHOTO_CATEGORY_MODEL)
      ? undefined
      : e.PHOTO_CATEGORY_MODEL;
  }
}
