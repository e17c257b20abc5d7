// The product page (/product?id=…&lang=zh): the listing, then similar items
// from GET /v1/products/:id/similar, each linking to its own product page.
/* global document, location, history, URLSearchParams */
import { api, formatPrice, humanise, langOf, productCard, ratingElement, titleOf } from './shared.js';

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
    showProduct(await api(`/v1/products/${encodeURIComponent(id)}`));
    await showSimilar();
  } catch (error) {
    fail(
      error.status === 404
        ? 'This product does not exist (any more).'
        : `Could not load the product: ${error.message}`,
    );
  }
}
