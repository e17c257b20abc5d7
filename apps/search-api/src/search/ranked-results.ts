import type { FacetsDto, ScoreBreakdownDto, SearchLang } from './search.dto.js';

export interface RankedItem {
  id: string;
  score: number;
  scores: ScoreBreakdownDto;
}

/** A query's whole ranking: what the cache keeps and every page is cut from. */
export interface RankedResults {
  items: RankedItem[];
  facets: FacetsDto;
  model: { id: string; version: string };
  lang: SearchLang;
}
