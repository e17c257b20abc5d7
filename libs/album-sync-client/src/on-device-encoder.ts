import type * as Transformers from '@huggingface/transformers';

type TransformersModule = typeof Transformers;
type TextModel = Awaited<ReturnType<TransformersModule['CLIPTextModelWithProjection']['from_pretrained']>>;
type VisionModel = Awaited<
  ReturnType<TransformersModule['CLIPVisionModelWithProjection']['from_pretrained']>
>;
export type ImageInput = Transformers.RawImage | string | URL | Blob;

export interface OnDeviceEncoderOptions {
  /** A local folder (Node), a path under transformers' `env.localModelPath` (browser), or a hub id. */
  model: string;
  dtype?: 'fp32' | 'q8';
  /** Load the vision tower too (for photos taken on the device). */
  vision?: boolean;
}

/**
 * The album's model on the device, through transformers.js (onnxruntime-node
 * in Node, onnxruntime-web in browsers): the text tower embeds queries for
 * offline search, the vision tower embeds photos taken on the device. The
 * transformers module is passed in, so Node and a browser page each load
 * their own build of it.
 */
export class OnDeviceEncoder {
  private constructor(
    private readonly transformers: TransformersModule,
    private readonly tokenizer: Transformers.PreTrainedTokenizer,
    private readonly textModel: TextModel,
    private readonly processor?: Transformers.Processor,
    private readonly visionModel?: VisionModel,
  ) {}

  static async load(
    transformers: TransformersModule,
    options: OnDeviceEncoderOptions,
  ): Promise<OnDeviceEncoder> {
    const load = { dtype: options.dtype ?? 'fp32' } as const;
    const [tokenizer, textModel, processor, visionModel] = await Promise.all([
      transformers.AutoTokenizer.from_pretrained(options.model),
      transformers.CLIPTextModelWithProjection.from_pretrained(options.model, load),
      options.vision ? transformers.AutoProcessor.from_pretrained(options.model) : undefined,
      options.vision
        ? transformers.CLIPVisionModelWithProjection.from_pretrained(options.model, load)
        : undefined,
    ]);
    return new OnDeviceEncoder(transformers, tokenizer, textModel, processor, visionModel);
  }

  /** The unit text vector of a query, English or Chinese. */
  async embedText(text: string): Promise<Float32Array> {
    const inputs = this.tokenizer([text], { padding: true, truncation: true });
    const { text_embeds } = (await this.textModel(inputs)) as { text_embeds: Transformers.Tensor };
    return unit(text_embeds.data as Float32Array);
  }

  /** The unit image vector of a photo (a RawImage, a URL or path, or a Blob). */
  async embedImage(image: ImageInput): Promise<Float32Array> {
    if (!this.processor || !this.visionModel)
      throw new Error('load the encoder with { vision: true } to embed photos');
    const raw =
      image instanceof this.transformers.RawImage ? image : await this.transformers.RawImage.read(image);
    const { pixel_values } = (await this.processor(raw.rgb())) as { pixel_values: Transformers.Tensor };
    const { image_embeds } = (await this.visionModel({ pixel_values })) as {
      image_embeds: Transformers.Tensor;
    };
    return unit(image_embeds.data as Float32Array);
  }

  async dispose(): Promise<void> {
    await Promise.all([this.textModel.dispose(), this.visionModel?.dispose()]);
  }
}

function unit(values: Float32Array): Float32Array {
  let norm = 0;
  for (const v of values) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  return Float32Array.from(values, (v) => v / norm);
}
