/** Which model made a vector. Every stored vector records it, so a model change is detectable. */
export interface ModelInfo {
  /** Hub id or local folder name, e.g. `eclip-mini` or `Xenova/clip-vit-base-patch32`. */
  id: string;
  /** Content hash of the local ONNX files, or the hub revision. */
  version: string;
  dim: number;
}

export interface EmbeddingBatch {
  model: ModelInfo;
  /** L2-normalised, one per input, in input order. */
  vectors: Float32Array[];
}

export function l2Normalise(values: ArrayLike<number>, offset: number, dim: number): Float32Array {
  const out = new Float32Array(dim);
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    out[i] = values[offset + i];
    norm += out[i] * out[i];
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dim; i++) out[i] /= norm;
  return out;
}

/** Probabilities from logits (numerically stable: the largest logit is subtracted first). */
export function softmax(logits: ArrayLike<number>): number[] {
  const values = Array.from(logits);
  const max = Math.max(...values);
  const exp = values.map((l) => Math.exp(l - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}
