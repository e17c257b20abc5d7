import type { FastifyRequest } from 'fastify';
import { DomainError } from '#contracts';
import { createValidationPipe, readingMultipart } from '#http';

const pipe = createValidationPipe();
const MAX_FILES = 10;

/**
 * A listing arrives as JSON (images base64 in `images`) or as
 * multipart/form-data: a `product` field holding the same JSON without
 * `images`, plus one file part per image in order. Either way it is validated
 * against the same DTO, with the same 422 naming the field.
 */
export async function readProductInput<T extends object>(
  request: FastifyRequest,
  dto: new () => T,
  maxFileBytes: number,
): Promise<T> {
  let raw: unknown = request.body;
  if (request.isMultipart()) {
    let product: Record<string, unknown> | undefined;
    const images: string[] = [];
    await readingMultipart(async () => {
      for await (const part of request.parts({ limits: { fileSize: maxFileBytes, files: MAX_FILES } })) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (part.file.truncated) {
            throw new DomainError(
              'PAYLOAD_TOO_LARGE',
              `image ${images.length} is larger than ${maxFileBytes} bytes`,
            );
          }
          images.push(bytes.toString('base64'));
        } else if (part.fieldname === 'product') {
          try {
            product = JSON.parse(String(part.value)) as Record<string, unknown>;
          } catch {
            throw invalid('product', 'must be a JSON object');
          }
        } else {
          throw invalid(part.fieldname, 'is not an accepted field (send product and image files)');
        }
      }
    });
    if (!product || typeof product !== 'object' || Array.isArray(product))
      throw invalid('product', 'is required');
    if ('images' in product)
      throw invalid('product.images', 'send images as file parts in multipart requests');
    raw = { ...product, images };
  }
  return (await pipe.transform(raw, { type: 'body', metatype: dto })) as T;
}

const invalid = (field: string, problem: string) =>
  new DomainError('INVALID_INPUT', `${field} ${problem}`, { errors: [{ field, problems: [problem] }] });
