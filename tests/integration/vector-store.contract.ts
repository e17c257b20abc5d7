import { randomUUID } from 'node:crypto';
import type { CollectionSpec, Filter, Payload, VectorPoint, VectorStore } from '#vector-store';
import {
  exactTopK,
  matchesFilter,
  randomVector,
  seededRandom,
  type ReferencePoint,
} from './vector-store.reference.js';

/** How the suite gets a store: a fresh handle, and (for persistence) one opened anew on the same data. */
export interface VectorStoreFactory {
  open(): Promise<VectorStore>;
}

const DIM = { image: 32, text: 16 };
const N = 3000;
const BRANDS = ['acme', 'zalando', 'nordic', 'lumen', 'kite', 'oak', 'river', 'vale'];
const TAGS = ['summer', 'winter', 'sale', 'new', 'eco'];
const YEAR_START = Date.parse('2024-01-01T00:00:00Z');
const YEAR_MS = 366 * 24 * 3600 * 1000;

export const specFor = (name: string): CollectionSpec => ({
  name,
  vectors: DIM,
  model: { id: 'eclip-test', version: '1' },
  payloadIndexes: {
    brand: 'keyword',
    tags: 'keyword',
    price: 'float',
    stock: 'integer',
    active: 'bool',
    listedAt: 'datetime',
    rating: 'integer',
  },
});

/** N points with every payload type, array fields and (rating) a field missing on a third of them. */
export function catalogue(seed = 42): { points: VectorPoint[]; reference: ReferencePoint[] } {
  const rand = seededRandom(seed);
  const points: VectorPoint[] = [];
  for (let i = 0; i < N; i++) {
    const payload: Payload = {
      brand: BRANDS[Math.floor(rand() * BRANDS.length)],
      tags: TAGS.filter(() => rand() < 0.3),
      price: Math.round(rand() * 50_000) / 100,
      stock: Math.floor(rand() * 100),
      active: rand() < 0.8,
      listedAt: new Date(YEAR_START + Math.floor(rand() * YEAR_MS)).toISOString(),
    };
    if (rand() < 0.66) payload.rating = 1 + Math.floor(rand() * 5);
    points.push({
      id: `p-${i}`,
      vectors: { image: randomVector(rand, DIM.image), text: randomVector(rand, DIM.text) },
      payload,
      version: 1,
    });
  }
  return {
    points,
    reference: points.map((p) => ({ id: p.id, vector: p.vectors.image, payload: p.payload })),
  };
}

/** Every operator, alone and combined; `selective` ones are answered exactly. */
export const FILTERS: { name: string; filter: Filter; selective: boolean }[] = [
  { name: 'match keyword', filter: { must: [{ key: 'brand', match: { value: 'acme' } }] }, selective: true },
  { name: 'match integer', filter: { must: [{ key: 'stock', match: { value: 7 } }] }, selective: true },
  { name: 'match bool', filter: { must: [{ key: 'active', match: { value: false } }] }, selective: true },
  {
    name: 'match on array field',
    filter: { must: [{ key: 'tags', match: { value: 'eco' } }] },
    selective: true,
  },
  {
    name: 'match any keyword',
    filter: { must: [{ key: 'brand', match: { any: ['oak', 'vale'] } }] },
    selective: true,
  },
  {
    name: 'match any integer',
    filter: { must: [{ key: 'stock', match: { any: [1, 2, 3] } }] },
    selective: true,
  },
  {
    name: 'range float',
    filter: { must: [{ key: 'price', range: { gt: 100, lt: 120.5 } }] },
    selective: true,
  },
  {
    name: 'range integer',
    filter: { must: [{ key: 'stock', range: { gte: 90, lte: 95 } }] },
    selective: true,
  },
  {
    name: 'range datetime (Date and string bounds)',
    filter: {
      must: [
        { key: 'listedAt', range: { gte: new Date('2024-03-01T00:00:00Z'), lt: '2024-03-20T00:00:00Z' } },
      ],
    },
    selective: true,
  },
  {
    name: 'must_not (missing field counts as not matching)',
    filter: { must_not: [{ key: 'rating', match: { value: 5 } }] },
    selective: false,
  },
  {
    name: 'should',
    filter: {
      should: [
        { key: 'brand', match: { value: 'kite' } },
        { key: 'price', range: { lt: 10 } },
      ],
    },
    selective: true,
  },
  {
    name: 'nested groups',
    filter: {
      must: [
        {
          should: [
            { key: 'brand', match: { value: 'acme' } },
            { key: 'tags', match: { any: ['sale', 'new'] } },
          ],
        },
        { key: 'price', range: { gte: 50 } },
      ],
      must_not: [
        { key: 'active', match: { value: false } },
        { must: [{ key: 'rating', range: { lte: 2 } }] },
      ],
    },
    selective: false,
  },
  { name: 'empty filter', filter: {}, selective: false },
];

