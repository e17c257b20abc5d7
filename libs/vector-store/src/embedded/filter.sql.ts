import {
  RANGE_BOUNDS,
  isCondition,
  isMatchAny,
  isRange,
  type Condition,
  type Filter,
} from '../vector-filter.js';
import { VectorStoreErrors } from '../vector-store.errors.js';
import type { PayloadIndexType } from '../vector-store.types.js';
import { indexable } from './payload-values.js';

export interface SqlFragment {
  sql: string;
  params: (string | number)[];
}

const OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * Translates a filter into a boolean SQL expression over `p.key` (the point's
 * key in `points p`). Each condition becomes a key lookup in payload_values,
 * so arrays match on any element and a missing field matches nothing.
 */
export function filterToSql(
  filter: Filter | undefined,
  indexes: Record<string, PayloadIndexType>,
): SqlFragment {
  if (!filter) return { sql: '1', params: [] };
  const parts: SqlFragment[] = [];
  const clauses = (list: Filter['must']) =>
    (list ?? []).map((c) => (isCondition(c) ? conditionToSql(c, indexes) : filterToSql(c, indexes)));
  const must = clauses(filter.must);
  const should = clauses(filter.should);
  const mustNot = clauses(filter.must_not);
  parts.push(...must);
  if (should.length > 0) parts.push(join(should, ' OR '));
  for (const m of mustNot) parts.push({ sql: `NOT (${m.sql})`, params: m.params });
  return parts.length === 0 ? { sql: '1', params: [] } : join(parts, ' AND ');
}

function join(parts: SqlFragment[], op: string): SqlFragment {
  return { sql: `(${parts.map((p) => p.sql).join(op)})`, params: parts.flatMap((p) => p.params) };
}

function conditionToSql(condition: Condition, indexes: Record<string, PayloadIndexType>): SqlFragment {
  const type = indexes[condition.key];
  if (type === undefined)
    throw VectorStoreErrors.invalidInput(`filter field "${condition.key}" has no payload index`);
  const lookup = (where: string, params: (string | number)[]): SqlFragment => ({
    sql: `p.key IN (SELECT key FROM payload_values WHERE field = ? AND ${where})`,
    params: [condition.key, ...params],
  });
  if (isRange(condition)) {
    if (type === 'keyword' || type === 'bool') throw wrongType(condition.key, type, 'range');
    const where: string[] = [];
    const params: (string | number)[] = [];
    for (const bound of RANGE_BOUNDS) {
      const value = (condition.range as Record<string, unknown>)[bound];
      if (value === undefined) continue;
      where.push(`num ${OPERATORS[bound]} ?`);
      params.push(comparable(condition.key, type, value));
    }
    return where.length === 0 ? lookup('num IS NOT NULL', []) : lookup(where.join(' AND '), params);
  }
  const column = type === 'keyword' ? 'txt' : 'num';
  const values = isMatchAny(condition) ? [...condition.match.any] : [condition.match.value];
  const params = values.map((v) => comparable(condition.key, type, v));
  if (params.length === 0) return { sql: '0', params: [] };
  return lookup(`${column} IN (${params.map(() => '?').join(', ')})`, params);
}

function comparable(key: string, type: PayloadIndexType, value: unknown): string | number {
  const v = indexable(type, value);
  if (!v) throw wrongType(key, type, JSON.stringify(value));
  return 'num' in v ? v.num : v.txt;
}

function wrongType(key: string, type: PayloadIndexType, what: string) {
  return VectorStoreErrors.invalidInput(`filter field "${key}" is indexed as ${type}; cannot use ${what}`);
}
