import { Injectable } from '@nestjs/common';
import { PRODUCTS_ALIAS } from '#catalog';
import { DomainError, type ProductFilters } from '#contracts';
import { EncoderPort } from '#embedding';
import { LexicalIndex, queryTerms, tokenize } from '#lexical';
import { VectorStore, type Filter, type SearchHit } from '#vector-store';
import { CatalogReader } from './catalog.reader.js';
import { staggered, yieldToEventLoop } from './event-loop-yield.js';
import { countFacets } from './facets.js';
import { PhotoCategoryGuesser, type PhotoReading } from './photo-category.js';
import { byScoreThenId, negativePenalties, reciprocalRankFusion, type RankedList } from './rank-fusion.js';
import type { RankedItem, RankedResults } from './ranked-results.js';
import type { SearchLang } from './search.dto.js';
import { hasFilters, toVectorFilter } from './vector-filter.mapper.js';

/** A validated search, ready to rank. */
export interface RankRequest {
  q?: string;
  image?: Buffer;
  filters: ProductFilters;
  weights: { text: number; image: number };
  negative?: string;
  minScore?: number;
  lang: SearchLang;
  depth: number;
}

/** Above any fused score (at most a few lists × 1/61): a named brand's products come first. */
export const BRAND_BOOST = 1;
/** Text against the products' own text vectors counts half as much as against their photos. */
const TEXT_TO_TEXT = 0.5;
/** Nearest products whose categories vote on what a query photo shows. */
const NEIGHBOUR_VOTERS = 20;

interface Retrieved {
  lists: RankedList[];
  vector: Map<string, number>;
  lexical: Map<string, number>;
}

/**
 * Hybrid ranking. Each query signal gives ranked lists: the words against
 * product photos and product text (vectors) and against the lexical index;
 * the photo against product photos. Reciprocal rank fusion merges them, a
 * brand named in the words lifts that brand's products, and `negative` pushes
 * down what resembles it. Facets count an unfiltered candidate set.
 */
@Injectable()
export class ProductRanker {
  constructor(
    private readonly encoder: EncoderPort,
    private readonly store: VectorStore,
    private readonly lexical: LexicalIndex,
    private readonly catalog: CatalogReader,
    private readonly photoCategory: PhotoCategoryGuesser,
  ) {}

  async rank(request: RankRequest): Promise<RankedResults> {
    const model = await this.encoder.model();
    const base = { model: { id: model.id, version: model.version }, lang: request.lang };
    if (!request.q && !request.image) return { ...base, ...(await this.browse(request)) };

    const [texts, photo] = await Promise.all([
      this.embedTexts([request.q, request.negative]),
      request.image ? this.readPhoto(request.image) : undefined,
    ]);
    const query = { text: texts.get(request.q), image: photo };
    const [filtered, unfiltered] = hasFilters(request.filters)
      ? await staggered([
          () => this.retrieve(request, query, request.filters),
          () => this.retrieve(request, query, {}),
        ])
      : await this.retrieve(request, query, {}).then((both) => [both, both]);
    // In process, each stage between yields is a few milliseconds of synchronous work.
    await yieldToEventLoop();

    const fused = reciprocalRankFusion(filtered.lists);
    // Facets count the query's best `depth` matches without filters, not every list's tail.
    const facetIds = [...reciprocalRankFusion(unfiltered.lists)]
      .map(([id, score]) => ({ id, score }))
      .sort(byScoreThenId)
      .slice(0, request.depth)
      .map((c) => c.id);
    const attributes = await this.catalog.attributes([...new Set([...fused.keys(), ...facetIds])]);
    await yieldToEventLoop();
    const brands = await this.brandsNamedIn(request.q);
    const negative = texts.get(request.negative);
    const penalties = negative
      ? negativePenalties(await this.similarities([...fused.keys()], negative), 2 * maxWeight(filtered.lists))
      : new Map<string, number>();

    const items: RankedItem[] = [];
    for (const [id, score] of fused) {
      const product = attributes.get(id);
      if (!product) continue; // deleted since it was indexed
      const boost = brands.has(product.brand.toLowerCase()) ? BRAND_BOOST : 0;
      const penalty = penalties.get(id) ?? 0;
      items.push({
        id,
        score: score + boost - penalty,
        scores: {
          vector: filtered.vector.get(id) ?? null,
          lexical: filtered.lexical.get(id) ?? null,
          fused: score,
          brand_boost: boost,
          negative_penalty: penalty,
        },
      });
    }
    items.sort(byScoreThenId);
    const facetSet = facetIds.flatMap((id) => attributes.get(id) ?? []);
    return { ...base, items, facets: countFacets(facetSet, request.filters) };
  }

  private async browse(request: RankRequest) {
    const [ids, facets] = await Promise.all([
      this.catalog.browse(request.filters, request.depth),
      this.catalog.browseFacets(request.filters),
    ]);
    const none = { vector: null, lexical: null, fused: 0, brand_boost: 0, negative_penalty: 0 };
    return { items: ids.map((id) => ({ id, score: 0, scores: none })), facets };
  }

