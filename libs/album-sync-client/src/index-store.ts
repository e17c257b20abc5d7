import type { IndexSnapshot } from './local-index.js';

/**
 * Where a device keeps its album index between runs: a file in Node,
 * IndexedDB in browsers. `save` must be atomic (the old snapshot or the new,
 * never half of one), so an interrupted sync resumes from the last page saved.
 */
export interface IndexStore {
  load(): Promise<IndexSnapshot | undefined>;
  save(snapshot: IndexSnapshot): Promise<void>;
  clear(): Promise<void>;
}
