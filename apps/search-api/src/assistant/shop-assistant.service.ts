import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '#contracts';
import { vocabulary } from '#demo-catalog';
import {
  GeneratorPort,
  answerPrompt,
  citationConstraint,
  citedIds,
  planConstraint,
  planPrompt,
  readSearchPlan,
  type Lang,
  type SearchPlan,
  type SeenProduct,
} from '#generation';
import type { ProductViewDto } from '../products/product.dto.js';
import type { SearchItemDto } from '../search/search.dto.js';
import { SearchService } from '../search/search.service.js';

export interface AskRequest {
  text: string;
  image?: Buffer;
  lang: Lang;
  limit: number;
}

export interface AskProgress {
  signal?: AbortSignal;
  onPlan?: (plan: Pick<AskResult, 'plan' | 'plan_source' | 'fallback' | 'seen'>) => void;
  onResults?: (results: SearchItemDto[]) => void;
  onAnswerText?: (piece: string) => void;
}

export interface AskResult {
  plan: SearchPlan | null;
  /** model: valid as generated; repaired: mended by the plan reader; fallback: plain semantic search. */
  plan_source: 'model' | 'repaired' | 'fallback';
  /** What the model wrote for the plan (empty when it was not asked). */
  plan_text: string;
  repairs: string[];
  /** Why the plan was not used, when it was not. */
  fallback: { reason: string } | null;
  /** The catalog product nearest to the photo: the plan's "this". */
  seen: { id: string; title: string } | null;
  results: SearchItemDto[];
  answer: string;
  /** model: the generator's grounded answer; template: a fixed sentence over the best result. */
  answer_source: 'model' | 'template';
  cited_ids: string[];
  model: { generator: { id: string; version: string } | null };
  timings: { plan_ms: number; search_ms: number; answer_ms: number; total_ms: number };
}

/** Products the answer is grounded in: the model was trained on lists of up to five. */
const LISTED = 5;

/**
 * A shopper's request, with or without a photo, answered in three steps:
 * the model writes a search plan (constrained to the values the request
 * offers), the plan runs through the ordinary product search, and the model
 * answers over the products found, citing their ids (constrained to them).
 * A plan that cannot be read, or a generator that cannot be reached, falls
 * back to plain semantic search over the shopper's words and photo.
 */
@Injectable()
export class ShopAssistantService {
  private readonly logger = new Logger(ShopAssistantService.name);

  constructor(
    private readonly generator: GeneratorPort,
    private readonly search: SearchService,
  ) {}

  async ask(request: AskRequest, progress: AskProgress = {}): Promise<AskResult> {
    const started = performance.now();
    const seenItem = request.image ? await this.nearest(request.image) : undefined;
    const seen = seenItem ? seenProduct(seenItem.product) : undefined;

    let plan: SearchPlan | null = null;
    let planText = '';
    let repairs: string[] = [];
    let fallback: { reason: string } | null = null;
    let source: AskResult['plan_source'] = 'fallback';
    let generatorModel: AskResult['model']['generator'] = null;
    try {
      const completion = await this.generator.complete(
        {
          text: seen ? planPrompt(request.text, seen) : request.text,
          image: request.image,
          constraint: planConstraint(request.text, seen, vocabulary()),
        },
        { signal: progress.signal },
      );
      planText = completion.text;
      generatorModel = completion.model;
      const reading = readSearchPlan(planText, planVocabulary());
      if (reading.plan) {
        plan = reading.plan;
        repairs = reading.repairs;
        source = reading.source;
      } else fallback = { reason: `the model's plan could not be used: ${reading.problems.join('; ')}` };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'DEPENDENCY_UNAVAILABLE')) throw error;
      this.logger.warn(`planning without the generator: ${error.message}`);
      fallback = { reason: `the generator is unavailable (${error.message})` };
    }
    const planned = performance.now();
    progress.onPlan?.({
      plan,
      plan_source: source,
      fallback,
      seen: seenItem ? { id: seenItem.id, title: seenItem.product.title[request.lang] } : null,
    });

    const response = await this.search.search(
      plan
        ? {
            q: plan.query || undefined,
            filters: plan.filters,
            negative: plan.negative ?? undefined,
            limit: request.limit,
            lang: request.lang,
          }
        : { q: request.text, limit: request.limit, lang: request.lang },
      request.image,
    );
    const results = response.items;
    progress.onResults?.(results);
    const searched = performance.now();

    const answer = await this.answer(request, results, progress, generatorModel !== null);
    const done = performance.now();
    return {
      plan,
      plan_source: source,
      plan_text: planText,
      repairs,
      fallback,
      seen: seenItem ? { id: seenItem.id, title: seenItem.product.title[request.lang] } : null,
      results,
      ...answer,
      model: { generator: generatorModel },
      timings: {
        plan_ms: Math.round(planned - started),
        search_ms: Math.round(searched - planned),
        answer_ms: Math.round(done - searched),
        total_ms: Math.round(done - started),
      },
    };
  }

  /** The catalog product closest to the photo. */
  private async nearest(image: Buffer): Promise<SearchItemDto | undefined> {
    const response = await this.search.search({ limit: 1 }, image);
    return response.items[0];
  }

  /**
   * The model's answer over the first results. A request that is not a
   * question ("like this but in blue") is answered as "which do you
   * recommend?", the grounded question the model knows for it.
   */
  private async answer(
    request: AskRequest,
    results: SearchItemDto[],
    progress: AskProgress,
    generatorUp: boolean,
  ): Promise<Pick<AskResult, 'answer' | 'answer_source' | 'cited_ids'>> {
    const listed = results.slice(0, LISTED);
    if (listed.length === 0) {
      return {
        answer: request.lang === 'zh' ? '没有找到符合条件的商品。' : 'No products match this request.',
        answer_source: 'template',
        cited_ids: [],
      };
    }
    if (generatorUp) {
      const question = /[?？]\s*$/.test(request.text)
        ? request.text
        : request.lang === 'zh'
          ? '推荐哪个？'
          : 'Which one do you recommend?';
      const ids = listed.map((item) => item.id);
      const products = listed.map((item) => listedProduct(item, request.lang));
      try {
        const completion = await this.generator.complete(
          {
            text: answerPrompt(question, products, request.lang),
            image: request.image,
            constraint: citationConstraint(products, question),
          },
          { signal: progress.signal, onText: progress.onAnswerText },
        );
        const cited = citedIds(completion.text).filter((id) => ids.includes(id));
        if (cited.length > 0) return { answer: completion.text, answer_source: 'model', cited_ids: cited };
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'DEPENDENCY_UNAVAILABLE')) throw error;
      }
    }
    const best = listed[0];
    const line = `[${best.id}] ${best.product.title[request.lang]}, ${best.product.price.toFixed(2)} EUR`;
    return {
      answer: request.lang === 'zh' ? `最佳匹配：${line}。` : `Best match: ${line}.`,
      answer_source: 'template',
      cited_ids: [best.id],
    };
  }
}

function planVocabulary() {
  const v = vocabulary();
  return { categories: v.categories.map((c) => c.id), colours: v.colours.map((c) => c.id) };
}

function seenProduct(p: ProductViewDto): SeenProduct {
  return { brand: p.brand, colour: p.colour, category: p.category, title: p.title.en, price: p.price };
}

function listedProduct(item: SearchItemDto, lang: Lang) {
  const colour = vocabulary().colours.find((c) => c.id === item.product.colour);
  return {
    id: item.id,
    title: item.product.title[lang],
    price: item.product.price,
    colour: colour ? colour[lang] : item.product.colour,
  };
}
