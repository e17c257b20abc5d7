// The product page (/product?id=…&lang=zh): the listing and its shoppers'
// reviews with their photos, then similar items from
// GET /v1/products/:id/similar, each linking to its own product page.
/* global document, location, history, URLSearchParams */
import { api, el, formatPrice, humanise, langOf, productCard, ratingElement, titleOf } from './shared.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const id = params.get('id') ?? '';
const lang = params.get('lang') === 'zh' ? 'zh' : 'en';

function fail(message) {
  $('status').textContent = '';
  $('error').textContent = message;
  $('error').hidden = false;
}

function showProduct(product) {
  const title = titleOf(product, lang);
  document.title = `${title} – ShopLens`;
  $('product-title').textContent = title;
  $('product-title').lang = langOf(title);
  const image = product.images?.[0];
  if (image) {
    $('product-image').src = image.url;
    $('product-image').alt = title;
  } else $('product-image').hidden = true;
  $('product-price').textContent = formatPrice(product.price, product.currency, lang);
  $('product-rating').replaceChildren(ratingElement(product.rating));
  $('product-stock').textContent = product.in_stock ? `In stock (${product.stock})` : 'Out of stock';
  $('product-description').textContent = product.description?.[lang] || product.description?.en || '';
  $('product-description').lang = lang;
  $('product-brand').textContent = product.brand;
  $('product-category').textContent = humanise(product.category);
  $('product-colour').textContent = humanise(product.colour);
  $('product').hidden = false;
  $('status').textContent = `${title}, ${formatPrice(product.price, product.currency, lang)}.`;
}

// Reviews come with the product (the 20 newest). Photos the indexer judged
// irrelevant are left out unless asked for with ?include_hidden=true; the
// shopper can look at them, dimmed, with the reasons they were hidden.
const REASONS = {
  too_small: 'too small',
  near_uniform: 'blank or uniform image',
  duplicate: 'duplicate photo',
  unlike_product: "doesn't look like this product",
  uncertain: 'may not show this product',
  no_relevance_head: 'not checked automatically',
  moderator_override: 'a moderator decided',
};
const reasonText = (code) => REASONS[code] ?? humanise(code).toLowerCase();
const hiddenPhotos = (n) => `${n} hidden photo${n === 1 ? '' : 's'}`;
const dates = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium' });

const reviews = {
  /** The latest product answer the reviews are drawn from. */
  product: undefined,
  showHidden: false,
  loading: false,
  /** What the last toggle did, said after the summary. */
  note: '',
};

function starsElement(rating) {
  const stars = Math.max(0, Math.min(5, Math.round(Number(rating) || 0)));
  return el(
    'span',
    { class: 'review-stars' },
    el('span', { 'aria-hidden': 'true' }, '★'.repeat(stars) + '☆'.repeat(5 - stars)),
    el('span', { class: 'visually-hidden' }, `Rated ${stars} out of 5`),
  );
}

function dateElement(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return el('time', { class: 'review-date', datetime: date.toISOString() }, dates.format(date));
}

function photoCaption(photo) {
  if (photo.hidden) {
    const codes = [...(photo.reasons ?? [])];
    if (photo.overridden && !codes.includes('moderator_override')) codes.push('moderator_override');
    const why = codes.length ? codes.map(reasonText).join(', ') : 'judged irrelevant';
    return el('figcaption', { class: 'photo-reasons' }, `Hidden: ${why}.`);
  }
  if (photo.verdict === 'needs_review') {
    return el(
      'figcaption',
      { class: 'photo-badge', title: 'Not yet confirmed to show this product' },
      'unverified',
    );
  }
  return null;
}

function photoElement(photo, index, author) {
  const hidden = photo.hidden === true;
  return el(
    'li',
    {
      class: hidden ? 'review-photo is-hidden' : 'review-photo',
      dataset: { photoId: photo.id, verdict: photo.verdict ?? 'unscored', hidden: String(hidden) },
    },
    el(
      'figure',
      {},
      el('img', {
        src: photo.url,
        alt: `Photo ${index + 1} from ${author}'s review`,
        width: photo.width,
        height: photo.height,
        loading: 'lazy',
        decoding: 'async',
      }),
      photoCaption(photo),
    ),
  );
}

