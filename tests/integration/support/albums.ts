import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IndexerModule } from '#apps/indexer/src/indexer.module';
import { AlbumsModule } from '#apps/search-api/src/albums/albums.module';
import { testSplitAlbumPhotos } from '#apps/search-api/src/albums/demo-album.photos';
import { vocabulary, type AlbumPhoto } from '#demo-catalog';
import { HostModule } from '#host';
import { bootApp } from './app.js';
import type { httpClient } from './http.js';

export const ALBUM_ADMIN_KEY = 'album-test-admin-key-0123456789';
export const adminHeaders = { authorization: `Bearer ${ALBUM_ADMIN_KEY}` };
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface LabelledPhoto {
  label: AlbumPhoto;
  bytes: Buffer;
}

/** The album query "<colour> <category>" for a photo's labels, in English or Chinese words. */
export function labelQuery(label: Pick<AlbumPhoto, 'colour' | 'category'>, lang: 'en' | 'zh' = 'en'): string {
  const vocab = vocabulary();
  const colour = vocab.colours.find((c) => c.id === label.colour)!;
  const category = vocab.categories.find((c) => c.id === label.category)!;
  return lang === 'en' ? `${colour.en} ${category.en}` : `${colour.zh}${category.zh}`;
}

/** `count` labelled phone photos of Fashion-MNIST test-split garments (never trained on), as the demo album has them. */
export async function testSplitAlbum(count: number, seed?: number, skip = 0): Promise<LabelledPhoto[]> {
  const photos: LabelledPhoto[] = [];
  for await (const photo of testSplitAlbumPhotos(count, seed, skip)) photos.push(photo);
  return photos;
}

export interface AlbumStack {
  app: NestFastifyApplication;
  url: string;
  api: ReturnType<typeof httpClient>;
}

/** The album API and the indexer in one process on a fresh DATA_DIR: SQLite, in-process bus, embedded store, the real model. */
export async function bootAlbumStack(env: Record<string, string> = {}): Promise<AlbumStack> {
  return bootApp(
    'albums',
    (c) =>
      HostModule.build(c, {
        apps: [AlbumsModule, IndexerModule],
        database: true,
        messaging: { outbox: true },
        encoder: 'in-process',
        vectorStore: true,
      }),
    { DATA_DIR: mkdtempSync(join(tmpdir(), 'shoplens-albums-')), ADMIN_API_KEY: ALBUM_ADMIN_KEY, ...env },
  );
}

/** Creates a user over HTTP; resolves to its id and token. */
export async function createUser(
  api: ReturnType<typeof httpClient>,
  name: string,
): Promise<{ id: string; token: string }> {
  const res = await api.inject({
    method: 'POST',
    url: '/v1/users',
    headers: adminHeaders,
    payload: { name },
  });
  if (res.statusCode !== 201) throw new Error(`POST /v1/users: ${res.statusCode} ${res.body}`);
  return res.json<{ id: string; token: string }>();
}

export async function uploadPhoto(
  api: ReturnType<typeof httpClient>,
  token: string,
  bytes: Buffer,
  takenAt?: string,
): Promise<number> {
  const res = await api.inject({
    method: 'POST',
    url: '/v1/albums/photos',
    headers: bearer(token),
    payload: { image: bytes.toString('base64'), ...(takenAt ? { taken_at: takenAt } : {}) },
  });
  if (res.statusCode !== 201) throw new Error(`POST /v1/albums/photos: ${res.statusCode} ${res.body}`);
  return res.json<{ id: number }>().id;
}

/** Multipart body with one file part and text fields, as a browser or curl -F sends it. */
export function multipart(
  file: { name: string; bytes: Buffer; type: string },
  fields: Record<string, string> = {},
): { body: Buffer; contentType: string } {
  const boundary = `----shoplens${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="photo"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
