import { Codebook, type SyncCodebook } from './codebook.js';
import { int8FromBase64, int8QueryDot } from './int8.js';
import type { SyncModel, SyncPage, SyncUpsert } from './sync-protocol.js';

/**
 * What a device keeps: the model its vectors are from and their codebook,
 * where sync stands, and every photo as the server sent it. Older formats
 * (1: plain int8, no codebook; 2: no ranking biases) are dropped on load:
 * the next sync starts over.
 */
export interface IndexSnapshot {
  format: 3;
  model: SyncModel | null;
  codebook: SyncCodebook | null;
  cursor: string | null;
  photos: SyncUpsert[];
}

export interface LocalHit {
  id: number;
  /** ≈ cosine similarity of the query and the photo, plus the photo's bias (the server's hubness correction). */
  score: number;
  photo: SyncUpsert;
}

/** Vectors laid end to end, rebuilt after changes: the search loop then reads memory in order. */
interface Packed {
  photos: SyncUpsert[];
  values: Int8Array;
  scales: Float32Array;
  centroids: Uint16Array;
  biases: Float32Array;
}

/**
 * The on-device copy of one user's album: applies sync pages and searches
 * by brute force over int8 residual vectors (an album is small enough:
 * 50,000 photos of dimension 128 are 6.4 MB and one pass over them takes
 * milliseconds). See Codebook for the scoring.
 */
export class LocalAlbumIndex {
  private readonly photos = new Map<number, { upsert: SyncUpsert; values: Int8Array }>();
  private packed?: Packed;
  model: SyncModel | null = null;
  codebook: Codebook | null = null;
  cursor: string | null = null;

  static fromSnapshot(snapshot: IndexSnapshot | undefined): LocalAlbumIndex {
    const index = new LocalAlbumIndex();
    if (!snapshot || snapshot.format !== 3 || !snapshot.model || !snapshot.codebook) return index;
    index.model = snapshot.model;
    index.codebook = Codebook.fromWire(snapshot.codebook);
    index.cursor = snapshot.cursor;
    for (const photo of snapshot.photos) index.photos.set(photo.id, decode(photo, index.codebook));
    return index;
  }

  get size(): number {
    return this.photos.size;
  }

  has(id: number): boolean {
    return this.photos.has(id);
  }

  /**
   * Applies one sync page; with `reset` everything held is dropped first (a
   * first sync, a new model or a new codebook), and the page's codebook
   * replaces the one held. Throws, changing nothing, on a page that cannot
   * be applied (vectors of a model or codebook this index does not hold).
   */
  apply(page: SyncPage): void {
    const fresh = page.reset || this.model?.version !== page.model.version;
    let codebook = this.codebook;
    if (page.reset) {
      if (!page.codebook) throw new Error('a reset sync page must carry the codebook');
      codebook = Codebook.fromWire(page.codebook);
    }
    if (!codebook || codebook.version !== page.model.codebook || codebook.dim !== page.model.dim)
      throw new Error(
        `sync page of codebook ${page.model.codebook}; this index holds ${codebook?.version ?? 'none'}`,
      );
    if (!fresh && this.model?.codebook !== page.model.codebook)
      throw new Error('the codebook changed without a reset');
    const decoded = page.upserts.map((upsert) => decode(upsert, codebook));
    if (fresh) this.photos.clear();
    this.codebook = codebook;
    this.model = page.model;
    for (const photo of decoded) this.photos.set(photo.upsert.id, photo);
    for (const tombstone of page.deletes) this.photos.delete(tombstone.id);
    this.cursor = page.next_cursor;
    this.packed = undefined;
  }

  snapshot(): IndexSnapshot {
    return {
      format: 3,
      model: this.model,
      codebook: this.codebook?.toWire() ?? null,
      cursor: this.cursor,
      photos: [...this.photos.values()].map((p) => p.upsert),
    };
  }

  /** The k photos that score best for a unit query vector of this index's model (q·photo + bias), best first. */
  search(query: ArrayLike<number>, k: number): LocalHit[] {
    const dim = this.model?.dim ?? 0;
    if (query.length !== dim) throw new Error(`query has ${query.length} values; the index holds ${dim}`);
    if (!this.codebook) return [];
    const packed = (this.packed ??= this.pack(dim));
    // The query stays float32: only the stored vectors are quantised, which keeps more of the float32 order.
    const q = Float32Array.from(query);
    const terms = this.codebook.queryTerms(q);
    const top: { i: number; score: number }[] = [];
    for (let i = 0; i < packed.photos.length; i++) {
      const score =
        terms[packed.centroids[i]] +
        int8QueryDot(packed.values, i * dim, q, dim) * packed.scales[i] +
        packed.biases[i];
      if (top.length === k && score <= top[k - 1].score) continue;
      let at = top.length;
      while (at > 0 && top[at - 1].score < score) at--;
      top.splice(at, 0, { i, score });
      if (top.length > k) top.pop();
    }
    return top.map(({ i, score }) => ({ id: packed.photos[i].id, score, photo: packed.photos[i] }));
  }

  private pack(dim: number): Packed {
    const entries = [...this.photos.values()];
    const values = new Int8Array(entries.length * dim);
    const scales = new Float32Array(entries.length);
    const centroids = new Uint16Array(entries.length);
    const biases = new Float32Array(entries.length);
    entries.forEach((e, i) => {
      values.set(e.values, i * dim);
      scales[i] = e.upsert.scale;
      centroids[i] = e.upsert.centroid;
      biases[i] = e.upsert.bias ?? 0;
    });
    return { photos: entries.map((e) => e.upsert), values, scales, centroids, biases };
  }
}

/** A photo as the server sent it, checked against the codebook, with its int8 values decoded. */
function decode(upsert: SyncUpsert, codebook: Codebook): { upsert: SyncUpsert; values: Int8Array } {
  if (!Number.isInteger(upsert.centroid) || upsert.centroid < 0 || upsert.centroid >= codebook.size)
    throw new Error(
      `photo ${upsert.id}: centroid ${upsert.centroid} is not in a codebook of ${codebook.size}`,
    );
  if (upsert.bias !== undefined && (typeof upsert.bias !== 'number' || !Number.isFinite(upsert.bias)))
    throw new Error(`photo ${upsert.id}: bias ${String(upsert.bias)} is not a finite number`);
  return { upsert, values: int8FromBase64(upsert.vector, codebook.dim) };
}
