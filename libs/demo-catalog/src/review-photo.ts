import { BACKGROUND_KINDS, paintBackground } from './backgrounds.js';
import {
  addNoise,
  createRaster,
  drawGarment,
  relight,
  type Placement,
  type Raster,
  type Rgb,
} from './raster.js';
import { between, pick } from './rng.js';
import { renderNoiseImage } from './noise-image.js';
import { renderTextImage } from './text-image.js';
import type { TintSpec } from './vocabulary.js';

/** How a review photo relates to the product: the label the relevance model learns. */
export const RELEVANT_KINDS = ['crop', 'rotation', 'lighting', 'noise', 'background'] as const;
export const IRRELEVANT_KINDS = ['other_product', 'blank', 'noise', 'text'] as const;
export type RelevantKind = (typeof RELEVANT_KINDS)[number];
export type IrrelevantKind = (typeof IRRELEVANT_KINDS)[number];

export type ReviewPhotoSpec =
  { relevant: true; kind: RelevantKind } | { relevant: false; kind: IrrelevantKind };

/** A garment as the photo needs it: Fashion-MNIST grey pixels and the RGB it is dyed. */
export interface Garment {
  gray: Uint8Array;
  rgb: Rgb;
}

/** Hand-held framing: never quite the catalog's centred shot. */
const handheld = (random: () => number, size: number): Placement => ({
  scale: between(random, 0.78, 0.95),
  dx: between(random, -0.07, 0.07) * size,
  dy: between(random, -0.07, 0.07) * size,
  angle: between(random, -0.1, 0.1),
});

function garmentPhoto(size: number, garment: Garment, spec: TintSpec, placement: Placement): Raster {
  const raster = createRaster(size, spec.background);
  drawGarment(raster, garment.gray, garment.rgb, spec, placement);
  return raster;
}

function relevantPhoto(
  kind: RelevantKind,
  size: number,
  garment: Garment,
  spec: TintSpec,
  random: () => number,
) {
  switch (kind) {
    case 'crop': {
      const scale = between(random, 1.35, 1.75);
      const reach = ((scale - 1) / 2) * size;
      const placement = {
        scale,
        dx: between(random, -reach, reach),
        dy: between(random, -reach, reach),
        angle: 0,
      };
      return garmentPhoto(size, garment, spec, placement);
    }
    case 'rotation': {
      const angle = (random() < 0.5 ? -1 : 1) * between(random, 0.3, 0.75);
      return garmentPhoto(size, garment, spec, { ...handheld(random, size), angle });
    }
    case 'lighting': {
      const raster = garmentPhoto(size, garment, spec, handheld(random, size));
      const warm = between(random, -0.05, 0.05);
      const gain = random() < 0.6 ? between(random, 0.6, 0.8) : between(random, 1.15, 1.3);
      relight(raster, gain, [1 + warm, 1, 1 - warm], between(random, 0.2, 0.5), random() * 2 * Math.PI);
      return raster;
    }
    case 'noise': {
      const raster = garmentPhoto(size, garment, spec, handheld(random, size));
      addNoise(raster, between(random, 5, 8), random, 0);
      return raster;
    }
    case 'background': {
      const raster = createRaster(size);
      paintBackground(raster, random, pick(random, BACKGROUND_KINDS));
      drawGarment(raster, garment.gray, garment.rgb, spec, handheld(random, size));
      return raster;
    }
  }
}

function irrelevantPhoto(
  kind: IrrelevantKind,
  size: number,
  other: () => Garment,
  spec: TintSpec,
  random: () => number,
) {
  switch (kind) {
    case 'other_product': {
      const garment = other();
      const raster = createRaster(size, spec.background);
      if (random() < 0.5) paintBackground(raster, random, pick(random, BACKGROUND_KINDS));
      drawGarment(raster, garment.gray, garment.rgb, spec, handheld(random, size));
      return raster;
    }
    case 'blank': {
      // A lens cap, a wall, a sheet of paper: near-uniform with a faint gradient and sensor noise.
      const level = between(random, 20, 245);
      const cast = () => level + between(random, -8, 8);
      const raster = createRaster(size, [cast(), cast(), cast()]);
      relight(raster, 1, [1, 1, 1], between(random, 0, 0.05), random() * 2 * Math.PI);
      addNoise(raster, between(random, 1, 3), random, 0);
      return raster;
    }
    case 'noise':
      return renderNoiseImage(size, random);
    case 'text':
      return renderTextImage(size, random);
  }
}

/**
 * Renders one review photo. Relevant photos show the product's own garment in
 * its own colour, photographed differently; `other` is only drawn for
 * `other_product` (a different category's garment in a random colour).
 */
export function renderReviewPhoto(
  photo: ReviewPhotoSpec,
  size: number,
  garment: Garment,
  other: () => Garment,
  spec: TintSpec,
  random: () => number,
): Raster {
  if (photo.relevant) return relevantPhoto(photo.kind, size, garment, spec, random);
  return irrelevantPhoto(photo.kind, size, other, spec, random);
}
