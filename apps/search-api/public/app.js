// The search page. Its state lives in the URL (?q=&category=…&photo=1), so
// links and the back button work; the photo itself, too big for a URL, waits
// in sessionStorage (photo.js). Every search is a POST /v1/search.
/* global document, window, history, location, AbortController, URLSearchParams */
import { LIST_FACETS, readFacets, renderFacets } from './facets.js';
import { firstImage, readPhoto, recalledPhoto, rememberPhoto } from './photo.js';
import { api, langOf, productCard } from './shared.js';

const PAGE_SIZE = 24;
const $ = (id) => document.getElementById(id);
const ui = {
  form: $('search-form'),
  q: $('q'),
  dropzone: $('dropzone'),
  fileInput: $('photo'),
  preview: $('photo-preview'),
  thumb: $('photo-thumb'),
  clearPhoto: $('photo-clear'),
  facets: $('facets'),
  scoreToggle: $('score-toggle'),
  status: $('status'),
  error: $('error'),
  results: $('results'),
  more: $('more'),
};

const optionalNumber = (text) =>
  text === null || text === '' || Number.isNaN(Number(text)) ? undefined : Number(text);

function readState(search) {
  const params = new URLSearchParams(search);
  return {
    q: params.get('q') ?? '',
    ...Object.fromEntries(LIST_FACETS.map(([name]) => [name, params.getAll(name)])),
    price_gte: optionalNumber(params.get('price_gte')),
    price_lte: optionalNumber(params.get('price_lte')),
    rating_gte: optionalNumber(params.get('rating_gte')),
    in_stock: params.get('in_stock') === 'true',
    photo: params.get('photo') === '1',
    scores: params.get('scores') === '1',
  };
}

function toQueryString(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const [name] of LIST_FACETS) for (const value of state[name]) params.append(name, value);
  for (const name of ['price_gte', 'price_lte', 'rating_gte'])
    if (state[name] !== undefined) params.set(name, String(state[name]));
  if (state.in_stock) params.set('in_stock', 'true');
  if (state.photo) params.set('photo', '1');
  if (state.scores) params.set('scores', '1');
  const query = params.toString();
  return query ? `?${query}` : location.pathname;
}

function toFilters(state) {
  const filters = {};
  for (const [name] of LIST_FACETS) if (state[name].length) filters[name] = state[name];
  if (state.price_gte !== undefined || state.price_lte !== undefined)
    filters.price = { gte: state.price_gte, lte: state.price_lte };
  if (state.rating_gte !== undefined) filters.rating = { gte: state.rating_gte };
  if (state.in_stock) filters.in_stock = true;
  return Object.keys(filters).length ? filters : undefined;
}

let state = readState(location.search);
let photo = state.photo ? recalledPhoto() : undefined;
let cursor = null;
let shown = 0;
let inFlight;
let searches = 0;

const hasFilters = (s) => toFilters(s) !== undefined;
const canSearch = () => Boolean(state.q.trim() || photo || hasFilters(state));

function describe(total) {
  const subject = [photo ? 'your photo' : null, state.q.trim() ? `“${state.q.trim()}”` : null]
    .filter(Boolean)
    .join(' and ');
  const filtered = hasFilters(state) ? ', filtered' : '';
  const noun = total === 1 ? 'result' : 'results';
  return `${total} ${noun}${subject ? ` for ${subject}` : ''}${filtered}. Showing ${shown}.`;
}

