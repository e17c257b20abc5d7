import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { PRODUCTS_ALIAS } from '#catalog';
import { SearchConfig } from '#config';
import { DomainError } from '#contracts';
import { EncoderPort } from '#embedding';
import { AdminKeyService, decodeBase64Image } from '#http';
import { VectorStore } from '#vector-store';
import { CatalogReader } from './catalog.reader.js';
import { ProductRanker, type RankRequest } from './product.ranker.js';
import type { RankedItem } from './ranked-results.js';
import { byScoreThenId, reciprocalRankFusion } from './rank-fusion.js';
import { SearchCursorCodec } from './search-cursor.js';
import { yieldToEventLoop } from './event-loop-yield.js';
import { SearchResultsCache } from './search-results.cache.js';
import type { SearchItemDto, SearchRequestDto, SearchResponseDto, SimilarResponseDto } from './search.dto.js';

const HAN = /\p{Script=Han}/u;

/**
 * Product search: validates what the DTO cannot, ranks (or takes the ranking
 * from the cache), cuts the page the cursor asks for and loads its products.
 */
@Injectable()
export class SearchService {
  private cursors?: SearchCursorCodec;

  constructor(
    private readonly ranker: ProductRanker,
    private readonly cache: SearchResultsCache,
    private readonly catalog: CatalogReader,
    private readonly store: VectorStore,
    private readonly encoder: EncoderPort,
    private readonly config: SearchConfig,
    private readonly keys: AdminKeyService,
  ) {}

  async search(dto: SearchRequestDto, image?: Buffer): Promise<SearchResponseDto> {
    const started = performance.now();
    const request = this.toRankRequest(dto, image);
    const key = cacheKey(request);
    const offset = this.cursorCodec().decode(dto.cursor, key);
    let ranked = this.cache.get(key);
    if (!ranked) {
      const generation = this.cache.currentGeneration();
      ranked = await this.ranker.rank(request);
      this.cache.set(key, ranked, generation);
    }
    await yieldToEventLoop();
    const limit = dto.limit ?? 20;
    const page = ranked.items.slice(offset, offset + limit);
    const next = offset + limit < ranked.items.length ? this.cursorCodec().encode(key, offset + limit) : null;
    return {
      items: await this.withProducts(page),
      facets: ranked.facets,
      next_cursor: next,
      total: ranked.items.length,
      took_ms: Math.round((performance.now() - started) * 10) / 10,
      model: ranked.model,
      lang: ranked.lang,
    };
  }

  /** More like this: the product's own photo and text vectors as the query, itself excluded. */
  async similar(id: string, limit: number): Promise<SimilarResponseDto> {
    const [point] = await this.store
      .retrieve(PRODUCTS_ALIAS, [id], { withVectors: true })
      .catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'NOT_FOUND') return [];
        throw error;
      });
    if (!point?.vectors) {
      const known = (await this.catalog.attributes([id])).has(id);
      throw new DomainError(
        'NOT_FOUND',
        known ? `product ${id} is not indexed yet` : `product ${id} not found`,
      );
    }
    const lists = await Promise.all(
      (['image', 'text'] as const).map(async (using) => {
        const vector = point.vectors?.[using];
        if (!vector) return { weight: 0, ids: [] };
        const hits = await this.store.search(PRODUCTS_ALIAS, { using, vector, limit: limit + 1 });
        return { weight: using === 'image' ? 1 : 0.5, ids: hits.map((h) => h.id).filter((h) => h !== id) };
      }),
    );
    const items: RankedItem[] = [...reciprocalRankFusion(lists)]
      .map(([itemId, score]) => ({
        id: itemId,
        score,
        scores: { vector: null, lexical: null, fused: score, brand_boost: 0, negative_penalty: 0 },
      }))
      .sort(byScoreThenId)
      .slice(0, limit);
    const model = await this.encoder.model();
    return { items: await this.withProducts(items), model: { id: model.id, version: model.version } };
  }

  private toRankRequest(dto: SearchRequestDto, upload?: Buffer): RankRequest {
    const price = dto.filters?.price;
    if (price?.gte !== undefined && price.lte !== undefined && price.gte > price.lte) {
      throw new DomainError('INVALID_INPUT', 'filters.price: gte must not exceed lte', {
        field: 'filters.price',
      });
    }
    const q = dto.q?.trim() || undefined;
    const image = upload ?? (dto.image !== undefined ? decodeBase64Image(dto.image, 'image') : undefined);
    if (image?.length === 0) throw new DomainError('INVALID_INPUT', 'image is empty', { field: 'image' });
    const { price: range, rating, ...lists } = dto.filters ?? {};
    return {
      q,
      image,
      filters: {
        ...lists,
        ...(range ? { price: { ...range } } : {}),
        ...(rating ? { rating: { ...rating } } : {}),
      },
      weights: { text: dto.weights?.text ?? 1, image: dto.weights?.image ?? 1 },
      negative: dto.negative?.trim() || undefined,
      minScore: dto.min_score,
      lang: dto.lang ?? (q && HAN.test(q) ? 'zh' : 'en'),
      depth: this.config.depth,
    };
  }

  private cursorCodec(): SearchCursorCodec {
    this.cursors ??= new SearchCursorCodec(this.keys.derive('search-cursor'));
    return this.cursors;
  }

  private async withProducts(items: RankedItem[]): Promise<SearchItemDto[]> {
    const products = await this.catalog.views(items.map((i) => i.id));
    return items.flatMap((item) => {
      const product = products.get(item.id);
      return product ? [{ ...item, product }] : [];
    });
  }
}

/** What makes two searches the same ranking (not the page or its size). */
function cacheKey(r: RankRequest): string {
  const image = r.image ? createHash('sha256').update(r.image).digest('hex') : null;
  const normalised = JSON.stringify([
    r.q,
    image,
    sortedFilters(r),
    r.weights,
    r.negative,
    r.minScore,
    r.lang,
  ]);
  return createHash('sha256').update(normalised).digest('hex').slice(0, 32);
}

function sortedFilters(r: RankRequest): unknown {
  const f = r.filters;
  const sorted = (v?: string[]) => (v ? [...v].sort() : undefined);
  return [sorted(f.category), sorted(f.colour), sorted(f.brand), f.price, f.rating, f.in_stock];
}
