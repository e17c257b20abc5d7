import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface CategoryVocab {
  id: string;
  label: number;
  en: string;
  zh: string;
  en_synonyms: string[];
  zh_synonyms: string[];
  price: [number, number];
}

export interface ColourVocab {
  id: string;
  en: string;
  zh: string;
  en_synonyms?: string[];
  rgb: [number, number, number];
}

export interface TintSpec {
  alpha_gain: number;
  shade_base: number;
  shade_gain: number;
  background: [number, number, number];
  display_size: number;
}

export interface Vocabulary {
  version: number;
  categories: CategoryVocab[];
  colours: ColourVocab[];
  brands: string[];
  tint: TintSpec;
}

/** The repository root: the nearest folder above this file with a package.json. */
export function repoRoot(from = import.meta.dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

let cached: Vocabulary | undefined;

/** Categories, colours, brands and the tint spec shared with the Python trainer (ml/). */
export function vocabulary(): Vocabulary {
  cached ??= JSON.parse(
    readFileSync(join(repoRoot(), 'libs/demo-catalog/src/vocabulary.json'), 'utf8'),
  ) as Vocabulary;
  return cached;
}
