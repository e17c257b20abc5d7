import { between, pick } from './rng.js';
import { createRaster, relight, type Raster, type Rgb } from './raster.js';

const { PI, ceil, floor, hypot, max, min } = Math; // hoisted: global lookups are slow in Jest's vm context

const PAPERS: readonly Rgb[] = [
  [246, 243, 234],
  [250, 250, 247],
  [238, 232, 214],
  [244, 240, 246],
];
const INKS: readonly Rgb[] = [
  [30, 30, 34],
  [40, 48, 90],
  [60, 56, 52],
];

/** Anti-aliased stroke: coverage falls off linearly over the last pixel of the half width. */
function stroke(raster: Raster, ink: Rgb, x0: number, y0: number, x1: number, y1: number, width: number) {
  const { size, data } = raster;
  const [lx, ly] = [x1 - x0, y1 - y0];
  const length2 = lx * lx + ly * ly || 1;
  const pad = width / 2 + 1;
  const [minX, maxX] = [max(0, floor(min(x0, x1) - pad)), min(size - 1, ceil(max(x0, x1) + pad))];
  const [minY, maxY] = [max(0, floor(min(y0, y1) - pad)), min(size - 1, ceil(max(y0, y1) + pad))];
  for (let y = minY; y <= maxY; y++) {
    for (let x = minX; x <= maxX; x++) {
      const t = min(1, max(0, ((x + 0.5 - x0) * lx + (y + 0.5 - y0) * ly) / length2));
      const d = hypot(x + 0.5 - x0 - t * lx, y + 0.5 - y0 - t * ly);
      const a = min(1, max(0, width / 2 + 0.5 - d));
      if (a === 0) continue;
      const i = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) data[i + c] = data[i + c] * (1 - a) + ink[c] * a;
    }
  }
}

/** One made-up glyph in a w×h box: a stem or bowl-like pair of strokes, sometimes a bar or a dot. */
function glyph(
  raster: Raster,
  random: () => number,
  ink: Rgb,
  x: number,
  y: number,
  w: number,
  h: number,
  pen: number,
) {
  const strokes = 1 + floor(random() * 3);
  for (let s = 0; s < strokes; s++) {
    const shape = random();
    if (shape < 0.4) {
      const sx = x + random() * w;
      stroke(raster, ink, sx, y + random() * h * 0.3, sx + between(random, -1, 1), y + h, pen);
    } else if (shape < 0.7) {
      const sy = y + h * between(random, 0.3, 0.9);
      stroke(raster, ink, x, sy, x + w, sy + between(random, -1, 1), pen);
    } else {
      stroke(raster, ink, x + random() * w, y + h * 0.3, x + random() * w, y + h, pen);
    }
  }
  if (random() < 0.1) stroke(raster, ink, x + w / 2, y, x + w / 2 + 0.3, y + 0.3, pen);
}

/**
 * A photo of a printed or handwritten note (a receipt, a size chart, a label):
 * rows of glyph-like strokes on light paper, slightly tilted lighting. No fonts.
 */
export function renderTextImage(size: number, random: () => number): Raster {
  const raster = createRaster(size, pick(random, PAPERS));
  const ink = pick(random, INKS);
  const unit = size / 112;
  const glyphW = between(random, 4, 6.5) * unit;
  const lineH = between(random, 16, 22) * unit;
  const pen = between(random, 1, 1.6) * unit;
  const margin = between(random, 10, 18) * unit;
  const rows = floor((size - 2 * margin) / lineH);
  for (let row = 0; row < rows; row++) {
    const y = margin + row * lineH;
    const end = row === rows - 1 || random() < 0.15 ? between(random, 0.3, 0.8) * size : size - margin;
    let x = margin + (row === 0 ? 0 : random() < 0.2 ? 3 * glyphW : 0);
    while (x + glyphW < end) {
      const letters = 2 + floor(random() * 6);
      for (let l = 0; l < letters && x + glyphW < end; l++) {
        glyph(raster, random, ink, x, y, glyphW * 0.8, lineH * 0.55, row === 0 ? pen * 1.4 : pen);
        x += glyphW;
      }
      x += glyphW * between(random, 0.8, 1.4);
    }
  }
  relight(raster, between(random, 0.9, 1.02), [1, 1, 1], between(random, 0, 0.15), random() * 2 * PI);
  return raster;
}
