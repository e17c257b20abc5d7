import { vocabulary } from '#demo-catalog';

/**
 * One tokenizer for both languages and both databases. English words are
 * lower-cased and lightly singularised; Chinese has no spaces, so every run of
 * Han characters becomes its single characters plus its overlapping pairs
 * (红色连衣裙 → 红 色 连 衣 裙 红色 色连 连衣 衣裙). The databases then only
 * split on spaces, so SQLite FTS5 and PostgreSQL see the same terms.
 */
const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]+/gu;

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const [word] of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    let latin = '';
    let han = '';
    const flushLatin = () => {
      if (latin) tokens.push(singular(latin));
      latin = '';
    };
    const flushHan = () => {
      const chars = [...han];
      tokens.push(...chars);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
      han = '';
    };
    for (const ch of word) {
      if (HAN.test(ch)) {
        flushLatin();
        han += ch;
      } else {
        flushHan();
        latin += ch;
      }
    }
    flushLatin();
    flushHan();
  }
  return tokens;
}

/** dresses → dress, boots → boot, trousers → trouser; glass stays glass. */
function singular(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  if (/(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export interface TermSource {
  title: { en: string; zh: string };
  description: { en: string; zh: string };
  brand: string;
  category: string;
  colour: string;
}

/**
 * The terms a product is found by: its own text, plus the shop taxonomy's
 * names and shopper synonyms for its category and colour in both languages,
 * so "trainers" or "运动鞋" find sneakers whatever their title says.
 */
export function productTerms(p: TermSource): string {
  const words = [p.title.en, p.title.zh, p.description.en, p.description.zh, p.brand, ...taxonomyWords(p)];
  return tokenize(words.join(' ')).join(' ');
}

function taxonomyWords(p: Pick<TermSource, 'category' | 'colour'>): string[] {
  const vocab = vocabulary();
  const category = vocab.categories.find((c) => c.id === p.category);
  const colour = vocab.colours.find((c) => c.id === p.colour);
  return [
    p.category,
    p.colour,
    ...(category ? [category.en, category.zh, ...category.en_synonyms, ...category.zh_synonyms] : []),
    ...(colour ? [colour.en, colour.zh, ...(colour.en_synonyms ?? [])] : []),
  ];
}

/** Query terms, distinct, at most `max` (a longer query adds little and costs a lot). */
export function queryTerms(q: string, max = 48): string[] {
  return [...new Set(tokenize(q))].slice(0, max);
}
