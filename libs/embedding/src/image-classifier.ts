import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import {
  pixelValues,
  visionInputSpec,
  type DecodedImage,
  type ImageProcessorConfig,
  type VisionInputSpec,
} from './clip.engine.js';
import { softmax } from './model-info.js';
import { contentVersion, locateModel } from './model-location.js';

const ONNX_FILE = 'onnx/model.onnx';

/**
 * An image classifier exported to ONNX (models/category-mini): one input,
 * `pixel_values` [images, 3, size, size], one output, `logits`
 * [images, labels]; `config.json` names the labels (`id2label`) and
 * `preprocessor_config.json` the pixel input, in the CLIP processor's terms.
 * Its network is our own, not a transformers architecture, so it runs on
 * onnxruntime-node directly. Decoding and resizing happen in ImageDecoder,
 * as for the dual encoder, with this model's `vision` spec.
 */
export class ImageClassifier {
  private constructor(
    readonly id: string,
    readonly version: string,
    readonly vision: VisionInputSpec,
    readonly labels: string[],
    private readonly session: ort.InferenceSession,
  ) {}

  /** `model`: a local folder, absolute or relative to the working directory or `repoRoot`. */
  static async load(model: string, repoRoot: string): Promise<ImageClassifier> {
    const location = locateModel(model, repoRoot);
    if (location.kind !== 'local') throw new Error(`${model}: no model folder with a config.json there`);
    const readJson = <T>(file: string) => JSON.parse(readFileSync(join(location.dir, file), 'utf8')) as T;
    const { id2label = {} } = readJson<{ id2label?: Record<string, string> }>('config.json');
    const labels = Object.keys(id2label)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => id2label[k]);
    if (labels.length === 0) throw new Error(`${model}: config.json has no id2label`);
    const vision = visionInputSpec(readJson<ImageProcessorConfig>('preprocessor_config.json'));
    const session = await ort.InferenceSession.create(join(location.dir, ONNX_FILE));
    const version = contentVersion(location.dir, [ONNX_FILE, 'config.json', 'preprocessor_config.json']);
    return new ImageClassifier(location.id, version, vision, labels, session);
  }

  /** Per image, each label's probability (softmax of the logits). */
  async classify(images: DecodedImage[]): Promise<Map<string, number>[]> {
    const { size } = this.vision;
    const input = new ort.Tensor('float32', pixelValues(images, this.vision), [images.length, 3, size, size]);
    const { logits } = await this.session.run({ pixel_values: input });
    const data = logits.data as Float32Array;
    const n = this.labels.length;
    if (data.length !== images.length * n) {
      throw new Error(`model returned ${data.length} logits for ${images.length}×${n}`);
    }
    return images.map((_, i) => {
      const probabilities = softmax(data.subarray(i * n, (i + 1) * n));
      return new Map(this.labels.map((label, j) => [label, probabilities[j]]));
    });
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
