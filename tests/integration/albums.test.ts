import { DataSource, IsNull } from 'typeorm';
import { AlbumCollection } from '#apps/search-api/src/albums/album-collection';
import { AlbumHubness } from '#apps/search-api/src/albums/album-hubness';
import { SyncCursorCodec } from '#apps/search-api/src/albums/sync-cursor';
import { Codebook, int8FromBase64, type SyncPage } from '#album-sync-client';
import { AlbumPhotosIndexer } from '#apps/indexer/src/albums/album-photos.indexer';
import { AdminKeyService } from '#http';
import { AlbumPhotoEntity } from '#catalog';
import { VectorStore } from '#vector-store';
import {
  adminHeaders,
  bearer,
  bootAlbumStack,
  createUser,
  labelQuery,
  multipart,
  testSplitAlbum,
  uploadPhoto,
  type AlbumStack,
  type LabelledPhoto,
} from './support/albums.js';
import { solidPng } from './support/images.js';
import { eventually } from './support/services.js';

interface Hit {
  score: number;
  photo: { id: number; url: string; indexed: boolean };
}

let stack: AlbumStack;
let photos: LabelledPhoto[];
let alice: { id: string; token: string };
let bob: { id: string; token: string };
const aliceIds: number[] = [];
let bobId: number;

/** Resolves once the indexer has embedded every one of these photos. */
const indexed = (ids: number[]) =>
  eventually(async () => {
    const rows = await stack.app
      .get(DataSource)
      .getRepository(AlbumPhotoEntity)
      .find({ select: { id: true, vectorScale: true } });
    const done = new Set(rows.filter((r) => r.vectorScale !== null).map((r) => r.id));
    return ids.every((id) => done.has(id)) ? true : undefined;
  }, 120_000);

const searchText = async (token: string, q: string, limit = 10) => {
  const res = await stack.api.inject({
    method: 'GET',
    url: `/v1/albums/search?q=${encodeURIComponent(q)}&limit=${limit}`,
    headers: bearer(token),
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: Hit[] }>().items;
};

beforeAll(async () => {
  photos = await testSplitAlbum(41);
  stack = await bootAlbumStack({ IMAGE_MAX_PIXELS: '1000000' });
  alice = await createUser(stack.api, 'Alice');
  bob = await createUser(stack.api, 'Bob');
  for (const p of photos.slice(0, 40))
    aliceIds.push(await uploadPhoto(stack.api, alice.token, p.bytes, p.label.taken_at));
  bobId = await uploadPhoto(stack.api, bob.token, photos[40].bytes);
  await indexed([...aliceIds, bobId]);
});

afterAll(async () => {
  await stack?.app.close();
});

describe('users and tokens', () => {
  it('creates a user only with the admin key, returning a token stored only as a hash', async () => {
    const anonymous = await stack.api.inject({ method: 'POST', url: '/v1/users', payload: { name: 'Eve' } });
    expect(anonymous.statusCode).toBe(401);
    const asUser = await stack.api.inject({
      method: 'POST',
      url: '/v1/users',
      headers: bearer(alice.token),
      payload: { name: 'Eve' },
    });
    expect(asUser.statusCode).toBe(401);
    const invalid = await stack.api.inject({
      method: 'POST',
      url: '/v1/users',
      headers: adminHeaders,
      payload: { name: '' },
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors[0].field).toBe('name');
    const created = await createUser(stack.api, 'Carol');
    expect(created.token).toMatch(/^alb_[A-Za-z0-9_-]{43}$/);
    const stored = (await stack.app
      .get(DataSource)
      .query('SELECT * FROM users WHERE id = ?', [created.id])) as Record<string, unknown>[];
    expect(JSON.stringify(stored)).not.toContain(created.token);
  });

  it.each([
    ['no header', {}],
    ['a wrong token', bearer('alb_not-a-real-token')],
    ['the admin key', adminHeaders],
    ['a token outside a Bearer header', { 'x-user-token': 'x' }],
  ])('answers 401 to album routes with %s', async (_name, headers) => {
    for (const [method, url] of [
      ['GET', '/v1/albums/search?q=shirt'],
      ['GET', '/v1/albums/sync'],
      ['GET', `/v1/albums/photos/${aliceIds[0]}`],
      ['DELETE', `/v1/albums/photos/${aliceIds[0]}`],
    ]) {
      const res = await stack.api.inject({ method, url, headers: headers as Record<string, string> });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 401 });
    }
  });
});

