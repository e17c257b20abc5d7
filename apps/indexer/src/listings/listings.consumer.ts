import { Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { Topics } from '#contracts';
import { EventBus, type Subscription } from '#messaging';
import { listingsGroup } from './listings.group.js';
import { ListingsIndexer } from './listings.indexer.js';

/** Joins the listings consumer group once the app is up; leaves it first on shutdown. */
@Injectable()
export class ListingsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscription?: Subscription;

  constructor(
    private readonly bus: EventBus,
    private readonly indexer: ListingsIndexer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The reindex command hosts the indexer module without joining the group.
    if (process.env.INDEXER_CONSUMERS === 'off') return;
    await this.indexer.prepare();
    this.subscription = await this.bus.subscribe({
      groupId: listingsGroup(),
      topics: [Topics.listings],
      handler: (batch) => this.indexer.handle(batch),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.indexer.stop();
    await this.subscription?.stop();
  }
}
