/** Keeps the k best-scoring keys of a stream: exact search over a candidate set. */
export class TopK {
  private readonly keys: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  offer(key: number, score: number): void {
    const n = this.keys.length;
    if (n === this.k && score <= this.scores[n - 1]) return;
    let at = n === this.k ? n - 1 : n;
    while (at > 0 && this.scores[at - 1] < score) at--;
    this.keys.splice(at, 0, key);
    this.scores.splice(at, 0, score);
    if (this.keys.length > this.k) {
      this.keys.pop();
      this.scores.pop();
    }
  }

  result(): { key: number; score: number }[] {
    return this.keys.map((key, i) => ({ key, score: this.scores[i] }));
  }
}

export function vectorToBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Copies: a Buffer's offset into its pool need not be 4-byte aligned. */
export function blobToVector(blob: Buffer): Float32Array {
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}
