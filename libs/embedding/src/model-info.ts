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
