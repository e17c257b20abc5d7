// Generation speed: time to first token and tokens/s for (a) a raw
// onnxruntime-node greedy loop over the same three ONNX files (vision encoder,
// token embeddings, decoder with KV cache) and (b) the generator as the app
// runs it (transformers.js generate under our VlmEngine: chat template,
// processor, streamer, stopping criteria), in process and (c) over HTTP.
// Both sides get the same photos, prompt and token budget, and both stop at
// the end token; tokens/s counts the new tokens each side produced.
//   npm run bench:generation    (prints a markdown table, writes bench/results/generation.json;
//                                BENCH_ITEMS photos, default 12; BENCH_RUNS, default 3; BENCH_TOKENS, default 48)
import 'reflect-metadata';
import { AutoProcessor, RawImage, type Processor, type Tensor } from '@huggingface/transformers';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { pino } from 'pino';
import { GeneratorModule } from '#apps/generator/src/generator.module';
import { HttpConfig, loadAllConfig } from '#config';
import { repoRoot } from '#demo-catalog';
import { ImageDecoder, locateModel } from '#embedding';
import {
  HttpGeneratorClient,
  InProcessGenerator,
  VlmEngine,
  describePrompt,
  photoPixels,
  type GeneratorPort,
} from '#generation';
import { HostModule } from '#host';
import { createHttpApp } from '#http';
import { MetricsRegistry } from '#observability';
import { headline, machineLine, median, type Headline } from './bench.util.js';

const PHOTOS = Number(process.env.BENCH_ITEMS ?? 12);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MAX_NEW_TOKENS = Number(process.env.BENCH_TOKENS ?? 48);