describe('uploading photos', () => {
  it('takes multipart uploads with taken_at', async () => {
    const form = multipart(
      { name: 'image', bytes: photos[0].bytes, type: 'image/webp' },
      { taken_at: '2024-03-01T10:00:00Z' },
    );
    const res = await stack.api.inject({
      method: 'POST',
      url: '/v1/albums/photos',
      headers: { ...bearer(bob.token), 'content-type': form.contentType },
      payload: form.body,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      width: 160,
      height: 160,
      content_type: 'image/webp',
      taken_at: '2024-03-01T10:00:00.000Z',
      indexed: false,
    });
  });

  it('refuses bad input with a 4xx naming the problem, never a 500', async () => {
    const post = (payload: unknown, headers: Record<string, string> = {}) =>
      stack.api.inject({
        method: 'POST',
        url: '/v1/albums/photos',
        headers: { ...bearer(bob.token), ...headers },
        payload,
      });
    expect((await post({ image: 'not base64!' })).statusCode).toBe(422);
    expect((await post({ image: Buffer.from('hello, not an image').toString('base64') })).statusCode).toBe(
      422,
    );
    expect((await post({ image: photos[0].bytes.toString('base64'), owner: alice.id })).statusCode).toBe(422);
    expect(
      (await post({ image: photos[0].bytes.toString('base64'), taken_at: 'yesterday' })).statusCode,
    ).toBe(422);
    expect((await post({})).statusCode).toBe(422);
    const huge = await solidPng(2000, 1000);
    const tooMany = await post({ image: huge.toString('base64') });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().details.reason).toBe('too_many_pixels');
    expect((await post('plain text', { 'content-type': 'text/plain' })).statusCode).toBe(415);
    const twoFiles = multipart({ name: 'image', bytes: photos[0].bytes, type: 'image/webp' });
    const doubled = Buffer.concat([
      twoFiles.body.subarray(0, twoFiles.body.length - 4 - 2),
      Buffer.from('\r\n'),
      twoFiles.body,
    ]);
    const res = await post(doubled, { 'content-type': twoFiles.contentType });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });
});

