import {
  AutoProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  Tensor,
  env,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import type { EncoderDtype } from '#config';
import { l2Normalise, type ModelInfo } from './model-info.js';
import { contentVersion, locateModel, type ModelLocation } from './model-location.js';

/** An RGB image already decoded and checked (see ImageDecoder). */
export interface DecodedImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * What the model's preprocessor_config.json asks for. Resizing and cropping
 * happen in the decoder (sharp, native and parallel); the engine only
 * normalises, which is all that is left of CLIP preprocessing.
 */
export interface VisionInputSpec {
  /** Square input side after resize-shortest-edge + centre crop. */
  size: number;
  /** sharp kernel matching the processor's resample setting. */
  kernel: 'nearest' | 'linear' | 'cubic' | 'lanczos3';
  mean: [number, number, number];
  std: [number, number, number];
  rescale: number;
}

export interface ClipEngineOptions {
  model: string;
  dtype: EncoderDtype;
  repoRoot: string;
  /** Where hub models are cached when they are downloaded. */
  cacheDir: string;
}

type TextModel = Awaited<ReturnType<typeof CLIPTextModelWithProjection.from_pretrained>>;
type VisionModel = Awaited<ReturnType<typeof CLIPVisionModelWithProjection.from_pretrained>>;

const onnxFile = (tower: 'text' | 'vision', dtype: EncoderDtype) =>
  `onnx/${tower}_model${dtype === 'fp32' ? '' : dtype === 'q8' ? '_quantized' : `_${dtype}`}.onnx`;

/**
 * A CLIP-layout dual encoder run by transformers.js on onnxruntime-node: the
 * same code loads our ECLIP-mini from `models/` or any hub CLIP
 * (`Xenova/clip-vit-base-patch32`, a Marqo fashion CLIP) where there is network.
 */
export class ClipEngine {
  private constructor(
    readonly info: ModelInfo,
    readonly vision: VisionInputSpec,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly textModel: TextModel,
    private readonly visionModel: VisionModel,
  ) {}

  static async load(options: ClipEngineOptions): Promise<ClipEngine> {
    const location = locateModel(options.model, options.repoRoot);
    const { name, version, revision } = configureLoading(location, options);
    // A local folder must never fall through to the hub (which may be unreachable).
    const local_files_only = location.kind === 'local';
    const loadOptions = { dtype: options.dtype, device: 'cpu' as const, revision, local_files_only };
    const [tokenizer, processor, textModel, visionModel] = await Promise.all([
      AutoTokenizer.from_pretrained(name, { revision, local_files_only }),
      AutoProcessor.from_pretrained(name, { revision, local_files_only }),
      CLIPTextModelWithProjection.from_pretrained(name, loadOptions),
      CLIPVisionModelWithProjection.from_pretrained(name, loadOptions),
    ]);
    const config = textModel.config as unknown as {
      projection_dim?: number;
      text_config?: { projection_dim?: number };
    };
    const dim = config.projection_dim ?? config.text_config?.projection_dim;
    if (!dim) throw new Error(`${options.model}: config.json has no projection_dim`);
    const info: ModelInfo = { id: location.id, version, dim };
    const processorConfig = (processor as unknown as { image_processor?: { config?: ImageProcessorConfig } })
      .image_processor?.config;
    return new ClipEngine(info, visionInputSpec(processorConfig ?? {}), tokenizer, textModel, visionModel);
  }

  async embedTexts(texts: string[]): Promise<Float32Array[]> {
    const inputs = this.tokenizer(texts, { padding: true, truncation: true });
    const { text_embeds } = (await this.textModel(inputs)) as { text_embeds: Tensor };
    return this.rows(text_embeds, texts.length);
  }

  /** Images must already be `vision.size` square (ImageDecoder.decode with this engine's spec). */
  async embedImages(images: DecodedImage[]): Promise<Float32Array[]> {
    const { size } = this.vision;
    const pixel_values = new Tensor('float32', pixelValues(images, this.vision), [
      images.length,
      3,
      size,
      size,
    ]);
    const { image_embeds } = (await this.visionModel({ pixel_values })) as { image_embeds: Tensor };
    return this.rows(image_embeds, images.length);
  }

  async dispose(): Promise<void> {
    await Promise.all([this.textModel.dispose(), this.visionModel.dispose()]);
  }

  private rows(tensor: Tensor, count: number): Float32Array[] {
    const dim = this.info.dim;
    const data = tensor.data as Float32Array;
    if (data.length !== count * dim)
      throw new Error(`model returned ${data.length} values for ${count}×${dim}`);
    return Array.from({ length: count }, (_, i) => l2Normalise(data, i * dim, dim));
  }
}

/** The fields of preprocessor_config.json that decide a model's pixel input. */
export interface ImageProcessorConfig {
  size?: number | { shortest_edge?: number; height?: number; width?: number };
  crop_size?: number | { height?: number; width?: number };
  do_center_crop?: boolean;
  resample?: number;
  image_mean?: number[];
  image_std?: number[];
  rescale_factor?: number;
}

/**
 * The model input of decoded `vision.size` square images: CLIP's rescale and
 * normalisation, channels first, [images, 3, size, size] row-major.
 */
export function pixelValues(images: DecodedImage[], vision: VisionInputSpec): Float32Array {
  const { size, mean, std, rescale } = vision;
  const plane = size * size;
  const pixels = new Float32Array(images.length * 3 * plane);
  images.forEach((image, n) => {
    if (image.width !== size || image.height !== size) {
      throw new Error(`image ${n} is ${image.width}×${image.height}; the model needs ${size}×${size}`);
    }
    const base = n * 3 * plane;
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < 3; c++) {
        pixels[base + c * plane + i] = (image.data[i * 3 + c] * rescale - mean[c]) / std[c];
      }
    }
  });
  return pixels;
}

