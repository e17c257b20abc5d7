import type { Clause, Condition, Filter, Payload } from '#vector-store';

/**
 * The oracle for the contract suite: Qdrant's filter semantics written
 * plainly over payload objects (arrays match on any element, a missing field
 * matches nothing), and exact cosine top-k by brute force.
 */
export function matchesFilter(payload: Payload, filter: Filter | undefined): boolean {
  if (!filter) return true;
  const holds = (c: Clause) => ('key' in c ? matchesCondition(payload, c) : matchesFilter(payload, c));
  if (!(filter.must ?? []).every(holds)) return false;
  if ((filter.should ?? []).length > 0 && !(filter.should ?? []).some(holds)) return false;
  return !(filter.must_not ?? []).some(holds);
}

function matchesCondition(payload: Payload, condition: Condition): boolean {
  const raw = payload[condition.key];
  const values = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  return values.some((value: unknown) => {
    if ('range' in condition) {
      const n = typeof value === 'number' ? value : Date.parse(String(value));
      const bound = (b: number | string | Date | undefined) =>
        b === undefined ? undefined : typeof b === 'number' ? b : new Date(b).getTime();
      const r = condition.range;
      const [gt, gte, lt, lte] = [bound(r.gt), bound(r.gte), bound(r.lt), bound(r.lte)];
      return (
        (gt === undefined || n > gt) &&
        (gte === undefined || n >= gte) &&
        (lt === undefined || n < lt) &&
        (lte === undefined || n <= lte)
      );
    }
    if ('any' in condition.match) return (condition.match.any as unknown[]).includes(value);
    return value === condition.match.value;
  });
}

export interface ReferencePoint {
  id: string;
  vector: Float32Array;
  payload: Payload;
}

export function exactTopK(
  points: ReferencePoint[],
  query: Float32Array,
  k: number,
  filter?: Filter,
): string[] {
  const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const q = norm(query);
  return points
    .filter((p) => matchesFilter(p.payload, filter))
    .map((p) => ({
      id: p.id,
      score: p.vector.reduce((s, x, i) => s + x * query[i], 0) / (norm(p.vector) * q),
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map((s) => s.id);
}

/** A seeded generator (the demo catalog's), so a failing run can be replayed. */
export { seededRandom } from '#demo-catalog';

export function randomVector(rand: () => number, dim: number): Float32Array {
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) v[i] = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return v;
}
