import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReviewImageEntity, ReviewPhotoCalibrationEntity } from '#catalog';
import { EncoderConfig } from '#config';
import { DomainError } from '#contracts';
import { Transactions } from '#database';
import { repoRoot } from '#demo-catalog';
import { EncoderPort } from '#embedding';
import { OutboxService } from '#messaging';
import { RelevanceHead, fitPlatt, relevanceHeadPath, type PlattScale } from '#review-relevance';
import type { CalibrationReportDto, CategoryCalibrationDto } from '../reviews/review-photo.dto.js';
import { reviewUpdated } from '../reviews/review-updated.event.js';

/** A category is refitted from this many moderator labels up. */
export const MIN_LABELS = 5;
/** The shipped calibration counts as this many labels: a few overrides nudge it, many move it. */
const PRIOR_WEIGHT = 20;

/**
 * Refits each category's Platt scale from moderators' overrides of photos
 * scored by the current model and head, pulled towards the shipped scale;
 * then queues every affected review so the indexer re-applies the verdicts.
 */
@Injectable()
export class CalibrationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly outbox: OutboxService,
    private readonly encoderConfig: EncoderConfig,
    /** Hosts without an encoder (the import command) cannot tell which head applies. */
    @Optional() private readonly encoder?: EncoderPort,
  ) {}

  async recalibrate(): Promise<CalibrationReportDto> {
    if (!this.encoder) {
      throw new DomainError(
        'DEPENDENCY_UNAVAILABLE',
        'this process has no encoder to name the current model',
      );
    }
    const model = await this.encoder.model();
    const head = RelevanceHead.load(relevanceHeadPath(this.encoderConfig.model, repoRoot()), model);
    if (!head) {
      throw new DomainError(
        'CONFLICT',
        `no relevance head for ${model.id}@${model.version}: nothing to calibrate`,
      );
    }
    const labelled = (await this.dataSource
      .getRepository(ReviewImageEntity)
      .createQueryBuilder('i')
      .innerJoin('i.review', 'r')
      .innerJoin('r.product', 'p')
      .select(['i.scores AS scores', 'i.override_verdict AS override', 'p.category AS category'])
      .where('i.override_verdict IS NOT NULL AND i.scored_key LIKE :prefix', { prefix: `${head.key}#%` })
      .getRawMany()) as { scores: string | null; override: string; category: string }[];
    const byCategory = new Map<string, { logits: number[]; labels: number[] }>();
    for (const row of labelled) {
      const logit = row.scores ? (JSON.parse(row.scores) as { logit?: number }).logit : undefined;
      if (logit === undefined) continue;
      const entry = byCategory.get(row.category) ?? { logits: [], labels: [] };
      entry.logits.push(logit);
      entry.labels.push(row.override === 'relevant' ? 1 : 0);
      byCategory.set(row.category, entry);
    }
    const current = new Map(
      (await this.dataSource.getRepository(ReviewPhotoCalibrationEntity).findBy({ headKey: head.key })).map(
        (r) => [r.category, { a: r.a, b: r.b }],
      ),
    );
    const refitted: CategoryCalibrationDto[] = [];
    const unchanged: string[] = [];
    for (const [category, { logits, labels }] of [...byCategory].sort(([a], [b]) => a.localeCompare(b))) {
      const shipped = head.file.calibration[category] ?? head.file.calibration.default;
      if (logits.length < MIN_LABELS) {
        unchanged.push(category);
        continue;
      }
      refitted.push({
        category,
        labels: logits.length,
        before: current.get(category) ?? shipped,
        after: rounded(fitPlatt(logits, labels, shipped, PRIOR_WEIGHT)),
      });
    }
    const queued = await this.transactions.run(async (m) => {
      for (const r of refitted) {
        await m.save(
          m.create(ReviewPhotoCalibrationEntity, {
            headKey: head.key,
            category: r.category,
            ...r.after,
            labels: r.labels,
            updatedAt: new Date(),
          }),
        );
      }
      if (refitted.length === 0) return 0;
      const reviews = (await m
        .getRepository(ReviewImageEntity)
        .createQueryBuilder('i')
        .innerJoin('i.review', 'r')
        .innerJoin('r.product', 'p')
        .select(['r.id AS id', 'r.product_id AS "productId"', 'r.version AS version'])
        .distinct(true)
        .where('p.category IN (:...categories) AND i.override_verdict IS NULL', {
          categories: refitted.map((r) => r.category),
        })
        .getRawMany()) as { id: string; productId: string; version: number }[];
      await this.outbox.enqueue(
        m,
        reviews.map((r) => reviewUpdated(r, [])),
      );
      return reviews.length;
    });
    this.outbox.wake();
    return { head_key: head.key, refitted, unchanged, reviews_queued: queued };
  }
}

const rounded = (s: PlattScale): PlattScale => ({ a: +s.a.toFixed(6), b: +s.b.toFixed(6) });
