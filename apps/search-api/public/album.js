// The /album demo: sync the signed-in user's album into IndexedDB through the
// album sync SDK, load the model's towers into the page (transformers.js on
// WebAssembly), then search with no network at all.
/* global document, crypto, TextEncoder, performance */
import * as transformers from '/album/vendor/transformers.min.js';
import { AlbumSyncClient } from '/album/sdk/album-sync.client.js';
import { IndexedDbIndexStore } from '/album/sdk/indexeddb.store.js';
import { OnDeviceEncoder } from '/album/sdk/on-device-encoder.js';

const { env } = transformers;
// Everything from this origin: the model, the runtime, nothing from a hub or CDN.
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = '/album/models/';
env.useBrowserCache = false;
env.backends.onnx.wasm.numThreads = 1;
env.backends.onnx.wasm.wasmPaths = {
  mjs: '/album/vendor/ort-wasm-simd-threaded.asyncify.mjs',
  wasm: '/album/vendor/ort-wasm-simd-threaded.asyncify.wasm',
};

const $ = (id) => document.getElementById(id);
let client;
let encoder;

function status(text, state = 'busy') {
  $('status').textContent = text;
  $('status').dataset.state = state;
}

$('signin').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = $('token').value.trim();
  try {
    status('Syncing…');
    // One IndexedDB database per token, so two people on one browser keep separate albums.
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
    const key = [...new Uint8Array(digest)]
      .slice(0, 8)
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    client = await AlbumSyncClient.open({
      baseUrl: '',
      token,
      store: new IndexedDbIndexStore(`shoplens-album-${key}`),
    });
    const report = await client.sync();
    status(
      `Synced ${client.index.size} photos (${report.pages} pages, ${report.bytes} bytes). Loading the model…`,
    );
    encoder ??= await OnDeviceEncoder.load(transformers, { model: 'eclip-mini', dtype: 'fp32' });
    await encoder.embedText('warm up');
    status(
      `Ready offline: ${client.index.size} photos on this device (last sync: ${report.pages} pages, ${report.upserts + report.deletes} changes).`,
      'ready',
    );
    $('search').hidden = false;
  } catch (error) {
    status(`Sync failed: ${error.message}`, 'error');
  }
});

$('search').addEventListener('submit', async (event) => {
  event.preventDefault();
  const list = $('results');
  list.setAttribute('aria-busy', 'true');
  const started = performance.now();
  const hits = client.search(await encoder.embedText($('q').value), 12);
  const ms = Math.round(performance.now() - started);
  list.replaceChildren(
    ...hits.map((hit) => {
      const li = document.createElement('li');
      li.dataset.id = String(hit.id);
      li.textContent = `Photo ${hit.id}${hit.photo.taken_at ? `, taken ${hit.photo.taken_at.slice(0, 10)}` : ''}`;
      const score = document.createElement('span');
      score.className = 'score';
      score.textContent = hit.score.toFixed(3);
      li.append(score);
      return li;
    }),
  );
  status(`${hits.length} results in ${ms} ms, searched on this device.`, 'ready');
  list.dataset.searches = String(Number(list.dataset.searches) + 1);
  list.setAttribute('aria-busy', 'false');
});
