import type { FastifyRequest } from 'fastify';
import { DomainError } from '#contracts';
import { readingMultipart } from './multipart-errors.js';

export interface UploadLimits {
  maxFiles: number;
  maxFileBytes: number;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes a base64 image (a data: URL prefix and whitespace allowed), or a 422 naming `field`. */
export function decodeBase64Image(value: string, field: string): Buffer {
  const text = value.replace(/^data:[^;,]*;base64,/, '').replace(/\s+/g, '');
  if (!BASE64.test(text) || text.length % 4 === 1) throw invalid(field, 'is not valid base64');
  return Buffer.from(text, 'base64');
}

/**
 * Reads uploaded images from either multipart/form-data (every file part) or
 * JSON `{ "images": ["<base64>", …] }` / `{ "image": "<base64>" }` (data: URLs
 * accepted). Byte limits apply while streaming, before anything is decoded.
 */
export async function readImageUploads(request: FastifyRequest, limits: UploadLimits): Promise<Buffer[]> {
  if (request.isMultipart()) return readingMultipart(() => readMultipart(request, limits));
  const type = request.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) {
    throw new DomainError(
      'UNSUPPORTED_MEDIA',
      'send multipart/form-data or application/json with base64 images',
    );
  }
  return readJson(request.body, limits);
}

async function readMultipart(request: FastifyRequest, limits: UploadLimits): Promise<Buffer[]> {
  const files: Buffer[] = [];
  for await (const part of request.files({
    limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles },
  })) {
    const bytes = await part.toBuffer();
    if (part.file.truncated) throw tooLarge(files.length, limits.maxFileBytes);
    files.push(bytes);
  }
  if (files.length === 0) throw invalid('image', 'attach at least one image file');
  return files;
}

function readJson(body: unknown, limits: UploadLimits): Buffer[] {
  const record = (body ?? {}) as Record<string, unknown>;
  const unknownFields = Object.keys(record).filter((k) => k !== 'images' && k !== 'image');
  if (unknownFields.length > 0)
    throw invalid(unknownFields[0], 'is not an accepted field (use images or image)');
  const field = record.images !== undefined ? 'images' : 'image';
  const raw = record.images ?? (record.image !== undefined ? [record.image] : []);
  if (!Array.isArray(raw) || raw.length === 0) throw invalid(field, 'must hold at least one base64 image');
  if (raw.length > limits.maxFiles)
    throw invalid(field, `at most ${limits.maxFiles} images, got ${raw.length}`);
  return raw.map((value, i) => {
    const name = field === 'images' ? `images.${i}` : 'image';
    if (typeof value !== 'string') throw invalid(name, 'must be a base64 string');
    const bytes = decodeBase64Image(value, name);
    if (bytes.length > limits.maxFileBytes) throw tooLarge(i, limits.maxFileBytes);
    return bytes;
  });
}

const invalid = (field: string, problem: string) =>
  new DomainError('INVALID_INPUT', `${field} ${problem}`, { errors: [{ field, problems: [problem] }] });

const tooLarge = (index: number, limit: number) =>
  new DomainError('PAYLOAD_TOO_LARGE', `image ${index} is larger than ${limit} bytes`, {
    reason: 'too_many_bytes',
    limit,
  });
