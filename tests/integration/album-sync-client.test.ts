import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as transformers from '@huggingface/transformers';
import { AlbumCollection } from '#apps/search-api/src/albums/album-collection';
import { AlbumSyncClient, NodeFileIndexStore, OnDeviceEncoder } from '#album-sync-client';
import { repoRoot } from '#demo-catalog';
import { VectorStore } from '#vector-store';
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

/** Stated tolerance: the device's own image vector and the server's agree to this cosine similarity. */
const IMAGE_AGREEMENT = 0.995;

describe('album sync client (Node): local index in a file, offline search with the on-device model', () => {
  let stack: AlbumStack;
  let user: { id: string; token: string };
  let photos: LabelledPhoto[];
  const ids: number[] = [];
  let encoder: OnDeviceEncoder;
  const dir = mkdtempSync(join(tmpdir(), 'shoplens-album-client-'));

  beforeAll(async () => {
    stack = await bootAlbumStack();
    user = await createUser(stack.api, 'Device owner');
    photos = await testSplitAlbum(60, 31);
    for (const p of photos) ids.push(await uploadPhoto(stack.api, user.token, p.bytes));
    await eventually(async () => {
      const res = await stack.api.inject({
        method: 'GET',
        url: `/v1/albums/photos/${ids.at(-1)}`,
        headers: bearer(user.token),
      });
      const all = await Promise.all(
        ids.map(
          async (id) =>
            (
              await stack.api.inject({
                method: 'GET',
                url: `/v1/albums/photos/${id}`,
                headers: bearer(user.token),
              })
            ).json().indexed,
        ),
      );
      return res.statusCode === 200 && all.every(Boolean) ? true : undefined;
    }, 120_000);
    encoder = await OnDeviceEncoder.load(transformers, {
      model: join(repoRoot(), 'models/eclip-mini'),
      vision: true,
    });
  });
  afterAll(async () => {
    await encoder?.dispose();
    await stack?.app.close();
  });

  const open = (file: string, fetchImpl?: typeof fetch) =>
    AlbumSyncClient.open({
      baseUrl: stack.url,
      token: user.token,
      store: new NodeFileIndexStore(join(dir, file)),
      pageSize: 7,
      fetch: fetchImpl,
    });

  it('syncs in pages, survives a restart, and resumes an interrupted sync', async () => {
    const first = await open('a.json');
    const report = await first.sync();
    expect(report).toMatchObject({ reset: true, upserts: 60, deletes: 0 });
    expect(report.pages).toBe(9);
    // The codebook travels once, on the first page; each photo then costs a few hundred bytes.
    const codebookBytes = Buffer.byteLength(JSON.stringify(first.index.codebook!.toWire()));
    expect(first.index.codebook!.size).toBe(256);
    expect(codebookBytes).toBeLessThan(64 * 1024);
    expect((report.bytes - codebookBytes) / 60).toBeLessThan(600);

    const restarted = await open('a.json');
    expect(restarted.index.size).toBe(60);
    expect((await restarted.sync()).upserts).toBe(0);

    // The network drops after three pages; the next run picks up where the last saved page ended.
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      if (++calls > 3) throw new TypeError('network is down');
      return fetch(input, init);
    };
    const interrupted = await open('b.json', flaky);
    await expect(interrupted.sync()).rejects.toThrow('network is down');
    const resumed = await open('b.json');
    expect(resumed.index.size).toBe(21);
    const rest = await resumed.sync();
    expect(rest.reset).toBe(false);
    expect(resumed.index.size).toBe(60);

    const removed = await stack.api.inject({
      method: 'DELETE',
      url: `/v1/albums/photos/${ids[0]}`,
      headers: bearer(user.token),
    });
    expect(removed.statusCode).toBe(204);
    expect((await resumed.sync()).deletes).toBe(1);
    expect(resumed.index.has(ids[0])).toBe(false);
  });

  it('a corrupt index file starts over instead of failing', async () => {
    writeFileSync(join(dir, 'c.json'), '{ not json');
    const client = await open('c.json');
    expect(client.index.size).toBe(0);
    expect((await client.sync()).reset).toBe(true);
  });

  it('searches offline with the text tower like the server does, in English and Chinese', async () => {
    const client = await open('a.json');
    const noNetwork: typeof fetch = () => Promise.reject(new TypeError('offline'));
    const offline = await AlbumSyncClient.open({
      baseUrl: stack.url,
      token: user.token,
      store: new NodeFileIndexStore(join(dir, 'a.json')),
      fetch: noNetwork,
    });
    expect(offline.index.size).toBe(client.index.size);
    for (const lang of ['en', 'zh'] as const) {
      const q = labelQuery(photos[5].label, lang);
      const local = offline.search(await encoder.embedText(q), 10).map((h) => h.id);
      const server = await stack.api.inject({
        method: 'GET',
        url: `/v1/albums/search?q=${encodeURIComponent(q)}&limit=10`,
        headers: bearer(user.token),
      });
      const remote = server.json<{ items: { photo: { id: number } }[] }>().items.map((i) => i.photo.id);
      const overlap = local.filter((id) => remote.includes(id)).length;
      expect({ lang, overlap: overlap >= 8 }).toEqual({ lang, overlap: true });
    }
  });

  it(`embeds a device photo to within cosine ${IMAGE_AGREEMENT} of the server's vector for it`, async () => {
    const { name } = await stack.app.get(AlbumCollection).get();
    const sims: number[] = [];
    for (const i of [1, 2, 3, 4, 5]) {
      const file = join(dir, `photo-${i}.webp`);
      writeFileSync(file, photos[i].bytes);
      const device = await encoder.embedImage(file);
      const [point] = await stack.app
        .get(VectorStore)
        .retrieve(name, [String(ids[i])], { withVectors: true });
      sims.push(device.reduce((s, v, d) => s + v * point.vectors!.image[d], 0));
    }
    process.stdout.write(
      `device vs server image vectors, cosine: ${sims.map((s) => s.toFixed(4)).join(' ')}\n`,
    );
    expect(Math.min(...sims)).toBeGreaterThanOrEqual(IMAGE_AGREEMENT);
  });
});
