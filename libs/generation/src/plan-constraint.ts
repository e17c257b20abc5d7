import type { Vocabulary } from '#demo-catalog';
import type { PlanConstraint } from './output-grammar.js';
import type { SeenProduct } from './shop-prompts.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** English words match whole (so "tee" is not found in "guarantee"); Chinese ones anywhere. */
function mentions(text: string, word: string): boolean {
  if (/\p{Script=Han}/u.test(word)) return text.includes(word);
  return new RegExp(`(^|[^\\p{L}])${escape(word.toLowerCase())}($|[^\\p{L}])`, 'u').test(text);
}

/**
 * The values a plan for this request may use (see PlanConstraint): what the
 * seen product is and what the shopper's words name (categories and colours
 * through their synonyms, brands by name, prices as written, the seen price
 * rounded down for "cheaper"). When neither names a category (or colour),
 * every one is allowed, so a request the vocabulary does not anticipate
 * still gets a plan.
 */
export function planConstraint(
  instruction: string,
  seen: SeenProduct | undefined,
  vocab: Vocabulary,
): PlanConstraint {
  const text = instruction.toLowerCase();
  const named = <T extends { id: string; en: string }>(
    items: T[],
    words: (item: T) => string[],
    seenId?: string,
  ) => {
    const hits = items.filter((item) => item.id === seenId || words(item).some((w) => mentions(text, w)));
    // The query's word for a term is its English name, lower-cased: "red t-shirt", "ankle boots".
    return (hits.length > 0 ? hits : items).map((item) => ({ id: item.id, word: item.en.toLowerCase() }));
  };
  const categories = named(
    vocab.categories,
    (c) => [c.en, ...c.en_synonyms, c.zh, ...c.zh_synonyms],
    seen?.category,
  );
  const colours = named(
    vocab.colours,
    // Shoppers drop the 色 of a Chinese colour ("要红的").
    (c) => [c.en, ...(c.en_synonyms ?? []), c.zh, c.zh.replace(/色$/, '')],
    seen?.colour,
  );
  const brands = vocab.brands.filter((b) => b === seen?.brand || mentions(text, b));
  if (seen && !brands.includes(seen.brand)) brands.push(seen.brand);
  const numbers = [...instruction.matchAll(/\d+(?:\.\d+)?/g)].map((m) => String(Number(m[0])));
  if (seen) numbers.push(String(Math.floor(seen.price)));
  return { kind: 'plan', categories, colours, brands, numbers: [...new Set(numbers)] };
}
