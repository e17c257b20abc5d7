import fc from 'fast-check';
import { INJECTIONS, UNICODE, huge } from './hostile-values.js';
import type { AbuseRequest } from './recorder.js';

export interface FilterAbuseContext {
  adminKey: string;
  userToken: string;
  productId: string;
  base64Photo: string;
  seed: number;
}

const STRINGS = [...INJECTIONS, ...UNICODE];

/** `value` at a dotted path inside a copy of `base` ("filters.brand.0" makes the arrays). */
function setPath(base: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(base);
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  keys.slice(0, -1).forEach((k, i) => {
    node[k] ??= /^\d+$/.test(keys[i + 1]) ? [] : {};
    node = node[k] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]] = value;
  return copy;
}

/** JSON text nested `depth` deep (built as text: JSON.stringify itself overflows at this depth). */
const deep = (depth: number, kind: 'object' | 'array'): string =>
  kind === 'object'
    ? `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`
    : `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;

const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/**
 * Filter and query abuse: every injection-looking and unicode edge-case
 * string in every field of the search, product, review, user and album
 * bodies and query strings; deep nesting, huge lists, 1 MiB strings,
 * prototype keys, duplicate keys, and a body over the size limit.
 */
export function filterAbuseRequests(ctx: FilterAbuseContext): AbuseRequest[] {
  const out: AbuseRequest[] = [];
  const admin = { authorization: `Bearer ${ctx.adminKey}` };
  const user = { authorization: `Bearer ${ctx.userToken}` };
  const json = (label: string, method: string, path: string, body: unknown, auth = {}): AbuseRequest => ({
    label: `filters:${label}`,
    method,
    path,
    headers: { 'content-type': 'application/json', ...auth },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const get = (label: string, path: string, auth = {}): AbuseRequest => ({
    label: `filters:${label}`,
    method: 'GET',
    path,
    headers: auth,
  });
  // A few strings per expensive field (each valid write is embedded; each generation takes a second).
  const some = (n: number, salt: number) =>
    fc.sample(fc.constantFrom(...STRINGS), { numRuns: n, seed: ctx.seed + salt });

  const search = { q: 'red dress', filters: { category: ['dress'], price: { gte: 1, lte: 500 } }, limit: 5 };
  const searchFields = [
    'q',
    'negative',
    'cursor',
    'lang',
    'filters.category.0',
    'filters.colour.0',
    'filters.brand.0',
    'filters.price.gte',
    'filters.rating.gte',
    'filters.in_stock',
    'weights.text',
    'min_score',
    'limit',
  ];
  for (const s of STRINGS) {
    for (const field of searchFields)
      out.push(json(`search-body.${field}`, 'POST', '/v1/search', setPath(search, field, s)));
    for (const p of [
      'q',
      'category',
      'colour',
      'brand',
      'price_gte',
      'rating_gte',
      'in_stock',
      'negative',
      'weight_text',
      'limit',
      'cursor',
      'min_score',
      'lang',
    ])
      out.push(get(`search-query.${p}`, `/v1/search?${p}=${pct(s)}`));
    out.push(get('album-search.q', `/v1/albums/search?q=${pct(s)}`, user));
    out.push(get('album-sync.cursor', `/v1/albums/sync?cursor=${pct(s)}`, user));
    out.push(
      get('moderation.after', `/v1/moderation/review-photos?verdict=${pct(s)}&after=${pct(s)}`, admin),
    );
    out.push(get('similar.id', `/v1/products/${pct(s)}/similar`));
    out.push(json('embed-text', 'POST', '/v1/embed/text', { texts: [s] }));
  }
  const product = (id: string) => ({
    id,
    title: { en: 'Test dress', zh: '测试连衣裙' },
    description: { en: 'A dress.', zh: '一条连衣裙。' },
    category: 'dress',
    colour: 'red',
    brand: 'Halcyon',
    price: 10,
    currency: 'EUR',
    stock: 1,
    images: [ctx.base64Photo],
  });
  const productFields = [
    'id',
    'title.en',
    'title.zh',
    'description.en',
    'brand',
    'currency',
    'category',
    'colour',
  ];
  some(8, 1).forEach((s, i) => {
    for (const f of productFields)
      out.push(json(`product.${f}`, 'POST', '/v1/products', setPath(product(`inj-${i}-${f}`), f, s), admin));
    const review = { author: 'A', rating: 4, text: 'Fine.' };
    for (const f of ['author', 'text', 'lang'])
      out.push(
        json(
          `review.${f}`,
          'POST',
          `/v1/products/${encodeURIComponent(ctx.productId)}/reviews`,
          setPath(review, f, s),
        ),
      );
    out.push(json('user.name', 'POST', '/v1/users', { name: s }, admin));
    out.push(
      json(
        'override.note',
        'POST',
        '/v1/moderation/review-photos/1',
        { verdict: 'relevant', note: s },
        admin,
      ),
    );
  });
  for (const s of some(4, 2)) out.push(json('ask.text', 'POST', '/v1/generate/query', { text: s, limit: 3 }));
  for (const s of some(2, 3))
    out.push(json('complete.text', 'POST', '/v1/generate/complete', { text: s, max_new_tokens: 4 }));

  // Shapes: depth, width, size, prototype keys, duplicate keys, numbers at the edges.
  const shapes: [string, unknown][] = [
    ['nested-filters', `{"q":"x","filters":${deep(10_000, 'object')}}`],
    ['nested-category', `{"q":"x","filters":{"category":${deep(10_000, 'array')}}}`],
    ['nested-price', `{"filters":{"price":{"gte":${deep(5_000, 'object')}}}}`],
    ['nested-body', '['.repeat(500_000) + ']'.repeat(500_000)],
    ['nested-object-body', '{"a":'.repeat(200_000) + '1' + '}'.repeat(200_000)],
    ['category-100k', { filters: { category: Array.from({ length: 100_000 }, (_, i) => `c${i}`) } }],
    ['brand-100k', { q: 'dress', filters: { brand: Array.from({ length: 100_000 }, (_, i) => `b${i}`) } }],
    ['q-1mb', { q: huge('a') }],
    ['q-1mb-cjk', { q: huge('红') }],
    ['negative-1mb', { q: 'dress', negative: huge('b') }],
    ['cursor-1mb', { q: 'dress', cursor: huge('c') }],
    ['brand-1mb', { filters: { brand: [huge('d')] } }],
    ['lone-surrogates-1mb', { q: huge('\uD800', 200_000) }],
    ['proto', '{"__proto__": {"admin": true}, "q": "x", "filters": {"__proto__": {"category": ["dress"]}}}'],
    ['constructor', { q: 'x', constructor: { prototype: { admin: true } }, filters: { constructor: 1 } }],
    ['duplicate-keys', '{"q": "red", "q": {"$gt": ""}, "limit": 5, "limit": 1e9}'],
    ['price-extremes', { filters: { price: { gte: 1e308, lte: -1e308 } } }],
    ['price-objects', { filters: { price: { gte: { $gt: 0 }, lte: [1] } } }],
    ['limit-huge', { q: 'x', limit: 1e9 }],
    ['limit-fraction', { q: 'x', limit: 0.5 }],
    ['weights-zero', { q: 'x', image: ctx.base64Photo, weights: { text: 0, image: 0 } }],
    ['weights-negative', { q: 'x', weights: { text: -1, image: 1e308 } }],
    ['min-score-huge', { q: 'x', min_score: 1e308 }],
    ['filters-array', { filters: [] }],
    ['filters-string', { filters: 'category=dress' }],
    ['image-and-q-empty', { q: '', image: '' }],
    ['image-not-base64', { image: '!!!not base64!!!' }],
    ['image-number', { image: 12 }],
    ['image-array-1000', { image: Array.from({ length: 1000 }, () => ctx.base64Photo) }],
  ];
  for (const [label, body] of shapes) out.push(json(label, 'POST', '/v1/search', body));
  out.push(
    json('embed-100k-texts', 'POST', '/v1/embed/text', {
      texts: Array.from({ length: 100_000 }, () => 'red'),
    }),
  );
  out.push(json('embed-1mb-text', 'POST', '/v1/embed/text', { texts: [huge('z')] }));
  out.push(
    json('embed-1000-images', 'POST', '/v1/embed/image', {
      images: Array.from({ length: 1000 }, () => ctx.base64Photo),
    }),
  );
  out.push(
    json(
      'product-images-1000',
      'POST',
      '/v1/products',
      { ...product('many'), images: Array.from({ length: 1000 }, () => ctx.base64Photo) },
      admin,
    ),
  );
  out.push(get('query-1500-params', `/v1/search?${'category=dress&'.repeat(1000)}q=x`));
  out.push(get('query-deep-brackets', `/v1/search?${'a'.padEnd(200, '[b]')}=1&q=x`));
  out.push(get('query-bad-percent', '/v1/search?q=%ED%A0%80%C0%AF%FF&category=%'));
  out.push(get('similar-limit', `/v1/products/${encodeURIComponent(ctx.productId)}/similar?limit=1e9`));
  out.push(
    get('moderation-limit', '/v1/moderation/review-photos?limit=-1&after=-99999999999999999999', admin),
  );
  out.push(get('album-sync-limit', '/v1/albums/sync?limit=NaN', user));
  return out;
}
