/**
 * Grammars for constrained decoding. Each answers, for a piece of output
 * text, whether it is a viable prefix of something the grammar allows
 * (`partial`), a finished sentence of it (`complete`), or neither. The
 * decoder then only ever picks tokens that keep the output viable, so a plan
 * is valid JSON over known values by construction, and an answer cites only
 * the products it was given.
 */
export type Verdict = 'partial' | 'complete' | 'invalid';

export interface OutputGrammar {
  check(text: string): Verdict;
}

/** A category or colour a plan may name: its vocabulary id, and the English word its query uses. */
export interface PlanTerm {
  id: string;
  word: string;
}

/**
 * What a plan may contain for one request: the categories and colours the
 * request offers (the seen product's, and those the shopper's words name),
 * the brands and numbers it offers (the seen brand, brands named, prices as
 * written, the seen price rounded down for "cheaper"). The model chooses
 * among them instead of spelling them out, which is where a small model
 * slips. The query names the target as "<colour word> <category word>"
 * (or the category word alone); the category filter is that category, a
 * colour filter that colour: the plan language the search API expects.
 */
export interface PlanConstraint {
  kind: 'plan';
  categories: PlanTerm[];
  colours: PlanTerm[];
  brands: string[];
  /** Price bounds as written, e.g. "30", "42"; empty: no price filter possible. */
  numbers: string[];
}

/** A product an answer may cite, as the prompt listed it. */
export interface CitableProduct {
  id: string;
  /** The title as listed; a citation "[id]" must be followed by " <title>". */
  title: string;
  /** The price as listed, e.g. "19.99". */
  price: string;
}

/**
 * Free text in which every `[...]` is a listed product's id followed by its
 * title, and every number is the price of the product cited last or one of
 * `numbers` (those of the question): an answer cannot name a product, or a
 * price, that the search did not return.
 */
export interface CitationConstraint {
  kind: 'citations';
  products: CitableProduct[];
  numbers: string[];
}

export type OutputConstraint = PlanConstraint | CitationConstraint;

export function grammarFor(constraint: OutputConstraint): OutputGrammar {
  return constraint.kind === 'plan' ? new PlanGrammar(constraint) : new CitationGrammar(constraint);
}

/* ------------------------------------------------------------------------ */
/* A tiny prefix parser: a parser maps (text, position) to the positions    */
/* where it can end, plus PARTIAL when the text ran out inside it.          */

const PARTIAL = -1;
type Parser = (s: string, at: number) => number[];

const lit =
  (token: string): Parser =>
  (s, at) => {
    if (s.startsWith(token, at)) return [at + token.length];
    const rest = s.slice(at);
    return token.startsWith(rest) ? [PARTIAL] : [];
  };

const oneOf = (tokens: readonly string[]): Parser => {
  const parsers = [...new Set(tokens)].map(lit);
  return (s, at) => unique(parsers.flatMap((p) => p(s, at)));
};

const seq =
  (...parsers: Parser[]): Parser =>
  (s, at) => {
    let positions = [at];
    for (const p of parsers) {
      const next: number[] = [];
      for (const pos of positions) {
        if (pos === PARTIAL) next.push(PARTIAL);
        else next.push(...p(s, pos));
      }
      positions = unique(next);
      if (positions.length === 0) return [];
    }
    return positions;
  };

const alt =
  (...parsers: Parser[]): Parser =>
  (s, at) =>
    unique(parsers.flatMap((p) => p(s, at)));

const unique = (xs: number[]) => [...new Set(xs)];

const quoted = (values: readonly string[]) => oneOf(values.map((v) => JSON.stringify(v)));

/** `[v(,v)*]` over the allowed values. */
const list = (values: readonly string[]): Parser => {
  const item = quoted(values);
  const tail: Parser = (s, at) => alt(lit(']'), seq(lit(','), item, tail))(s, at);
  return seq(lit('['), item, tail);
};

/* ------------------------------------------------------------------------ */

/**
 * `{"query":"…","filters":{…},"negative":null|"…"}` as the plan reader
 * accepts it: each filter at most once, in any order, consistent with the
 * query's category and colour.
 */
