import {
  AutoModelForImageTextToText,
  AutoProcessor,
  LogitsProcessor,
  LogitsProcessorList,
  RawImage,
  StoppingCriteria,
  TextStreamer,
  env,
  type Processor,
  type Tensor,
} from '@huggingface/transformers';
import sharp from 'sharp';
import { contentVersion, locateModel } from '#embedding';
import { grammarFor, type OutputConstraint, type OutputGrammar } from './output-grammar.js';

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
  /** Only tokens that keep the output inside this grammar are chosen (constrained decoding). */
  constraint?: OutputConstraint;
}

export interface GenerationOutput {
  text: string;
  newTokens: number;
  /** Milliseconds from the call to the first new token, and to the end. */
  firstTokenMs: number;
  totalMs: number;
  /** True when the signal stopped generation early. */
  interrupted: boolean;
  /** Steps where the model's own first choice broke the constraint and a lower-ranked token was taken. */
  constrainedSteps: number;
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

type Tokenizer = NonNullable<Processor['tokenizer']>;
const RAW = { skip_special_tokens: true, clean_up_tokenization_spaces: false };

/**
 * Greedy decoding under a grammar: of the tokens in descending score, the
 * first that keeps the output a viable prefix wins, and end-of-sequence only
 * once the output is complete; every other score becomes -Infinity. Token
 * texts are decoded once and cached, so a step usually costs one or two
 * grammar checks.
 */
class GrammarLogitsProcessor extends LogitsProcessor {
  /** Steps where the model's top token was not allowed. */
  overridden = 0;
  private readonly pieces = new Map<number, string>();

  constructor(
    private readonly grammar: OutputGrammar,
    private readonly tokenizer: Tokenizer,
    private readonly promptLength: number,
    private readonly endIds: number[],
  ) {
    super();
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    inputIds.forEach((ids, row) => {
      const scores = (logits as unknown as Tensor[])[row].data as Float32Array;
      const fresh = ids.slice(this.promptLength).map(Number);
      const text = fresh.length > 0 ? this.tokenizer.decode(fresh, RAW) : '';
      const done = this.grammar.check(text) === 'complete';
      const order = [...scores.keys()].sort((a, b) => scores[b] - scores[a]);
      const chosen = order.find((id) =>
        this.endIds.includes(id) ? done : this.grammar.check(text + this.piece(id)) !== 'invalid',
      );
      // Nothing fits (the grammar ran into a corner): leave the scores alone, the plan reader decides.
      if (chosen === undefined) return;
      if (chosen !== order[0]) this.overridden++;
      const best = scores[chosen];
      scores.fill(-Infinity);
      scores[chosen] = best;
    });
    return logits;
  }

  private piece(id: number): string {
    let text = this.pieces.get(id);
    if (text === undefined) {
      text = this.tokenizer.decode([id], RAW);
      // A token that is part of a multi-byte character decodes to U+FFFD: never valid inside a grammar.
      this.pieces.set(id, text);
    }
    return text;
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
    // Text alone goes through the tokenizer: image processors (LLaVA's among them) require an image.
    const inputs = (
      image ? await this.processor(image, prompt) : this.processor.tokenizer!(prompt)
    ) as Record<string, Tensor>;
    const streamer = new TextStreamer(this.processor.tokenizer!, {
      skip_prompt: true,
      skip_special_tokens: true,
      // The first new token, not the first printable piece (the streamer holds text back to word ends).
      token_callback_function: () => {
        if (firstTokenMs < 0) firstTokenMs = performance.now() - started;
      },
      callback_function: (piece: string) => input.onText?.(piece),
    });
    const promptLength = inputs.input_ids.dims[1];
    const grammar = input.constraint
      ? new GrammarLogitsProcessor(
          grammarFor(input.constraint),
          this.processor.tokenizer!,
          promptLength,
          this.endIds(),
        )
      : undefined;
    const logitsProcessor = new LogitsProcessorList();
    if (grammar) logitsProcessor.push(grammar);
    const sequences = (await this.model.generate({
      ...inputs,
      max_new_tokens: input.maxNewTokens,
      do_sample: false,
      streamer,
      stopping_criteria: [new AbortCriteria(input.signal)],
      logits_processor: logitsProcessor,
    })) as Tensor;
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
      constrainedSteps: grammar?.overridden ?? 0,
    };
  }

  /** The ids that end a generation: the generation config's eos_token_id (one or several). */
  private endIds(): number[] {
    const config = (this.model as unknown as { generation_config?: { eos_token_id?: number | number[] } })
      .generation_config;
    const eos = config?.eos_token_id ?? [];
    return Array.isArray(eos) ? eos : [eos];
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
