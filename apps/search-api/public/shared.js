// Helpers shared by the search page (app.js) and the product page (product.js).
// DOM is built with textContent only, never innerHTML: titles come from sellers.
/* global document, fetch, Node */

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** 'zh' when the text holds Chinese characters, else 'en'. */
export const langOf = (text) => (CJK.test(text ?? '') ? 'zh' : 'en');

/** A tiny element builder: el('a', { href: '/x', class: 'y' }, 'text', childNode). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Calls the API and returns its JSON; a non-2xx answer throws with the server's message. */
export async function api(path, init = {}) {
  const response = await fetch(path, {
    ...init,
    headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.message ?? `The server answered ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

const locale = (lang) => (lang === 'zh' ? 'zh-CN' : 'en-GB');

export const formatPrice = (price, currency, lang, { whole = false } = {}) =>
  new Intl.NumberFormat(locale(lang), {
    style: 'currency',
    currency: currency || 'EUR',
    ...(whole && Number.isInteger(price) ? { minimumFractionDigits: 0 } : {}),
  }).format(price);

export const titleOf = (product, lang) => product.title?.[lang] || product.title?.en || product.id;

const LABELS = { tshirt: 'T-shirt' };

/** "ankle_boot" → "Ankle boot": facet values are ids; the page's labels are English. */
export const humanise = (id) => {
  if (LABELS[id]) return LABELS[id];
  const words = String(id).replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function ratingElement(rating) {
  const value = Number(rating ?? 0).toFixed(1);
  return el(
    'span',
    { class: 'rating' },
    el('span', { 'aria-hidden': 'true' }, `★ ${value}`),
    el('span', { class: 'visually-hidden' }, `Rated ${value} out of 5`),
  );
}

const SCORE_LABELS = [
  ['vector', 'Vector (semantic)'],
  ['lexical', 'Lexical (words)'],
  ['brand_boost', 'Brand boost'],
  ['negative_penalty', 'Negative penalty'],
  ['fused', 'Fused'],
];

const formatScore = (value) => (value === null || value === undefined ? '—' : Number(value).toFixed(3));

function scoresElement(item) {
  const scores = item.scores ?? {};
  const rows = SCORE_LABELS.map(([key, label]) => [
    el('dt', {}, label),
    el('dd', {}, formatScore(scores[key])),
  ]);
  return el(
    'dl',
    { class: 'scores', 'aria-label': 'Score breakdown' },
    rows,
    el('dt', {}, 'Final score'),
    el('dd', {}, formatScore(item.score)),
  );
}

/**
 * One result (a search hit or a similar item) as a list item whose title and
 * photo link to the product page. The data-* attributes name the listing's
 * facet values so the page can be checked against its filters.
 */
export function productCard(item, lang) {
  const product = item.product;
  const image = product.images?.[0];
  const href = `/product?id=${encodeURIComponent(product.id)}${lang === 'zh' ? '&lang=zh' : ''}`;
  return el(
    'li',
    {
      class: 'card',
      dataset: { id: product.id, category: product.category, colour: product.colour, brand: product.brand },
    },
    el(
      'a',
      { href, class: 'card-link' },
      image
        ? el('img', { src: image.url, alt: '', width: 160, height: 160, loading: 'lazy', decoding: 'async' })
        : el('span', { class: 'no-image', 'aria-hidden': 'true' }),
      el('span', { class: 'card-title', lang }, titleOf(product, lang)),
    ),
    el(
      'p',
      { class: 'card-meta' },
      el('span', { class: 'price' }, formatPrice(product.price, product.currency, lang)),
      ' ',
      ratingElement(product.rating),
      product.in_stock === false ? el('span', { class: 'out-of-stock' }, ' Out of stock') : null,
    ),
    item.scores ? scoresElement(item) : null,
  );
}
