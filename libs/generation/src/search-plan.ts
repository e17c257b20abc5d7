import type { ProductFilters } from '#contracts';

/** What the model plans for a shopper's request: the search to run. */
export interface SearchPlan {
  query: string;
  filters: ProductFilters;
  /** Something the shopper does not want ("not this colour"); null when nothing. */
  negative: string | null;
}

export interface PlanVocabulary {
  categories: readonly string[];
  colours: readonly string[];
}

/**
 * The model's plan, read as leniently as is safe: `model` when it was valid
 * as written, `repaired` when it needed mending (a cut-off object, an unknown
 * category, a stray field), or the problems when nothing usable was left.
 */
export type PlanReading =
  { plan: SearchPlan; source: 'model' | 'repaired'; repairs: string[] } | { plan: null; problems: string[] };

const MAX_QUERY = 200;

export function readSearchPlan(text: string, vocabulary: PlanVocabulary): PlanReading {
  const repairs: string[] = [];
  const raw = parseObject(text, repairs);
  if (!raw) return { plan: null, problems: ['no JSON object in the output'] };
  const problems: string[] = [];
  for (const key of Object.keys(raw)) {
    if (!['query', 'filters', 'negative'].includes(key)) repairs.push(`dropped unknown field ${key}`);
  }
  const query = typeof raw.query === 'string' ? raw.query.trim().slice(0, MAX_QUERY) : '';
  if (raw.query !== undefined && typeof raw.query !== 'string') problems.push('query is not a string');
  let negative: string | null = null;
  if (typeof raw.negative === 'string' && raw.negative.trim())
    negative = raw.negative.trim().slice(0, MAX_QUERY);
  else if (raw.negative !== undefined && raw.negative !== null && raw.negative !== '') {
    repairs.push('dropped a negative that is not a string');
  }
  const filters = readFilters(raw.filters, vocabulary, repairs);
  if (problems.length > 0) return { plan: null, problems };
  if (!query && Object.keys(filters).length === 0) {
    return { plan: null, problems: ['the plan has neither a query nor a filter'] };
  }
  return { plan: { query, filters, negative }, source: repairs.length ? 'repaired' : 'model', repairs };
}

function readFilters(value: unknown, vocabulary: PlanVocabulary, repairs: string[]): ProductFilters {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    repairs.push('dropped filters that are not an object');
    return {};
  }
  const input = value as Record<string, unknown>;
  const filters: ProductFilters = {};
  const list = (key: 'category' | 'colour', allowed: readonly string[]) => {
    if (input[key] === undefined) return;
    const values = (Array.isArray(input[key]) ? input[key] : [input[key]]) as unknown[];
    const known = values.filter((v): v is string => typeof v === 'string' && allowed.includes(v));
    if (known.length !== values.length) repairs.push(`dropped unknown ${key} values`);
    if (known.length > 0) filters[key] = [...new Set(known)];
  };
  list('category', vocabulary.categories);
  list('colour', vocabulary.colours);
  if (input.brand !== undefined) {
    const values = (Array.isArray(input.brand) ? input.brand : [input.brand]) as unknown[];
    const names = values.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 100);
    if (names.length !== values.length) repairs.push('dropped invalid brand values');
    if (names.length > 0) filters.brand = [...new Set(names)];
  }
  const range = (key: 'price' | 'rating', max: number) => {
    const r = input[key];
    if (r === undefined) return;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      repairs.push(`dropped a ${key} that is not a range`);
      return;
    }
    const bounds: { gte?: number; lte?: number } = {};
    for (const [bound, v] of Object.entries(r as Record<string, unknown>)) {
      if (
        (bound === 'gte' || (bound === 'lte' && key === 'price')) &&
        typeof v === 'number' &&
        v >= 0 &&
        v <= max
      ) {
        bounds[bound] = v;
      } else repairs.push(`dropped ${key}.${bound}`);
    }
    if (bounds.gte !== undefined && bounds.lte !== undefined && bounds.gte > bounds.lte) {
      repairs.push(`dropped an empty ${key} range`);
      return;
    }
    if (Object.keys(bounds).length > 0) filters[key] = bounds;
  };
  range('price', 1_000_000);
  range('rating', 5);
  if (input.in_stock !== undefined) {
    if (typeof input.in_stock === 'boolean') filters.in_stock = input.in_stock;
    else repairs.push('dropped an in_stock that is not true or false');
  }
  for (const key of Object.keys(input)) {
    if (!['category', 'colour', 'brand', 'price', 'rating', 'in_stock'].includes(key)) {
      repairs.push(`dropped unknown filter ${key}`);
    }
  }
  return filters;
}

/** The first JSON object in the text; closes one that generation cut off. */
function parseObject(text: string, repairs: string[]): Record<string, unknown> | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  // Scan for the object's end, noting each comma outside strings with the brackets open there:
  // a cut-off object is closed at the last comma that leaves valid JSON.
  const stack: string[] = [];
  const cuts: { at: number; closers: string }[] = [];
  let inString = false;
  let escaped = false;
  let end = -1;
  for (let i = start; i < text.length && end < 0; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') stack.push(c === '{' ? '}' : ']');
    else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length === 0) end = i;
    } else if (c === ',') cuts.push({ at: i, closers: [...stack].reverse().join('') });
  }
  const candidates =
    end >= 0
      ? [text.slice(start, end + 1)]
      : cuts.reverse().map((cut) => text.slice(start, cut.at) + cut.closers);
  for (const candidate of candidates) {
    for (const attempt of [candidate, candidate.replace(/,\s*([}\]])/g, '$1')]) {
      try {
        const value = JSON.parse(attempt) as unknown;
        if (end < 0) repairs.push('closed an object cut off by the token limit');
        else if (attempt !== candidate) repairs.push('removed trailing commas');
        return typeof value === 'object' && value !== null && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : undefined;
      } catch {
        /* try the next repair */
      }
    }
  }
  return undefined;
}
