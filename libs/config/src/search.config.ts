import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { loadConfig, type Env } from './load-config.js';

class SearchEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000) SEARCH_CACHE_SIZE: number = 500;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(3_600_000) SEARCH_CACHE_TTL_MS: number = 60_000;
  @IsOptional() @Type(() => Number) @IsInt() @Min(20) @Max(5_000) SEARCH_DEPTH: number = 300;
}

/** Product search: the ranked-results cache and how deep each ranked list goes. */
export class SearchConfig {
  /** Ranked result lists kept for repeated queries and next pages; 0 turns the cache off. */
  readonly cacheSize: number;
  /** Upper bound on a cached list's age; index changes drop the cache sooner. */
  readonly cacheTtlMs: number;
  /** Candidates taken from each ranked list (vector and lexical): the most a query can page through. */
  readonly depth: number;

  constructor(env: Env = process.env) {
    const e = loadConfig('search', SearchEnv, env);
    this.cacheSize = e.SEARCH_CACHE_SIZE;
    this.cacheTtlMs = e.SEARCH_CACHE_TTL_MS;
    this.depth = e.SEARCH_DEPTH;
  }
}