export const unit = (v: Float32Array) => {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / n);
};

export const freshName = (prefix = 'contract') => `${prefix}_${randomUUID().slice(0, 8)}`;

/** The behaviour both adapters owe the port; run against each with its factory. */
export function describeVectorStoreContract(label: string, factory: VectorStoreFactory): void {
  describe(`VectorStore contract: ${label}`, () => {
    let sut: VectorStore;
    const created: string[] = [];
    const collection = async (spec = specFor(freshName())) => {
      await sut.ensureCollection(spec);
      created.push(spec.name);
      return spec.name;
    };
    const point = (id: string, version: number, payload: Payload, seed = 1): VectorPoint => {
      const rand = seededRandom(seed);
      return {
        id,
        version,
        payload,
        vectors: { image: randomVector(rand, DIM.image), text: randomVector(rand, DIM.text) },
      };
    };

    beforeAll(async () => {
      sut = await factory.open();
    });
    afterAll(async () => {
      for (const name of created) await sut.drop(name).catch(() => undefined);
      await sut.close();
    });

    describe('with a catalogue of random points', () => {
      const { points, reference } = catalogue();
      let name: string;
      beforeAll(async () => {
        name = await collection();
        const result = await sut.upsert(name, points);
        expect(result).toEqual({ applied: N, skipped: 0 });
      });

      it('counts every point', async () => {
        expect(await sut.count(name)).toBe(N);
      });

      it('finds the exact top 10 for at least 95% of the unfiltered neighbours', async () => {
        const rand = seededRandom(7);
        let hits = 0;
        for (let q = 0; q < 30; q++) {
          const query = randomVector(rand, DIM.image);
          const truth = exactTopK(reference, query, 10);
          const found = await sut.search(name, { using: 'image', vector: query, limit: 10 });
          hits += found.filter((h) => truth.includes(h.id)).length;
        }
        expect(hits / 300).toBeGreaterThanOrEqual(0.95);
      });

      it.each(FILTERS)('count and scroll agree with the reference: $name', async ({ filter }) => {
        const expected = reference.filter((p) => matchesFilter(p.payload, filter)).map((p) => p.id);
        expect(await sut.count(name, filter)).toBe(expected.length);
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await sut.scroll(name, { cursor, limit: 500, filter });
          seen.push(...page.points.map((p) => p.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen.length).toBe(expected.length);
        expect(new Set(seen)).toEqual(new Set(expected));
      });

      it.each(FILTERS)('filtered search is right: $name', async ({ filter, selective }) => {
        const rand = seededRandom(11);
        let hits = 0;
        let wanted = 0;
        for (let q = 0; q < 5; q++) {
          const query = randomVector(rand, DIM.image);
          const truth = exactTopK(reference, query, 10, filter);
          const found = await sut.search(name, { using: 'image', vector: query, limit: 10, filter });
          const byId = new Map(reference.map((p) => [p.id, p]));
          for (const hit of found) expect(matchesFilter(byId.get(hit.id)!.payload, filter)).toBe(true);
          if (selective) expect(found.map((h) => h.id)).toEqual(truth);
          hits += found.filter((h) => truth.includes(h.id)).length;
          wanted += truth.length;
        }
        expect(hits / wanted).toBeGreaterThanOrEqual(0.95);
      });

      it('returns cosine scores, best first, with payloads unless told not to', async () => {
        const target = points[123];
        const found = await sut.search(name, { using: 'text', vector: target.vectors.text, limit: 5 });
        expect(found[0]).toEqual({ id: target.id, score: expect.closeTo(1, 4), payload: target.payload });
        expect(found.map((h) => h.score)).toEqual([...found.map((h) => h.score)].sort((a, b) => b - a));
        const bare = await sut.search(name, {
          using: 'text',
          vector: target.vectors.text,
          limit: 1,
          withPayload: false,
        });
        expect(bare).toEqual([{ id: target.id, score: expect.closeTo(1, 4) }]);
      });

      it('drops hits under minScore', async () => {
        const query = points[5].vectors.image;
        const found = await sut.search(name, { using: 'image', vector: query, limit: 50, minScore: 0.3 });
        expect(found[0].id).toBe(points[5].id);
        expect(found.every((h) => h.score >= 0.3)).toBe(true);
        const above = reference.filter((p) => cosine(p.vector, query) >= 0.3).slice(0, 50).length;
        // Approximate search may miss a borderline neighbour, never invent one.
        expect(found.length).toBeLessThanOrEqual(above);
        expect(found.length).toBeGreaterThanOrEqual(Math.floor(above * 0.9));
      });

      it('scroll pages cover every point exactly once', async () => {
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await sut.scroll(name, { cursor, limit: 337 });
          expect(page.points.length).toBeLessThanOrEqual(337);
          seen.push(...page.points.map((p) => p.id));
          cursor = page.nextCursor;
          pages++;
        } while (cursor);
        expect(seen.length).toBe(N);
        expect(new Set(seen).size).toBe(N);
        expect(pages).toBe(Math.ceil(N / 337));
      });
    });

    describe('writes', () => {
      it('retrieves what was upserted, in the order asked, with unit-length vectors on request', async () => {
        const name = await collection();
        const a = point('a', 3, { brand: 'acme', tags: ['eco'] }, 1);
        const b = point('b', 1, { brand: 'oak' }, 2);
        await sut.upsert(name, [a, b]);
        const got = await sut.retrieve(name, ['b', 'missing', 'a'], { withVectors: true });
        expect(got.map((p) => [p.id, p.version, p.payload])).toEqual([
          ['b', 1, { brand: 'oak' }],
          ['a', 3, { brand: 'acme', tags: ['eco'] }],
        ]);
        const stored = got[1].vectors!.image;
        expect(Array.from(stored)).toEqual(
          Array.from(unit(a.vectors.image)).map((x) => expect.closeTo(x, 5)),
        );
        expect((await sut.retrieve(name, ['a']))[0].vectors).toBeUndefined();
      });

      it('replaying the same points changes nothing', async () => {
        const name = await collection();
        const batch = [point('x', 1, { stock: 1 }, 3), point('y', 1, { stock: 2 }, 4)];
        expect(await sut.upsert(name, batch)).toEqual({ applied: 2, skipped: 0 });
        expect(await sut.upsert(name, batch)).toEqual({ applied: 2, skipped: 0 });
        expect(await sut.count(name)).toBe(2);
        expect((await sut.retrieve(name, ['x']))[0]).toEqual({ id: 'x', version: 1, payload: { stock: 1 } });
      });

      it('never lets an older version overwrite a newer one, across and within batches', async () => {
        const name = await collection();
        const newer = point('p', 5, { brand: 'new' }, 5);
        const older = point('p', 4, { brand: 'old' }, 6);
        await sut.upsert(name, [newer]);
        expect(await sut.upsert(name, [older])).toEqual({ applied: 0, skipped: 1 });
        expect(
          await sut.upsert(name, [point('q', 2, { brand: 'new' }, 7), point('q', 1, { brand: 'old' }, 8)]),
        ).toEqual({
          applied: 1,
          skipped: 1,
        });
        const got = await sut.retrieve(name, ['p', 'q']);
        expect(got.map((p) => [p.id, p.version, p.payload.brand])).toEqual([
          ['p', 5, 'new'],
          ['q', 2, 'new'],
        ]);
        // The vector is the newer one's too.
        const hit = await sut.search(name, { using: 'image', vector: newer.vectors.image, limit: 1 });
        expect(hit[0]).toMatchObject({ id: 'p', score: expect.closeTo(1, 4) });
      });

      it('deletes by id, out of retrieve, count and search', async () => {
        const name = await collection();
        const pts = [1, 2, 3].map((i) => point(`d${i}`, 1, { stock: i }, 10 + i));
        await sut.upsert(name, pts);
        expect(await sut.delete(name, ['d2', 'never-there'])).toBe(1);
        expect(await sut.retrieve(name, ['d1', 'd2', 'd3'])).toHaveLength(2);
        expect(await sut.count(name)).toBe(2);
        const found = await sut.search(name, { using: 'image', vector: pts[1].vectors.image, limit: 3 });
        expect(found.map((h) => h.id).sort()).toEqual(['d1', 'd3']);
      });

      it('deletes by filter', async () => {
        const name = await collection();
        await sut.upsert(
          name,
          [1, 2, 3, 4, 5, 6].map((i) => point(`f${i}`, 1, { stock: i, active: i % 2 === 0 }, 20 + i)),
        );
        const removed = await sut.deleteByFilter(name, {
          must: [{ key: 'active', match: { value: true } }],
          must_not: [{ key: 'stock', match: { value: 6 } }],
        });
        expect(removed).toBe(2);
        const left = await sut.scroll(name, { limit: 10 });
        expect(left.points.map((p) => p.id).sort()).toEqual(['f1', 'f3', 'f5', 'f6']);
        const found = await sut.search(name, {
          using: 'text',
          vector: point('f2', 1, {}, 22).vectors.text,
          limit: 10,
        });
        expect(found.map((h) => h.id)).not.toContain('f2');
      });

      it('answers a repeated filtered search from the data as it is now, after writes and deletes', async () => {
        const name = await collection();
        const active = { must: [{ key: 'active', match: { value: true } }] };
        const ask = async () =>
          (
            await sut.search(name, {
              using: 'image',
              vector: point('q', 1, {}, 99).vectors.image,
              limit: 10,
              filter: active,
            })
          )
            .map((h) => h.id)
            .sort();
        await sut.upsert(
          name,
          [1, 2, 3].map((i) => point(`r${i}`, 1, { stock: i, active: i !== 3 }, 40 + i)),
        );
        expect(await ask()).toEqual(['r1', 'r2']);
        await sut.upsert(name, [
          point('r3', 2, { stock: 3, active: true }, 43),
          point('r1', 2, { stock: 1, active: false }, 41),
        ]);
        expect(await ask()).toEqual(['r2', 'r3']);
        await sut.delete(name, ['r2']);
        expect(await ask()).toEqual(['r3']);
      });

      it('rejects a vector of the wrong dimension and an unknown collection', async () => {
        const name = await collection();
        const bad = { id: 'w', version: 1, payload: {}, vectors: { image: new Float32Array(DIM.image + 1) } };
        await expect(sut.upsert(name, [bad])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        await expect(sut.count(freshName('missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });
    });

    describe('collections and aliases', () => {
      it('ensureCollection is idempotent and refuses another model or shape', async () => {
        const spec = specFor(freshName());
        await collection(spec);
        await expect(sut.ensureCollection(spec)).resolves.toBeUndefined();
        await expect(
          sut.ensureCollection({ ...spec, model: { id: 'eclip-test', version: '2' } }),
        ).rejects.toMatchObject({
          code: 'CONFLICT',
        });
        await expect(sut.ensureCollection({ ...spec, vectors: { image: 64 } })).rejects.toMatchObject({
          code: 'CONFLICT',
        });
        const listed = (await sut.listCollections()).find((c) => c.name === spec.name);
        expect(listed).toMatchObject({ vectors: DIM, model: spec.model });
      });

      it('switches an alias atomically and resolves it in every call', async () => {
        const v1 = await collection();
        const v2 = await collection();
        const alias = freshName('alias');
        await sut.upsert(v1, [point('only-in-v1', 1, { brand: 'acme' }, 30)]);
        await sut.upsert(v2, [
          point('in-v2', 1, { brand: 'oak' }, 31),
          point('also-v2', 1, { brand: 'oak' }, 32),
        ]);
        await sut.createAlias(alias, v1);
        try {
          await expect(sut.createAlias(alias, v2)).rejects.toMatchObject({ code: 'CONFLICT' });
          expect(await sut.count(alias)).toBe(1);
          await sut.switchAlias(alias, v2);
          expect(await sut.count(alias)).toBe(2);
          expect((await sut.retrieve(alias, ['in-v2'])).map((p) => p.id)).toEqual(['in-v2']);
          const hits = await sut.search(alias, {
            using: 'image',
            vector: point('x', 1, {}, 31).vectors.image,
            limit: 1,
          });
          expect(hits[0].id).toBe('in-v2');
          await sut.upsert(alias, [point('via-alias', 1, {}, 33)]);
          expect(await sut.count(v2)).toBe(3);
          expect((await sut.listCollections()).find((c) => c.name === v2)?.aliases).toEqual([alias]);
        } finally {
          await sut.deleteAlias(alias);
        }
        await expect(sut.count(alias)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it('drops a collection', async () => {
        const name = await collection();
        await sut.drop(name);
        expect((await sut.listCollections()).map((c) => c.name)).not.toContain(name);
        await expect(sut.count(name)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });
    });

    it('keeps points, versions and search across close and reopen', async () => {
      const name = await collection();
      const pts = [1, 2, 3, 4].map((i) => point(`k${i}`, i, { stock: i }, 40 + i));
      await sut.upsert(name, pts);
      await sut.delete(name, ['k4']);
      await sut.close();
      sut = await factory.open();
      expect(await sut.count(name)).toBe(3);
      expect((await sut.retrieve(name, ['k3']))[0]).toEqual({ id: 'k3', version: 3, payload: { stock: 3 } });
      const hit = await sut.search(name, { using: 'image', vector: pts[1].vectors.image, limit: 4 });
      expect(hit.map((h) => h.id)).toHaveLength(3);
      expect(hit[0].id).toBe('k2');
      expect(await sut.upsert(name, [point('k3', 2, { stock: 0 }, 99)])).toEqual({ applied: 0, skipped: 1 });
    });
  });
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}
