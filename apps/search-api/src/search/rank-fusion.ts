/**
 * Reciprocal rank fusion (Cormack et al., 2009): an item's fused score is
 * Σ weight / (K + rank) over the ranked lists it appears in. Ranks, not raw
 * scores, are fused, so cosine similarities and BM25 need no common scale.
 */
export const RRF_K = 60;

export interface RankedList {
  weight: number;
  /** Best first. */
  ids: string[];
}

export function reciprocalRankFusion(lists: RankedList[]): Map<string, number> {
  const fused = new Map<string, number>();
  for (const list of lists) {
    if (list.weight <= 0) continue;
    list.ids.forEach((id, rank) => {
      fused.set(id, (fused.get(id) ?? 0) + list.weight / (RRF_K + rank + 1));
    });
  }
  return fused;
}

/**
 * The penalty for resembling the `negative` text: the candidates, ranked by
 * similarity to it, take an RRF-shaped deduction of weight·(1/(K+rank) − 1/(K+n)),
 * so the least similar lose nothing and, over a few hundred candidates at
 * weight 2, the closest lose more than a first place in one list gives.
 */
export function negativePenalties(similarityById: Map<string, number>, weight: number): Map<string, number> {
  const ranked = [...similarityById].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const floor = 1 / (RRF_K + ranked.length);
  return new Map(ranked.map(([id], rank) => [id, weight * (1 / (RRF_K + rank + 1) - floor)]));
}

/** Highest score first; ties by id, so every page of the same query sees the same order. */
export const byScoreThenId = (a: { id: string; score: number }, b: { id: string; score: number }) =>
  b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
