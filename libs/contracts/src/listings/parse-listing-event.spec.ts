import { InvalidMessageError } from '../message-validation.js';
import { parseListingEvent } from './parse-listing-event.js';

const valid = () => ({
  type: 'listing.upserted',
  schema: 1,
  id: 'fm-00001',
  version: 3,
  occurred_at: '2026-11-28T10:00:00.000Z',
  product: {
    title: { en: 'Red Dress', zh: '红色连衣裙' },
    description: { en: 'A red dress.', zh: '红色连衣裙。' },
    category: 'dress',
    colour: 'red',
    brand: 'Halcyon',
    price: 49.99,
    currency: 'EUR',
    rating: 4.5,
    stock: 3,
    images: [{ id: 1, position: 0, sha256: 'a'.repeat(64) }],
  },
});

const reasonOf = (value: string): string => {
  try {
    parseListingEvent(value);
  } catch (error) {
    if (error instanceof InvalidMessageError) return error.reason;
    throw error;
  }
  throw new Error('expected an InvalidMessageError');
};

describe(parseListingEvent.name, () => {
  it('accepts a valid upsert and a valid delete', () => {
    expect(parseListingEvent(JSON.stringify(valid())).product?.images[0].id).toBe(1);
    const deleted = { ...valid(), type: 'listing.deleted', product: undefined };
    expect(parseListingEvent(JSON.stringify(deleted)).type).toBe('listing.deleted');
  });

  it.each([
    ['not JSON', '{oops', 'value is not JSON'],
    ['an array', '[]', 'not a JSON object'],
    ['an unknown schema', JSON.stringify({ ...valid(), schema: 2 }), 'schema'],
    ['a missing version', JSON.stringify({ ...valid(), version: undefined }), 'version'],
    [
      'a bad nested price',
      JSON.stringify({ ...valid(), product: { ...valid().product, price: -1 } }),
      'product.price',
    ],
    ['an upsert without product', JSON.stringify({ ...valid(), product: undefined }), 'product: required'],
  ])('rejects %s, naming the reason', (_name, value, reason) => {
    expect(reasonOf(value)).toContain(reason);
  });

  it('names a deeply nested value as invalid instead of overflowing the stack', () => {
    const nested = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    expect(reasonOf(nested)).toMatch(/nested deeper than/);
    // Written as text: JSON.stringify itself overflows at this depth.
    const deepProduct = JSON.stringify({ ...valid(), product: { ...valid().product, brand: 'X' } }).replace(
      '"brand":"X"',
      `"brand":${nested}`,
    );
    expect(reasonOf(deepProduct)).toMatch(/nested deeper than/);
  });
});
