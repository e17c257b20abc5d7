import { int8FromBase64, int8ToBase64, quantizeInt8, type Int8Vector } from './int8.js';

/** A codebook as the sync protocol carries it: every centroid int8-quantized like a photo vector. */
export interface SyncCodebook {
  /** Names this codebook; a vector quantized under another version is meaningless with it. */
  version: string;
  dim: number;
  /** Base64 of `dim` int8 values and the scale of each centroid, in centroid-number order. */
  centroids: { vector: string; scale: number }[];
}

/** A photo vector as sync sends it: its nearest centroid and the int8 residual from that centroid. */
export interface ResidualVector extends Int8Vector {
  centroid: number;
}

/** The version of the codebook of one all-zero centroid: plain int8 vectors, for models without a fitted codebook. */
export const PLAIN_CODEBOOK = 'plain';

/**
 * Residual int8 quantization (the "IVF residual" scheme of vector search
 * libraries): a unit vector x is stored as the number j of its nearest
 * centroid c_j plus int8(x − c_j) with one scale. The residual is much
 * shorter than x, so the same 127 steps are finer, and the ranking of int8
 * dot products stays far closer to float32 (bench:album measures it).
 * Scoring a float32 query q: q·c_j (once per centroid per query) plus
 * scale × (q · int8 residual). The centroids themselves travel as int8; the
 * residual is taken from the dequantized centroid, so quantizing the
 * codebook adds no error of its own.
 */
export class Codebook {
  /** Squared norms of the centroids, for nearest-centroid search. */
  private readonly norms: Float32Array;

  private constructor(
    readonly version: string,
    readonly dim: number,
    /** The dequantized centroids laid end to end. */
    private readonly centroids: Float32Array,
    private readonly wire: SyncCodebook,
  ) {
    this.norms = new Float32Array(this.size);
    for (let j = 0; j < this.size; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += centroids[j * dim + d] ** 2;
      this.norms[j] = s;
    }
  }

  /** One zero centroid: every vector is its own residual, i.e. plain per-vector int8. */
  static plain(dim: number): Codebook {
    return Codebook.fromWire({
      version: PLAIN_CODEBOOK,
      dim,
      centroids: [{ vector: int8ToBase64(new Int8Array(dim)), scale: 0 }],
    });
  }

  /** Quantizes float32 centroids (k-means output) into a codebook named `version`. */
  static fromCentroids(version: string, centroids: ArrayLike<number>[]): Codebook {
    if (centroids.length === 0 || centroids.length > 65_536)
      throw new Error('a codebook holds 1 to 65,536 centroids');
    const dim = centroids[0].length;
    return Codebook.fromWire({
      version,
      dim,
      centroids: centroids.map((c) => {
        if (c.length !== dim)
          throw new Error(`centroid of ${c.length} values in a codebook of dimension ${dim}`);
        const { values, scale } = quantizeInt8(c);
        return { vector: int8ToBase64(values), scale };
      }),
    });
  }

  /** Checks and decodes a codebook received from the server (or read from a snapshot). */
  static fromWire(wire: SyncCodebook): Codebook {
    if (
      typeof wire?.version !== 'string' ||
      !Number.isInteger(wire.dim) ||
      wire.dim <= 0 ||
      !Array.isArray(wire.centroids)
    )
      throw new Error('not a codebook: expected version, dim and centroids');
    if (wire.centroids.length === 0) throw new Error('a codebook needs at least one centroid');
    const values = new Float32Array(wire.centroids.length * wire.dim);
    wire.centroids.forEach((c, j) => {
      if (typeof c.scale !== 'number' || !Number.isFinite(c.scale))
        throw new Error(`centroid ${j} has no finite scale`);
      const int8 = int8FromBase64(c.vector, wire.dim);
      for (let d = 0; d < wire.dim; d++) values[j * wire.dim + d] = int8[d] * c.scale;
    });
    return new Codebook(wire.version, wire.dim, values, wire);
  }

  get size(): number {
    return this.centroids.length / this.dim;
  }

  toWire(): SyncCodebook {
    return this.wire;
  }

  /** The centroid nearest to `vector` (Euclidean). */
  nearest(vector: ArrayLike<number>): number {
    let best = 0;
    let bestDistance = Infinity;
    for (let j = 0; j < this.size; j++) {
      // |x − c|² = |x|² − 2 x·c + |c|², and |x|² is the same for every centroid.
      let dot = 0;
      for (let d = 0, o = j * this.dim; d < this.dim; d++) dot += vector[d] * this.centroids[o + d];
      const distance = this.norms[j] - 2 * dot;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = j;
      }
    }
    return best;
  }

  /** The stored form of a float32 vector: nearest centroid and int8 residual. */
  encode(vector: ArrayLike<number>): ResidualVector {
    if (vector.length !== this.dim)
      throw new Error(`vector has ${vector.length} values; the codebook ${this.dim}`);
    const centroid = this.nearest(vector);
    const residual = new Float32Array(this.dim);
    for (let d = 0, o = centroid * this.dim; d < this.dim; d++)
      residual[d] = vector[d] - this.centroids[o + d];
    return { centroid, ...quantizeInt8(residual) };
  }

  /** The float32 vector an encoded one stands for (approximately the original). */
  decode({ centroid, values, scale }: ResidualVector): Float32Array {
    return Float32Array.from(values, (v, d) => this.centroids[centroid * this.dim + d] + v * scale);
  }

  /** q·c_j for every centroid j: the per-query half of every score. */
  queryTerms(query: Float32Array): Float32Array {
    const out = new Float32Array(this.size);
    for (let j = 0; j < this.size; j++) {
      let s = 0;
      for (let d = 0, o = j * this.dim; d < this.dim; d++) s += query[d] * this.centroids[o + d];
      out[j] = s;
    }
    return out;
  }
}
