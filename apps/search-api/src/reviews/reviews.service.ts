import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ProductEntity, ReviewEntity, ReviewImageEntity } from '#catalog';
import { EncoderConfig } from '#config';
import { Transactions } from '#database';
import { DomainError, REVIEW_SCHEMA_VERSION, Topics, type ReviewEventV1 } from '#contracts';
import { ImageDecoder } from '#embedding';
import { OutboxService } from '#messaging';
import { prepareImages } from '../products/product-images.js';
import type { CreateReviewDto, ReviewViewDto } from './review.dto.js';

/** Shoppers' reviews: stored with their photos and a reviews.v1 event in one transaction. */
@Injectable()
export class ReviewsService {
  private readonly decoder: ImageDecoder;

  constructor(
    private readonly transactions: Transactions,
    private readonly outbox: OutboxService,
    encoder: EncoderConfig,
  ) {
    this.decoder = new ImageDecoder({ maxBytes: encoder.imageMaxBytes, maxPixels: encoder.imageMaxPixels });
  }

  /**
   * Stores a review and its reviews.v1 event. `imported` keeps a catalog
   * file's own id and date (the demo catalog); shoppers' reviews get new ones.
   */
  async create(
    productId: string,
    input: CreateReviewDto,
    imported?: { id: string; createdAt: Date },
  ): Promise<ReviewViewDto> {
    const images = await prepareImages(input.images ?? [], this.decoder);
    const review = await this.transactions.run(async (m) => {
      if (!(await m.existsBy(ProductEntity, { id: productId }))) {
        throw new DomainError('NOT_FOUND', `product ${productId} not found`);
      }
      const id = imported?.id ?? `r-${randomUUID()}`;
      const saved = await m.save(
        m.create(ReviewEntity, {
          id,
          ...(imported ? { createdAt: imported.createdAt } : {}),
          productId,
          author: input.author,
          rating: input.rating,
          text: input.text,
          lang: input.lang ?? 'en',
          version: 1,
          images: images.map((i) => m.create(ReviewImageEntity, { ...i, reviewId: id })),
        }),
      );
      const event: ReviewEventV1 = {
        type: 'review.created',
        schema: REVIEW_SCHEMA_VERSION,
        id,
        product_id: productId,
        version: 1,
        image_ids: saved.images.map((i) => i.id),
        occurred_at: new Date().toISOString(),
      };
      await this.outbox.enqueue(m, [{ topic: Topics.reviews, key: productId, value: JSON.stringify(event) }]);
      return saved;
    });
    this.outbox.wake();
    return {
      id: review.id,
      product_id: review.productId,
      author: review.author,
      rating: review.rating,
      text: review.text,
      lang: review.lang,
      created_at: review.createdAt.toISOString(),
      image_ids: review.images.map((i) => i.id),
    };
  }
}