const root = repoRoot();
const config = loadAllConfig({ ...process.env, LOG_LEVEL: 'silent', GENERATOR_QUEUE_SIZE: '100' });
const location = locateModel(config.generator.model, root);
if (location.kind !== 'local') throw new Error('the benchmark needs a local model folder');
const photos = readFileSync(join(root, 'libs/demo-catalog/catalog/products.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .slice(0, PHOTOS)
  .map((line) =>
    readFileSync(join(root, 'libs/demo-catalog/catalog', (JSON.parse(line) as { image: string }).image)),
  );

/**
 * The raw loop: the processor prepares pixels and ids (the same call the
 * app makes), then onnxruntime-node sessions do the rest by hand.
 */
class RawVlmLoop {
  private constructor(
    private readonly processor: Processor,
    private readonly vision: ort.InferenceSession,
    private readonly embed: ort.InferenceSession,
    private readonly decoder: ort.InferenceSession,
    private readonly imageTokenId: number,
    private readonly endId: number,
  ) {}

  static async load(dir: string): Promise<RawVlmLoop> {
    const session = (name: string) => ort.InferenceSession.create(join(dir, 'onnx', `${name}.onnx`));
    const [processor, vision, embed, decoder] = await Promise.all([
      AutoProcessor.from_pretrained(dir, { local_files_only: true }),
      session('vision_encoder'),
      session('embed_tokens'),
      session('decoder_model_merged'),
    ]);
    const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { image_token_index: number };
    const gen = JSON.parse(readFileSync(join(dir, 'generation_config.json'), 'utf8')) as {
      eos_token_id: number;
    };
    return new RawVlmLoop(processor, vision, embed, decoder, cfg.image_token_index, gen.eos_token_id);
  }

  async generate(
    photo: Buffer,
    text: string,
  ): Promise<{ firstTokenMs: number; totalMs: number; tokens: number }> {
    const started = performance.now();
    const pixels = await photoPixels(photo);
    const image = new RawImage(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height, 3);
    const prompt = this.processor.apply_chat_template(
      [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text }] }],
      { add_generation_prompt: true },
    ) as string;
    const inputs = (await this.processor(image, prompt)) as Record<string, Tensor>;
    const ids = inputs.input_ids.data as BigInt64Array;
    const pv = inputs.pixel_values;
    const features = (
      await this.vision.run({ pixel_values: new ort.Tensor('float32', pv.data as Float32Array, pv.dims) })
    ).image_features.data as Float32Array;
    let x = (await this.embed.run({ input_ids: new ort.Tensor('int64', ids, [1, ids.length]) }))
      .inputs_embeds;
    const hidden = x.dims[2];
    // Put the visual tokens where the prompt has image placeholders.
    const data = x.data as Float32Array;
    let k = 0;
    ids.forEach((id, i) => {
      if (Number(id) === this.imageTokenId) data.set(features.subarray(k * hidden, ++k * hidden), i * hidden);
    });
    const pastNames = this.decoder.inputNames.filter((n) => n.startsWith('past_key_values.'));
    const meta = this.decoder.inputMetadata as unknown as { name: string; shape: (number | string)[] }[];
    const pastShape = meta.find((m) => m.name === pastNames[0])?.shape ?? [1, 4, 0, 64];
    const [heads, headDim] = [Number(pastShape[1]), Number(pastShape[3])];
    let past: Record<string, ort.Tensor> = Object.fromEntries(
      pastNames.map((n) => [n, new ort.Tensor('float32', new Float32Array(0), [1, heads, 0, headDim])]),
    );
    let total = ids.length;
    let firstTokenMs = -1;
    let tokens = 0;
    for (let step = 0; step < MAX_NEW_TOKENS; step++) {
      const length = x.dims[1];
      const mask = new ort.Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]);
      const positions = new ort.Tensor(
        'int64',
        BigInt64Array.from({ length }, (_, i) => BigInt(total - length + i)),
        [1, length],
      );
      const out = await this.decoder.run({
        inputs_embeds: x,
        attention_mask: mask,
        position_ids: positions,
        ...past,
      });
      const logits = out.logits;
      const vocab = logits.dims[2];
      const last = (logits.data as Float32Array).subarray((length - 1) * vocab, length * vocab);
      let next = 0;
      for (let v = 1; v < vocab; v++) if (last[v] > last[next]) next = v;
      if (firstTokenMs < 0) firstTokenMs = performance.now() - started;
      tokens++; // the end token counts, as transformers.js counts it
      if (next === this.endId) break;
      past = Object.fromEntries(pastNames.map((n) => [n, out[n.replace('past_key_values', 'present')]]));
      x = (
        await this.embed.run({ input_ids: new ort.Tensor('int64', BigInt64Array.of(BigInt(next)), [1, 1]) })
      ).inputs_embeds;
      total++;
    }
    return { firstTokenMs, totalMs: performance.now() - started, tokens };
  }
}

const raw = await RawVlmLoop.load(location.dir);
const engine = await VlmEngine.load({ model: config.generator.model, repoRoot: root, cacheDir: '/tmp' });
const decoder = new ImageDecoder({
  maxBytes: config.encoder.imageMaxBytes,
  maxPixels: config.encoder.imageMaxPixels,
});
const inProcess = new InProcessGenerator(engine, config.generator, decoder, new MetricsRegistry());
const app = await createHttpApp(
  {
    name: 'generator',
    defaultPort: 0,
    docs: false,
    module: (c) => HostModule.build(c, { apps: [GeneratorModule], database: false, generator: 'in-process' }),
  },
  config,
  new HttpConfig(0, { PORT: '0', HOST: '127.0.0.1' }),
  pino({ level: 'silent' }),
);
await app.listen({ port: 0, host: '127.0.0.1' });
const http = new HttpGeneratorClient(
  [`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`],
  600_000,
);

const prompt = describePrompt('en');
type Run = { firstTokenMs: number; totalMs: number; tokens: number };
const viaPort =
  (port: GeneratorPort) =>
  async (photo: Buffer): Promise<Run> => {
    const out = await port.complete(
      { text: prompt, image: photo },
      { maxNewTokens: MAX_NEW_TOKENS, onText: () => {} },
    );
    return {
      firstTokenMs: out.timings.first_token_ms,
      totalMs: out.timings.total_ms,
      tokens: out.timings.new_tokens,
    };
  };
