// The Chromium half of bench/album.bench.ts: the client's LocalAlbumIndex,
// loaded from the /album page's own SDK modules, against the same float32
// brute force as in Node, on the same vectors and query vectors.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { SyncPage } from '#album-sync-client';
import { float32TopK } from './album.vectors.js';

/** Debian's Chromium (infra/chromium/install.sh), as the browser tests use it. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserRun {
  browser: string;
  /** performance.now() resolution in the page: 5 µs when cross-origin isolated, else 100 µs. */
  timerStep: string;
  /** Per run, per query: milliseconds of LocalAlbumIndex.search and of the float32 scan. */
  int8: number[][];
  float32: number[][];
  /** Top-10 positions of the last run (int8 as photo ids, float32 as positions), for recall. */
  int8Ids: number[][];
  float32Top: number[][];
}

interface PageInput {
  sdk: string;
  page: SyncPage;
  floats: string;
  dim: number;
  queries: number[][];
  runs: number;
}

/** Undefined when Chromium is not installed (the caller says so in its output). */
export async function measureInChromium(
  origin: string,
  input: Omit<PageInput, 'sdk' | 'floats'> & { matrix: Float32Array },
): Promise<BrowserRun | undefined> {
  if (!existsSync(CHROMIUM_PATH)) return undefined;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-sync'],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(300_000);
    // Cross-origin isolation (COOP + COEP on the page) gives performance.now() 5 µs steps instead
    // of 100 µs: a 10k-photo search takes about a millisecond. Everything the page loads is same-origin.
    await page.route(`${origin}/album`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: {
          ...response.headers(),
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        },
      });
    });
    // Same origin as the SDK modules, under the page's own CSP.
    await page.goto(`${origin}/album`);
    const isolated = await page.evaluate<boolean>('globalThis.crossOriginIsolated === true');
    // The very function Node runs; a CDP evaluation, so the page's CSP (no eval) is not in the way.
    await page.evaluate(`void (globalThis.float32TopK = (${float32TopK.toString()}))`);
    const { matrix, ...rest } = input;
    const arg: PageInput = {
      ...rest,
      sdk: '/album/sdk/local-index.js',
      floats: Buffer.from(matrix.buffer, matrix.byteOffset, matrix.byteLength).toString('base64'),
    };
    const result = await page.evaluate(async (a: PageInput) => {
      const sdk = (await import(a.sdk)) as typeof import('#album-sync-client');
      const topK = (globalThis as unknown as { float32TopK: typeof float32TopK }).float32TopK;
      const index = new sdk.LocalAlbumIndex();
      index.apply(a.page);
      const bytes = Uint8Array.from(atob(a.floats), (c) => c.charCodeAt(0));
      const floats = new Float32Array(bytes.buffer);
      const out = {
        int8: [] as number[][],
        float32: [] as number[][],
        int8Ids: [] as number[][],
        float32Top: [] as number[][],
      };
      // One warm-up pass (JIT, packing the index), then the measured runs.
      for (let run = -1; run < a.runs; run++) {
        const int8: number[] = [];
        const float32: number[] = [];
        out.int8Ids = [];
        out.float32Top = [];
        for (const q of a.queries) {
          let t = performance.now();
          const hits = index.search(q, 10);
          int8.push(performance.now() - t);
          t = performance.now();
          const top = topK(floats, a.dim, q, 10);
          float32.push(performance.now() - t);
          out.int8Ids.push(hits.map((h) => h.id));
          out.float32Top.push(top);
        }
        if (run >= 0) {
          out.int8.push(int8);
          out.float32.push(float32);
        }
      }
      return out;
    }, arg);
    return { browser: `Chromium ${browser.version()}`, timerStep: isolated ? '5 µs' : '100 µs', ...result };
  } finally {
    await browser.close();
  }
}