describe('album search', () => {
  it("finds the caller's photos of a colour and category by words, and only theirs", async () => {
    const target =
      photos.slice(0, 40).find((p) => p.label.category === photos[40].label.category) ?? photos[0];
    const q = labelQuery(target.label);
    const hits = await searchText(alice.token, q, 10);
    expect(hits.length).toBe(10);
    expect(hits.every((h) => aliceIds.includes(h.photo.id))).toBe(true);
    const top = photos.slice(0, 40)[aliceIds.indexOf(hits[0].photo.id)];
    expect(top.label.category).toBe(target.label.category);
    const bobs = await searchText(bob.token, q, 10);
    expect(bobs.every((h) => !aliceIds.includes(h.photo.id))).toBe(true);
  });

  it('finds a photo by itself (JSON and multipart), scoped to the caller', async () => {
    const query = photos[5].bytes;
    const json = await stack.api.inject({
      method: 'POST',
      url: '/v1/albums/search',
      headers: bearer(alice.token),
      payload: { image: query.toString('base64'), limit: 3 },
    });
    expect(json.statusCode).toBe(200);
    const [first] = json.json<{ items: Hit[] }>().items;
    expect(first.photo.id).toBe(aliceIds[5]);
    // The score is cosine (≈ 1 for the photo itself) plus the photo's ranking bias, as sync sends it.
    const { name, model } = await stack.app.get(AlbumCollection).get();
    const [point] = await stack.app
      .get(VectorStore)
      .retrieve(name, [String(aliceIds[5])], { withVectors: true });
    const bias = (await stack.app.get(AlbumHubness).for(model)).bias(point.vectors!.image);
    expect(bias).toBeLessThan(0);
    expect(first.score).toBeGreaterThan(0.99 + bias);
    expect(first.score).toBeLessThan(1.0001 + bias);
    const form = multipart({ name: 'image', bytes: query, type: 'image/webp' }, { limit: '3' });
    const asBob = await stack.api.inject({
      method: 'POST',
      url: '/v1/albums/search',
      headers: { ...bearer(bob.token), 'content-type': form.contentType },
      payload: form.body,
    });
    expect(asBob.statusCode).toBe(200);
    expect(asBob.json<{ items: Hit[] }>().items.every((h) => !aliceIds.includes(h.photo.id))).toBe(true);
  });

  it('answers 422 for a missing query or a bad limit', async () => {
    for (const url of [
      '/v1/albums/search',
      '/v1/albums/search?q=shirt&limit=0',
      '/v1/albums/search?q=shirt&user=u-1',
    ]) {
      const res = await stack.api.inject({ method: 'GET', url, headers: bearer(alice.token) });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 422 });
    }
  });
});

describe('reading and deleting photos', () => {
  it("serves the caller's own photo and its bytes; another user's id or a nonsense id is 404", async () => {
    const own = await stack.api.inject({
      method: 'GET',
      url: `/v1/albums/photos/${aliceIds[1]}`,
      headers: bearer(alice.token),
    });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: aliceIds[1], indexed: true });
    const bytes = await stack.api.inject({
      method: 'GET',
      url: own.json().url,
      headers: bearer(alice.token),
    });
    expect(bytes.statusCode).toBe(200);
    expect(bytes.rawPayload.equals(photos[1].bytes)).toBe(true);
    expect(bytes.headers['cache-control']).toContain('private');
    for (const url of [
      `/v1/albums/photos/${aliceIds[1]}`,
      `/v1/albums/photos/${aliceIds[1]}/image`,
      '/v1/albums/photos/99999999',
      '/v1/albums/photos/99999999999999999999',
      '/v1/albums/photos/-1',
      '/v1/albums/photos/abc',
    ]) {
      const res = await stack.api.inject({ method: 'GET', url, headers: bearer(bob.token) });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
    }
  });

  it('deletes only own photos; the deleted photo leaves search', async () => {
    const victim = aliceIds[2];
    const byBob = await stack.api.inject({
      method: 'DELETE',
      url: `/v1/albums/photos/${victim}`,
      headers: bearer(bob.token),
    });
    expect(byBob.statusCode).toBe(404);
    const still = await stack.api.inject({
      method: 'GET',
      url: `/v1/albums/photos/${victim}`,
      headers: bearer(alice.token),
    });
    expect(still.statusCode).toBe(200);
    const byAlice = await stack.api.inject({
      method: 'DELETE',
      url: `/v1/albums/photos/${victim}`,
      headers: bearer(alice.token),
    });
    expect(byAlice.statusCode).toBe(204);
    const again = await stack.api.inject({
      method: 'DELETE',
      url: `/v1/albums/photos/${victim}`,
      headers: bearer(alice.token),
    });
    expect(again.statusCode).toBe(404);
    const res = await stack.api.inject({
      method: 'POST',
      url: '/v1/albums/search',
      headers: bearer(alice.token),
      payload: { image: photos[2].bytes.toString('base64'), limit: 40 },
    });
    expect(res.json<{ items: Hit[] }>().items.map((h) => h.photo.id)).not.toContain(victim);
    const { name } = await stack.app.get(AlbumCollection).get();
    await eventually(async () =>
      (await stack.app.get(VectorStore).retrieve(name, [String(victim)])).length === 0 ? true : undefined,
    );
  });
});

