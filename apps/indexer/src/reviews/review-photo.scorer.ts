import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import {
  ProductEntity,
  ProductImageEntity,
  REVIEW_PHOTOS_ALIAS,
  ReviewImageEntity,
  ReviewPhotoCalibrationEntity,
  effectiveVerdict,
  reviewPhotoCollectionSpec,
} from '#catalog';
import { EncoderConfig } from '#config';
import { repoRoot } from '#demo-catalog';
import { EncoderPort } from '#embedding';
import {
  RelevanceHead,
  ReviewPhotoJudge,
  decideVerdict,
  productTitleText,
  relevanceHeadPath,
  type Calibration,
  type JudgedPhoto,
} from '#review-relevance';
import { VectorStore, type VectorPoint } from '#vector-store';

/** What scoring used; stored per photo so a change of any part re-scores it. */
interface ScoringContext {
  judge: ReviewPhotoJudge;
  headKey: string;
  collection: string;
}

/**
 * Brings review photos in line with the database: scores photos never scored
 * (or scored with another model, head or product photos), re-applies the
 * current calibration to the rest, and writes each changed photo's vector and
 * verdict to the vector store at the row's revision.
 */
@Injectable()
export class ReviewPhotoScorer {
  private readonly logger = new Logger(ReviewPhotoScorer.name);
  private context?: Promise<ScoringContext>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly encoder: EncoderPort,
    private readonly store: VectorStore,
    private readonly encoderConfig: EncoderConfig,
  ) {}

  /** The judge for the encoder's current model, its collection, and the key verdicts are stored under. */
  prepare(): Promise<ScoringContext> {
    this.context ??= this.load().catch((error: unknown) => {
      this.context = undefined;
      throw error;
    });
    return this.context;
  }

  private async load(): Promise<ScoringContext> {
    const model = await this.encoder.model();
    const head = RelevanceHead.load(relevanceHeadPath(this.encoderConfig.model, repoRoot()), model);
    if (!head) {
      this.logger.warn(
        `no relevance head for ${model.id}@${model.version}: review photos pass only the quality checks and go to moderators (fit one with npm run eval:review-photos -- --fit)`,
      );
    }
    const spec = reviewPhotoCollectionSpec(model);
    await this.store.ensureCollection(spec);
    await this.store.switchAlias(REVIEW_PHOTOS_ALIAS, spec.name);
    return {
      judge: new ReviewPhotoJudge(this.encoder, head),
      headKey: head?.key ?? `${model.id}@${model.version}+no-head`,
      collection: spec.name,
    };
  }

  /** The head key current verdicts carry: rows under another one are stale. */
  async headKey(): Promise<string> {
    return (await this.prepare()).headKey;
  }

  async syncReviews(reviewIds: string[]): Promise<void> {
    if (reviewIds.length === 0) return;
    const context = await this.prepare();
    const photos = await this.dataSource.getRepository(ReviewImageEntity).find({
      where: { reviewId: In(reviewIds) },
      relations: { review: true },
      order: { id: 'ASC' },
    });
    const byProduct = new Map<string, ReviewImageEntity[]>();
    for (const photo of photos) {
      byProduct.set(photo.review.productId, [...(byProduct.get(photo.review.productId) ?? []), photo]);
    }
    const calibration = await this.calibration(context);
    for (const [productId, productPhotos] of byProduct) {
      await this.syncProduct(context, calibration, productId, productPhotos);
    }
  }

  /** Drops the vectors of deleted products' review photos (their rows went with the product). */
  async forgetProducts(productIds: string[]): Promise<void> {
    if (productIds.length === 0) return;
    const { collection } = await this.prepare();
    await this.store.deleteByFilter(collection, {
      must: [{ key: 'product_id', match: { any: productIds } }],
    });
  }

  private async syncProduct(
    context: ScoringContext,
    calibration: Calibration | undefined,
    productId: string,
    photos: ReviewImageEntity[],
  ): Promise<void> {
    const product = await this.dataSource.getRepository(ProductEntity).findOneBy({ id: productId });
    if (!product) return; // deleted meanwhile: its listing event removes the vectors
    const images = await this.dataSource
      .getRepository(ProductImageEntity)
      .find({ where: { productId }, order: { position: 'ASC' } });
    const text = productTitleText({ en: product.titleEn, zh: product.titleZh });
    const fingerprint = createHash('sha256')
      .update(text)
      .update(images.map((i) => i.sha256).join(','))
      .digest('hex')
      .slice(0, 16);
    const scoredKey = `${context.headKey}#${fingerprint}`;
    const stale = photos.filter((p) => p.scoredKey !== scoredKey);
    const vectors = new Map<number, Float32Array>();
    const changed = new Set<ReviewImageEntity>();
    if (stale.length > 0) {
      const judged = await context.judge.judge(
        {
          category: product.category,
          text,
          images: images.map((i) => ({
            id: i.id,
            bytes: Buffer.from(i.dataBase64, 'base64'),
            sha256: i.sha256,
          })),
        },
        stale.map((p) => ({ id: p.id, bytes: Buffer.from(p.dataBase64, 'base64'), sha256: p.sha256 })),
        { earlier: await this.earlierPhotos(context, productId, stale), calibration },
      );
      judged.forEach((result, i) => {
        vectors.set(result.id, result.vector);
        apply(stale[i], result, scoredKey);
        changed.add(stale[i]);
      });
    }
    // Photos scored before keep their scores; the calibration may have moved since.
    const head = context.judge.head;
    for (const photo of photos) {
      if (changed.has(photo) || !head || photo.scores?.logit === undefined) continue;
      const relevance = head.probability(photo.scores.logit, product.category, calibration);
      const decided = decideVerdict(photo.scores, relevance, head.file.thresholds);
      const rounded = Math.round(relevance * 10_000) / 10_000;
      if (decided.verdict !== photo.verdict || rounded !== photo.relevance) {
        Object.assign(photo, decided, { relevance: rounded, revision: photo.revision + 1 });
        changed.add(photo);
      }
    }
    for (const photo of changed) {
      await this.dataSource.getRepository(ReviewImageEntity).update(
        { id: photo.id },
        {
          verdict: photo.verdict,
          relevance: photo.relevance,
          reasons: photo.reasons,
          scores: photo.scores,
          scoredKey: photo.scoredKey,
          scoredAt: photo.scoredAt,
          revision: photo.revision,
        },
      );
    }
    await this.writePoints(context, product.category, photos, vectors);
  }

  /** The product's other review photos from before these: a new photo repeating one is a duplicate. */
  private async earlierPhotos(context: ScoringContext, productId: string, stale: ReviewImageEntity[]) {
    const newest = Math.max(...stale.map((p) => p.id));
    const staleIds = new Set(stale.map((p) => p.id));
    const rows = (
      await this.dataSource
        .getRepository(ReviewImageEntity)
        .createQueryBuilder('i')
        .innerJoin('i.review', 'r')
        .select(['i.id', 'i.sha256'])
        .where('r.productId = :productId AND i.id < :newest', { productId, newest })
        .getMany()
    ).filter((r) => !staleIds.has(r.id));
    const stored = await this.store.retrieve(
      context.collection,
      rows.map((r) => String(r.id)),
      { withVectors: true },
    );
    const vectorOf = new Map(stored.map((p) => [Number(p.id), p.vectors?.image]));
    return rows.map((r) => ({ id: r.id, sha256: r.sha256, vector: vectorOf.get(r.id) }));
  }

  /** Points whose stored version is behind the row's revision get the row's verdict (and vector). */
  private async writePoints(
    context: ScoringContext,
    category: string,
    photos: ReviewImageEntity[],
    vectors: Map<number, Float32Array>,
  ): Promise<void> {
    const stored = new Map(
      (
        await this.store.retrieve(
          context.collection,
          photos.map((p) => String(p.id)),
          { withVectors: true },
        )
      ).map((p) => [Number(p.id), p]),
    );
    const behind = photos.filter((p) => p.verdict !== null && (stored.get(p.id)?.version ?? -1) < p.revision);
    const missing = behind.filter((p) => !vectors.has(p.id) && !stored.get(p.id)?.vectors?.image);
    if (missing.length > 0) {
      const { vectors: fresh } = await this.encoder.embedImages(
        missing.map((p) => Buffer.from(p.dataBase64, 'base64')),
      );
      missing.forEach((p, i) => vectors.set(p.id, fresh[i]));
    }
    const points: VectorPoint[] = behind.map((p) => ({
      id: String(p.id),
      version: p.revision,
      vectors: { image: vectors.get(p.id) ?? stored.get(p.id)!.vectors!.image },
      payload: {
        product_id: p.review.productId,
        review_id: p.reviewId,
        category,
        verdict: effectiveVerdict(p),
        model_verdict: p.verdict,
        overridden: p.overrideVerdict !== null,
        relevance: p.relevance,
        reasons: p.reasons ?? [],
        scores: p.scores,
        scored_key: p.scoredKey,
      },
    }));
    if (points.length > 0) await this.store.upsert(context.collection, points);
  }

  /** The head's shipped calibration with moderators' refits laid over it. */
  private async calibration(context: ScoringContext): Promise<Calibration | undefined> {
    const head = context.judge.head;
    if (!head) return undefined;
    const refits = await this.dataSource
      .getRepository(ReviewPhotoCalibrationEntity)
      .findBy({ headKey: context.headKey });
    const calibration: Calibration = { ...head.file.calibration };
    for (const r of refits) calibration[r.category] = { a: r.a, b: r.b };
    return calibration;
  }
}

function apply(photo: ReviewImageEntity, result: JudgedPhoto, scoredKey: string): void {
  photo.verdict = result.verdict;
  photo.relevance = result.relevance;
  photo.reasons = result.reasons;
  photo.scores = result.scores;
  photo.scoredKey = scoredKey;
  photo.scoredAt = new Date();
  photo.revision += 1;
}