async function search({ append = false } = {}) {
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  ui.error.hidden = true;
  if (!canSearch()) {
    ui.results.replaceChildren();
    ui.more.hidden = true;
    ui.status.textContent = 'Type a query or drop a photo to search.';
    ui.results.dataset.searches = String(++searches);
    return;
  }
  ui.results.setAttribute('aria-busy', 'true');
  try {
    const body = {
      q: state.q.trim() || undefined,
      image: photo?.base64,
      filters: toFilters(state),
      limit: PAGE_SIZE,
      cursor: append ? cursor : undefined,
    };
    const response = await api('/v1/search', {
      method: 'POST',
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    if (controller.signal.aborted) return;
    const lang = response.lang ?? langOf(state.q);
    const cards = response.items.map((item) => productCard(item, lang));
    if (append) ui.results.append(...cards);
    else ui.results.replaceChildren(...cards);
    shown = (append ? shown : 0) + cards.length;
    cursor = response.next_cursor ?? null;
    ui.more.hidden = !cursor;
    const currency = response.items[0]?.product.currency ?? 'EUR';
    if (!append) renderFacets(ui.facets, response.facets, state, currency);
    ui.status.textContent = describe(response.total ?? shown);
  } catch (error) {
    if (controller.signal.aborted) return;
    ui.error.textContent = `Search failed: ${error.message}`;
    ui.error.hidden = false;
    ui.status.textContent = 'Search failed.';
  } finally {
    if (inFlight === controller) {
      ui.results.setAttribute('aria-busy', 'false');
      ui.results.dataset.searches = String(++searches);
    }
  }
}

/** Applies a change the shopper made: a new history entry, then a fresh search. */
function commit(change) {
  state = { ...state, ...change };
  history.pushState(null, '', toQueryString(state));
  cursor = null;
  void search();
}

function showPhoto() {
  ui.preview.hidden = !photo;
  if (photo) {
    ui.thumb.src = photo.dataUrl;
    ui.thumb.alt = `Searching with your photo: ${photo.name}`;
  } else ui.thumb.removeAttribute('src');
}

async function usePhoto(file) {
  if (!file) return;
  try {
    photo = await readPhoto(file);
  } catch (error) {
    ui.error.textContent = error.message;
    ui.error.hidden = false;
    return;
  }
  rememberPhoto(photo);
  showPhoto();
  commit({ photo: true });
}

function syncControls() {
  ui.q.value = state.q;
  ui.q.lang = langOf(state.q);
  ui.scoreToggle.setAttribute('aria-pressed', String(state.scores));
  ui.results.classList.toggle('show-scores', state.scores);
  showPhoto();
}

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  commit({ q: ui.q.value });
});
ui.q.addEventListener('input', () => {
  ui.q.lang = langOf(ui.q.value);
});
ui.facets.addEventListener('change', () => commit(readFacets(ui.facets)));
ui.facets.addEventListener('submit', (event) => event.preventDefault());
ui.more.addEventListener('click', () => void search({ append: true }));
ui.scoreToggle.addEventListener('click', () => {
  state = { ...state, scores: !state.scores };
  history.replaceState(null, '', toQueryString(state));
  syncControls();
});
ui.fileInput.addEventListener('change', () => {
  const file = ui.fileInput.files?.[0];
  ui.fileInput.value = '';
  void usePhoto(file);
});
ui.clearPhoto.addEventListener('click', () => {
  photo = undefined;
  rememberPhoto(undefined);
  showPhoto();
  ui.fileInput.focus();
  commit({ photo: false });
});

// A photo dropped anywhere on the page searches; the drop zone lights up meanwhile.
for (const type of ['dragenter', 'dragover']) {
  document.addEventListener(type, (event) => {
    if (![...(event.dataTransfer?.types ?? [])].includes('Files')) return;
    event.preventDefault();
    ui.dropzone.classList.add('dragging');
  });
}
document.addEventListener('dragleave', (event) => {
  if (event.relatedTarget === null) ui.dropzone.classList.remove('dragging');
});
document.addEventListener('drop', (event) => {
  event.preventDefault();
  ui.dropzone.classList.remove('dragging');
  void usePhoto(firstImage(event.dataTransfer?.files));
});
document.addEventListener('paste', (event) => {
  const image = firstImage(event.clipboardData?.files);
  if (!image) return; // plain text pastes into the search box as usual
  event.preventDefault();
  void usePhoto(image);
});

window.addEventListener('popstate', () => {
  state = readState(location.search);
  photo = state.photo ? (recalledPhoto() ?? photo) : undefined;
  syncControls();
  cursor = null;
  void search();
});

if (state.photo && !photo) state = { ...state, photo: false };
syncControls();
void search();
