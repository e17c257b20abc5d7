import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EncoderConfig, SearchConfig } from '#config';
import { repoRoot, vocabulary } from '#demo-catalog';
import { EncoderPort, ImageClassifier, ImageDecoder, softmax } from '#embedding';

/** CLIP's usual logit scale: turns cosine similarities into a sharp distribution. */
const LOGIT_SCALE = 100;

export interface CategoryGuess {
  category: string;
  /** Combined belief in [0, 1]. */
  confidence: number;
}

/** A query photo: its dual-encoder vector and, with a classifier, its category probabilities. */
export interface PhotoReading {
  vector: Float32Array;
  classes?: Map<string, number>;
}

/**
 * Which shop category a query photo shows. A photo's nearest neighbours are
 * pulled by colour as much as by shape (a blue sneaker finds blue boots), so
 * the ranker also asks for visual neighbours within the photo's category.
 *
 * With PHOTO_CATEGORY_MODEL (the default, models/category-mini), a small image
 * classifier trained for this one question reads the category: right for
 * 0.918 of test-split photos where the dual encoder's reading is right for
 * 0.890, and blending the two did worse than the classifier alone (README
 * "Photo queries"). Without it, the guess blends the dual encoder's zero-shot
 * reading of the photo against the category names with a vote of its nearest
 * products' categories.
 */
@Injectable()
export class PhotoCategoryGuesser implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(PhotoCategoryGuesser.name);
  private readonly decoder: ImageDecoder;
  private classifier?: ImageClassifier;
  private prompts?: { modelVersion: string; ids: string[]; vectors: Float32Array[] };

  constructor(
    private readonly encoder: EncoderPort,
    private readonly search: SearchConfig,
    encoderConfig: EncoderConfig,
  ) {
    this.decoder = new ImageDecoder({
      maxBytes: encoderConfig.imageMaxBytes,
      maxPixels: encoderConfig.imageMaxPixels,
    });
  }

  /** Loads the classifier at boot: a configured model that cannot load stops the service. */
  async onModuleInit(): Promise<void> {
    const model = this.search.photoCategoryModel;
    if (!model) return;
    this.classifier = await ImageClassifier.load(model, repoRoot()).catch((error: Error) => {
      throw new Error(`PHOTO_CATEGORY_MODEL=${model} could not be loaded: ${error.message}`);
    });
    const known = new Set(vocabulary().categories.map((c) => c.id));
    const unknown = this.classifier.labels.filter((l) => !known.has(l));
    if (unknown.length > 0) {
      throw new Error(`PHOTO_CATEGORY_MODEL=${model}: labels ${unknown.join(', ')} are not shop categories`);
    }
    this.log.log(`photo categories read by ${this.classifier.id}@${this.classifier.version}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.classifier?.dispose();
  }

  /**
   * Reads a query photo. The bytes must already have passed the encoder, which
   * checks them: here they are decoded again at the classifier's input size.
   */
  async read(image: Buffer, vector: Float32Array): Promise<PhotoReading> {
    if (!this.classifier) return { vector };
    const decoded = await this.decoder.decode(image, this.classifier.vision);
    const [classes] = await this.classifier.classify([decoded]);
    return { vector, classes };
  }

  async guess(photo: PhotoReading, neighbourCategories: string[]): Promise<CategoryGuess | undefined> {
    const belief = photo.classes ?? (await this.encoderBelief(photo.vector, neighbourCategories));
    const [category, confidence] = [...belief].sort((a, b) => b[1] - a[1])[0] ?? [];
    return category ? { category, confidence } : undefined;
  }

  /** The zero-shot reading and the neighbours' vote, half each. */
  private async encoderBelief(vector: Float32Array, neighbourCategories: string[]) {
    const { ids, vectors } = await this.categoryPrompts();
    const zeroShot = softmax(vectors.map((v) => LOGIT_SCALE * dot(v, vector)));
    const belief = new Map(ids.map((id, i) => [id, zeroShot[i] / 2]));
    // Neighbours vote with weight 1/(rank+1), normalised to half of the belief.
    const weights = neighbourCategories.map((_, rank) => 1 / (rank + 1));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    neighbourCategories.forEach((c, rank) => belief.set(c, (belief.get(c) ?? 0) + weights[rank] / total / 2));
    return belief;
  }

  private async categoryPrompts() {
    const model = await this.encoder.model();
    if (this.prompts?.modelVersion !== model.version) {
      const categories = vocabulary().categories;
      const batch = await this.encoder.embedTexts(categories.map((c) => c.en));
      this.prompts = {
        modelVersion: model.version,
        ids: categories.map((c) => c.id),
        vectors: batch.vectors,
      };
    }
    return this.prompts;
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
