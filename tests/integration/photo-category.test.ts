import {
  pick,
  readFashionMnist,
  renderProductImage,
  repoRoot,
  seededRandom,
  vocabulary,
} from '#demo-catalog';
import { ImageClassifier, ImageDecoder } from '#embedding';

/** Photos of held-out test-split garments in random catalog colours, as a shopper's product photo. */
async function testPhotos(count: number, seed: number) {
  const vocab = vocabulary();
  const test = readFashionMnist('test');
  const random = seededRandom(seed);
  const photos: { bytes: Buffer; category: string }[] = [];
  for (let i = 0; i < count; i++) {
    const index = Math.floor(random() * test.count);
    const colour = pick(random, vocab.colours);
    photos.push({
      bytes: await renderProductImage(test.image(index), colour.rgb, vocab),
      category: vocab.categories.find((c) => c.label === test.label(index))!.id,
    });
  }
  return photos;
}

describe('ImageClassifier with the real category-mini model files', () => {
  let sut: ImageClassifier;
  const decoder = new ImageDecoder({ maxBytes: 10 * 1024 * 1024, maxPixels: 40_000_000 });

  beforeAll(async () => {
    sut = await ImageClassifier.load('models/category-mini', repoRoot());
  });
  afterAll(async () => {
    await sut.dispose();
  });

  it('labels are the shop categories, and each photo gets probabilities that sum to 1, deterministically', async () => {
    expect([...sut.labels].sort()).toEqual(
      vocabulary()
        .categories.map((c) => c.id)
        .sort(),
    );
    expect(sut.vision.size).toBe(112);
    const [photo] = await testPhotos(1, 7);
    const image = await decoder.decode(photo.bytes, sut.vision);
    const [first, again] = await sut.classify([image, image]);
    expect([...first.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect([...again]).toEqual([...first]);
  });

  it('refuses a model path that holds no model, naming it', async () => {
    await expect(ImageClassifier.load('models/no-such-classifier', repoRoot())).rejects.toThrow(
      'models/no-such-classifier: no model folder with a config.json there',
    );
  });

  it('reads the category of held-out test-split product photos (0.918 of the whole split in PyTorch)', async () => {
    const photos = await testPhotos(300, 11);
    const images = await Promise.all(photos.map((p) => decoder.decode(p.bytes, sut.vision)));
    const classes = await sut.classify(images);
    const right = classes.filter((probabilities, i) => {
      const [best] = [...probabilities].sort((a, b) => b[1] - a[1]);
      return best[0] === photos[i].category;
    }).length;
    // 300 photos: a standard error of about 1.5 points around the split's figure.
    expect(right / photos.length).toBeGreaterThanOrEqual(0.88);
  });
});
