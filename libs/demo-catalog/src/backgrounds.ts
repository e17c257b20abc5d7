import { between, pick } from './rng.js';
import type { Raster, Rgb } from './raster.js';

const { PI, cos, max, min, sign, sin } = Math; // hoisted: global lookups are slow in Jest's vm context

/**
 * Surfaces a garment gets photographed on at home: muted (saturation under
 * about 0.3) so the garment's colour stays the most colourful thing in frame.
 */
const SURFACES: readonly Rgb[] = [
  [232, 224, 208], // linen
  [214, 214, 210], // light grey sheet
  [188, 166, 142], // oak
  [150, 126, 106], // walnut
  [120, 128, 140], // slate blue-grey
  [70, 72, 78], // charcoal
  [240, 236, 226], // cream
  [176, 186, 168], // sage
  [205, 190, 180], // rose beige
];

export type BackgroundKind = 'plain' | 'gradient' | 'texture';
export const BACKGROUND_KINDS: readonly BackgroundKind[] = ['plain', 'gradient', 'texture'];

const jitter = (random: () => number, rgb: Rgb): Rgb =>
  rgb.map((c) => c + between(random, -10, 10)) as unknown as Rgb;

/** Fills the canvas with a plain colour, a two-colour gradient, or wood grain / weave. */
export function paintBackground(raster: Raster, random: () => number, kind: BackgroundKind): void {
  const { size, data } = raster;
  const base = jitter(random, pick(random, SURFACES));
  const other = jitter(random, pick(random, SURFACES));
  const angle = random() * 2 * PI;
  const [cx, cy] = [cos(angle), sin(angle)];
  const period = between(random, 10, 22) * (size / 112);
  const phase = random() * 2 * PI;
  const weave = random() < 0.5;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 3;
      let mix = 0;
      let shade = 1;
      if (kind === 'gradient') {
        mix = min(1, max(0, 0.5 + ((x / size - 0.5) * cx + (y / size - 0.5) * cy)));
      } else if (kind === 'texture') {
        const along = (x * cx + y * cy) / period;
        const across = (-x * cy + y * cx) / period;
        shade = weave
          ? 1 + 0.05 * sign(sin(along * PI)) * sign(sin(across * PI))
          : 1 + 0.06 * sin(2 * PI * along + phase + 1.5 * sin(across));
      }
      for (let c = 0; c < 3; c++) data[i + c] = (base[c] * (1 - mix) + other[c] * mix) * shade;
    }
  }
}
