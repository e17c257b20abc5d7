// Encoder throughput: the raw onnxruntime-node baseline vs the encoder in
// process and over HTTP, on the same ONNX files, measured in one run (the
// three sides take turns within every run; medians of BENCH_RUNS).
//   npm run bench:encoder   (prints a markdown table, writes bench/results/encoder.json)
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EncoderModule } from '#apps/encoder/src/encoder.module';
import { HttpConfig, loadAllConfig } from '#config';
import { repoRoot } from '#demo-catalog';
import { InProcessEncoder, createInProcessEncoder, locateModel, type EncoderPort } from '#embedding';
import { HostModule } from '#host';
import { createHttpApp } from '#http';
import { HttpEncoderClient } from '#embedding';
import { pino } from 'pino';
import { readFileSync } from 'node:fs';
import { RawClipBaseline } from './raw-clip.baseline.js';
import { headline, machineLine, throughputs, type Headline } from './bench.util.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 256);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const env = { ENCODER_CACHE_SIZE: '0', ENCODER_QUEUE_SIZE: '100000', LOG_LEVEL: 'silent' };

const root = repoRoot();
const config = loadAllConfig({ ...process.env, ...env });
const location = locateModel(config.encoder.model, root);
if (location.kind !== 'local') throw new Error('the benchmark needs a local model folder');

const catalog = readFileSync(join(root, 'libs/demo-catalog/catalog/products.jsonl'), 'utf8')
  .trim()
  .split('\n');
const images = catalog.slice(0, ITEMS).map((line) => {
  const p = JSON.parse(line) as { image: string };
  return readFileSync(join(root, 'libs/demo-catalog/catalog', p.image));
});
// Distinct texts, so no cache can help any side.
const texts = catalog
  .slice(0, ITEMS)
  .map((line, i) => `${(JSON.parse(line) as { title: { en: string } }).title.en} ${i}`);

const raw = await RawClipBaseline.load(location.dir);
const inProcess = await createInProcessEncoder(config.encoder, config.core);
const app = await createHttpApp(
  {
    name: 'encoder',
    defaultPort: 0,
    docs: false,
    module: (c) => HostModule.build(c, { apps: [EncoderModule], database: false, encoder: 'in-process' }),
  },
  config,
  new HttpConfig(0, { PORT: '0', HOST: '127.0.0.1' }),
  pino({ level: 'silent' }),
);
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.getHttpServer().address() as { port: number }).port;
const http = new HttpEncoderClient([`http://127.0.0.1:${port}`], 60_000);

type Side = { embedTexts(t: string[]): Promise<unknown>; embedImages(i: Buffer[]): Promise<unknown> };
const sides: [string, Side][] = [
  ['raw onnxruntime-node', raw],
  ['encoder in-process', inProcess as EncoderPort],
  ['encoder over HTTP', http],
];

/** Items per second of every side (raw, in process, HTTP) on the same inputs, runs interleaved. */
async function measure(kind: 'texts' | 'images', batch: number): Promise<number[]> {
  const inputs = kind === 'texts' ? texts : images;
  const pass = (side: Side) => async () => {
    if (batch === 1) {
      // Batch 1 = one request at a time, as a single shopper's query arrives.
      for (const x of inputs)
        await (kind === 'texts' ? side.embedTexts([x as string]) : side.embedImages([x as Buffer]));
    } else {
      for (let i = 0; i < inputs.length; i += batch) {
        const chunk = inputs.slice(i, i + batch);
        await (kind === 'texts' ? side.embedTexts(chunk as string[]) : side.embedImages(chunk as Buffer[]));
      }
    }
  };
  return throughputs(
    ITEMS,
    RUNS,
    sides.map(([, side]) => pass(side)),
  );
}

const rows: Record<string, number | string>[] = [];
const headlines: Headline[] = [];
for (const kind of ['texts', 'images'] as const) {
  for (const batch of [1, 32]) {
    const rates = await measure(kind, batch);
    for (const [i, how] of [
      [1, 'in process'],
      [2, 'over HTTP'],
    ] as const) {
      headlines.push(
        headline({
          area: 'encoder',
          measure: `${kind}/s, batch ${batch}: ${how} vs raw onnxruntime-node`,
          ours: rates[i],
          baseline: rates[0],
          unit: '/s',
          better: 'higher',
        }),
      );
    }
    rows.push({
      work: kind,
      batch,
      raw_per_s: Math.round(rates[0]),
      in_process_per_s: Math.round(rates[1]),
      in_process_ratio: +(rates[1] / rates[0]).toFixed(2),
      http_per_s: Math.round(rates[2]),
      http_ratio: +(rates[2] / rates[0]).toFixed(2),
    });
  }
}

process.stdout.write(
  `\n${machineLine()}\nmodel: ${inProcess.constructor === InProcessEncoder ? config.encoder.model : ''} (${config.encoder.dtype}); ${ITEMS} items, median of ${RUNS} runs\n\n`,
);
process.stdout.write(
  '| work | batch | raw ORT /s | in-process /s | in-process ÷ raw | HTTP /s | HTTP ÷ raw |\n|---|---|---|---|---|---|---|\n',
);
for (const r of rows) {
  process.stdout.write(
    `| ${r.work} | ${r.batch} | ${r.raw_per_s} | ${r.in_process_per_s} | ${r.in_process_ratio} | ${r.http_per_s} | ${r.http_ratio} |\n`,
  );
}
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/encoder.json'),
  JSON.stringify({ machine: machineLine(), items: ITEMS, runs: RUNS, rows, headline: headlines }, null, 2),
);
http.close();
await inProcess.close();
await app.close();
