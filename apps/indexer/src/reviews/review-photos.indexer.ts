import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ProductEntity, ReviewImageEntity } from '#catalog';
import { InvalidMessageError, Topics, parseListingEvent, parseReviewEvent } from '#contracts';
import { EventBus, type BusMessage, type ReceivedMessage } from '#messaging';
import { toDeadLetter } from '../dead-letter.js';
import { IndexerMetrics } from '../indexer.metrics.js';
import { POISON_ATTEMPTS, consumerRetry, isolateFailures } from '../retry.js';
import { ReviewPhotoScorer } from './review-photo.scorer.js';
import { reviewPhotosGroup } from './review-photos.group.js';

const SWEEP_PAGE = 50;

/** One message's work: the reviews it names, or the product whose photos changed. */
interface Work {
  message: ReceivedMessage;
  reviewIds: string[];
  productId?: string;
}

/**
 * Scores review photos when reviews arrive (reviews.v1) and re-scores them
 * when their product's photos or title change (listings.v1). Like the
 * listings indexer, an event only says what changed; the work reads the
 * database, so replays converge. At start it also sweeps photos never scored
 * or scored by another model or head.
 */
@Injectable()
export class ReviewPhotosIndexer {
  private readonly logger = new Logger(ReviewPhotosIndexer.name);
  private stopped = false;
  private readonly retry = consumerRetry(this.logger, 'review-photo scoring', () => this.stopped);
  private sweep?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scorer: ReviewPhotoScorer,
    private readonly bus: EventBus,
    private readonly metrics: IndexerMetrics,
  ) {}

  async prepare(): Promise<void> {
    await this.scorer.prepare();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.sweep;
  }

  async handle(messages: ReceivedMessage[]): Promise<void> {
    const work: Work[] = [];
    const deadLetters: BusMessage[] = [];
    for (const message of messages) {
      if (message.topic === Topics.reviews) {
        try {
          work.push({ message, reviewIds: [parseReviewEvent(message.value).id] });
        } catch (error) {
          if (!(error instanceof InvalidMessageError)) throw error;
          deadLetters.push(toDeadLetter(message, error.reason, reviewPhotosGroup()));
        }
        continue;
      }
      // listings.v1 belongs to the listings indexer, which dead-letters what it cannot parse;
      // here an unreadable listing event only means there is nothing to re-score.
      try {
        work.push({ message, reviewIds: [], productId: parseListingEvent(message.value).id });
      } catch (error) {
        if (!(error instanceof InvalidMessageError)) throw error;
      }
    }
    for (const { item, error } of await isolateFailures(work, (batch) => this.process(batch), this.retry)) {
      const reason = `scoring failed ${POISON_ATTEMPTS} times: ${error.message}`;
      deadLetters.push(toDeadLetter(item.message, reason, reviewPhotosGroup()));
    }
    if (deadLetters.length > 0) await this.bus.publish(deadLetters);
    // A batch may mix both topics: count each message under its own.
    const dead = new Set(
      deadLetters.map(
        (d) =>
          `${d.headers?.['dlq-source-topic']}:${d.headers?.['dlq-source-partition']}:${d.headers?.['dlq-source-offset']}`,
      ),
    );
    for (const message of messages) {
      const outcome = dead.has(`${message.topic}:${message.partition}:${message.offset}`)
        ? 'dead_lettered'
        : 'scored';
      this.metrics.messages.inc({ topic: message.topic, outcome });
    }
  }

  /** Scores in the background whatever has no current verdict, a page of reviews at a time. */
  startStaleSweep(): void {
    this.sweep = this.sweepStale().catch((error: unknown) =>
      this.logger.error(`review-photo sweep stopped: ${(error as Error).message}`),
    );
  }

  private async sweepStale(): Promise<void> {
    const headKey = await this.scorer.headKey();
    let total = 0;
    let after = '';
    while (!this.stopped) {
      const page = (await this.dataSource
        .getRepository(ReviewImageEntity)
        .createQueryBuilder('i')
        .select('i.review_id', 'reviewId')
        .distinct(true)
        .where('(i.scored_key IS NULL OR i.scored_key NOT LIKE :prefix) AND i.review_id > :after', {
          prefix: `${headKey}#%`,
          after,
        })
        .orderBy('i.review_id')
        .limit(SWEEP_PAGE)
        .getRawMany()) as { reviewId: string }[];
      if (page.length === 0) break;
      const ids = page.map((r) => r.reviewId);
      await this.retry(() => this.scorer.syncReviews(ids));
      total += ids.length;
      after = ids[ids.length - 1];
    }
    if (total > 0)
      this.logger.log(`re-scored the photos of ${total} reviews (new, or scored by another model)`);
  }

  private async process(work: Work[]): Promise<void> {
    const productIds = [...new Set(work.flatMap((w) => (w.productId ? [w.productId] : [])))];
    const reviewIds = new Set(work.flatMap((w) => w.reviewIds));
    if (productIds.length > 0) {
      const present = new Set(
        (
          await this.dataSource
            .getRepository(ProductEntity)
            .find({ select: { id: true }, where: { id: In(productIds) } })
        ).map((p) => p.id),
      );
      await this.scorer.forgetProducts(productIds.filter((id) => !present.has(id)));
      if (present.size > 0) {
        const withPhotos = (await this.dataSource
          .getRepository(ReviewImageEntity)
          .createQueryBuilder('i')
          .innerJoin('i.review', 'r')
          .select('r.id', 'reviewId')
          .distinct(true)
          .where('r.product_id IN (:...ids)', { ids: [...present] })
          .getRawMany()) as { reviewId: string }[];
        for (const r of withPhotos) reviewIds.add(r.reviewId);
      }
    }
    await this.scorer.syncReviews([...reviewIds]);
  }
}
