import type { IndexStore } from './index-store.js';
import { LocalAlbumIndex, type LocalHit } from './local-index.js';
import type { SyncPage } from './sync-protocol.js';

export interface AlbumSyncClientOptions {
  /** The search-api origin, e.g. `http://localhost:3000` (`''` for the page's own origin in a browser). */
  baseUrl: string;
  /** The user's bearer token. */
  token: string;
  store: IndexStore;
  /** Changes per page to ask for (the server caps it). */
  pageSize?: number;
  fetch?: typeof fetch;
}

export interface SyncReport {
  pages: number;
  upserts: number;
  deletes: number;
  /** Response bytes received (the JSON bodies). */
  bytes: number;
  /** Whether the local index was dropped and rebuilt (first sync, or a new model). */
  reset: boolean;
}

export class AlbumSyncError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AlbumSyncError';
  }
}

/**
 * Keeps a device's copy of one user's album in step with the server and
 * searches it offline. Each page is applied and saved with its cursor before
 * the next is asked for, so a sync cut short (network gone, app killed)
 * resumes where the last saved page ended.
 */
export class AlbumSyncClient {
  private constructor(
    private readonly options: AlbumSyncClientOptions,
    readonly index: LocalAlbumIndex,
  ) {}

  static async open(options: AlbumSyncClientOptions): Promise<AlbumSyncClient> {
    return new AlbumSyncClient(options, LocalAlbumIndex.fromSnapshot(await options.store.load()));
  }

  async sync(options: { maxPages?: number } = {}): Promise<SyncReport> {
    const report: SyncReport = { pages: 0, upserts: 0, deletes: 0, bytes: 0, reset: false };
    for (;;) {
      const page = await this.fetchPage(report);
      this.index.apply(page);
      await this.options.store.save(this.index.snapshot());
      report.pages++;
      report.upserts += page.upserts.length;
      report.deletes += page.deletes.length;
      report.reset ||= page.reset;
      if (!page.has_more || report.pages === options.maxPages) return report;
    }
  }

  /** Offline: the photos most like a unit query vector of the index's model. */
  search(query: ArrayLike<number>, k = 20): LocalHit[] {
    return this.index.search(query, k);
  }

  private async fetchPage(report: SyncReport): Promise<SyncPage> {
    const params = new URLSearchParams();
    if (this.index.cursor) params.set('cursor', this.index.cursor);
    if (this.options.pageSize) params.set('limit', String(this.options.pageSize));
    const fetcher = this.options.fetch ?? fetch;
    const response = await fetcher(`${this.options.baseUrl}/v1/albums/sync?${params}`, {
      headers: { authorization: `Bearer ${this.options.token}` },
    });
    const text = await response.text();
    report.bytes += new TextEncoder().encode(text).length;
    if (!response.ok)
      throw new AlbumSyncError(response.status, `sync failed (${response.status}): ${text.slice(0, 200)}`);
    return JSON.parse(text) as SyncPage;
  }
}