const sides: [string, (photo: Buffer) => Promise<Run>][] = [
  ['raw onnxruntime-node loop', (p) => raw.generate(p, prompt)],
  ['generator in-process', viaPort(inProcess)],
  [
    'generator over HTTP (SSE)',
    async (p) => {
      const started = performance.now();
      let first = -1;
      const out = await http.complete(
        { text: prompt, image: p },
        {
          maxNewTokens: MAX_NEW_TOKENS,
          onText: () => (first = first < 0 ? performance.now() - started : first),
        },
      );
      return { firstTokenMs: first, totalMs: performance.now() - started, tokens: out.timings.new_tokens };
    },
  ],
];

// Warm up every side once (session creation, JIT), then alternate sides per run so load drifts hit all alike.
for (const [, run] of sides) await run(photos[0]);
const measured = new Map<string, { ttft: number[]; tps: number[]; tokens: number[] }>(
  sides.map(([name]) => [name, { ttft: [], tps: [], tokens: [] }]),
);
for (let r = 0; r < RUNS; r++) {
  for (const [name, run] of sides) {
    const m = measured.get(name)!;
    const runs: Run[] = [];
    for (const photo of photos) runs.push(await run(photo));
    m.ttft.push(median(runs.map((x) => x.firstTokenMs)));
    m.tps.push((runs.reduce((s, x) => s + x.tokens, 0) / runs.reduce((s, x) => s + x.totalMs, 0)) * 1000);
    m.tokens.push(runs.reduce((s, x) => s + x.tokens, 0));
  }
}

const rawM = measured.get(sides[0][0])!;
const rows = sides.map(([name]) => {
  const m = measured.get(name)!;
  return {
    side: name,
    first_token_ms: Math.round(median(m.ttft)),
    tokens_per_s: Math.round(median(m.tps) * 10) / 10,
    new_tokens: median(m.tokens),
    tokens_per_s_vs_raw: Math.round((median(m.tps) / median(rawM.tps)) * 100) / 100,
    first_token_vs_raw: Math.round((median(m.ttft) / median(rawM.ttft)) * 100) / 100,
  };
});
const headlines: Headline[] = sides.slice(1).flatMap(([name]) => {
  const m = measured.get(name)!;
  const how = name.replace('generator ', '');
  return [
    headline({
      area: 'generation',
      measure: `first token (median), ${how} vs raw onnxruntime-node loop`,
      ours: median(m.ttft),
      baseline: median(rawM.ttft),
      unit: 'ms',
      better: 'lower',
    }),
    headline({
      area: 'generation',
      measure: `tokens/s, ${how} vs raw onnxruntime-node loop`,
      ours: median(m.tps),
      baseline: median(rawM.tps),
      unit: '/s',
      better: 'higher',
    }),
  ];
});
console.log(`\n${machineLine()}`);
console.log(
  `model ${engine.info.id}@${engine.info.version}; ${PHOTOS} photos × ${RUNS} runs, describe, ≤ ${MAX_NEW_TOKENS} new tokens, greedy\n`,
);
console.log(
  '| side | first token ms (median) | tokens/s | new tokens | tokens/s vs raw | first token vs raw |',
);
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.side} | ${r.first_token_ms} | ${r.tokens_per_s} | ${r.new_tokens} | ${r.tokens_per_s_vs_raw} | ${r.first_token_vs_raw} |`,
  );
}
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/generation.json'),
  `${JSON.stringify({ machine: machineLine(), model: engine.info, photos: PHOTOS, runs: RUNS, max_new_tokens: MAX_NEW_TOKENS, rows, headline: headlines }, null, 2)}\n`,
);
await app.close();
await inProcess.close();
