import type { IndexStore } from './index-store.js';
import type { IndexSnapshot } from './local-index.js';

/** The parts of the browser's IndexedDB API used here (the project compiles without DOM types). */
interface IdbRequest<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: (() => void) | null;
}
interface IdbTransaction {
  objectStore(name: string): IdbObjectStore;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  error: unknown;
}
interface IdbObjectStore {
  get(key: string): IdbRequest<unknown>;
  put(value: unknown, key: string): IdbRequest<unknown>;
  delete(key: string): IdbRequest<unknown>;
}
interface IdbDatabase {
  objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string): unknown;
  transaction(store: string, mode: 'readonly' | 'readwrite'): IdbTransaction;
  close(): void;
}
interface IdbFactory {
  open(name: string, version: number): IdbOpenRequest;
}

const STORE = 'album-index';
const KEY = 'snapshot';

/** The index in IndexedDB, one record written in one transaction (atomic by IndexedDB's rules). */
export class IndexedDbIndexStore implements IndexStore {
  private db?: Promise<IdbDatabase>;

  constructor(
    private readonly name = 'shoplens-album',
    private readonly factory = (globalThis as unknown as { indexedDB: IdbFactory }).indexedDB,
  ) {}

  async load(): Promise<IndexSnapshot | undefined> {
    const value = await this.run('readonly', (store) => store.get(KEY));
    return (value ?? undefined) as IndexSnapshot | undefined;
  }

  async save(snapshot: IndexSnapshot): Promise<void> {
    await this.run('readwrite', (store) => store.put(snapshot, KEY));
  }

  async clear(): Promise<void> {
    await this.run('readwrite', (store) => store.delete(KEY));
  }

  private open(): Promise<IdbDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const request = this.factory.open(this.name, 1);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(asError(request.error));
    });
    return this.db;
  }

  /** Resolves with the request's result once its transaction has committed. */
  private async run(mode: 'readonly' | 'readwrite', work: (store: IdbObjectStore) => IdbRequest<unknown>) {
    const db = await this.open();
    return new Promise<unknown>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = transaction.onabort = () => reject(asError(transaction.error ?? request.error));
    });
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
