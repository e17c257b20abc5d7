import { pick, seededRandom } from './rng.js';
import type { CategoryVocab, ColourVocab, Vocabulary } from './vocabulary.js';

/** A demo product as the catalog generator writes it (one JSONL line). */
export interface DemoProduct {
  id: string;
  source: { dataset: 'fashion-mnist'; split: 'train' | 'test'; index: number };
  category: string;
  colour: string;
  brand: string;
  price: number;
  currency: 'EUR';
  rating: number;
  stock: number;
  title: { en: string; zh: string };
  description: { en: string; zh: string };
  image: string;
}

const FEATURES: Record<string, { en: string; zh: string }[]> = {
  default: [
    { en: 'an easy-care finish', zh: '易于打理' },
    { en: 'durable stitching', zh: '做工耐用' },
    { en: 'a relaxed everyday fit', zh: '日常舒适版型' },
    { en: 'a soft feel', zh: '手感柔软' },
  ],
  sandal: [{ en: 'a cushioned footbed', zh: '缓震鞋垫' }],
  sneaker: [{ en: 'a grippy rubber sole', zh: '防滑橡胶鞋底' }],
  ankle_boot: [{ en: 'a side zip', zh: '侧边拉链' }],
  bag: [{ en: 'room for a laptop', zh: '可放笔记本电脑' }],
  coat: [{ en: 'a warm lining', zh: '保暖内衬' }],
};

/** Categories sold in pairs, with their plural noun. */
const PAIRS: Record<string, string> = {
  trousers: 'trousers',
  sandal: 'sandals',
  sneaker: 'sneakers',
  ankle_boot: 'ankle boots',
};

const titleCase = (s: string) =>
  s.replace(/(^|[\s-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());

function describe(category: CategoryVocab, colour: ColourVocab, brand: string, random: () => number) {
  const pool = [...FEATURES.default, ...(FEATURES[category.id] ?? [])];
  const first = pick(random, pool);
  const second = pick(
    random,
    pool.filter((f) => f !== first),
  );
  const pair = PAIRS[category.id];
  const thing = pair ? `pair of ${colour.en} ${pair}` : `${colour.en} ${category.en}`;
  const article = /^[aeiou]/i.test(thing) ? 'An' : 'A';
  return {
    en: `${article} ${thing} from ${brand}, with ${first.en} and ${second.en}.`,
    zh: `${brand}${colour.zh}${category.zh}，${first.zh}，${second.zh}。`,
  };
}

/**
 * Turns one Fashion-MNIST image into a product. Each product's random stream
 * is seeded by (seed, split, index) alone, so a product is the same whatever
 * the size of the catalog it is built in.
 */
export function makeProduct(
  vocab: Vocabulary,
  split: 'train' | 'test',
  index: number,
  label: number,
  seed: number,
): DemoProduct {
  const random = seededRandom(seed * 1_000_003 + (split === 'train' ? 0 : 500_000) + index);
  const category = vocab.categories.find((c) => c.label === label);
  if (!category) throw new Error(`no category for Fashion-MNIST label ${label}`);
  const colour = pick(random, vocab.colours);
  const brand = pick(random, vocab.brands);
  const [low, high] = category.price;
  const price = Math.floor(low + random() * (high - low)) + 0.99;
  const rating = Math.round((3 + 2 * Math.sqrt(random())) * 10) / 10;
  const stock = random() < 0.1 ? 0 : 1 + Math.floor(random() * 200);
  const id = `${split === 'train' ? 'fm' : 'fmt'}-${String(index).padStart(5, '0')}`;
  return {
    id,
    source: { dataset: 'fashion-mnist', split, index },
    category: category.id,
    colour: colour.id,
    brand,
    price,
    currency: 'EUR',
    rating,
    stock,
    title: {
      en: titleCase(`${brand} ${colour.en} ${category.en}`),
      zh: `${brand} ${colour.zh}${category.zh}`,
    },
    description: describe(category, colour, brand, random),
    image: `images/${id}.webp`,
  };
}
