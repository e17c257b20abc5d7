import { createHash } from 'node:crypto';
import { DomainError } from '#contracts';
import type { ImageDecoder } from '#embedding';
import { decodeBase64Image } from '#http';

export interface PreparedImage {
  position: number;
  contentType: string;
  width: number;
  height: number;
  sha256: string;
  dataBase64: string;
}

/** Checks every uploaded image from its header (format, bytes, pixels) before anything is stored. */
export async function prepareImages(images: string[], decoder: ImageDecoder): Promise<PreparedImage[]> {
  const prepared: PreparedImage[] = [];
  for (const [position, value] of images.entries()) {
    const field = `images.${position}`;
    const bytes = decodeBase64Image(value, field);
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
