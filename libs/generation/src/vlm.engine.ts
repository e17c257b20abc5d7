import {
  AutoModelForImageTextToText,
  AutoProcessor,
  RawImage,
  StoppingCriteria,
  TextStreamer,
  env,
  type Processor,
  type Tensor,
} from '@huggingface/transformers';
import sharp from 'sharp';
import { contentVersion, locateModel } from '#embedding';

export interface VlmEngineOptions {
  /** A local folder (models/shoplens-vlm) or, with network, a hub id (HuggingFaceTB/SmolVLM-256M-Instruct). */
  model: string;
  repoRoot: string;
  cacheDir: string;
}

export interface GenerationInput {
  /** The user's turn; the image, when there is one, goes before it. */
  text: string;
  /** RGB pixels, already checked against the image limits. */
  image?: { data: Uint8Array; width: number; height: number };
  maxNewTokens: number;
  /** Called with each piece of text as it is decoded. */
  onText?: (piece: string) => void;
  /** Generation stops after the current token once this is aborted (client gone, timeout). */
  signal?: AbortSignal;
}

export interface GenerationOutput {
  text: string;
  newTokens: number;
  /** Milliseconds from the call to the first new token, and to the end. */
  firstTokenMs: number;
  totalMs: number;
  /** True when the signal stopped generation early. */
  interrupted: boolean;
}

export interface VlmModelInfo {
  id: string;
  version: string;
}

/** Stops generation at the next token once the signal is aborted. */
class AbortCriteria extends StoppingCriteria {
  constructor(private readonly signal: AbortSignal | undefined) {
    super();
  }

  override _call(inputIds: number[][]): boolean[] {
    return inputIds.map(() => this.signal?.aborted ?? false);
  }
}

/** The files that decide a local model's output: their hash is the model version. */
const VERSIONED_FILES = [
  'config.json',
  'tokenizer.json',
  'onnx/vision_encoder.onnx',
  'onnx/embed_tokens.onnx',
  'onnx/decoder_model_merged.onnx',
];

type VlmModel = Awaited<ReturnType<typeof AutoModelForImageTextToText.from_pretrained>>;

/**
 * An image-text-to-text model run by transformers.js on onnxruntime-node: our
 * LLaVA-layout shoplens-vlm from `models/`, or a hub VLM where there is
 * network. Prompts go through the model's own chat template.
 */
export class VlmEngine {
  private constructor(
    readonly info: VlmModelInfo,
    private readonly processor: Processor,
    private readonly model: VlmModel,
  ) {}

  static async load(options: VlmEngineOptions): Promise<VlmEngine> {
    const location = locateModel(options.model, options.repoRoot);
    env.allowLocalModels = true;
    env.cacheDir = options.cacheDir;
    const local = location.kind === 'local';
    if (!local) env.allowRemoteModels = true;
    const name = local ? location.dir : location.id;
    const revision = local ? 'main' : location.revision;
    const [processor, model] = await Promise.all([
      AutoProcessor.from_pretrained(name, { revision, local_files_only: local }),
      AutoModelForImageTextToText.from_pretrained(name, {
        revision,
        local_files_only: local,
        device: 'cpu',
        dtype: 'fp32',
      }),
    ]);
    const version = local ? contentVersion(location.dir, VERSIONED_FILES) : `hub-${revision}`;
    return new VlmEngine({ id: location.id, version }, processor, model);
  }

  async generate(input: GenerationInput): Promise<GenerationOutput> {
    const started = performance.now();
    let firstTokenMs = -1;
    const content = [...(input.image ? [{ type: 'image' }] : []), { type: 'text', text: input.text }];
    const prompt = this.processor.apply_chat_template([{ role: 'user', content }], {
      add_generation_prompt: true,
    }) as string;
    const image = input.image
      ? new RawImage(new Uint8ClampedArray(input.image.data), input.image.width, input.image.height, 3)
      : null;
    const inputs = (await this.processor(image, prompt)) as Record<string, Tensor>;
    const streamer = new TextStreamer(this.processor.tokenizer!, {
      skip_prompt: true,
      skip_special_tokens: true,
      callback_function: (piece: string) => {
        if (firstTokenMs < 0) firstTokenMs = performance.now() - started;
        input.onText?.(piece);
      },
    });
    const sequences = (await this.model.generate({
      ...inputs,
      max_new_tokens: input.maxNewTokens,
      do_sample: false,
      streamer,
      stopping_criteria: [new AbortCriteria(input.signal)],
    })) as Tensor;
    const promptLength = inputs.input_ids.dims[1];
    // Everything after the prompt: the new tokens.
    const fresh = sequences.slice(null, [promptLength, sequences.dims[1]]);
    const [text] = this.processor.batch_decode(fresh as never, { skip_special_tokens: true });
    const totalMs = performance.now() - started;
    return {
      text: text.trim(),
      newTokens: fresh.dims[1],
      firstTokenMs: firstTokenMs < 0 ? totalMs : firstTokenMs,
      totalMs,
      interrupted: input.signal?.aborted ?? false,
    };
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}

/** Decodes a photo to RGB pixels no larger than the model needs (the processor resizes further). */
export async function photoPixels(
  bytes: Buffer,
  maxSide = 448,
): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(bytes, { limitInputPixels: false })
    .rotate()
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}
