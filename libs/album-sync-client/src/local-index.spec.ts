import { decodeBase64, encodeBase64, int8ToBase64, quantizeInt8 } from './int8.js';
import { LocalAlbumIndex } from './local-index.js';
import type { SyncPage, SyncUpsert } from './sync-protocol.js';

const DIM = 16;
const model = { id: 'm', version: 'v1', dim: DIM };

function unitVector(seed: number): Float32Array {
  const v = Float32Array.from(
    { length: DIM },
    (_x, i) => (Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453) % 1,
  );
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function upsert(id: number, vector = unitVector(id)): SyncUpsert {
  const { values, scale } = quantizeInt8(vector);
  return {
    id,
    seq: id,
    vector: int8ToBase64(values),
    scale,
    width: 1,
    height: 1,
    content_type: 'image/webp',
    sha256: 'x',
    taken_at: null,
    created_at: '2024-01-01T00:00:00.000Z',
  };
}

const page = (p: Partial<SyncPage>): SyncPage => ({
  model,
  reset: false,
  upserts: [],
  deletes: [],
  next_cursor: 'c',
  has_more: false,
  ...p,
});

describe(LocalAlbumIndex.name, () => {
  it('applies upserts and tombstones, and drops everything on reset or a new model', () => {
    const sut = new LocalAlbumIndex();
    sut.apply(page({ reset: true, upserts: [1, 2, 3].map((i) => upsert(i)), next_cursor: 'a' }));
    sut.apply(page({ upserts: [upsert(4)], deletes: [{ id: 2, seq: 5 }], next_cursor: 'b' }));
    expect([1, 2, 3, 4].map((id) => sut.has(id))).toEqual([true, false, true, true]);
    expect(sut.cursor).toBe('b');
    sut.apply(page({ model: { ...model, version: 'v2' }, upserts: [upsert(9)] }));
    expect(sut.size).toBe(1);
    sut.apply(page({ reset: true }));
    expect(sut.size).toBe(0);
  });

  it('ranks like float32 cosine and survives a snapshot round trip', () => {
    const sut = new LocalAlbumIndex();
    sut.apply(page({ reset: true, upserts: Array.from({ length: 200 }, (_v, i) => upsert(i + 1)) }));
    const query = unitVector(1000);
    const exact = Array.from({ length: 200 }, (_v, i) => ({
      id: i + 1,
      score: unitVector(i + 1).reduce((s, x, d) => s + x * query[d], 0),
    })).sort((a, b) => b.score - a.score);
    const hits = sut.search(query, 10);
    expect(
      hits.map((h) => h.id).filter((id) => exact.slice(0, 10).some((e) => e.id === id)).length,
    ).toBeGreaterThanOrEqual(9);
    expect(Math.abs(hits[0].score - exact[0].score)).toBeLessThan(0.02);
    const restored = LocalAlbumIndex.fromSnapshot(JSON.parse(JSON.stringify(sut.snapshot())));
    expect(restored.search(query, 10)).toEqual(hits);
  });
});

describe(encodeBase64.name, () => {
  it('matches Node for every length and round-trips', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_v, i) => (i * 37 + n) & 255);
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    }
    expect(() => decodeBase64('ab$d')).toThrow(/not base64/);
  });
});
