import { Codebook, PLAIN_CODEBOOK } from './codebook.js';
import { decodeBase64, encodeBase64, int8FromBase64, int8ToBase64, quantizeInt8 } from './int8.js';
import { LocalAlbumIndex, type IndexSnapshot } from './local-index.js';
import type { SyncPage, SyncUpsert } from './sync-protocol.js';

const DIM = 16;

function unitVector(seed: number): Float32Array {
  const v = Float32Array.from(
    { length: DIM },
    (_x, i) => (Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453) % 1,
  );
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** Photo vectors in clusters around a few directions, like real image embeddings. */
function clusteredVector(seed: number): Float32Array {
  const centre = unitVector(10_000 + (seed % 4));
  const noise = unitVector(seed);
  const v = centre.map((c, d) => c + 0.35 * noise[d]);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const codebook = Codebook.fromCentroids(
  'cb1',
  [0, 1, 2, 3].map((j) => unitVector(10_000 + j).map((x) => x * 0.9)),
);
const model = { id: 'm', version: 'v1', dim: DIM, codebook: codebook.version };

function upsert(id: number, vector = unitVector(id), book = codebook): SyncUpsert {
  const { centroid, values, scale } = book.encode(vector);
  return {
    id,
    seq: id,
    centroid,
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
  ...(p.reset ? { codebook: p.codebook ?? codebook.toWire() } : {}),
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

  it('refuses, changing nothing, pages it cannot apply', () => {
    const sut = new LocalAlbumIndex();
    expect(() => sut.apply(page({ upserts: [upsert(1)] }))).toThrow(/codebook/);
    sut.apply(page({ reset: true, upserts: [upsert(1), upsert(2)], next_cursor: 'a' }));
    const other = Codebook.fromCentroids('cb2', [unitVector(7)]);
    const bad: SyncPage[] = [
      { ...page({ reset: true, upserts: [upsert(3)] }), codebook: undefined },
      page({ model: { ...model, codebook: 'cb2' }, upserts: [upsert(3, undefined, other)] }),
      page({ upserts: [upsert(3), { ...upsert(4), centroid: 4 }] }),
      page({ upserts: [{ ...upsert(3), vector: int8ToBase64(new Int8Array(DIM - 1)) }] }),
    ];
    for (const p of bad) expect(() => sut.apply(p)).toThrow();
    expect([sut.size, sut.cursor, sut.has(3)]).toEqual([2, 'a', false]);
    // A reset page brings its own codebook: the index takes it.
    sut.apply({
      ...page({ reset: true, upserts: [upsert(5, undefined, other)] }),
      model: { ...model, codebook: 'cb2' },
      codebook: other.toWire(),
    });
    expect([sut.size, sut.codebook?.version]).toEqual([1, 'cb2']);
  });

  it('ranks like float32 cosine and survives a snapshot round trip', () => {
    const sut = new LocalAlbumIndex();
    const ids = Array.from({ length: 200 }, (_v, i) => i + 1);
    sut.apply(page({ reset: true, upserts: ids.map((id) => upsert(id, clusteredVector(id))) }));
    const query = clusteredVector(1000);
    const exact = ids
      .map((id) => ({ id, score: clusteredVector(id).reduce((s, x, d) => s + x * query[d], 0) }))
      .sort((a, b) => b.score - a.score);
    const hits = sut.search(query, 10);
    expect(
      hits.map((h) => h.id).filter((id) => exact.slice(0, 10).some((e) => e.id === id)).length,
    ).toBeGreaterThanOrEqual(9);
    expect(Math.abs(hits[0].score - exact[0].score)).toBeLessThan(0.01);
    const restored = LocalAlbumIndex.fromSnapshot(JSON.parse(JSON.stringify(sut.snapshot())));
    expect(restored.search(query, 10)).toEqual(hits);
  });

  it("adds each photo's bias to its score, and refuses a bias that is not a finite number", () => {
    const query = unitVector(1);
    const other = clusteredVector(2); // cosine to the query ≈ 0.58
    const ranked = (nearBias: number) => {
      const sut = new LocalAlbumIndex();
      sut.apply(
        page({
          reset: true,
          upserts: [
            { ...upsert(1, query), bias: nearBias },
            { ...upsert(2, other), bias: 0 },
          ],
        }),
      );
      return sut.search(query, 2);
    };
    expect(ranked(0).map((h) => h.id)).toEqual([1, 2]);
    const biased = ranked(-0.5);
    expect(biased.map((h) => h.id)).toEqual([2, 1]);
    expect(Math.abs(biased[1].score - 0.5)).toBeLessThan(0.01);
    const sut = new LocalAlbumIndex();
    sut.apply(page({ reset: true, upserts: [upsert(1)] }));
    for (const bias of [Number.NaN, Infinity, '0.1' as unknown as number])
      expect(() => sut.apply(page({ upserts: [{ ...upsert(3), bias }] }))).toThrow(/bias/);
    expect([sut.size, sut.has(3)]).toEqual([1, false]);
  });

  it('starts over from a snapshot of format 1 (plain int8) or 2 (no biases)', () => {
    for (const format of [1, 2]) {
      const old = { format, model, cursor: 'x', photos: [upsert(1)] } as unknown as IndexSnapshot;
      const sut = LocalAlbumIndex.fromSnapshot(old);
      expect([sut.size, sut.cursor, sut.model]).toEqual([0, null, null]);
    }
  });
});

describe(Codebook.name, () => {
  it('plain: one zero centroid, the vector quantized as it is', () => {
    const plain = Codebook.plain(DIM);
    const v = unitVector(3);
    const encoded = plain.encode(v);
    const direct = quantizeInt8(v);
    expect([plain.version, plain.size, encoded.centroid, encoded.scale]).toEqual([
      PLAIN_CODEBOOK,
      1,
      0,
      direct.scale,
    ]);
    expect(encoded.values).toEqual(direct.values);
  });

  it('takes the nearest centroid, and the residual error is smaller than plain int8', () => {
    const plain = Codebook.plain(DIM);
    const error = (book: Codebook, v: Float32Array) => {
      const back = book.decode(book.encode(v));
      return Math.hypot(...v.map((x, d) => x - back[d]));
    };
    for (let seed = 1; seed <= 40; seed++) {
      const v = clusteredVector(seed);
      expect(codebook.encode(v).centroid).toBe(seed % 4);
      expect(error(codebook, v)).toBeLessThan(error(plain, v));
    }
  });

  it('scores through the query terms as the decoded vector would', () => {
    const q = unitVector(77);
    const v = clusteredVector(5);
    const { centroid, values, scale } = codebook.encode(v);
    let sum = 0;
    for (let d = 0; d < DIM; d++) sum += values[d] * q[d];
    const decoded = codebook.decode({ centroid, values, scale });
    expect(codebook.queryTerms(q)[centroid] + scale * sum).toBeCloseTo(
      decoded.reduce((s, x, d) => s + x * q[d], 0),
      5,
    );
  });

  it('round-trips through its wire form and rejects malformed ones', () => {
    const back = Codebook.fromWire(JSON.parse(JSON.stringify(codebook.toWire())));
    expect(back.encode(unitVector(9))).toEqual(codebook.encode(unitVector(9)));
    const wire = codebook.toWire();
    expect(() => Codebook.fromWire({ ...wire, centroids: [] })).toThrow(/at least one/);
    expect(() => Codebook.fromWire({ ...wire, dim: 0 })).toThrow(/not a codebook/);
    expect(() =>
      Codebook.fromWire({ ...wire, centroids: [{ vector: wire.centroids[0].vector, scale: NaN }] }),
    ).toThrow(/finite/);
    expect(() =>
      Codebook.fromWire({ ...wire, centroids: [{ vector: int8ToBase64(new Int8Array(3)), scale: 1 }] }),
    ).toThrow(/expected 16/);
    expect(int8FromBase64(wire.centroids[0].vector)).toHaveLength(DIM);
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
