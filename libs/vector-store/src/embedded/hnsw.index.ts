import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import hnswlib from 'hnswlib-node';

export interface HnswParams {
  /** Graph degree (Qdrant's `m`). */
  m: number;
  efConstruction: number;
  /** Beam width of a search; a search for k > ef uses k. */
  efSearch: number;
}

export interface Neighbour {
  key: number;
  score: number;
}

const MIN_CAPACITY = 1024;

/**
 * One named vector of one collection in hnswlib-node (see the README for why
 * this library). The file is a cache of SQLite: it is only loaded when its
 * SHA-256 matches the one recorded at save, because a truncated file would
 * otherwise reach native code that trusts it.
 */
export class HnswIndex {
  private constructor(
    private readonly index: hnswlib.HierarchicalNSW,
    private readonly params: HnswParams,
  ) {}

  static create(dimensions: number, params: HnswParams, expected = 0): HnswIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.initIndex({
      maxElements: Math.max(MIN_CAPACITY, Math.ceil(expected * 1.25)),
      m: params.m,
      efConstruction: params.efConstruction,
      randomSeed: 100,
    });
    return new HnswIndex(index, params);
  }

  /** The saved index, or undefined when the file is missing or not the one recorded. */
  static load(file: string, dimensions: number, params: HnswParams, sha256: string): HnswIndex | undefined {
    if (!existsSync(file) || fileSha256(file) !== sha256) return undefined;
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    try {
      index.readIndexSync(file);
    } catch {
      return undefined;
    }
    return new HnswIndex(index, params);
  }

  /** Adds or replaces the vector under `key` (a replaced or deleted key is revived in place). */
  add(key: number, vector: Float32Array): void {
    if (this.index.getCurrentCount() >= this.index.getMaxElements()) {
      this.index.resizeIndex(this.index.getMaxElements() * 2);
    }
    this.index.addPoint(Array.from(vector), key);
  }

  remove(key: number): void {
    try {
      this.index.markDelete(key);
    } catch {
      // Unknown or already deleted: either way it is out of search results.
    }
  }

  /** Nearest live points, best first; `accept` filters inside the graph walk. */
  search(query: Float32Array, k: number, accept?: (key: number) => boolean): Neighbour[] {
    const bounded = Math.min(k, this.index.getMaxElements());
    this.index.setEf(Math.max(this.params.efSearch, bounded));
    const found = this.index.searchKnn(Array.from(query), bounded, accept);
    return found.neighbors.map((key, i) => ({ key, score: 1 - found.distances[i] }));
  }

  /** Writes beside the target and renames, so a crash leaves the old file or the new one. */
  save(file: string): string {
    const tmp = `${file}.tmp`;
    this.index.writeIndexSync(tmp);
    const sha = fileSha256(tmp);
    renameSync(tmp, file);
    return sha;
  }

  static remove(file: string): void {
    rmSync(file, { force: true });
    rmSync(`${file}.tmp`, { force: true });
  }
}

function fileSha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
