import type { VerdictThresholds } from './relevance-head.js';

export const VERDICTS = ['relevant', 'needs_review', 'irrelevant'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * Why a photo got its verdict. Quality checks need no model; the others come
 * from the relevance head.
 */
export const REASON_CODES = [
  'too_small',
  'near_uniform',
  'duplicate',
  'unlike_product',
  'uncertain',
  'no_relevance_head',
  'moderator_override',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** What the scorer measured; stored with the verdict so a moderator sees why. */
export interface PhotoScores {
  /** Cosine to the most similar of the product's own photos. */
  image_similarity: number;
  /** Cosine to the product's title. */
  text_similarity: number;
  /** The relevance head's raw output (absent without a head for this model). */
  logit?: number;
  pixel_std: number;
  width: number;
  height: number;
  /** The earlier photo this one repeats: `review-photo:<id>` or `product-photo:<id>`. */
  duplicate_of?: string;
}

export interface PhotoJudgement {
  verdict: Verdict;
  /** Calibrated P(relevant), when a head scored the photo. */
  relevance: number | null;
  reasons: ReasonCode[];
  scores: PhotoScores;
}

export const QUALITY_LIMITS = {
  /** Shorter side in pixels below which a photo shows too little to judge. */
  minSide: 48,
  /** A lens cap, a wall: every channel's pixels within this standard deviation. */
  uniformStd: 4,
  /**
   * Cosine from which two photos count as the same shot, for an encoder whose
   * relevance head does not carry its own (`thresholds.duplicateCosine`, which
   * `npm run eval:review-photos -- --fit` measures). Under eclip-mini@ba9623b8b5ae
   * the fit measured the same 0.998: no relevant train-split photo of 5,339
   * reached it (max 0.9979), while 100 % of JPEG q80 and 94.4 % of WebP q60
   * re-encodings of 500 product photos did. Under eclip-mini@7f9ce5d26f55 it
   * measured 0.9985 (max 0.9981; JPEG q80 98.4 %, WebP q60 88.0 %).
   */
  duplicateCosine: 0.998,
};

/**
 * The verdict from the measurements. A failed quality check hides the photo,
 * except a near-uniform one the head is sure shows the product (a close-up of
 * plain fabric): that one goes to a moderator.
 */
export function decideVerdict(
  scores: PhotoScores,
  relevance: number | undefined,
  thresholds: VerdictThresholds,
): Pick<PhotoJudgement, 'verdict' | 'reasons'> {
  const quality: ReasonCode[] = [];
  if (Math.min(scores.width, scores.height) < QUALITY_LIMITS.minSide) quality.push('too_small');
  if (scores.pixel_std < QUALITY_LIMITS.uniformStd) quality.push('near_uniform');
  if (scores.duplicate_of) quality.push('duplicate');
  if (relevance === undefined) {
    return quality.length > 0
      ? { verdict: 'irrelevant', reasons: quality }
      : { verdict: 'needs_review', reasons: ['no_relevance_head'] };
  }
  if (quality.length > 0) {
    const onlyUniform = quality.length === 1 && quality[0] === 'near_uniform';
    return {
      verdict: onlyUniform && relevance >= thresholds.show ? 'needs_review' : 'irrelevant',
      reasons: quality,
    };
  }
  if (relevance < thresholds.hide) return { verdict: 'irrelevant', reasons: ['unlike_product'] };
  if (relevance < thresholds.show) return { verdict: 'needs_review', reasons: ['uncertain'] };
  return { verdict: 'relevant', reasons: [] };
}
