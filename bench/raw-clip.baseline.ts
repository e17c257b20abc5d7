import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { l2Normalise } from '#embedding';

interface PreprocessorConfig {
  size: { shortest_edge?: number; height?: number } | number;
  crop_size?: { height: number; width: number } | number;
  image_mean: number[];
  image_std: number[];
  rescale_factor?: number;
}

/**
 * The same work as the encoder, written directly against onnxruntime-node:
 * tokenise, decode with sharp, resize + centre-crop + normalise by hand, run
 * the session, L2-normalise. No batching layer, no cache, no checks.
 */
export class RawClipBaseline {
  private constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly text: ort.InferenceSession,
    private readonly vision: ort.InferenceSession,
    private readonly pre: PreprocessorConfig,
  ) {}

  static async load(dir: string): Promise<RawClipBaseline> {
    const pre = JSON.parse(readFileSync(join(dir, 'preprocessor_config.json'), 'utf8')) as PreprocessorConfig;
    const [tokenizer, text, vision] = await Promise.all([
      AutoTokenizer.from_pretrained(dir, { local_files_only: true }),
      ort.InferenceSession.create(join(dir, 'onnx/text_model.onnx')),
      ort.InferenceSession.create(join(dir, 'onnx/vision_model.onnx')),
    ]);
    return new RawClipBaseline(tokenizer, text, vision, pre);
  }

  async embedTexts(texts: string[]): Promise<Float32Array[]> {
    const encoded = this.tokenizer(texts, { padding: true, truncation: true });
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of this.text.inputNames) {
      const t = (encoded as unknown as Record<string, { data: BigInt64Array; dims: number[] }>)[name];
      feeds[name] = new ort.Tensor('int64', t.data, t.dims);
    }
    const out = await this.text.run(feeds);
    return rows(out.text_embeds, texts.length);
  }

  async embedImages(images: Buffer[]): Promise<Float32Array[]> {
    const size =
      typeof this.pre.crop_size === 'number' ? this.pre.crop_size : (this.pre.crop_size?.height ?? 224);
    const plane = size * size;
    const pixels = new Float32Array(images.length * 3 * plane);
    await Promise.all(
      images.map(async (bytes, n) => {
        const { data } = await sharp(bytes)
          .resize(size, size, { fit: 'cover', kernel: 'linear' })
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true });
        const scale = this.pre.rescale_factor ?? 1 / 255;
        for (let i = 0; i < plane; i++) {
          for (let c = 0; c < 3; c++) {
            pixels[n * 3 * plane + c * plane + i] =
              (data[i * 3 + c] * scale - this.pre.image_mean[c]) / this.pre.image_std[c];
          }
        }
      }),
    );
    const out = await this.vision.run({
      pixel_values: new ort.Tensor('float32', pixels, [images.length, 3, size, size]),
    });
    return rows(out.image_embeds, images.length);
  }
}

function rows(tensor: ort.Tensor, count: number): Float32Array[] {
  const data = tensor.data as Float32Array;
  const dim = data.length / count;
  return Array.from({ length: count }, (_, i) => l2Normalise(data, i * dim, dim));
}
