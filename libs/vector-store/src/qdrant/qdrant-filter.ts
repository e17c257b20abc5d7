import type { Schemas } from '@qdrant/js-client-rest';
import {
  RANGE_BOUNDS,
  isCondition,
  isMatchAny,
  isRange,
  type Clause,
  type Filter,
} from '../vector-filter.js';

type QdrantFilter = Schemas['Filter'];
type QdrantCondition = Schemas['Condition'];

/** Our filter is Qdrant's shape already; this only spells ranges and drops empty lists. */
export function toQdrantFilter(filter: Filter | undefined): QdrantFilter | undefined {
  if (!filter) return undefined;
  const out: QdrantFilter = {};
  const convert = (list?: Clause[]) => (list && list.length > 0 ? list.map(toQdrantCondition) : undefined);
  const must = convert(filter.must);
  const should = convert(filter.should);
  const mustNot = convert(filter.must_not);
  if (must) out.must = must;
  if (should) out.should = should;
  if (mustNot) out.must_not = mustNot;
  return out;
}

function toQdrantCondition(clause: Clause): QdrantCondition {
  if (!isCondition(clause)) return toQdrantFilter(clause) ?? {};
  if (isRange(clause)) {
    const range: Record<string, number | string> = {};
    for (const bound of RANGE_BOUNDS) {
      const value = (clause.range as Record<string, number | string | Date | undefined>)[bound];
      // Qdrant takes a range with RFC 3339 strings as a datetime range.
      if (value !== undefined) range[bound] = value instanceof Date ? value.toISOString() : value;
    }
    return { key: clause.key, range };
  }
  if (isMatchAny(clause)) return { key: clause.key, match: { any: [...clause.match.any] as string[] } };
  return { key: clause.key, match: { value: clause.match.value } };
}
