import { qdrantPointId } from './qdrant-point-id.js';

describe(qdrantPointId.name, () => {
  it('maps a string id to the same version-5 UUID every time', () => {
    const sut = qdrantPointId('listing-42');
    expect(sut).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(qdrantPointId('listing-42')).toBe(sut);
  });

  it('gives different ids different UUIDs', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `p-${i}`);
    expect(new Set(ids.map(qdrantPointId)).size).toBe(ids.length);
    expect(qdrantPointId('a')).not.toBe(qdrantPointId('A'));
  });
});
