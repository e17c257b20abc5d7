import { mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedVectorStore, QdrantVectorStore } from '#vector-store';
import { catalogue, describeVectorStoreContract, freshName, specFor } from './vector-store.contract.js';

const dataDir = mkdtempSync(join(tmpdir(), 'shoplens-vectors-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// A low exact-search threshold sends the broad filters of the suite through the
// filtered HNSW walk, so both search paths are held to the contract.
describeVectorStoreContract('embedded (hnswlib-node + SQLite)', {
  open: async () => new EmbeddedVectorStore({ dataDir, exactSearchThreshold: 500, saveIntervalMs: 0 }),
});

const qdrantUrl = process.env.QDRANT_URL;
if (qdrantUrl) {
  describeVectorStoreContract(`qdrant at ${qdrantUrl}`, {
    open: async () => new QdrantVectorStore({ url: qdrantUrl, apiKey: process.env.QDRANT_API_KEY }),
  });
} else {
  console.log('QDRANT_URL unset: skipping the Qdrant contract run (set it to a Qdrant >= 1.16 to run it)');
  describe.skip('VectorStore contract: qdrant (QDRANT_URL unset)', () => {
    it('runs only against a Qdrant given by QDRANT_URL', () => undefined);
  });
}

describe('embedded index files are a cache of SQLite', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'shoplens-vectors-cache-'));
  const { points } = catalogue(5);
  const sample = points.slice(0, 400);
  const query = sample[17].vectors.image;

  async function seeded(at: string): Promise<{ name: string; before: string[] }> {
    const store = new EmbeddedVectorStore({ dataDir: at, saveIntervalMs: 0 });
    const name = freshName();
    await store.ensureCollection(specFor(name));
    await store.upsert(name, sample);
    const before = (await store.search(name, { using: 'image', vector: query, limit: 10 })).map((h) => h.id);
    await store.close();
    return { name, before };
  }

  async function reopened(at: string, name: string) {
    const store = new EmbeddedVectorStore({ dataDir: at, saveIntervalMs: 0 });
    const found = (await store.search(name, { using: 'image', vector: query, limit: 10 })).map((h) => h.id);
    const sources = store.indexSources()[name];
    await store.close();
    return { found, sources };
  }

  const indexFile = (at: string, name: string) => join(at, 'vectors', 'hnsw', `${name}.image.hnsw`);

  it('loads the saved file when it is intact', async () => {
    const at = dir();
    const { name, before } = await seeded(at);
    expect(await reopened(at, name)).toEqual({ found: before, sources: { image: 'file', text: 'file' } });
  });

  it.each([
    ['deleted', (file: string) => rmSync(file)],
    ['truncated', (file: string) => truncateSync(file, 1000)],
    ['overwritten with garbage', (file: string) => writeFileSync(file, Buffer.alloc(4096, 0x5a))],
    // Same size and structure, one vector byte off: only the checksum can tell.
    ['changed by one byte', (file: string) => flipByte(file)],
  ])('rebuilds from SQLite when the file is %s', async (_how, damage) => {
    const at = dir();
    const { name, before } = await seeded(at);
    damage(indexFile(at, name));
    expect(await reopened(at, name)).toEqual({ found: before, sources: { image: 'rebuilt', text: 'file' } });
    // The rebuilt index was saved on close and is trusted again.
    expect((await reopened(at, name)).sources).toEqual({ image: 'file', text: 'file' });
  });

  it('rebuilds a stale file after a crash that lost writes made since the last save', async () => {
    const at = dir();
    const { name } = await seeded(at);
    const crashed = new EmbeddedVectorStore({ dataDir: at, saveIntervalMs: 0 });
    const late = { ...points[1000], id: 'late' };
    await crashed.upsert(name, [late]);
    await crashed.delete(name, [sample[17].id]);
    // No close: the process "died" with the index files one revision behind SQLite.
    const after = new EmbeddedVectorStore({ dataDir: at, saveIntervalMs: 0 });
    try {
      expect(after.indexSources()[name]).toEqual({ image: 'rebuilt', text: 'rebuilt' });
      const hits = await after.search(name, { using: 'image', vector: late.vectors.image, limit: 1 });
      expect(hits[0].id).toBe('late');
      const gone = await after.search(name, { using: 'image', vector: query, limit: 10 });
      expect(gone.map((h) => h.id)).not.toContain(sample[17].id);
    } finally {
      await after.close();
      await crashed.close();
    }
  });

  it('saves changed indexes periodically, not only on close', async () => {
    const at = dir();
    const { name } = await seeded(at);
    const running = new EmbeddedVectorStore({ dataDir: at, saveIntervalMs: 50 });
    await running.upsert(name, [{ ...points[1001], id: 'periodic' }]);
    await new Promise((r) => setTimeout(r, 200));
    const other = new EmbeddedVectorStore({ dataDir: at, saveIntervalMs: 0 });
    try {
      expect(other.indexSources()[name]).toEqual({ image: 'file', text: 'file' });
      expect(await other.count(name)).toBe(sample.length + 1);
    } finally {
      await other.close();
      await running.close();
    }
    expect(readdirSync(join(at, 'vectors', 'hnsw')).sort()).toEqual([
      `${name}.image.hnsw`,
      `${name}.text.hnsw`,
    ]);
  });
});

function flipByte(file: string): void {
  const bytes = readFileSync(file);
  bytes[bytes.length - 100] ^= 0xff;
  writeFileSync(file, bytes);
}