/** Reads the preprocessing a CLIP processor would do (ours or a hub model's) from its config. */
export function visionInputSpec(config: ImageProcessorConfig): VisionInputSpec {
  const edge = (v: ImageProcessorConfig['size']) =>
    typeof v === 'number' ? v : (v?.shortest_edge ?? v?.height ?? v?.width);
  const size = edge(config.crop_size) ?? edge(config.size);
  if (!size) throw new Error('preprocessor_config.json has neither crop_size nor size');
  const kernels = { 0: 'nearest', 1: 'lanczos3', 2: 'linear', 3: 'cubic' } as const;
  const triple = (v: number[] | undefined, fallback: number) =>
    [v?.[0] ?? fallback, v?.[1] ?? fallback, v?.[2] ?? fallback] as [number, number, number];
  return {
    size,
    kernel: kernels[(config.resample ?? 3) as keyof typeof kernels] ?? 'cubic',
    mean: triple(config.image_mean, 0.5),
    std: triple(config.image_std, 0.5),
    rescale: config.rescale_factor ?? 1 / 255,
  };
}

/**
 * A local folder is passed to transformers.js as an absolute path, which it
 * reads directly (a hub-shaped name would be looked up under
 * `env.localModelPath`, then on the hub); hub models go through its download
 * cache under DATA_DIR. Returns the name to pass to from_pretrained.
 */
function configureLoading(location: ModelLocation, options: ClipEngineOptions) {
  env.allowLocalModels = true;
  env.cacheDir = options.cacheDir;
  switch (location.kind) {
    case 'local':
      return {
        name: location.dir,
        revision: 'main',
        version: contentVersion(location.dir, [
          onnxFile('text', options.dtype),
          onnxFile('vision', options.dtype),
          'tokenizer.json',
          'preprocessor_config.json',
        ]),
      };
    case 'hub':
      env.allowRemoteModels = true;
      return { name: location.id, revision: location.revision, version: `hub-${location.revision}` };
  }
}
