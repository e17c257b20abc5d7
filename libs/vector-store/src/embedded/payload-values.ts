import type { Payload, PayloadIndexType } from '../vector-store.types.js';

export interface IndexedValue {
  field: string;
  num: number | null;
  txt: string | null;
}

/** Reads a dotted path (`brand.name`) as Qdrant does. */
export function valueAt(payload: Payload, path: string): unknown {
  let current: unknown = payload;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * The comparable form of one payload value under an index type; undefined for
 * a value of another type, which (as in Qdrant) is simply not indexed.
 */
export function indexable(
  type: PayloadIndexType,
  value: unknown,
): { num: number } | { txt: string } | undefined {
  switch (type) {
    case 'keyword':
      return typeof value === 'string' ? { txt: value } : undefined;
    case 'integer':
      return Number.isInteger(value) ? { num: value as number } : undefined;
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? { num: value } : undefined;
    case 'bool':
      return typeof value === 'boolean' ? { num: value ? 1 : 0 } : undefined;
    case 'datetime': {
      const ms =
        value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isFinite(ms) ? { num: ms } : undefined;
    }
  }
}

export function indexedValues(payload: Payload, indexes: Record<string, PayloadIndexType>): IndexedValue[] {
  const rows: IndexedValue[] = [];
  for (const [field, type] of Object.entries(indexes)) {
    const raw = valueAt(payload, field);
    for (const element of Array.isArray(raw) ? raw : [raw]) {
      const v = indexable(type, element);
      if (v) rows.push({ field, num: 'num' in v ? v.num : null, txt: 'txt' in v ? v.txt : null });
    }
  }
  return rows;
}
