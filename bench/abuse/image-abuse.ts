import type { HostileImage } from './hostile-images.js';
import { multipartBody } from './multipart.js';
import type { AbuseRequest } from './recorder.js';

export interface ImageTargetsContext {
  adminKey: string;
  userToken: string;
  /** A product that reviews and replacements may name. */
  productId: string;
}

/** A valid listing around the photo, so that only the photo decides the answer. */
const listing = (id: string | undefined, images: string[]) => ({
  ...(id ? { id } : {}),
  title: { en: 'Abuse test coat', zh: '测试外套' },
  description: { en: 'A coat used to test hostile photos.', zh: '用于测试的外套。' },
  category: 'coat',
  colour: 'red',
  brand: 'Halcyon',
  price: 49.99,
  stock: 3,
  images,
});

const json = (value: unknown) => ({
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify(value),
});

/**
 * Every endpoint that takes a photo, as a function of one corpus file: JSON
 * bodies carry it base64 (alternately as a data: URL with its claimed type),
 * multipart bodies as a file part with the claimed type and name.
 */
export function imageRequests(image: HostileImage, ctx: ImageTargetsContext, serial: number): AbuseRequest[] {
  const b64 = image.bytes.toString('base64');
  const inline = serial % 2 ? `data:${image.contentType};base64,${b64}` : b64;
  const file = { name: 'image', file: image.bytes, filename: image.filename, contentType: image.contentType };
  const admin = { authorization: `Bearer ${ctx.adminKey}` };
  const user = { authorization: `Bearer ${ctx.userToken}` };
  const post = (
    target: string,
    path: string,
    body: { headers: Record<string, string>; payload: Buffer | string },
    auth: Record<string, string> = {},
    method = 'POST',
  ): AbuseRequest => ({
    label: `image:${target} ${image.name}`,
    method,
    path,
    headers: { ...body.headers, ...auth },
    body: body.payload,
  });
  const productId = `abuse-${serial}-${image.name}`.slice(0, 60);
  return [
    post('search-json', '/v1/search', json({ image: inline, q: 'coat' })),
    post('search-multipart', '/v1/search/image', multipartBody([file, { name: 'q', text: 'coat' }])),
    post('product-create-json', '/v1/products', json(listing(productId, [inline])), admin),
    post(
      'product-create-multipart',
      '/v1/products',
      multipartBody([
        { name: 'product', text: JSON.stringify(listing(`${productId}-m`, [])).replace(',"images":[]', '') },
        { ...file, name: 'images' },
      ]),
      admin,
    ),
    post(
      'product-replace',
      `/v1/products/${encodeURIComponent(ctx.productId)}`,
      json(listing(undefined, [inline])),
      admin,
      'PUT',
    ),
    post(
      'review',
      `/v1/products/${encodeURIComponent(ctx.productId)}/reviews`,
      json({ author: 'Abuse', rating: 3, text: 'Photo attached.', images: [inline] }),
    ),
    post('describe', '/v1/generate/describe', json({ image: inline, max_new_tokens: 4 })),
    post(
      'complete',
      '/v1/generate/complete',
      json({ text: 'What is this?', image: inline, max_new_tokens: 4 }),
    ),
    post('ask', '/v1/generate/query', json({ text: 'like this but in blue', image: inline, limit: 3 })),
    post('album-upload-json', '/v1/albums/photos', json({ image: inline }), user),
    post('album-upload-multipart', '/v1/albums/photos', multipartBody([file]), user),
    post('album-search-json', '/v1/albums/search', json({ image: inline }), user),
    post('album-search-multipart', '/v1/albums/search', multipartBody([file]), user),
    post('embed-json', '/v1/embed/image', json({ images: [inline] })),
    post('embed-multipart', '/v1/embed/image', multipartBody([file])),
  ];
}

/** Whether a request goes to the (slow, one-at-a-time) generator. */
export const isGeneration = (req: AbuseRequest): boolean => req.path.startsWith('/v1/generate/');
