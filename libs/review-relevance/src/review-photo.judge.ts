import type { EncoderPort } from '#embedding';
import { measurePhoto } from './photo-quality.js';
import { decideVerdict, QUALITY_LIMITS, type PhotoJudgement, type PhotoScores } from './photo-verdict.js';
import { dot, type Calibration, type RelevanceHead } from './relevance-head.js';

export interface JudgedProduct {
  category: string;
  /** Title as the listings indexer embeds it. */
  text: string;
  images: { id: number; bytes: Buffer; sha256: string }[];
}

export interface PhotoToJudge {
  id: number;
  bytes: Buffer;
  sha256: string;
}

/** An earlier photo of the same product: a new photo repeating it is a duplicate. */
export interface EarlierPhoto {
  id: number;
  sha256: string;
  vector?: Float32Array;
}

export interface JudgedPhoto extends PhotoJudgement {
  id: number;
  vector: Float32Array;
}

/**
 * Scores review photos against their product with the encoder and the
 * relevance head: the indexer judges arriving reviews with it, and the eval
 * script the held-out set, through the same code.
 */
export class ReviewPhotoJudge {
  constructor(
    private readonly encoder: EncoderPort,
    readonly head: RelevanceHead | undefined,
  ) {}

  async judge(
    product: JudgedProduct,
    photos: PhotoToJudge[],
    options: { earlier?: EarlierPhoto[]; calibration?: Calibration } = {},
  ): Promise<JudgedPhoto[]> {
    if (photos.length === 0) return [];
    const [photoVectors, productVectors, [textVector], quality] = await Promise.all([
      this.encoder.embedImages(photos.map((p) => p.bytes)).then((b) => b.vectors),
      product.images.length
        ? this.encoder.embedImages(product.images.map((i) => i.bytes)).then((b) => b.vectors)
        : Promise.resolve([]),
      this.encoder.embedTexts([product.text]).then((b) => b.vectors),
      Promise.all(photos.map((p) => measurePhoto(p.bytes))),
    ]);
    const earlier: Required<EarlierPhoto>[] = (options.earlier ?? []).filter(
      (e): e is Required<EarlierPhoto> => e.vector !== undefined,
    );
    const earlierShas = new Map((options.earlier ?? []).map((e) => [e.sha256, e.id]));
    const sameShot = this.head?.file.thresholds.duplicateCosine ?? QUALITY_LIMITS.duplicateCosine;
    const judged: JudgedPhoto[] = [];
    photos.forEach((photo, i) => {
      const vector = photoVectors[i];
      let best = -Infinity;
      let bestImage = productVectors[0];
      for (const candidate of productVectors) {
        const similarity = dot(vector, candidate);
        if (similarity > best) [best, bestImage] = [similarity, candidate];
      }
      const scores: PhotoScores = {
        image_similarity: productVectors.length ? round(best) : 0,
        text_similarity: round(dot(vector, textVector)),
        pixel_std: round(quality[i].pixelStd),
        width: quality[i].width,
        height: quality[i].height,
      };
      const duplicate = this.duplicateOf(photo, vector, sameShot, {
        product,
        productVectors,
        earlier,
        earlierShas,
        judgedBefore: judged,
      });
      if (duplicate) scores.duplicate_of = duplicate;
      let relevance: number | undefined;
      if (this.head && bestImage) {
        const logit = this.head.logit({
          photo: vector,
          productImage: bestImage,
          productText: textVector,
          pixelStd: quality[i].pixelStd,
        });
        scores.logit = round(logit);
        relevance = this.head.probability(logit, product.category, options.calibration);
      }
      const head = this.head?.file.thresholds ?? { hide: 0.5, show: 0.8 };
      judged.push({
        id: photo.id,
        vector,
        scores,
        relevance: relevance === undefined ? null : round(relevance),
        ...decideVerdict(scores, relevance, head),
      });
    });
    return judged;
  }

  /** Same bytes or the same shot (cosine ≥ `sameShot`) as the product's photos or an earlier review photo. */
  private duplicateOf(
    photo: PhotoToJudge,
    vector: Float32Array,
    sameShot: number,
    seen: {
      product: JudgedProduct;
      productVectors: Float32Array[];
      earlier: Required<EarlierPhoto>[];
      earlierShas: Map<string, number>;
      judgedBefore: JudgedPhoto[];
    },
  ): string | undefined {
    const { product, productVectors, earlier, earlierShas, judgedBefore } = seen;
    const productCopy = product.images.findIndex(
      (image, k) => image.sha256 === photo.sha256 || dot(vector, productVectors[k]) >= sameShot,
    );
    if (productCopy >= 0) return `product-photo:${product.images[productCopy].id}`;
    const sameSha = earlierShas.get(photo.sha256);
    if (sameSha !== undefined && sameSha < photo.id) return `review-photo:${sameSha}`;
    const repeated = [...earlier, ...judgedBefore].find(
      (e) => e.id < photo.id && dot(vector, e.vector) >= sameShot,
    );
    return repeated ? `review-photo:${repeated.id}` : undefined;
  }
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
