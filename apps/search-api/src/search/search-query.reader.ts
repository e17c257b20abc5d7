import type { FastifyRequest } from 'fastify';
import { DomainError } from '#contracts';
import { createValidationPipe, readingMultipart } from '#http';
import { SearchRequestDto } from './search.dto.js';

type Flat = Record<string, string | string[] | undefined>;

/** Flat parameter names (query string, form fields) and where each goes in a SearchRequestDto. */
const LISTS = ['category', 'colour', 'brand'] as const;
const NUMBERS: Record<string, string[]> = {
  limit: ['limit'],
  min_score: ['min_score'],
  price_gte: ['filters', 'price', 'gte'],
  price_lte: ['filters', 'price', 'lte'],
  rating_gte: ['filters', 'rating', 'gte'],
  weight_text: ['weights', 'text'],
  weight_image: ['weights', 'image'],
};
const STRINGS = ['q', 'negative', 'cursor', 'lang'] as const;

const pipe = createValidationPipe();

/**
 * `GET /v1/search?q=&category=a,b&price_gte=…` and the multipart form of
 * `POST /v1/search/image` as one SearchRequestDto, validated like the JSON body
 * (an unknown parameter or a wrong type is a 422 naming it).
 */
export async function readFlatSearch(flat: Flat): Promise<SearchRequestDto> {
  const body: Record<string, unknown> = {};
  const set = (path: string[], value: unknown) => {
    let node = body;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]] = value;
  };
  for (const [name, raw] of Object.entries(flat)) {
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    if ((LISTS as readonly string[]).includes(name)) {
      set(
        ['filters', name],
        values
          .flatMap((v) => v.split(','))
          .map((v) => v.trim())
          .filter(Boolean),
      );
    } else if (name in NUMBERS) {
      set(NUMBERS[name], numberOrText(single(name, values)));
    } else if (name === 'in_stock') {
      const v = single(name, values);
      set(['filters', 'in_stock'], v === 'true' ? true : v === 'false' ? false : v);
    } else if ((STRINGS as readonly string[]).includes(name)) {
      set([name], single(name, values));
    } else {
      throw new DomainError('INVALID_INPUT', `${name}: is not a search parameter`, {
        fields: [{ field: name, problems: ['is not a search parameter'] }],
      });
    }
  }
  return (await pipe.transform(body, { type: 'body', metatype: SearchRequestDto })) as SearchRequestDto;
}

/** The photo and the other fields of a multipart search form. */
export async function readImageSearchForm(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ dto: SearchRequestDto; image: Buffer }> {
  if (!request.isMultipart()) {
    throw new DomainError('UNSUPPORTED_MEDIA', 'send multipart/form-data with an `image` file part');
  }
  const fields: Record<string, string[]> = {};
  let image: Buffer | undefined;
  await readingMultipart(async () => {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 50 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'image') {
          await part.toBuffer();
          throw new DomainError('INVALID_INPUT', `${part.fieldname}: the photo goes in the \`image\` part`, {
            field: part.fieldname,
          });
        }
        image = await part.toBuffer();
        if (part.file.truncated) {
          throw new DomainError('PAYLOAD_TOO_LARGE', `image: over ${maxBytes} bytes`, { field: 'image' });
        }
      } else {
        (fields[part.fieldname] ??= []).push(String(part.value));
      }
    }
  });
  if (!image) throw new DomainError('INVALID_INPUT', 'image: attach a photo', { field: 'image' });
  return { dto: await readFlatSearch(fields), image };
}

function single(name: string, values: string[]): string {
  if (values.length > 1) {
    throw new DomainError('INVALID_INPUT', `${name}: give it once`, {
      fields: [{ field: name, problems: ['given more than once'] }],
    });
  }
  return values[0];
}

const numberOrText = (v: string): number | string =>
  v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
