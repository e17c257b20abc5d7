import type { FastifyRequest } from 'fastify';
import { DomainError } from '#contracts';
import { createValidationPipe, readingMultipart, decodeBase64Image } from '#http';

const pipe = createValidationPipe();

/**
 * One photo plus a few plain fields, as JSON (`image` base64) or as
 * multipart/form-data (one file part plus the same fields as text parts).
 * Either way the fields are validated against the same DTO (a 422 names the
 * field) and the file's byte limit applies while streaming (413).
 */
export async function readSinglePhoto<T extends { image: string }>(
  request: FastifyRequest,
  dto: new () => T,
  maxFileBytes: number,
): Promise<{ fields: Omit<T, 'image'>; bytes: Buffer }> {
  let raw: unknown = request.body;
  if (request.isMultipart()) {
    const fields: Record<string, unknown> = {};
    let file: Buffer | undefined;
    await readingMultipart(async () => {
      for await (const part of request.parts({ limits: { fileSize: maxFileBytes, files: 1 } })) {
        if (part.type === 'file') {
          file = await part.toBuffer();
          if (part.file.truncated) {
            throw new DomainError('PAYLOAD_TOO_LARGE', `the photo is larger than ${maxFileBytes} bytes`, {
              reason: 'too_many_bytes',
              limit: maxFileBytes,
            });
          }
        } else {
          fields[part.fieldname] = part.value;
        }
      }
    });
    if (!file) throw invalid('image', 'attach one image file');
    if ('image' in fields) throw invalid('image', 'send the photo as a file part in multipart requests');
    raw = { ...fields, image: file.toString('base64') };
  } else if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new DomainError(
      'UNSUPPORTED_MEDIA',
      'send multipart/form-data or application/json with a base64 image',
    );
  }
  const { image, ...fields } = (await pipe.transform(raw ?? {}, { type: 'body', metatype: dto })) as T;
  const bytes = decodeBase64Image(image, 'image');
  if (bytes.length > maxFileBytes) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `the photo is larger than ${maxFileBytes} bytes`, {
      reason: 'too_many_bytes',
      limit: maxFileBytes,
    });
  }
  return { fields, bytes };
}

const invalid = (field: string, problem: string) =>
  new DomainError('INVALID_INPUT', `${field} ${problem}`, { errors: [{ field, problems: [problem] }] });
