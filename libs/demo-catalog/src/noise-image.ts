import { addNoise, createRaster, type Raster } from './raster.js';
import { between } from './rng.js';

const { floor } = Math; // hoisted: global lookups are slow in Jest's vm context

/**
 * A photo of nothing: smooth random colour blobs (a coarse grid of random
 * colours, bilinearly interpolated) with a little grain, the way a pocket or
 * a blurred shot looks. Coarse, so it stays small as WebP.
 */
export function renderNoiseImage(size: number, random: () => number): Raster {
  const raster = createRaster(size);
  const cells = 3 + floor(random() * 8);
  const grid = Array.from({ length: (cells + 1) * (cells + 1) * 3 }, () => random() * 255);
  const { data } = raster;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [gx, gy] = [(x / size) * cells, (y / size) * cells];
      const [x0, y0] = [floor(gx), floor(gy)];
      const [fx, fy] = [gx - x0, gy - y0];
      for (let c = 0; c < 3; c++) {
        const at = (xx: number, yy: number) => grid[(yy * (cells + 1) + xx) * 3 + c];
        const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
        const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
        data[(y * size + x) * 3 + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  addNoise(raster, between(random, 2, 4), random, 0);
  return raster;
}
