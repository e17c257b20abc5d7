/**
 * The filter language of the vector store port: Qdrant's boolean shape
 * (must / should / must_not, nestable) over typed conditions, so both adapters
 * give the same answers. Semantics (as in Qdrant):
 * - a condition on an array field holds when any element satisfies it;
 * - a condition on a missing field is false (so must_not of it is true);
 * - `should` holds when at least one clause holds (an empty list is ignored);
 * - every field used in a filter must have a payload index of a fitting type.
 */
export type MatchValue = string | number | boolean;

export interface MatchCondition {
  key: string;
  match: { value: MatchValue };
}

export interface MatchAnyCondition {
  key: string;
  match: { any: string[] | number[] };
}

export interface NumberRange {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** Bounds are instants: a Date or an RFC 3339 string. */
export interface DatetimeRange {
  gt?: Date | string;
  gte?: Date | string;
  lt?: Date | string;
  lte?: Date | string;
}

export interface RangeCondition {
  key: string;
  range: NumberRange | DatetimeRange;
}

export type Condition = MatchCondition | MatchAnyCondition | RangeCondition;

export interface Filter {
  must?: Clause[];
  should?: Clause[];
  must_not?: Clause[];
}

export type Clause = Condition | Filter;

export const RANGE_BOUNDS = ['gt', 'gte', 'lt', 'lte'] as const;
export type RangeBound = (typeof RANGE_BOUNDS)[number];

export function isCondition(clause: Clause): clause is Condition {
  return 'key' in clause;
}

export function isMatchAny(condition: Condition): condition is MatchAnyCondition {
  return 'match' in condition && 'any' in condition.match;
}

export function isRange(condition: Condition): condition is RangeCondition {
  return 'range' in condition;
}

/** Every payload field a filter reads, for index checks. */
export function filterKeys(filter: Filter | undefined, into = new Set<string>()): Set<string> {
  for (const clause of [...(filter?.must ?? []), ...(filter?.should ?? []), ...(filter?.must_not ?? [])]) {
    if (isCondition(clause)) into.add(clause.key);
    else filterKeys(clause, into);
  }
  return into;
}
