import type { CitationConstraint } from './output-grammar.js';

/**
 * The user turns the shoplens-vlm was trained on (ml/vlm: describe.py,
 * plans.py, grounded.py): the app must ask in the same words and layout.
 */
export type Lang = 'en' | 'zh';

export const describePrompt = (lang: Lang): string =>
  lang === 'zh' ? '描述这个商品。' : 'Describe this product.';

/** What the app knows of the photo: its nearest catalog product. */
export interface SeenProduct {
  brand: string;
  colour: string;
  category: string;
  /** The catalog's English title, e.g. "Halcyon Red Dress". */
  title: string;
  price: number;
}

const price = (value: number) => value.toFixed(2);

/** Request planning: the nearest match as context, then the shopper's words. */
export const planPrompt = (instruction: string, seen: SeenProduct): string =>
  `Seen: ${seen.title}, ${price(seen.price)} EUR\n${instruction.trim()}`;

export interface ListedProduct {
  id: string;
  title: string;
  price: number;
  /** The colour's name in the answer's language. */
  colour: string;
}

/** A grounded answer: the retrieved products, one per line, then the question. */
export const answerPrompt = (question: string, products: ListedProduct[], lang: Lang): string =>
  `${lang === 'zh' ? '商品：' : 'Products:'}\n${products
    .map((p) => `[${p.id}] ${p.title}, ${price(p.price)} EUR, ${p.colour}`)
    .join('\n')}\n${question.trim()}`;

/** An answer over `products` may cite only them, with their titles and prices, and the question's numbers. */
export const citationConstraint = (products: ListedProduct[], question: string): CitationConstraint => ({
  kind: 'citations',
  products: products.map((p) => ({ id: p.id, title: p.title, price: price(p.price) })),
  numbers: [...new Set([...question.matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]))],
});

/** A describe answer's two lines: the title, then one sentence. */
export function readDescription(text: string): { title: string; description: string } {
  const [title = '', ...rest] = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return { title, description: rest.join(' ') };
}

/** The product ids an answer cites, in order, once each. */
export const citedIds = (text: string): string[] => [
  ...new Set([...text.matchAll(/\[([^\]\s]{1,64})\]/g)].map((m) => m[1])),
];