function reviewElement(review) {
  const photos = (review.photos ?? []).filter((p) => reviews.showHidden || !p.hidden);
  return el(
    'li',
    { class: 'review', dataset: { id: review.id } },
    el(
      'p',
      { class: 'review-meta' },
      el('span', { class: 'review-author', lang: langOf(review.author) }, review.author),
      ' ',
      starsElement(review.rating),
      ' ',
      dateElement(review.created_at),
    ),
    el('p', { class: 'review-text', lang: review.lang === 'zh' ? 'zh' : 'en' }, review.text),
    photos.length
      ? el(
          'ul',
          { class: 'review-photos', 'aria-label': `Photos from ${review.author}` },
          photos.map((photo, i) => photoElement(photo, i, review.author)),
        )
      : null,
  );
}

function renderReviews() {
  const product = reviews.product;
  const list = product.reviews;
  const total = product.review_count ?? list.length;
  const hidden = list.reduce((sum, r) => sum + (r.hidden_photos ?? 0), 0);
  $('reviews-heading').textContent = `Reviews (${total})`;
  $('reviews-list').replaceChildren(...list.map(reviewElement));
  const summary = !list.length
    ? 'No reviews yet.'
    : total > list.length
      ? `The ${list.length} newest of ${total} reviews.`
      : '';
  $('reviews-status').textContent = [summary, reviews.note].filter(Boolean).join(' ');
  const toggle = $('hidden-photos');
  toggle.textContent = reviews.showHidden ? 'Hide them' : `Show ${hiddenPhotos(hidden)}`;
  toggle.hidden = hidden === 0 && !reviews.showHidden;
  $('reviews').hidden = false;
}

/** Reviews failing to show must not take the product down with them. */
function showReviews(product) {
  try {
    if (!Array.isArray(product.reviews)) throw new Error('the server sent none');
    reviews.product = product;
    renderReviews();
  } catch (error) {
    $('reviews-status').textContent = `Reviews are unavailable: ${error.message}`;
    $('reviews').hidden = false;
  }
}

async function toggleHiddenPhotos() {
  if (reviews.loading) return;
  const list = $('reviews-list');
  if (reviews.showHidden) {
    reviews.showHidden = false;
    reviews.note = 'Hidden photos are no longer shown.';
    renderReviews();
    return;
  }
  reviews.loading = true;
  list.setAttribute('aria-busy', 'true');
  $('hidden-photos').setAttribute('aria-disabled', 'true');
  try {
    const product = await api(`/v1/products/${encodeURIComponent(id)}?include_hidden=true`);
    if (!Array.isArray(product.reviews)) throw new Error('the server sent no reviews');
    const shown = product.reviews.reduce((n, r) => n + (r.photos ?? []).filter((p) => p.hidden).length, 0);
    reviews.product = product;
    reviews.showHidden = true;
    reviews.note = `Showing ${hiddenPhotos(shown)}, dimmed, with the reasons.`;
    renderReviews();
  } catch (error) {
    $('reviews-status').textContent = `Hidden photos are unavailable: ${error.message}`;
  } finally {
    reviews.loading = false;
    list.setAttribute('aria-busy', 'false');
    $('hidden-photos').removeAttribute('aria-disabled');
  }
}

$('hidden-photos').addEventListener('click', () => void toggleHiddenPhotos());

async function showSimilar() {
  const list = $('similar');
  list.setAttribute('aria-busy', 'true');
  try {
    const response = await api(`/v1/products/${encodeURIComponent(id)}/similar?limit=12`);
    list.replaceChildren(...response.items.map((item) => productCard(item, lang)));
    $('similar-status').textContent = response.items.length
      ? `${response.items.length} similar items.`
      : 'No similar items yet.';
  } catch (error) {
    $('similar-status').textContent = `Similar items are unavailable: ${error.message}`;
  } finally {
    list.setAttribute('aria-busy', 'false');
  }
}

// "Back to search" returns to the search the shopper came from, state and all.
$('back').addEventListener('click', (event) => {
  const from = document.referrer ? new URL(document.referrer) : undefined;
  if (from?.origin === location.origin && from.pathname === '/' && history.length > 1) {
    event.preventDefault();
    history.back();
  }
});

if (!id) {
  fail('No product was named: this page needs ?id=.');
} else {
  try {
    const product = await api(`/v1/products/${encodeURIComponent(id)}`);
    showProduct(product);
    showReviews(product);
    await showSimilar();
  } catch (error) {
    fail(
      error.status === 404
        ? 'This product does not exist (any more).'
        : `Could not load the product: ${error.message}`,
    );
  }
}