describe('device sync', () => {
  const sync = async (token: string, cursor?: string, limit?: number) => {
    const params = new URLSearchParams({
      ...(cursor ? { cursor } : {}),
      ...(limit ? { limit: String(limit) } : {}),
    });
    const res = await stack.api.inject({
      method: 'GET',
      url: `/v1/albums/sync?${params}`,
      headers: bearer(token),
    });
    expect(res.statusCode).toBe(200);
    return { page: res.json<SyncPage>(), bytes: res.rawPayload.length };
  };

  /** Follows has_more to the end, applying pages to a map as a device would; resolves to the map and last cursor. */
  async function drain(token: string, held = new Map<number, number>(), cursor?: string, limit = 7) {
    for (;;) {
      const { page } = await sync(token, cursor, limit);
      if (page.reset) held.clear();
      for (const u of page.upserts) held.set(u.id, u.seq);
      for (const d of page.deletes) held.delete(d.id);
      cursor = page.next_cursor;
      if (!page.has_more) return { held, cursor };
    }
  }

  it('sends every embedded photo once, with int8 vectors that match the store, in pages', async () => {
    const first = await sync(alice.token, undefined, 5);
    expect(first.page.reset).toBe(true);
    expect(first.page.model.dim).toBe(128);
    // The codebook fitted for the shipped model (npm run fit:album-codebook), not the plain fallback.
    const codebook = Codebook.fromWire(first.page.codebook!);
    expect(codebook.version).toBe(first.page.model.codebook);
    expect(codebook.version).toMatch(/^k256-/);
    expect(first.page.upserts).toHaveLength(5);
    expect(first.page.has_more).toBe(true);
    const { held } = await drain(alice.token);
    const live = aliceIds.filter((id) => id !== aliceIds[2]);
    expect([...held.keys()].sort((a, b) => a - b)).toEqual(live);

    const u = first.page.upserts[0];
    const local = codebook.decode({
      centroid: u.centroid,
      values: int8FromBase64(u.vector, 128),
      scale: u.scale,
    });
    const { name } = await stack.app.get(AlbumCollection).get();
    const [point] = await stack.app.get(VectorStore).retrieve(name, [String(u.id)], { withVectors: true });
    const server = point.vectors!.image;
    const cosine = local.reduce((sum, v, i) => sum + v * server[i], 0) / Math.hypot(...local);
    expect(cosine).toBeGreaterThan(0.9995);
    // Each photo's ranking bias: the hubness correction of its vector, the same on the server.
    const hubness = await stack.app.get(AlbumHubness).for(
      await stack.app
        .get(AlbumCollection)
        .get()
        .then((c) => c.model),
    );
    for (const photo of first.page.upserts) expect(photo.bias).toBeLessThan(0);
    expect(Math.abs(u.bias! - hubness.bias(server))).toBeLessThan(2e-3);
    // Later pages of the same sync carry no codebook: the device keeps the first one.
    expect((await sync(alice.token, first.page.next_cursor, 5)).page.codebook).toBeUndefined();
  });

  it('quantizes vectors of an older codebook again from the stored points, and sends them as changes', async () => {
    const { cursor } = await drain(alice.token);
    const rows = stack.app.get(DataSource).getRepository(AlbumPhotoEntity);
    const before = await rows.find({
      where: { userId: alice.id, deletedAt: IsNull() },
      order: { id: 'ASC' },
    });
    const current = before[0].vectorCodebook;
    await rows.update({ userId: alice.id }, { vectorCodebook: 'plain' });
    stack.app.get(AlbumPhotosIndexer).startStaleSweep();
    await eventually(
      async () =>
        (await rows.countBy({ userId: alice.id, vectorCodebook: 'plain', deletedAt: IsNull() })) === 0
          ? true
          : undefined,
      60_000,
    );
    const after = await rows.find({ where: { userId: alice.id, deletedAt: IsNull() }, order: { id: 'ASC' } });
    expect(after.map((r) => [r.vector, r.vectorCentroid, r.vectorCodebook])).toEqual(
      before.map((r) => [r.vector, r.vectorCentroid, current]),
    );
    expect(after.every((r, i) => r.seq > before[i].seq)).toBe(true);
    const { page } = await sync(alice.token, cursor, 1000);
    expect(page.reset).toBe(false);
    expect(page.upserts.map((u) => u.id).sort((a, b) => a - b)).toEqual(after.map((r) => r.id));
  });

  it('resumes from a cursor: only newer changes, deletions as tombstones', async () => {
    const { cursor } = await drain(alice.token);
    const added = await uploadPhoto(stack.api, alice.token, photos[40].bytes);
    await indexed([added]);
    const removed = aliceIds[3];
    expect(
      (
        await stack.api.inject({
          method: 'DELETE',
          url: `/v1/albums/photos/${removed}`,
          headers: bearer(alice.token),
        })
      ).statusCode,
    ).toBe(204);
    const { page } = await sync(alice.token, cursor);
    expect(page.reset).toBe(false);
    expect(page.upserts.map((x) => x.id)).toEqual([added]);
    expect(page.deletes.map((x) => x.id)).toEqual([removed]);
    expect(page.has_more).toBe(false);
    const after = await sync(alice.token, page.next_cursor);
    expect(after.page.upserts.length + after.page.deletes.length).toBe(0);
    expect(after.page.next_cursor).toBeTruthy();
  });

  it("refuses another user's cursor and an edited one", async () => {
    const { cursor } = await drain(bob.token);
    const res = await stack.api.inject({
      method: 'GET',
      url: `/v1/albums/sync?cursor=${encodeURIComponent(cursor)}`,
      headers: bearer(alice.token),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toContain('another user');
    const [body, signature] = cursor.split('.');
    const edited = Buffer.from(
      Buffer.from(body, 'base64url')
        .toString()
        .replace(/"s":\d+/, '"s":0'),
    ).toString('base64url');
    const forged = await stack.api.inject({
      method: 'GET',
      url: `/v1/albums/sync?cursor=${encodeURIComponent(`${edited}.${signature}`)}`,
      headers: bearer(bob.token),
    });
    expect(forged.statusCode).toBe(422);
  });

  it('tells a device holding vectors of another model to start over', async () => {
    const codec = new SyncCursorCodec(stack.app.get(AdminKeyService).derive('album-sync-cursor'));
    const { page: current } = await sync(alice.token, undefined, 1);
    for (const model of ['an-older-model/plain', `${current.model.version}/an-older-codebook`]) {
      const stale = codec.encode({ user: alice.id, seq: 10_000, model });
      const { page } = await sync(alice.token, stale, 1000);
      expect(page.reset).toBe(true);
      expect(page.codebook?.version).toBe(current.model.codebook);
      expect(page.upserts.length).toBeGreaterThan(30);
      expect(page.deletes).toEqual([]);
    }
  });

  it('stays complete while photos are uploaded and deleted during a paged sync', async () => {
    const carol = await createUser(stack.api, 'Carol');
    const ids = [];
    for (const p of photos.slice(0, 10)) ids.push(await uploadPhoto(stack.api, carol.token, p.bytes));
    await indexed(ids);
    const writes = (async () => {
      for (const p of photos.slice(10, 30)) ids.push(await uploadPhoto(stack.api, carol.token, p.bytes));
      for (const id of ids.slice(0, 5))
        await stack.api.inject({
          method: 'DELETE',
          url: `/v1/albums/photos/${id}`,
          headers: bearer(carol.token),
        });
    })();
    let state = await drain(carol.token, new Map(), undefined, 2);
    await writes;
    await indexed(ids.slice(5));
    state = await drain(carol.token, state.held, state.cursor, 2);
    expect([...state.held.keys()].sort((a, b) => a - b)).toEqual(ids.slice(5).sort((a, b) => a - b));
  });
});
