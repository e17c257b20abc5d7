import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { SyncPage } from '#album-sync-client';
import { AlbumPhotoEntity } from '#catalog';
import { seededRandom } from '#demo-catalog';
import {
  bearer,
  bootAlbumStack,
  createUser,
  labelQuery,
  testSplitAlbum,
  uploadPhoto,
  type AlbumStack,
  type LabelledPhoto,
} from './support/albums.js';
import { eventually } from './support/services.js';

const USERS = 12;
const PHOTOS_EACH = 4;
const OPERATIONS = 1200;

interface Tenant {
  id: string;
  token: string;
  photos: { id: number; sha256: string; bytes: Buffer }[];
  cursor: string;
  /** Every photo the user ever had, deleted ones included: their own tombstones may come back in sync. */
  owned: Set<number>;
}

/**
 * Many users, many randomised requests that try to reach another user's
 * photos: searches (words and photos, including another user's photo as the
 * query), reads and deletes of guessed and known foreign ids, and syncs with
 * another user's cursor. Every response is scanned for anything of another
 * user's (ids in results, photo hashes); any hit is a leak.
 */
describe('album isolation between users', () => {
  let stack: AlbumStack;
  let tenants: Tenant[];
  let album: LabelledPhoto[];

  beforeAll(async () => {
    stack = await bootAlbumStack();
    album = await testSplitAlbum(USERS * PHOTOS_EACH, 23);
    tenants = [];
    for (let u = 0; u < USERS; u++) {
      const user = await createUser(stack.api, `Tenant ${u}`);
      const photos = [];
      for (const p of album.slice(u * PHOTOS_EACH, (u + 1) * PHOTOS_EACH)) {
        const id = await uploadPhoto(stack.api, user.token, p.bytes);
        photos.push({ id, sha256: createHash('sha256').update(p.bytes).digest('hex'), bytes: p.bytes });
      }
      tenants.push({ ...user, photos, cursor: '', owned: new Set(photos.map((p) => p.id)) });
    }
    const rows = stack.app.get(DataSource).getRepository(AlbumPhotoEntity);
    await eventually(
      async () =>
        (await rows.createQueryBuilder('p').where('p.vector_scale IS NULL').getCount()) === 0
          ? true
          : undefined,
      120_000,
    );
    for (const t of tenants) {
      const res = await stack.api.inject({
        method: 'GET',
        url: '/v1/albums/sync?limit=2',
        headers: bearer(t.token),
      });
      t.cursor = res.json<SyncPage>().next_cursor;
    }
  });

  afterAll(async () => {
    await stack?.app.close();
  });

  it(`lets none of ${OPERATIONS} randomised requests by ${USERS} users reach another user's photos`, async () => {
    const random = seededRandom(20240501);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
    const maxId = Math.max(...tenants.flatMap((t) => t.photos.map((p) => p.id)));
    const leaks: string[] = [];
    const counts: Record<string, number> = {};

    for (let n = 0; n < OPERATIONS; n++) {
      const me = pick(tenants);
      const other = pick(tenants.filter((t) => t !== me));
      const foreign = tenants.filter((t) => t !== me).flatMap((t) => t.photos);
      const mine = new Set(me.photos.map((p) => p.id));
      const kind = pick([
        'text',
        'image',
        'get',
        'image-bytes',
        'delete',
        'guess',
        'sync-foreign',
        'sync-own',
      ] as const);
      counts[kind] = (counts[kind] ?? 0) + 1;
      const auth = bearer(me.token);
      let res;
      switch (kind) {
        case 'text':
          res = await stack.api.inject({
            method: 'GET',
            url: `/v1/albums/search?q=${encodeURIComponent(labelQuery(pick(album).label, pick(['en', 'zh'])))}&limit=${1 + Math.floor(random() * 100)}`,
            headers: auth,
          });
          break;
        case 'image':
          res = await stack.api.inject({
            method: 'POST',
            url: '/v1/albums/search',
            headers: auth,
            payload: { image: pick(other.photos).bytes.toString('base64'), limit: 100 },
          });
          break;
        case 'get':
          res = await stack.api.inject({
            method: 'GET',
            url: `/v1/albums/photos/${pick(foreign).id}`,
            headers: auth,
          });
          if (res.statusCode !== 404) leaks.push(`${kind} answered ${res.statusCode}`);
          break;
        case 'image-bytes':
          res = await stack.api.inject({
            method: 'GET',
            url: `/v1/albums/photos/${pick(foreign).id}/image`,
            headers: auth,
          });
          if (res.statusCode !== 404) leaks.push(`${kind} answered ${res.statusCode}`);
          break;
        case 'delete':
          res = await stack.api.inject({
            method: 'DELETE',
            url: `/v1/albums/photos/${pick(foreign).id}`,
            headers: auth,
          });
          if (res.statusCode !== 404) leaks.push(`${kind} answered ${res.statusCode}`);
          break;
        case 'guess': {
          const id = 1 + Math.floor(random() * (maxId + 20));
          res = await stack.api.inject({
            method: pick(['GET', 'DELETE']),
            url: `/v1/albums/photos/${id}`,
            headers: auth,
          });
          if (!mine.has(id) && res.statusCode !== 404) leaks.push(`guess ${id} answered ${res.statusCode}`);
          if (mine.has(id) && res.statusCode === 204) {
            // The caller deleted their own photo: fine, and it must stay gone for them.
            me.photos = me.photos.filter((p) => p.id !== id);
          }
          break;
        }
        case 'sync-foreign':
          res = await stack.api.inject({
            method: 'GET',
            url: `/v1/albums/sync?cursor=${encodeURIComponent(other.cursor)}`,
            headers: auth,
          });
          if (res.statusCode !== 422)
            leaks.push(`sync with another user's cursor answered ${res.statusCode}`);
          break;
        case 'sync-own':
          res = await stack.api.inject({ method: 'GET', url: '/v1/albums/sync', headers: auth });
          break;
      }
      if (res.statusCode >= 500) leaks.push(`${kind} answered ${res.statusCode}`);
      for (const p of foreign) {
        if (res.body.includes(p.sha256))
          leaks.push(`${kind}: response carries photo ${p.id} of another user`);
      }
      if (kind === 'text' || kind === 'image') {
        const ids = res.json<{ items: { photo: { id: number } }[] }>().items.map((i) => i.photo.id);
        for (const id of ids) if (!mine.has(id)) leaks.push(`${kind} returned photo ${id} of another user`);
      }
      if (kind === 'sync-own') {
        const page = res.json<SyncPage>();
        for (const u of [...page.upserts, ...page.deletes])
          if (!me.owned.has(u.id)) leaks.push(`sync sent photo ${u.id} of another user`);
      }
    }

    process.stdout.write(
      `isolation: ${OPERATIONS} requests ${JSON.stringify(counts)}, ${leaks.length} leaks\n`,
    );
    expect(Object.keys(counts)).toHaveLength(8);
    expect(leaks).toEqual([]);
    // Nobody could delete anyone else's photos: each owner still reads all theirs.
    for (const t of tenants) {
      for (const p of t.photos) {
        const res = await stack.api.inject({
          method: 'GET',
          url: `/v1/albums/photos/${p.id}`,
          headers: bearer(t.token),
        });
        expect({ id: p.id, status: res.statusCode }).toEqual({ id: p.id, status: 200 });
      }
    }
  });
});
