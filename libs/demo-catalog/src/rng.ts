const { PI, cos, floor, imul, log, sqrt } = Math; // hoisted: global lookups are slow in Jest's vm context

/** mulberry32: a small, fast, seedable PRNG; the same seed gives the same catalog everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[floor(random() * items.length)];

/**
 * A 32-bit seed for a named stream (FNV-1a over "seed:key"), so reviews,
 * album photos and products draw from independent streams of one catalog seed.
 */
export function streamSeed(seed: number, key: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(`${seed}:${key}`, 'utf8')) {
    hash = imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}

/** A standard normal draw (Box–Muller), using two uniform draws. */
export function gaussian(random: () => number): number {
  const u = 1 - random();
  return sqrt(-2 * log(u)) * cos(2 * PI * random());
}

/** A uniform draw in [low, high). */
export const between = (random: () => number, low: number, high: number): number =>
  low + random() * (high - low);
