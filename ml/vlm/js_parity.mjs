// transformers.js half of the ShopLens VLM parity check (run from the repository root, after `python -m ml.vlm.js_parity`):
//   node ml/vlm/js_parity.mjs [--model models/shoplens-vlm] [--dir /tmp/shoplens-vlm-parity]
// Loads the model the way the app does (LlavaForConditionalGeneration + AutoProcessor, fp32, local files only),
// generates greedily for the expected.json image + question, and exits 1 unless the prompt, the input ids and the
// generated text equal PyTorch's. Writes <dir>/js_result.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AutoProcessor, LlavaForConditionalGeneration, RawImage, env } from '@huggingface/transformers';

const { values: args } = parseArgs({
  options: { model: { type: 'string', default: 'models/shoplens-vlm' }, dir: { type: 'string', default: '/tmp/shoplens-vlm-parity' } },
});
const modelDir = resolve(args.model);
const expected = JSON.parse(readFileSync(resolve(args.dir, 'expected.json'), 'utf8'));
env.allowRemoteModels = false;

const t0 = performance.now();
const processor = await AutoProcessor.from_pretrained(modelDir, { local_files_only: true });
const model = await LlavaForConditionalGeneration.from_pretrained(modelDir, { local_files_only: true, dtype: 'fp32' });
const tLoad = performance.now() - t0;

const image = await RawImage.read(expected.image);
const prompt = processor.apply_chat_template(
  [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: expected.question }] }],
  { add_generation_prompt: true },
);
const inputs = await processor(image, prompt);
const t1 = performance.now();
const sequences = await model.generate({ ...inputs, max_new_tokens: expected.max_new_tokens, do_sample: false });
const tGen = performance.now() - t1;
const promptLength = inputs.input_ids.dims[1];
const fresh = sequences.slice(null, [promptLength, null]);
const text = processor.batch_decode(fresh, { skip_special_tokens: true })[0];

const inputIds = Array.from(inputs.input_ids.data, Number);
const px = inputs.pixel_values.data;
let pxMaxAbs = 0;
for (let i = 0; i < px.length; i++) pxMaxAbs = Math.max(pxMaxAbs, Math.abs(px[i] - expected.pixel_values[i]));
const checks = {
  prompt_equal: prompt === expected.prompt,
  input_ids_equal: inputIds.length === expected.input_ids.length && inputIds.every((v, i) => v === expected.input_ids[i]),
  pixel_values_max_abs: pxMaxAbs,
  pixel_values_close: px.length === expected.pixel_values.length && pxMaxAbs < 1e-4,
  text_equal: text === expected.text,
};
const ok = checks.prompt_equal && checks.input_ids_equal && checks.pixel_values_close && checks.text_equal;
const result = { ok, ...checks, js_text: text, torch_text: expected.text, prompt_tokens: promptLength,
  load_ms: Math.round(tLoad), generate_ms: Math.round(tGen) };
writeFileSync(resolve(args.dir, 'js_result.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
process.exit(ok ? 0 : 1);
