import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateModel, type ModelInfo } from '#embedding';
import { linearLogit, sigmoid, type LinearModel, type PlattScale } from './logistic.js';

export const HEAD_FORMAT = 'shoplens-review-relevance/1';
export const HEAD_FILE = 'review-relevance.json';

/** Per-category Platt scales; `default` serves categories the fit never saw. */
export type Calibration = Record<string, PlattScale> & { default: PlattScale };

export interface VerdictThresholds {
  /** Hidden below this P(relevant). */
  hide: number;
  /** Shown as relevant from this P(relevant) up; in between a moderator decides. */
  show: number;
  /**
   * Cosine from which a photo is the same shot as the product's photo or an
   * earlier review photo, measured for this encoder when the head is fitted
   * (`QUALITY_LIMITS.duplicateCosine` for a head without it).
   */
  duplicateCosine?: number;
}

/** What `npm run eval:review-photos -- --fit` writes next to the encoder's model files. */
export interface RelevanceHeadFile {
  format: typeof HEAD_FORMAT;
  /** The encoder model the head was fitted on: a head never scores another model's vectors. */
  model: { id: string; version: string; dim: number };
  head: LinearModel;
  calibration: Calibration;
  thresholds: VerdictThresholds;
  fitted: { at: string; photos: number; products: number; split: string };
}

/** The similarities between one review photo and its product, in the embedding space. */
export interface PairVectors {
  photo: Float32Array;
  /** The product photo most similar to the review photo. */
  productImage: Float32Array;
  productText: Float32Array;
  pixelStd: number;
}

export const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * The head's input: which dimensions the photo shares with the product's
 * image and with its title (element-wise products, so the fit learns that
 * shape matters more than a shared colour), both cosines, and how much the
 * pixels vary.
 */
export function pairFeatures(pair: PairVectors): Float64Array {
  const d = pair.photo.length;
  const out = new Float64Array(2 * d + 3);
  for (let i = 0; i < d; i++) {
    out[i] = pair.photo[i] * pair.productImage[i];
    out[d + i] = pair.photo[i] * pair.productText[i];
  }
  out[2 * d] = dot(pair.photo, pair.productImage);
  out[2 * d + 1] = dot(pair.photo, pair.productText);
  out[2 * d + 2] = Math.log1p(pair.pixelStd);
  return out;
}

/** A fitted relevance head for one encoder model. */
export class RelevanceHead {
  constructor(readonly file: RelevanceHeadFile) {}

  /** Reads the head beside the model; undefined when there is none for this model version. */
  static load(path: string | undefined, model: ModelInfo): RelevanceHead | undefined {
    if (!path || !existsSync(path)) return undefined;
    const file = JSON.parse(readFileSync(path, 'utf8')) as RelevanceHeadFile;
    if (file.format !== HEAD_FORMAT) throw new Error(`${path}: not a ${HEAD_FORMAT} file`);
    if (file.model.id !== model.id || file.model.version !== model.version) return undefined;
    return new RelevanceHead(file);
  }

  /** Model and head together: a stored verdict made by another key is stale. */
  get key(): string {
    return `${this.file.model.id}@${this.file.model.version}+${this.file.fitted.at}`;
  }

  logit(pair: PairVectors): number {
    return linearLogit(this.file.head, pairFeatures(pair));
  }

  /** P(relevant) for this logit in this category, under `calibration` (the shipped one by default). */
  probability(logit: number, category: string, calibration: Calibration = this.file.calibration): number {
    const scale = calibration[category] ?? calibration.default;
    return sigmoid(scale.a * logit + scale.b);
  }
}

/** The text a product is embedded with, by the listings indexer and the relevance judge alike. */
export const productTitleText = (title: { en: string; zh: string }): string => `${title.en}. ${title.zh}`;

/** Where the head for the configured encoder lives: beside a local model's files (hub models have none). */
export function relevanceHeadPath(encoderModel: string, repoRoot: string): string | undefined {
  const location = locateModel(encoderModel, repoRoot);
  return location.kind === 'local' ? join(location.dir, HEAD_FILE) : undefined;
}
