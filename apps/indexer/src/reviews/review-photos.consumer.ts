import { Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { Topics } from '#contracts';
import { EventBus, type Subscription } from '#messaging';
import { reviewPhotosGroup } from './review-photos.group.js';
import { ReviewPhotosIndexer } from './review-photos.indexer.js';

/** Joins the review-photos consumer group once the app is up; leaves it first on shutdown. */
@Injectable()
export class ReviewPhotosConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscription?: Subscription;

  constructor(
    private readonly bus: EventBus,
    private readonly indexer: ReviewPhotosIndexer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.INDEXER_CONSUMERS === 'off') return;
    await this.indexer.prepare();
    this.subscription = await this.bus.subscribe({
      groupId: reviewPhotosGroup(),
      topics: [Topics.reviews, Topics.listings],
      handler: (batch) => this.indexer.handle(batch),
    });
    this.indexer.startStaleSweep();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.indexer.stop();
    await this.subscription?.stop();
  }
}
