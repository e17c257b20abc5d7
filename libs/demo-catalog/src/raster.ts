import sharp from 'sharp';
import { gaussian } from './rng.js';
import type { TintSpec } from './vocabulary.js';

const { cos, floor, max, min, round, sin } = Math; // hoisted: global lookups are slow in Jest's vm context

/** A square RGB canvas with float channels (0..255), so effects stack without rounding twice. */
export interface Raster {
  size: number;
  data: Float32Array;
}

export type Rgb = readonly [number, number, number];

export function createRaster(size: number, fill: Rgb = [255, 255, 255]): Raster {
  const data = new Float32Array(size * size * 3);
  for (let i = 0; i < data.length; i++) data[i] = fill[i % 3];
  return { size, data };
}

/** Where the 28×28 garment lands: `scale` is its width over the canvas width; offsets in pixels. */
export interface Placement {
  scale: number;
  dx: number;
  dy: number;
  /** Radians, clockwise on screen. */
  angle: number;
}

export const CENTRED: Placement = { scale: 1, dx: 0, dy: 0, angle: 0 };

function sampleGray(gray: Uint8Array, u: number, v: number): number {
  const x0 = floor(u);
  const y0 = floor(v);
  const fx = u - x0;
  const fy = v - y0;
  const at = (x: number, y: number) => (x < 0 || y < 0 || x > 27 || y > 27 ? 0 : gray[y * 28 + x]);
  const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
  const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * Paints a Fashion-MNIST garment over what is on the canvas with the alpha
 * and shading of tint.ts (the grey value is the garment's coverage), sampled
 * bilinearly through the inverse of `placement`, so on a white canvas with
 * CENTRED it looks like the product image.
 */
export function drawGarment(
  raster: Raster,
  gray: Uint8Array,
  rgb: Rgb,
  spec: TintSpec,
  placement: Placement,
): void {
  const { size, data } = raster;
  const cosA = cos(placement.angle);
  const sinA = sin(placement.angle);
  const perPixel = 28 / (placement.scale * size);
  const centre = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - centre - placement.dx;
      const dy = y + 0.5 - centre - placement.dy;
      const u = (cosA * dx + sinA * dy) * perPixel + 13.5;
      const v = (-sinA * dx + cosA * dy) * perPixel + 13.5;
      if (u < -1 || v < -1 || u > 28 || v > 28) continue;
      const g = sampleGray(gray, u, v) / 255;
      const a = min(1, spec.alpha_gain * g);
      if (a === 0) continue;
      const shade = spec.shade_base + spec.shade_gain * g;
      const i = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) data[i + c] = data[i + c] * (1 - a) + a * rgb[c] * shade;
    }
  }
}

/** Sensor-like noise: mostly luminance (one draw for all channels), a little chroma. */
export function addNoise(raster: Raster, sigma: number, random: () => number, chroma = 0.25): void {
  const { data } = raster;
  for (let i = 0; i < data.length; i += 3) {
    const luma = gaussian(random) * sigma;
    for (let c = 0; c < 3; c++) data[i + c] += luma + (chroma > 0 ? gaussian(random) * sigma * chroma : 0);
  }
}

/**
 * Lighting: overall gain, a colour cast (per-channel gains near 1) and a
 * linear fall-off along a direction (`slope` is the gain change across the canvas).
 */
export function relight(raster: Raster, gain: number, cast: Rgb, slope = 0, direction = 0): void {
  const { size, data } = raster;
  const [cx, cy] = [cos(direction), sin(direction)];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const t = ((x / size - 0.5) * cx + (y / size - 0.5) * cy) * slope;
      const i = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) data[i + c] *= gain * cast[c] * (1 + t);
    }
  }
}

export function toBytes(raster: Raster): Uint8Array {
  const out = new Uint8Array(raster.data.length);
  for (let i = 0; i < out.length; i++) out[i] = min(255, max(0, round(raster.data[i])));
  return out;
}

/** A rendered photo before encoding: RGB bytes, size×size. */
export interface RawPhoto {
  size: number;
  pixels: Uint8Array;
}

export const rawPhoto = (raster: Raster): RawPhoto => ({ size: raster.size, pixels: toBytes(raster) });

/**
 * WebP at `quality` (deterministic for the same bytes). With `maxBytes`,
 * busy photos (noise, text) step down 10 quality points at a time, to 40 at
 * the lowest, until they fit, so committed photos stay small.
 */
export async function encodeWebp(photo: RawPhoto, quality = 80, maxBytes = Infinity): Promise<Buffer> {
  const input = sharp(Buffer.from(photo.pixels), {
    raw: { width: photo.size, height: photo.size, channels: 3 },
  });
  for (let q = quality; ; q -= 10) {
    const webp = await input.clone().webp({ quality: q }).toBuffer();
    if (webp.length <= maxBytes || q - 10 < 40) return webp;
  }
}
