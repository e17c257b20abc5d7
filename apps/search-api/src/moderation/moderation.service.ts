import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReviewImageEntity, effectiveVerdict } from '#catalog';
import { DomainError } from '#contracts';
import { Transactions } from '#database';
import { OutboxService } from '#messaging';
import { reviewPhotoUrl } from '../reviews/product-reviews.reader.js';
import type {
  ModerationListQueryDto,
  ModerationPageDto,
  ModerationPhotoDto,
  OverrideDto,
} from '../reviews/review-photo.dto.js';
import { reviewUpdated } from '../reviews/review-updated.event.js';

/** Moderators' view of review photos: the queue of unsure verdicts, and overrides that win over the model. */
@Injectable()
export class ModerationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly outbox: OutboxService,
  ) {}

  async list(query: ModerationListQueryDto): Promise<ModerationPageDto> {
    const verdict = query.verdict ?? 'needs_review';
    const limit = query.limit ?? 50;
    const builder = this.dataSource
      .getRepository(ReviewImageEntity)
      .createQueryBuilder('i')
      .innerJoinAndSelect('i.review', 'r')
      .select(photoColumns('i'))
      .addSelect(['r.id', 'r.productId'])
      .where('i.id > :after', { after: query.after ?? 0 })
      .orderBy('i.id', 'ASC')
      .limit(limit + 1);
    if (verdict === 'needs_review') {
      // The open queue: what the model left to a person, and no person has decided yet.
      builder.andWhere('i.verdict = :verdict AND i.override_verdict IS NULL', { verdict });
    } else {
      builder.andWhere('COALESCE(i.override_verdict, i.verdict) = :verdict', { verdict });
    }
    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map(toModerationView),
      ...(rows.length > limit ? { next_after: page[page.length - 1].id } : {}),
    };
  }

  /** Records a moderator's verdict; the indexer then updates the photo's vector payload. */
  async override(id: number, input: OverrideDto): Promise<ModerationPhotoDto> {
    const photo = await this.transactions.run(async (m) => {
      const current = await m
        .getRepository(ReviewImageEntity)
        .createQueryBuilder('i')
        .innerJoinAndSelect('i.review', 'r')
        .select(photoColumns('i'))
        .addSelect(['r.id', 'r.productId', 'r.version'])
        .where('i.id = :id', { id })
        .getOne();
      if (!current) throw new DomainError('NOT_FOUND', `no review photo ${id}`);
      Object.assign(current, {
        overrideVerdict: input.verdict,
        overrideNote: input.note ?? null,
        overriddenAt: new Date(),
        revision: current.revision + 1,
      });
      await m.update(
        ReviewImageEntity,
        { id },
        {
          overrideVerdict: current.overrideVerdict,
          overrideNote: current.overrideNote,
          overriddenAt: current.overriddenAt,
          revision: current.revision,
        },
      );
      await this.outbox.enqueue(m, [reviewUpdated(current.review, [id])]);
      return current;
    });
    this.outbox.wake();
    return toModerationView(photo);
  }
}

/** Every review-photo column but the bytes. */
function photoColumns(alias: string): string[] {
  return [
    'id',
    'reviewId',
    'width',
    'height',
    'verdict',
    'relevance',
    'reasons',
    'scores',
    'scoredAt',
    'overrideVerdict',
    'overrideNote',
    'overriddenAt',
    'revision',
  ].map((c) => `${alias}.${c}`);
}

function toModerationView(p: ReviewImageEntity): ModerationPhotoDto {
  return {
    id: p.id,
    url: reviewPhotoUrl(p.id),
    review_id: p.reviewId,
    product_id: p.review.productId,
    verdict: effectiveVerdict(p),
    model_verdict: p.verdict,
    relevance: p.relevance,
    reasons: p.reasons ?? [],
    scores: p.scores as Record<string, unknown> | null,
    override: p.overrideVerdict
      ? { verdict: p.overrideVerdict, note: p.overrideNote, at: p.overriddenAt!.toISOString() }
      : null,
    scored_at: p.scoredAt?.toISOString() ?? null,
  };
}
