import sharp from 'sharp';
import { DomainError } from '#contracts';
import type { DecodedImage, VisionInputSpec } from './clip.engine.js';
import { readImageHeader } from './image-header.js';

export interface ImageLimits {
  maxBytes: number;
  maxPixels: number;
}

const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'gif']);

/**
 * Turns untrusted bytes into RGB pixels, or a DomainError saying why not.
 * Size and pixel count are checked from the header before any full decode;
 * EXIF orientation is applied; a GIF gives its first frame; alpha is
 * flattened onto white (the catalog's background).
 */
export interface ImageHeader {
  format: 'jpeg' | 'png' | 'webp' | 'gif';
  width: number;
  height: number;
}

export class ImageDecoder {
  constructor(private readonly limits: ImageLimits) {}

  /** Checks bytes, format and pixel count from the header alone; nothing is decoded. */
  async inspect(bytes: Buffer): Promise<ImageHeader> {
    if (bytes.length === 0) throw invalid('empty', 'the image is empty (0 bytes)');
    if (bytes.length > this.limits.maxBytes) {
      throw new DomainError(
        'PAYLOAD_TOO_LARGE',
        `image is ${bytes.length} bytes; the limit is ${this.limits.maxBytes}`,
        {
          reason: 'too_many_bytes',
          limit: this.limits.maxBytes,
        },
      );
    }
    const { format, width, height } = readImageHeader(bytes) ?? (await this.headerFromSharp(bytes));
    if (width <= 0 || height <= 0) throw invalid('no_dimensions', 'the image has no dimensions');
    if (width * height > this.limits.maxPixels) {
      throw new DomainError(
        'PAYLOAD_TOO_LARGE',
        `image is ${width}×${height} = ${width * height} pixels; the limit is ${this.limits.maxPixels}`,
        { reason: 'too_many_pixels', limit: this.limits.maxPixels },
      );
    }
    return { format, width, height };
  }

  /** The slow way, for layouts the plain reader does not know (and to name unaccepted formats). */
  private async headerFromSharp(bytes: Buffer): Promise<ImageHeader> {
    const meta = await sharp(bytes, { limitInputPixels: false })
      .metadata()
      .catch(() => {
        throw invalid('not_an_image', 'the data is not a decodable image');
      });
    if (!meta.format || !ACCEPTED.has(meta.format)) {
      throw new DomainError('UNSUPPORTED_MEDIA', `image format ${meta.format ?? 'unknown'} is not accepted`, {
        reason: 'unsupported_format',
        accepted: [...ACCEPTED],
      });
    }
    const format = meta.format as ImageHeader['format'];
    return { format, width: meta.width ?? 0, height: meta.pageHeight ?? meta.height ?? 0 };
  }

  /**
   * Decodes to the model's input: shortest edge resized to `spec.size` and a
   * centre crop, as CLIP's processor does, but natively in sharp.
   */
  async decode(bytes: Buffer, spec: Pick<VisionInputSpec, 'size' | 'kernel'>): Promise<DecodedImage> {
    await this.inspect(bytes);
    try {
      const { data, info } = await sharp(bytes, {
        failOn: 'truncated',
        limitInputPixels: this.limits.maxPixels,
        pages: 1,
      })
        .rotate()
        .resize(spec.size, spec.size, { fit: 'cover', position: 'centre', kernel: spec.kernel })
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
      return {
        data: new Uint8Array(data.buffer, data.byteOffset, data.length),
        width: info.width,
        height: info.height,
      };
    } catch (error) {
      throw invalid('corrupt', `the image could not be decoded: ${(error as Error).message}`);
    }
  }
}

const invalid = (reason: string, message: string) => new DomainError('INVALID_INPUT', message, { reason });
