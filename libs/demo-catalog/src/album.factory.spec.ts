import { albumIndices, ALBUM_PHOTO_SIZE, makeAlbumPhoto } from './album.factory.js';
import { readFashionMnist } from './fashion-mnist.reader.js';
import { dominantHue, hueDistance, rgbHue } from './photo-stats.js';
import { vocabulary } from './vocabulary.js';

describe(makeAlbumPhoto.name, () => {
  const vocab = vocabulary();
  const data = readFashionMnist('test');
  const sut = (index: number, seed = 42) =>
    makeAlbumPhoto(vocab, 'test', index, data.image(index), data.label(index), seed);

  it('is deterministic per (seed, split, index)', () => {
    expect(sut(3)).toEqual(sut(3));
    expect(sut(3).raw.pixels).not.toEqual(sut(3, 43).raw.pixels);
  });

  it('labels the category from Fashion-MNIST and the colour it dyed the garment', () => {
    const chromatic = new Set(['red', 'orange', 'yellow', 'green', 'blue', 'purple']);
    const photos = Array.from({ length: 120 }, (_v, index) => ({ index, ...sut(index) }));
    expect(new Set(photos.map((p) => p.photo.colour)).size).toBe(10);
    for (const { index, photo, raw } of photos) {
      expect(photo.category).toBe(vocab.categories[data.label(index)].id);
      expect(photo.source).toEqual({ dataset: 'fashion-mnist', split: 'test', index });
      expect(photo.file).toBe(`album/${photo.id}.webp`);
      expect(Date.parse(photo.taken_at)).toBeGreaterThanOrEqual(Date.UTC(2024, 0, 1));
      expect(raw.size).toBe(ALBUM_PHOTO_SIZE);
      expect(raw.pixels.length).toBe(ALBUM_PHOTO_SIZE * ALBUM_PHOTO_SIZE * 3);
      if (!chromatic.has(photo.colour)) continue;
      const rgb = vocab.colours.find((c) => c.id === photo.colour)!.rgb;
      const { hue, share } = dominantHue(raw.pixels);
      expect({ index, share: share > 0.03 }).toEqual({ index, share: true });
      expect({ index, close: hueDistance(hue, rgbHue(...rgb)) < 15 }).toEqual({ index, close: true });
    }
  });
});

describe(albumIndices.name, () => {
  it("leaves out the catalog's products while the split has enough other images", () => {
    const sut = albumIndices(100, 10, 60, 40, 42);
    expect(new Set(sut).size).toBe(40);
    expect(sut.every((i) => i < 10 || (i >= 60 && i < 100))).toBe(true);
  });

  it('falls back to product images only for the remainder, and is prefix-stable', () => {
    const sut = albumIndices(100, 0, 90, 30, 42);
    expect(new Set(sut).size).toBe(30);
    expect(sut.filter((i) => i >= 90)).toHaveLength(10);
    expect(albumIndices(100, 0, 90, 12, 42)).toEqual(sut.slice(0, 12));
    expect(() => albumIndices(100, 0, 90, 101, 42)).toThrow(/album of 101 photos/);
  });
});
