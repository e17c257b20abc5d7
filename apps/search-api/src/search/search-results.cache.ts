import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { hostname } from 'node:os';
import { SearchConfig } from '#config';
import { Topics } from '#contracts';
import { LruCache } from '#embedding';
import { EventBus, type Subscription } from '#messaging';
import type { RankedResults } from './ranked-results.js';

/**
 * Ranked result lists of recent queries, so a repeated query and its next
 * pages cost no model call. The indexer announces every index write on
 * index-changes.v1; each search-api instance listens in its own consumer
 * group and drops the whole cache, and a TTL bounds an entry's age anyway.
 */
@Injectable()
export class SearchResultsCache implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SearchResultsCache.name);
  private readonly entries: LruCache<string, { at: number; value: RankedResults }>;
  private subscription?: Subscription;
  private generation = 0;

  constructor(
    private readonly config: SearchConfig,
    private readonly bus: EventBus,
  ) {
    this.entries = new LruCache(config.cacheSize);
  }

  onApplicationBootstrap(): void {
    if (this.config.cacheSize === 0) return;
    // Not awaited: joining a Kafka group takes seconds, and the API need not wait for it.
    this.bus
      .subscribe({
        groupId: `search-cache-${hostname()}-${process.pid}`,
        topics: [Topics.indexChanges],
        fromBeginning: false,
        handler: async () => this.invalidate(),
      })
      .then(
        (subscription) => (this.subscription = subscription),
        (error: unknown) =>
          this.logger.warn(`cache invalidation is off (TTL only): ${(error as Error).message}`),
      );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  get(key: string): RankedResults | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    return Date.now() - hit.at <= this.config.cacheTtlMs ? hit.value : undefined;
  }

  /** Stores a list computed during `generation`, unless the index changed meanwhile. */
  set(key: string, value: RankedResults, generation: number): void {
    if (generation === this.generation) this.entries.set(key, { at: Date.now(), value });
  }

  /** Bumped on every invalidation; read before computing a list that will be cached. */
  currentGeneration(): number {
    return this.generation;
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }
}
