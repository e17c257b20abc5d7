import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFashionMnist } from './fashion-mnist.reader.js';
import { tint } from './tint.js';
import { repoRoot, vocabulary } from './vocabulary.js';

interface TintVector {
  index: number;
  colour: string;
  sha256: string;
  pixel_14_14: [number, number, number];
}

const vectorsFile = join(repoRoot(), 'ml/tint_vectors.json');
const vectors = (JSON.parse(readFileSync(vectorsFile, 'utf8')) as { vectors: TintVector[] }).vectors;

describe(tint.name, () => {
  const vocab = vocabulary();

  it('turns the black background white and keeps the garment in the colour', () => {
    const gray = new Uint8Array([0, 255]);
    const red = vocab.colours.find((c) => c.id === 'red')!.rgb;
    expect([...tint(gray, red, vocab.tint)]).toEqual([255, 255, 255, ...red]);
  });

  it.each(vectors.map((v) => [v.index, v.colour, v] as const))(
    'matches the Python trainer byte for byte (image %i, %s)',
    (index, colour, vector) => {
      const data = readFashionMnist('train');
      const rgb = vocab.colours.find((c) => c.id === colour)!.rgb;
      const out = tint(data.image(index), rgb, vocab.tint);
      expect(createHash('sha256').update(out).digest('hex')).toBe(vector.sha256);
      const at = (14 * 28 + 14) * 3;
      expect([out[at], out[at + 1], out[at + 2]]).toEqual(vector.pixel_14_14);
    },
  );
});
