import { createHash } from 'node:crypto';
import { DomainError } from '#contracts';
import type { ImageDecoder } from '#embedding';

export interface PreparedImage {
  position: number;
  contentType: string;
  width: number;
  height: number;
  sha256: string;
  dataBase64: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Checks every uploaded image from its header (format, bytes, pixels) before anything is stored. */
export async function prepareImages(images: string[], decoder: ImageDecoder): Promise<PreparedImage[]> {
  const prepared: PreparedImage[] = [];
  for (const [position, value] of images.entries()) {
    const field = `images.${position}`;
    const text = value.replace(/^data:[^;,]*;base64,/, '').replace(/\s+/g, '');
    if (!BASE64.test(text) || text.length % 4 === 1) {
      throw new DomainError('INVALID_INPUT', `${field} is not valid base64`, {
        errors: [{ field, problems: ['is not valid base64'] }],
      });
    }
    const bytes = Buffer.from(text, 'base64');
    const header = await decoder.inspect(bytes).catch((error: unknown) => {
      if (error instanceof DomainError) {
        throw new DomainError(error.code, `${field}: ${error.message}`, { ...error.details, field });
      }
      throw error;
    });
    prepared.push({
      position,
      contentType: `image/${header.format}`,
      width: header.width,
      height: header.height,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      dataBase64: bytes.toString('base64'),
    });
  }
  return prepared;
}
