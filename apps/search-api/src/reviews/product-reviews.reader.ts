import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ReviewEntity, ReviewImageEntity, effectiveVerdict } from '#catalog';
import { DomainError } from '#contracts';
import type { ProductReviewDto, ReviewPhotoViewDto } from './review-photo.dto.js';

/** Reviews on a product page: newest first, at most this many. */
export const REVIEWS_PER_PAGE = 20;

/** Photos a shopper sees first: the ones that surely show the product, best first. */
const RANK: Record<string, number> = { relevant: 0, needs_review: 1, unscored: 2, irrelevant: 3 };

/** Review photo columns without the bytes. */
const PHOTO_COLUMNS = {
  id: true,
  reviewId: true,
  position: true,
  width: true,
  height: true,
  verdict: true,
  relevance: true,
  reasons: true,
  overrideVerdict: true,
} as const;

/** Reads a product's reviews with their photos ordered by relevance; irrelevant photos hidden unless asked. */
@Injectable()
export class ProductReviewsReader {
  constructor(private readonly dataSource: DataSource) {}

  async forProduct(
    productId: string,
    includeHidden: boolean,
  ): Promise<{ review_count: number; reviews: ProductReviewDto[] }> {
    const [reviews, count] = await this.dataSource.getRepository(ReviewEntity).findAndCount({
      where: { productId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: REVIEWS_PER_PAGE,
    });
    const photos = reviews.length
      ? await this.dataSource.getRepository(ReviewImageEntity).find({
          select: PHOTO_COLUMNS,
          where: { reviewId: In(reviews.map((r) => r.id)) },
        })
      : [];
    return {
      review_count: count,
      reviews: reviews.map((review) => {
        const mine = photos
          .filter((p) => p.reviewId === review.id)
          .sort(byRelevance)
          .map(toPhotoView);
        return {
          id: review.id,
          author: review.author,
          rating: review.rating,
          lang: review.lang,
          text: review.text,
          created_at: review.createdAt.toISOString(),
          hidden_photos: mine.filter((p) => p.hidden).length,
          photos: mine.filter((p) => includeHidden || !p.hidden),
        };
      }),
    };
  }

  /** A review photo's bytes, hidden or not (moderators and the include_hidden view need them). */
  async photo(id: number): Promise<{ contentType: string; bytes: Buffer; sha256: string }> {
    const photo = await this.dataSource.getRepository(ReviewImageEntity).findOne({
      select: { id: true, contentType: true, dataBase64: true, sha256: true },
      where: { id },
    });
    if (!photo) throw new DomainError('NOT_FOUND', `no review photo ${id}`);
    return {
      contentType: photo.contentType,
      bytes: Buffer.from(photo.dataBase64, 'base64'),
      sha256: photo.sha256,
    };
  }
}

export const reviewPhotoUrl = (id: number): string => `/v1/review-photos/${id}`;

function toPhotoView(p: ReviewImageEntity): ReviewPhotoViewDto {
  const verdict = effectiveVerdict(p);
  return {
    id: p.id,
    url: reviewPhotoUrl(p.id),
    width: p.width,
    height: p.height,
    verdict,
    relevance: p.relevance,
    reasons: p.overrideVerdict ? ['moderator_override'] : (p.reasons ?? []),
    hidden: verdict === 'irrelevant',
    overridden: p.overrideVerdict !== null,
  };
}

function byRelevance(a: ReviewImageEntity, b: ReviewImageEntity): number {
  return (
    RANK[effectiveVerdict(a) ?? 'unscored'] - RANK[effectiveVerdict(b) ?? 'unscored'] ||
    (b.relevance ?? 0) - (a.relevance ?? 0) ||
    a.position - b.position
  );
}
