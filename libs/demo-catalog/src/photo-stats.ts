const { PI, abs, atan2, cos, max, min, sin, sqrt } = Math; // hoisted: global lookups are slow in Jest's vm context

/**
 * Colour statistics of RGB photos, for checking generated photos against
 * their labels: the hue of the strongly coloured pixels is the garment's
 * colour because backgrounds and papers are kept muted.
 */
export function dominantHue(pixels: Uint8Array, minSaturation = 0.55): { hue: number; share: number } {
  let [x, y, n] = [0, 0, 0];
  for (let i = 0; i < pixels.length; i += 3) {
    const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
    const hi = max(r, g, b);
    const lo = min(r, g, b);
    if (hi < 60 || (hi - lo) / hi < minSaturation) continue;
    const hue = rgbHue(r, g, b, hi, lo);
    x += cos((hue * PI) / 180);
    y += sin((hue * PI) / 180);
    n++;
  }
  const hue = ((atan2(y, x) * 180) / PI + 360) % 360;
  return { hue, share: n / (pixels.length / 3) };
}

export function rgbHue(r: number, g: number, b: number, hi = max(r, g, b), lo = min(r, g, b)): number {
  const d = hi - lo || 1;
  const h = hi === r ? (g - b) / d : hi === g ? 2 + (b - r) / d : 4 + (r - g) / d;
  return (h * 60 + 360) % 360;
}

/** Smallest angle between two hues, in degrees. */
export const hueDistance = (a: number, b: number): number => min(abs(a - b), 360 - abs(a - b));

/** Standard deviation over all channel values. */
export function pixelStd(pixels: Uint8Array): number {
  const mean = pixels.reduce((s, v) => s + v, 0) / pixels.length;
  return sqrt(pixels.reduce((s, v) => s + (v - mean) ** 2, 0) / pixels.length);
}

/** Mean absolute difference of two same-sized images, per channel value. */
export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += abs(a[i] - b[i]);
  return sum / a.length;
}
