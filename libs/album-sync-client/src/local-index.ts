import { int8FromBase64, int8QueryDot } from './int8.js';
import type { SyncModel, SyncPage, SyncUpsert } from './sync-protocol.js';

/** What a device keeps: the model its vectors are from, where sync stands, and every photo as the server sent it. */
export interface IndexSnapshot {
  format: 1;
  model: SyncModel | null;
  cursor: string | null;
  photos: SyncUpsert[];
}

export interface LocalHit {
  id: number;
  /** ≈ cosine similarity of the query and the photo. */
  score: number;
  photo: SyncUpsert;
}

/** Vectors laid end to end, rebuilt after changes: the search loop then reads memory in order. */
interface Packed {
  photos: SyncUpsert[];
  values: Int8Array;
  scales: Float32Array;
}

/**
 * The on-device copy of one user's album: applies sync pages and searches
 * by brute force over int8 vectors (an album is small enough: 50,000 photos
 * of dimension 128 are 6.4 MB and one pass over them takes milliseconds).
 */
export class LocalAlbumIndex {
  private readonly photos = new Map<number, { upsert: SyncUpsert; values: Int8Array }>();
  private packed?: Packed;
  model: SyncModel | null = null;
  cursor: string | null = null;

  static fromSnapshot(snapshot: IndexSnapshot | undefined): LocalAlbumIndex {
    const index = new LocalAlbumIndex();
    if (!snapshot || snapshot.format !== 1 || !snapshot.model) return index;
    index.model = snapshot.model;
    index.cursor = snapshot.cursor;
    for (const photo of snapshot.photos) index.put(photo);
    return index;
  }

  get size(): number {
    return this.photos.size;
  }

  has(id: number): boolean {
    return this.photos.has(id);
  }

  /** Applies one sync page; with `reset` everything held is dropped first (a first sync, or a new model). */
  apply(page: SyncPage): void {
    if (page.reset || this.model?.version !== page.model.version) this.photos.clear();
    this.model = page.model;
    for (const upsert of page.upserts) this.put(upsert);
    for (const tombstone of page.deletes) this.photos.delete(tombstone.id);
    this.cursor = page.next_cursor;
    this.packed = undefined;
  }

  snapshot(): IndexSnapshot {
    return {
      format: 1,
      model: this.model,
      cursor: this.cursor,
      photos: [...this.photos.values()].map((p) => p.upsert),
    };
  }

  /** The k photos most like a unit query vector of this index's model, best first. */
  search(query: ArrayLike<number>, k: number): LocalHit[] {
    const dim = this.model?.dim ?? 0;
    if (query.length !== dim) throw new Error(`query has ${query.length} values; the index holds ${dim}`);
    const packed = (this.packed ??= this.pack(dim));
    // The query stays float32: only the stored vectors are quantised, which keeps more of the float32 order.
    const q = Float32Array.from(query);
    const top: { i: number; score: number }[] = [];
    for (let i = 0; i < packed.photos.length; i++) {
      const score = int8QueryDot(packed.values, i * dim, q, dim) * packed.scales[i];
      if (top.length === k && score <= top[k - 1].score) continue;
      let at = top.length;
      while (at > 0 && top[at - 1].score < score) at--;
      top.splice(at, 0, { i, score });
      if (top.length > k) top.pop();
    }
    return top.map(({ i, score }) => ({ id: packed.photos[i].id, score, photo: packed.photos[i] }));
  }

  private put(upsert: SyncUpsert): void {
    this.photos.set(upsert.id, { upsert, values: int8FromBase64(upsert.vector, this.model?.dim) });
  }

  private pack(dim: number): Packed {
    const entries = [...this.photos.values()];
    const values = new Int8Array(entries.length * dim);
    const scales = new Float32Array(entries.length);
    entries.forEach((e, i) => {
      values.set(e.values, i * dim);
      scales[i] = e.upsert.scale;
    });
    return { photos: entries.map((e) => e.upsert), values, scales };
  }
}
