// The filter panel: one fieldset of checkboxes per facet (category, colour,
// brand) with the counts the search returned, a price radio group, a rating
// and an in-stock checkbox. The panel is rebuilt after every search; the
// control that had focus gets it back, so keyboard users keep their place.
/* global document, FormData */
import { el, formatPrice, humanise } from './shared.js';

export const LIST_FACETS = [
  ['category', 'Category'],
  ['colour', 'Colour'],
  ['brand', 'Brand'],
];
const MAX_VALUES = 12;

function listFieldset(name, legend, counts, selected) {
  const values = Object.entries(counts ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = values.slice(0, MAX_VALUES);
  // A ticked value stays visible (count 0) even when no result has it any more.
  for (const value of selected)
    if (!shown.some(([v]) => v === value)) shown.push([value, counts?.[value] ?? 0]);
  if (shown.length === 0) return null;
  return el(
    'fieldset',
    { class: 'facet', 'data-facet': name },
    el('legend', {}, legend),
    shown.map(([value, count]) => {
      const id = `facet-${name}-${value}`.replace(/[^A-Za-z0-9_-]/g, '_');
      return el(
        'div',
        { class: 'facet-option' },
        el('input', { type: 'checkbox', id, name, value, checked: selected.includes(value) }),
        el(
          'label',
          { for: id },
          name === 'brand' ? value : humanise(value),
          ' ',
          el('span', { class: 'count', 'data-count': count }, `(${count})`),
        ),
      );
    }),
  );
}

const priceValue = (gte, lte) => `${gte ?? ''}-${lte ?? ''}`;

function priceFieldset(buckets, state, currency) {
  if (!buckets?.length && state.price_gte === undefined && state.price_lte === undefined) return null;
  const current = priceValue(state.price_gte, state.price_lte);
  const options = [{ value: '-', label: 'Any price' }];
  for (const bucket of buckets ?? []) {
    // Buckets are [gte, lt); prices have cents, so lt - 0.01 is the inclusive upper bound the API takes.
    const lte =
      bucket.lt === null || bucket.lt === undefined ? undefined : Math.round(bucket.lt * 100 - 1) / 100;
    const from = formatPrice(bucket.gte ?? 0, currency, 'en', { whole: true });
    const label =
      lte === undefined
        ? `${from} and up`
        : `${from} – ${formatPrice(bucket.lt, currency, 'en', { whole: true })}`;
    options.push({ value: priceValue(bucket.gte, lte), label, count: bucket.count });
  }
  if (!options.some((o) => o.value === current)) options.push({ value: current, label: 'Your price range' });
  return el(
    'fieldset',
    { class: 'facet', 'data-facet': 'price' },
    el('legend', {}, 'Price'),
    options.map((option, i) => {
      const id = `facet-price-${i}`;
      return el(
        'div',
        { class: 'facet-option' },
        el('input', {
          type: 'radio',
          id,
          name: 'price',
          value: option.value,
          checked: option.value === current,
        }),
        el(
          'label',
          { for: id },
          option.label,
          option.count === undefined ? null : el('span', { class: 'count' }, ` (${option.count})`),
        ),
      );
    }),
  );
}

const checkboxFieldset = (legend, name, label, checked) =>
  el(
    'fieldset',
    { class: 'facet', 'data-facet': name },
    el('legend', {}, legend),
    el(
      'div',
      { class: 'facet-option' },
      el('input', { type: 'checkbox', id: `facet-${name}`, name, value: 'on', checked }),
      el('label', { for: `facet-${name}` }, label),
    ),
  );

export function renderFacets(form, facets, state, currency) {
  const active = document.activeElement;
  const focused = form.contains(active) ? { name: active.name, value: active.value } : undefined;
  const fieldsets = [
    ...LIST_FACETS.map(([name, legend]) => listFieldset(name, legend, facets?.[name], state[name])),
    priceFieldset(facets?.price, state, currency),
    checkboxFieldset('Customer rating', 'rating_gte', '4 stars and up', state.rating_gte === 4),
    checkboxFieldset('Availability', 'in_stock', 'In stock only', state.in_stock),
  ].filter(Boolean);
  form.replaceChildren(...fieldsets);
  if (focused) {
    const again = [...form.elements].find((e) => e.name === focused.name && e.value === focused.value);
    again?.focus();
  }
}

const number = (text) => (text === '' || text === undefined ? undefined : Number(text));

/** The filters the panel's controls say, in the page state's shape. */
export function readFacets(form) {
  const data = new FormData(form);
  const [gte, lte] = String(data.get('price') ?? '-').split('-');
  return {
    ...Object.fromEntries(LIST_FACETS.map(([name]) => [name, data.getAll(name).map(String)])),
    price_gte: number(gte),
    price_lte: number(lte),
    rating_gte: data.get('rating_gte') ? 4 : undefined,
    in_stock: data.get('in_stock') === 'on',
  };
}
