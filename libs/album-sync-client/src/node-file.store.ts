import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { IndexStore } from './index-store.js';
import type { IndexSnapshot } from './local-index.js';

/** The index as one JSON file, replaced atomically (write a temporary file, then rename over). */
export class NodeFileIndexStore implements IndexStore {
  constructor(private readonly path: string) {}

  async load(): Promise<IndexSnapshot | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as IndexSnapshot;
    } catch {
      // Unreadable (written by something else): start over rather than fail forever.
      return undefined;
    }
  }

  async save(snapshot: IndexSnapshot): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(snapshot));
    await rename(temporary, this.path);
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