class PlanGrammar implements OutputGrammar {
  private readonly root: Parser;

  constructor(c: PlanConstraint) {
    const number = oneOf(c.numbers);
    const bound = (name: 'gte' | 'lte') => seq(lit(`"${name}":`), number);
    const shared: Record<'brand' | 'price' | 'in_stock', Parser | undefined> = {
      brand: c.brands.length ? seq(lit('"brand":'), list(c.brands)) : undefined,
      price: c.numbers.length
        ? seq(
            lit('"price":{'),
            alt(seq(bound('gte'), alt(lit(''), seq(lit(','), bound('lte')))), bound('lte')),
            lit('}'),
          )
        : undefined,
      in_stock: seq(lit('"in_stock":'), oneOf(['true', 'false'])),
    };
    const negative = alt(lit('null'), quoted(c.colours.map((k) => k.word)));
    const plans: Parser[] = [];
    for (const category of c.categories) {
      for (const colour of [undefined, ...c.colours]) {
        const query = colour ? `${colour.word} ${category.word}` : category.word;
        const entries = {
          category: seq(lit('"category":'), list([category.id])),
          colour: colour ? seq(lit('"colour":'), list([colour.id])) : undefined,
          ...shared,
        };
        plans.push(
          seq(
            lit(`{"query":${JSON.stringify(query)},"filters":{`),
            filtersIn(entries, []),
            lit(',"negative":'),
            negative,
            lit('}'),
          ),
        );
      }
    }
    this.root = alt(...plans);
  }

  check(text: string): Verdict {
    const ends = this.root(text, 0);
    if (ends.includes(text.length)) return 'complete';
    return ends.includes(PARTIAL) ? 'partial' : 'invalid';
  }
}

/** The filters object's body: entries in any order, each once; the set used so far is the parser's state. */
function filtersIn(entries: Record<string, Parser | undefined>, used: string[]): Parser {
  const next = Object.keys(entries).filter((k) => entries[k] && !used.includes(k));
  const more = (k: string) =>
    seq(
      entries[k]!,
      alt(lit('}'), (s, at) => seq(lit(','), filtersIn(entries, [...used, k]))(s, at)),
    );
  const options = next.map(more);
  return used.length === 0 ? alt(lit('}'), ...options) : alt(...options);
}

/**
 * Prose with citations (see CitationConstraint). An answer is complete at
 * any point where no bracket, title or number is unfinished.
 */
class CitationGrammar implements OutputGrammar {
  private readonly byId: Map<string, CitableProduct>;

  constructor(private readonly c: CitationConstraint) {
    this.byId = new Map(c.products.map((p) => [p.id, p]));
  }

  check(text: string): Verdict {
    let last: CitableProduct | undefined;
    let i = 0;
    while (i < text.length) {
      const ch = text[i];
      if (ch === ']') return 'invalid';
      if (ch === '[') {
        const close = text.indexOf(']', i);
        const inside = text.slice(i + 1, close < 0 ? undefined : close);
        if (close < 0) return this.c.products.some((p) => p.id.startsWith(inside)) ? 'partial' : 'invalid';
        last = this.byId.get(inside);
        if (!last) return 'invalid';
        const title = ` ${last.title}`;
        const after = text.slice(close + 1, close + 1 + title.length);
        if (after !== title.slice(0, after.length)) return 'invalid';
        if (after.length < title.length) return 'partial';
        i = close + 1 + title.length;
      } else if (/\d/.test(ch)) {
        const number = /^\d+(?:\.\d*)?/.exec(text.slice(i))![0];
        const allowed = [...this.c.numbers, ...(last ? [last.price] : [])];
        const end = i + number.length;
        // "… under 20." : a sentence's full stop is not the number's.
        const value = number.endsWith('.') ? number.slice(0, -1) : number;
        if (!allowed.includes(value)) {
          return end === text.length && allowed.some((n) => n.startsWith(number)) ? 'partial' : 'invalid';
        }
        i = end;
      } else i++;
    }
    return 'complete';
  }
}