  private async retrieve(
    request: RankRequest,
    query: { text?: Float32Array; image?: PhotoReading },
    filters: ProductFilters,
  ): Promise<Retrieved> {
    const filter = toVectorFilter(filters);
    const search = (
      using: 'image' | 'text',
      vector: Float32Array | undefined,
      where = filter,
      withPayload = false,
    ) =>
      vector
        ? this.searchVectors({
            using,
            vector,
            limit: request.depth,
            filter: where,
            minScore: request.minScore,
            withPayload,
          })
        : Promise.resolve([]);
    const [textToImage, textToText, imageToImage, lexical] = await staggered([
      () => search('image', query.text),
      () => search('text', query.text),
      () => search('image', query.image?.vector, filter, true), // payloads: the neighbours vote on the photo's category
      () =>
        request.q
          ? this.lexical.search({ terms: queryTerms(request.q), filters, limit: request.depth })
          : Promise.resolve([]),
    ]);
    await yieldToEventLoop();
    const inCategory = await this.photoNeighboursInCategory(query.image, imageToImage, filters, (where) =>
      search('image', query.image?.vector, where),
    );
    const { text, image } = request.weights;
    const vector = new Map<string, number>();
    for (const hit of [...textToImage, ...textToText, ...imageToImage]) {
      vector.set(hit.id, Math.max(hit.score, vector.get(hit.id) ?? -1));
    }
    return {
      lists: [
        { weight: text, ids: textToImage.map((h) => h.id) },
        { weight: text * TEXT_TO_TEXT, ids: textToText.map((h) => h.id) },
        { weight: text, ids: lexical.map((h) => h.id) },
        { weight: image, ids: imageToImage.map((h) => h.id) },
        { weight: image * inCategory.confidence, ids: inCategory.hits.map((h) => h.id) },
      ],
      vector,
      lexical: new Map(lexical.map((h) => [h.id, h.score])),
    };
  }

  /**
   * The photo's visual neighbours within the category it most likely shows
   * (unless the shopper's own category filter rules that category out).
   */
  private async photoNeighboursInCategory(
    photo: PhotoReading | undefined,
    neighbours: SearchHit[],
    filters: ProductFilters,
    search: (where: Filter) => Promise<SearchHit[]>,
  ): Promise<{ hits: SearchHit[]; confidence: number }> {
    if (!photo) return { hits: [], confidence: 0 };
    const voters = neighbours.slice(0, NEIGHBOUR_VOTERS).map((h) => String(h.payload?.category ?? ''));
    const guess = await this.photoCategory.guess(photo, voters);
    if (!guess || (filters.category?.length && !filters.category.includes(guess.category))) {
      return { hits: [], confidence: 0 };
    }
    const where = toVectorFilter({ ...filters, category: [guess.category] })!;
    return { hits: await search(where), confidence: guess.confidence };
  }

  /** The encoder embeds (and so checks) the photo before it is read for its category. */
  private async readPhoto(image: Buffer): Promise<PhotoReading> {
    const { vectors } = await this.encoder.embedImages([image]);
    return this.photoCategory.read(image, vectors[0]);
  }

  /** No product collection yet (nothing indexed) reads as no hits. */
  private async searchVectors(request: Parameters<VectorStore['search']>[1]): Promise<SearchHit[]> {
    try {
      return await this.store.search(PRODUCTS_ALIAS, request);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return [];
      throw error;
    }
  }

  private async embedTexts(texts: (string | undefined)[]): Promise<Map<string | undefined, Float32Array>> {
    const present = [...new Set(texts.filter((t): t is string => !!t))];
    if (present.length === 0) return new Map();
    const batch = await this.encoder.embedTexts(present);
    return new Map(present.map((t, i) => [t, batch.vectors[i]]));
  }

  /** Cosine similarity of each product's photo vector to `vector`. */
  private async similarities(ids: string[], vector: Float32Array): Promise<Map<string, number>> {
    const points = await this.store.retrieve(PRODUCTS_ALIAS, ids, { withVectors: true });
    const out = new Map<string, number>();
    for (const p of points) {
      const v = p.vectors?.image ?? p.vectors?.text;
      if (!v) continue;
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += v[i] * vector[i];
      out.set(p.id, dot);
    }
    return out;
  }

  /** Catalog brands the words name as whole words, lower-cased. */
  private async brandsNamedIn(q: string | undefined): Promise<Set<string>> {
    if (!q) return new Set();
    const words = ` ${tokenize(q).join(' ')} `;
    const named = (await this.catalog.brands()).filter((b) => {
      const brandWords = tokenize(b).join(' ');
      return brandWords.length > 0 && words.includes(` ${brandWords} `);
    });
    return new Set(named.map((b) => b.toLowerCase()));
  }
}

const maxWeight = (lists: RankedList[]) => Math.max(...lists.map((l) => (l.ids.length ? l.weight : 0)));
