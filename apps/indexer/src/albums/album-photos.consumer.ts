import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Topics } from '#contracts';
import { EventBus, type Subscription } from '#messaging';
import { albumPhotosGroup } from './album-photos.group.js';
import { AlbumPhotosIndexer } from './album-photos.indexer.js';

/** Joins the album-photos consumer group once the app is up; leaves it first on shutdown. */
@Injectable()
export class AlbumPhotosConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private subscription?: Subscription;

  constructor(
    private readonly bus: EventBus,
    private readonly indexer: AlbumPhotosIndexer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.INDEXER_CONSUMERS === 'off') return;
    await this.indexer.prepare();
    this.subscription = await this.bus.subscribe({
      groupId: albumPhotosGroup(),
      topics: [Topics.albumPhotos],
      handler: (batch) => this.indexer.handle(batch),
    });
    this.indexer.startStaleSweep();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.indexer.stop();
    await this.subscription?.stop();
  }
}
