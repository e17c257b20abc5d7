import type { DemoProduct } from './product.factory.js';
import { rawPhoto, type RawPhoto } from './raster.js';
import {
  IRRELEVANT_KINDS,
  RELEVANT_KINDS,
  renderReviewPhoto,
  type Garment,
  type ReviewPhotoSpec,
} from './review-photo.js';
import { pickAuthor, reviewText, type Lang } from './review-text.js';
import { gaussian, pick, seededRandom, streamSeed } from './rng.js';
import type { Vocabulary } from './vocabulary.js';

/** A review photo's label, as `reviews.jsonl` stores it. */
export type ReviewPhotoLabel = ReviewPhotoSpec & { file: string };

/** A demo review (one JSONL line); photos are labelled relevant or not, and how. */
export interface DemoReview {
  id: string;
  product_id: string;
  author: string;
  rating: number;
  lang: Lang;
  text: string;
  created_at: string;
  photos: ReviewPhotoLabel[];
}

export interface ReviewOptions {
  /** Share of products whose reviews may carry photos (the rest are text only). */
  photoShare: number;
  /** Photo width and height in pixels. */
  photoSize: number;
  /** WebP budget a photo: quality steps down from 80 until it fits. */
  maxPhotoBytes: number;
}

export const DEFAULT_REVIEW_OPTIONS: ReviewOptions = { photoShare: 1, photoSize: 112, maxPhotoBytes: 2048 };

/** About 70 % of review photos show the product; the rest are what shoppers also upload. */
export const RELEVANT_SHARE = 0.7;

const REVIEW_COUNT_WEIGHTS = [0.3, 0.35, 0.2, 0.15];
const PHOTO_COUNT_WEIGHTS = [0.35, 0.35, 0.2, 0.1];
const FIRST_DAY = Date.UTC(2024, 0, 1);
const DAYS = 540;

function weighted(random: () => number, weights: readonly number[]): number {
  let r = random();
  for (let i = 0; i < weights.length; i++) {
    if ((r -= weights[i]) < 0) return i;
  }
  return weights.length - 1;
}

function photoSpec(random: () => number): ReviewPhotoSpec {
  return random() < RELEVANT_SHARE
    ? { relevant: true, kind: pick(random, RELEVANT_KINDS) }
    : { relevant: false, kind: pick(random, IRRELEVANT_KINDS) };
}

/**
 * 0–3 reviews of a product, deterministic from (seed, product id): rating
 * near the product's, English or Chinese text, and 0–3 labelled photos of the
 * product's garment (`gray`, dyed the product's colour) or of something else.
 * `otherGarment` draws a garment of another category with `random`, so the
 * draw stays inside this product's stream.
 */
export function makeReviews(
  vocab: Vocabulary,
  product: DemoProduct,
  gray: Uint8Array,
  seed: number,
  otherGarment: (random: () => number, notCategory: string) => Garment,
  options: ReviewOptions = DEFAULT_REVIEW_OPTIONS,
): { reviews: DemoReview[]; photos: Map<string, RawPhoto> } {
  const random = seededRandom(streamSeed(seed, `reviews:${product.id}`));
  // Photos draw from their own stream, so photoShare changes which reviews
  // have photos, never the reviews themselves or the photos a review gets.
  const photoRandom = seededRandom(streamSeed(seed, `review-photos:${product.id}`));
  const colour = vocab.colours.find((c) => c.id === product.colour)!;
  const category = vocab.categories.find((c) => c.id === product.category)!;
  const garment: Garment = { gray, rgb: colour.rgb };
  const withPhotos = random() < options.photoShare;
  const count = weighted(random, REVIEW_COUNT_WEIGHTS);
  const reviews: DemoReview[] = [];
  const photos = new Map<string, RawPhoto>();
  for (let k = 1; k <= count; k++) {
    const id = `${product.id}-r${k}`;
    const rating = Math.min(5, Math.max(1, Math.round(product.rating - 0.3 + 1.1 * gaussian(random))));
    const lang: Lang = random() < 0.35 ? 'zh' : 'en';
    const author = pickAuthor(random, lang);
    const text = reviewText(random, lang, rating, colour, category);
    const created = new Date(FIRST_DAY + Math.floor(random() * DAYS * 86_400) * 1000);
    const labels: ReviewPhotoLabel[] = [];
    const photoCount = weighted(random, PHOTO_COUNT_WEIGHTS);
    for (let j = 1; withPhotos && j <= photoCount; j++) {
      const spec = photoSpec(photoRandom);
      const file = `review-images/${id}-${j}.webp`;
      const other = () => otherGarment(photoRandom, product.category);
      const raster = renderReviewPhoto(spec, options.photoSize, garment, other, vocab.tint, photoRandom);
      photos.set(file, rawPhoto(raster));
      labels.push({ file, ...spec });
    }
    reviews.push({
      id,
      product_id: product.id,
      author,
      rating,
      lang,
      text,
      created_at: created.toISOString(),
      photos: labels,
    });
  }
  return { reviews, photos };
}
