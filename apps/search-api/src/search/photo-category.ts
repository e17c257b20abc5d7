import { Injectable } from '@nestjs/common';
import { vocabulary } from '#demo-catalog';
import { EncoderPort } from '#embedding';

/** CLIP's usual logit scale: turns cosine similarities into a sharp distribution. */
const LOGIT_SCALE = 100;

export interface CategoryGuess {
  category: string;
  /** Combined belief in [0, 1]. */
  confidence: number;
}

/**
 * Which shop category a query photo shows. A photo's nearest neighbours are
 * pulled by colour as much as by shape (a blue sneaker finds blue boots), so
 * the ranker also asks for visual neighbours within the photo's category.
 * The guess blends the dual encoder's zero-shot reading of the photo against
 * the category names with a vote of its nearest products' categories.
 */
@Injectable()
export class PhotoCategoryGuesser {
  private prompts?: { modelVersion: string; ids: string[]; vectors: Float32Array[] };

  constructor(private readonly encoder: EncoderPort) {}

  async guess(photo: Float32Array, neighbourCategories: string[]): Promise<CategoryGuess | undefined> {
    const { ids, vectors } = await this.categoryPrompts();
    const logits = vectors.map((v) => LOGIT_SCALE * dot(v, photo));
    const max = Math.max(...logits);
    const exp = logits.map((l) => Math.exp(l - max));
    const sum = exp.reduce((a, b) => a + b, 0);
    const belief = new Map(ids.map((id, i) => [id, exp[i] / sum / 2]));
    // Neighbours vote with weight 1/(rank+1), normalised to half of the belief.
    const weights = neighbourCategories.map((_, rank) => 1 / (rank + 1));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    neighbourCategories.forEach((c, rank) => belief.set(c, (belief.get(c) ?? 0) + weights[rank] / total / 2));
    const [category, confidence] = [...belief].sort((a, b) => b[1] - a[1])[0] ?? [];
    return category ? { category, confidence } : undefined;
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
