import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { basename } from 'node:path';
import sharp from 'sharp';
import { EncoderModule } from '#apps/encoder/src/encoder.module';
import { HttpEncoderClient } from '#embedding';
import { HostModule } from '#host';
import { bootApp } from './support/app.js';
import type { httpClient } from './support/http.js';
import { findProducts, productImage, solidPng } from './support/images.js';

interface Embeddings {
  model: { id: string; version: string; dim: number };
  vectors: number[][];
}

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

const encoderHost = (env: Record<string, string> = {}) =>
  bootApp(
    'encoder',
    (config) => HostModule.build(config, { apps: [EncoderModule], database: false, encoder: 'in-process' }),
    { IMAGE_MAX_BYTES: String(2 * 1024 * 1024), ...env },
  );

describe('Encoder app with the real ECLIP-mini model files', () => {
  let app: NestFastifyApplication;
  let api: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    ({ app, api } = await encoderHost());
  });
  afterAll(async () => {
    await app.close();
  });

  const embedTexts = async (texts: string[]) => {
    const res = await api.inject({ method: 'POST', url: '/v1/embed/text', payload: { texts } });
    expect(res.statusCode).toBe(200);
    return res.json<Embeddings>();
  };
  const embedImages = async (images: Buffer[]) => {
    const res = await api.inject({
      method: 'POST',
      url: '/v1/embed/image',
      payload: { images: images.map((b) => b.toString('base64')) },
    });
    expect(res.statusCode).toBe(200);
    return res.json<Embeddings>();
  };

  it('loads the model and reports its id, version and dimension', async () => {
    const res = await api.inject({ method: 'GET', url: '/v1/embed/model' });
    const expectedId = basename(process.env.ENCODER_MODEL ?? 'eclip-mini');
    expect(res.json()).toMatchObject({ id: expectedId, version: expect.stringMatching(/^[0-9a-f]{12}$/) });
    const health = await api.inject({ method: 'GET', url: '/health' });
    expect(health.json()).toMatchObject({ status: 'ok', components: { encoder: { status: 'up' } } });
  });

  it('returns L2-normalised vectors of the model dimension, deterministically', async () => {
    const first = await embedTexts(['red dress', 'blue sneakers']);
    const again = await embedTexts(['blue sneakers', 'red dress']);
    expect(first.vectors).toHaveLength(2);
    for (const v of first.vectors) {
      expect(v).toHaveLength(first.model.dim);
      expect(dot(v, v)).toBeCloseTo(1, 4);
    }
    expect(again.vectors[1]).toEqual(first.vectors[0]);
    const image = productImage(findProducts('dress', 'red', 1)[0]);
    const [a, b] = (await embedImages([image, image])).vectors;
    expect(a).toEqual(b);
    expect(dot(a, a)).toBeCloseTo(1, 4);
  });

  it('ranks red-dress images above blue-sneaker images for "red dress", in English and Chinese', async () => {
    const redDresses = findProducts('dress', 'red', 5).map(productImage);
    const blueSneakers = findProducts('sneaker', 'blue', 5).map(productImage);
    const images = (await embedImages([...redDresses, ...blueSneakers])).vectors;
    for (const query of ['red dress', '红色连衣裙']) {
      const [q] = (await embedTexts([query])).vectors;
      const scores = images.map((v) => dot(q, v));
      const worstDress = Math.min(...scores.slice(0, 5));
      const bestSneaker = Math.max(...scores.slice(5));
      expect(worstDress).toBeGreaterThan(bestSneaker);
    }
  });

  it('puts an English query and its Chinese equivalent close together', async () => {
    const { vectors } = await embedTexts(['blue sneakers', '蓝色运动鞋', 'red dress']);
    expect(dot(vectors[0], vectors[1])).toBeGreaterThan(dot(vectors[0], vectors[2]));
  });

  it('accepts multipart uploads and honours EXIF orientation', async () => {
    const upright = await sharp(productImage(findProducts('tshirt', 'green', 1)[0]))
      .extract({ left: 0, top: 0, width: 112, height: 80 })
      .jpeg({ quality: 95 })
      .toBuffer();
    // The same photo stored rotated, with EXIF orientation 8 saying "turn back".
    const stored = await sharp(upright)
      .rotate(90)
      .withMetadata({ orientation: 8 })
      .jpeg({ quality: 95 })
      .toBuffer();
    const boundary = '----shoplens';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\n`),
      Buffer.from('Content-Type: image/jpeg\r\n\r\n'),
      stored,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await api.inject({
      method: 'POST',
      url: '/v1/embed/image',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    const [fromExif] = res.json<Embeddings>().vectors;
    const [fromUpright] = (await embedImages([upright])).vectors;
    expect(dot(fromExif, fromUpright)).toBeGreaterThan(0.99);
  });

  it.each([
    ['zero bytes', () => Promise.resolve(Buffer.alloc(0)), 422, 'empty'],
    ['plain text', () => Promise.resolve(Buffer.from('this is not an image at all')), 422, 'not_an_image'],
    ['a truncated PNG', async () => (await solidPng(64, 64)).subarray(0, 60), 422, undefined],
    [
      'SVG',
      () => Promise.resolve(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')),
      415,
      'unsupported_format',
    ],
    ['over the byte cap', () => Promise.resolve(Buffer.alloc(3 * 1024 * 1024, 1)), 413, 'too_many_bytes'],
    ['over the pixel cap (checked before decoding)', () => solidPng(8000, 6000), 413, 'too_many_pixels'],
  ])('refuses %s with its status and a reason', async (_name, make, status, reason) => {
    const res = await api.inject({
      method: 'POST',
      url: '/v1/embed/image',
      payload: { images: [(await make()).toString('base64')] },
    });
    expect(res.statusCode).toBe(status);
    if (reason) expect(res.json().details.reason).toBe(reason);
  });

  it.each([
    ['no texts', { texts: [] }, 'texts'],
    ['a non-string text', { texts: [3] }, 'texts'],
    ['an empty text', { texts: ['  '] }, 'texts.0'],
    ['an over-long text', { texts: ['x'.repeat(1001)] }, 'texts.0'],
    ['too many texts', { texts: Array.from({ length: 257 }, (_, i) => `t${i}`) }, 'texts'],
    ['an unknown field', { texts: ['a'], extra: 1 }, 'extra'],
  ])('answers 422 naming the field for %s', async (_name, payload, field) => {
    const res = await api.inject({ method: 'POST', url: '/v1/embed/text', payload });
    expect(res.statusCode).toBe(422);
    expect(JSON.stringify(res.json())).toContain(field);
  });

  it('accepts GIF and PNG as well as WebP and JPEG', async () => {
    const source = productImage(findProducts('coat', 'blue', 1)[0]);
    for (const bytes of [await sharp(source).gif().toBuffer(), await sharp(source).png().toBuffer()]) {
      const [v] = (await embedImages([bytes])).vectors;
      const [reference] = (await embedImages([source])).vectors;
      expect(dot(v, reference)).toBeGreaterThan(0.9);
    }
  });

  it('answers 422 for invalid base64 and 415 for an unsupported content type', async () => {
    const bad = await api.inject({
      method: 'POST',
      url: '/v1/embed/image',
      payload: { images: ['@@@not base64'] },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details.errors[0].field).toBe('images.0');
    const xml = await api.inject({
      method: 'POST',
      url: '/v1/embed/image',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(xml.statusCode).toBe(415);
  });
});

describe('Encoder with the int8 model files (ENCODER_DTYPE=q8)', () => {
  it('loads the quantized ONNX files as another model version, with vectors close to fp32', async () => {
    const fp32 = await encoderHost();
    const q8 = await encoderHost({ ENCODER_DTYPE: 'q8' });
    try {
      const texts = ['red dress', '蓝色运动鞋'];
      const image = productImage(findProducts('bag', 'yellow', 1)[0]).toString('base64');
      const [a, b] = await Promise.all(
        [fp32, q8].map(async ({ api }) => ({
          text: (
            await api.inject({ method: 'POST', url: '/v1/embed/text', payload: { texts } })
          ).json<Embeddings>(),
          image: (
            await api.inject({ method: 'POST', url: '/v1/embed/image', payload: { images: [image] } })
          ).json<Embeddings>(),
        })),
      );
      expect(b.text.model.version).not.toBe(a.text.model.version);
      for (let i = 0; i < texts.length; i++)
        expect(dot(a.text.vectors[i], b.text.vectors[i])).toBeGreaterThan(0.95);
      expect(dot(a.image.vectors[0], b.image.vectors[0])).toBeGreaterThan(0.95);
    } finally {
      await fp32.app.close();
      await q8.app.close();
    }
  });
});

describe('Encoder under load: a bounded queue', () => {
  it('answers 503 with Retry-After when the queue is full, keeps serving the rest, and recovers', async () => {
    const { app, api } = await encoderHost({
      // Four items fit; the batcher holds them 1 s waiting for a full batch (long enough for all 40
      // requests to arrive even on a busy machine), so the rest find it full.
      ENCODER_QUEUE_SIZE: '4',
      ENCODER_MAX_BATCH: '64',
      ENCODER_MAX_WAIT_MS: '1000',
      ENCODER_CACHE_SIZE: '0',
    });
    try {
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          api.inject({ method: 'POST', url: '/v1/embed/text', payload: { texts: [`query number ${i}`] } }),
        ),
      );
      const codes = responses.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 503).length).toBeGreaterThan(0);
      expect(codes.filter((c) => c === 200).length).toBe(4);
      expect(codes.every((c) => c === 200 || c === 503)).toBe(true);
      expect(responses.find((r) => r.statusCode === 503)!.headers['retry-after']).toBe('1');
      const after = await api.inject({
        method: 'POST',
        url: '/v1/embed/text',
        payload: { texts: ['after'] },
      });
      expect(after.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe(HttpEncoderClient.name, () => {
  it('fails over from a dead replica to a live one and returns the same vectors', async () => {
    const { app, api, url } = await encoderHost();
    const sut = new HttpEncoderClient(['http://127.0.0.1:9', url], 5_000);
    try {
      const remote = await sut.embedTexts(['black ankle boots']);
      const local = await api.inject({
        method: 'POST',
        url: '/v1/embed/text',
        payload: { texts: ['black ankle boots'] },
      });
      expect(Array.from(remote.vectors[0])).toEqual(local.json<Embeddings>().vectors[0]);
      const health = await sut.check();
      expect(health.status).toBe('up');
      expect(health.details).toEqual({ replicas: { 'http://127.0.0.1:9': false, [url]: true } });
      await expect(sut.embedTexts([''])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    } finally {
      sut.close();
      await app.close();
    }
  });

  it('reports the encoder unavailable when no replica answers', async () => {
    const sut = new HttpEncoderClient(['http://127.0.0.1:9'], 1_000);
    await expect(sut.embedTexts(['a'])).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    expect((await sut.check()).status).toBe('down');
    sut.close();
  });
});
