import type { TintSpec } from './vocabulary.js';

/**
 * Colours a Fashion-MNIST garment: the pixels change, not just a label.
 * v = g/255; a = min(1, alpha_gain·v); shade = shade_base + shade_gain·v;
 * c = round(background·(1−a) + a·rgb·shade). Identical to ml/eclip/data.py
 * (checked against ml/tint_vectors.json); returns 28×28×3 RGB bytes.
 */
export function tint(gray: Uint8Array, rgb: readonly [number, number, number], spec: TintSpec): Uint8Array {
  const out = new Uint8Array(gray.length * 3);
  for (let i = 0; i < gray.length; i++) {
    const v = gray[i] / 255;
    const a = Math.min(1, spec.alpha_gain * v);
    const shade = spec.shade_base + spec.shade_gain * v;
    for (let c = 0; c < 3; c++) {
      const x = spec.background[c] * (1 - a) + a * rgb[c] * shade;
      out[i * 3 + c] = Math.min(255, Math.max(0, Math.round(x)));
    }
  }
  return out;
}
