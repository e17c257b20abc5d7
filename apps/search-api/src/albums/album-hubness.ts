import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { vocabulary, type Vocabulary } from '#demo-catalog';
import { EncoderPort, type ModelInfo } from '#embedding';

/** How many bank phrases nearest to a photo make up its hubness (CSLS's K; the paper's value). */
export const HUBNESS_K = 10;
/** score = query·photo − HUBNESS_WEIGHT × hubness; 0.5 is CSLS's 2·cos − r, halved. */
export const HUBNESS_WEIGHT = 0.5;
/** Texts per encoder call while embedding the bank (ENCODER_MAX_TEXTS may be set low). */
const BANK_BATCH = 64;

/**
 * The query bank: what shoppers ask an album for in general, here the shop's
 * "<colour> <category>" phrases in English and Chinese (200 with the demo
 * vocabulary).
 */
export function albumQueryBank(vocab: Vocabulary = vocabulary()): string[] {
  return vocab.colours.flatMap((c) => vocab.categories.flatMap((k) => [`${c.en} ${k.en}`, `${c.zh}${k.zh}`]));
}

/**
 * Hubness correction of album ranking: CSLS, "cross-domain similarity local
 * scaling" (Conneau et al., "Word Translation Without Parallel Data", ICLR
 * 2018). In a shared text–image space some photos lie close to many queries at
 * once ("hubs") and crowd into the top of lists they do not belong to. Each
 * photo is therefore discounted by how close it lies to queries in general:
 *
 *   score(q, p) = q·p + bias(p),  bias(p) = −WEIGHT × mean of the K largest b·p over the bank phrases b.
 *
 * The bias depends on the photo and the model only, so sync sends it with the
 * photo and a device adds it to its int8 dot product; the server adds it to
 * the store's cosine. K and WEIGHT are CSLS's own values; on album photos of
 * the Fashion-MNIST train split they were within 0.002 of the best of a small
 * grid (README, "Album ranking").
 */
export class HubnessCorrection {
  private constructor(
    /** Names the bank, k and weight: a device's biases are stale when it changes. */
    readonly version: string,
    readonly dim: number,
    /** The bank's unit text vectors laid end to end. */
    private readonly bank: Float32Array,
    private readonly k: number,
    private readonly weight: number,
  ) {}

  /** `k` and `weight` other than the defaults are for eval:album-ranking's grid. */
  static of(
    phrases: string[],
    vectors: Float32Array[],
    { k = HUBNESS_K, weight = HUBNESS_WEIGHT } = {},
  ): HubnessCorrection {
    if (vectors.length < k || vectors.length !== phrases.length)
      throw new Error(`a query bank needs at least ${k} phrases, one vector each`);
    const dim = vectors[0].length;
    const bank = new Float32Array(vectors.length * dim);
    vectors.forEach((v, i) => bank.set(v, i * dim));
    const hash = createHash('sha256')
      .update(`${k}/${weight}/${phrases.join('\n')}`)
      .digest('hex');
    return new HubnessCorrection(`csls-${hash.slice(0, 12)}`, dim, bank, k, weight);
  }

  /**
   * The photo's score offset, rounded to 1e-4 (short on the wire). Sync takes
   * it from the dequantized int8 vector and the server from the float vector,
   * so the two differ by at most ~2e-3 (albums.test.ts).
   */
  bias(photo: ArrayLike<number>): number {
    if (photo.length !== this.dim)
      throw new Error(`photo vector has ${photo.length} values; the query bank ${this.dim}`);
    const n = this.bank.length / this.dim;
    const sims = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let d = 0, o = i * this.dim; d < this.dim; d++) s += photo[d] * this.bank[o + d];
      sims[i] = s;
    }
    sims.sort();
    let top = 0;
    for (let i = n - this.k; i < n; i++) top += sims[i];
    return Math.round((-this.weight * top * 1e4) / this.k) / 1e4;
  }
}

/** The hubness correction of the encoder's current model, its bank embedded once per model version. */
@Injectable()
export class AlbumHubness {
  private current?: { version: string; correction: Promise<HubnessCorrection> };

  constructor(private readonly encoder: EncoderPort) {}

  for(model: ModelInfo): Promise<HubnessCorrection> {
    if (this.current?.version !== model.version) {
      const correction = this.build(model);
      const entry = { version: model.version, correction };
      this.current = entry;
      // A failed build (encoder down) is not kept: the next request tries again.
      correction.catch(() => {
        if (this.current === entry) this.current = undefined;
      });
    }
    return this.current!.correction;
  }

  private async build(model: ModelInfo): Promise<HubnessCorrection> {
    const phrases = albumQueryBank();
    const vectors: Float32Array[] = [];
    for (let i = 0; i < phrases.length; i += BANK_BATCH) {
      const batch = await this.encoder.embedTexts(phrases.slice(i, i + BANK_BATCH));
      if (batch.model.version !== model.version)
        throw new Error(
          `the encoder moved to model ${batch.model.version} while the query bank was embedded`,
        );
      vectors.push(...batch.vectors);
    }
    return HubnessCorrection.of(phrases, vectors);
  }
}
