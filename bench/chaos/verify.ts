import { PRODUCTS_ALIAS } from '#catalog';
import { EmbeddedVectorStore } from '#vector-store';

export interface IndexCount {
  /** Points in the products collection. */
  total: number;
  distinct: number;
  missing: string[];
  unexpected: string[];
  /** Points without a text or an image vector: stored, but not searchable by both. */
  withoutVectors: number;
}

/** Reads every point of the indexer's embedded store (the indexer stopped) and compares with `expected`. */
export async function verifyIndex(dataDir: string, expected: string[]): Promise<IndexCount> {
  const store = new EmbeddedVectorStore({ dataDir });
  try {
    const ids: string[] = [];
    let withoutVectors = 0;
    let cursor: string | undefined;
    do {
      const page = await store.scroll(PRODUCTS_ALIAS, { limit: 1000, cursor, withVectors: true });
      for (const p of page.points) {
        ids.push(p.id);
        if (!p.vectors?.text?.length || !p.vectors?.image?.length) withoutVectors++;
      }
      cursor = page.nextCursor;
    } while (cursor);
    const found = new Set(ids);
    const wanted = new Set(expected);
    return {
      total: await store.count(PRODUCTS_ALIAS),
      distinct: found.size,
      missing: expected.filter((id) => !found.has(id)),
      unexpected: [...found].filter((id) => !wanted.has(id)),
      withoutVectors,
    };
  } finally {
    await store.close();
  }
}
