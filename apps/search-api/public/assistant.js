// The "describe my photo / ask" box: streams the generator's words as they
// come (Server-Sent Events over fetch, so a POST body can carry the photo),
// shows the search plan the model made and the products its answer cites.
// The photo is the one the search page holds (photo.js keeps it in
// sessionStorage); a question works without one too.
/* global document, fetch, AbortController, TextDecoder */
import { recalledPhoto } from './photo.js';
import { el, humanise, langOf, productCard } from './shared.js';

const $ = (id) => document.getElementById(id);
const ui = {
  form: $('ask-form'),
  text: $('ask-text'),
  describe: $('describe-button'),
  stop: $('ask-stop'),
  plan: $('ask-plan'),
  answer: $('ask-answer'),
  status: $('ask-status'),
  results: $('ask-results'),
};
let running;

/** POSTs and calls `on(event, data)` for each Server-Sent Event; a non-2xx answer throws its message. */
async function stream(path, body, on, signal) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) {
    const failure = await response.json().catch(() => ({}));
    const wait = response.headers.get('retry-after');
    throw new Error(
      `${failure.message ?? `The server answered ${response.status}`}${wait ? ` (try again in ${wait} s)` : ''}`,
    );
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data) on(event, JSON.parse(data));
    }
  }
}

/** The plan in words: what the search looked for. */
function planSummary(update) {
  if (!update.plan) return `Plain search: ${update.fallback?.reason ?? 'no plan'}.`;
  const f = update.plan.filters;
  const parts = [];
  if (update.plan.query) parts.push(`“${update.plan.query}”`);
  if (f.category) parts.push(f.category.map(humanise).join(' or '));
  if (f.colour) parts.push(f.colour.join(' or '));
  if (f.brand) parts.push(`by ${f.brand.join(' or ')}`);
  if (f.price?.gte !== undefined) parts.push(`from ${f.price.gte} EUR`);
  if (f.price?.lte !== undefined) parts.push(`up to ${f.price.lte} EUR`);
  if (f.in_stock) parts.push('in stock');
  if (update.plan.negative) parts.push(`not ${update.plan.negative}`);
  const seen = update.seen ? ` (your photo looks like “${update.seen.title}”)` : '';
  return `Searched for ${parts.join(', ')}${seen}.`;
}

/** The answer with its [id] citations turned into links to the products. */
function linkCitations(text, lang) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(/\[([^\]\s]{1,64})\]/g)) {
    nodes.push(text.slice(last, match.index));
    const href = `/product?id=${encodeURIComponent(match[1])}${lang === 'zh' ? '&lang=zh' : ''}`;
    nodes.push(el('a', { href, class: 'citation' }, match[1]));
    last = match.index + match[0].length;
  }
  nodes.push(text.slice(last));
  return nodes;
}

function begin(label) {
  running?.abort();
  running = new AbortController();
  ui.answer.replaceChildren();
  ui.plan.hidden = true;
  ui.results.replaceChildren();
  ui.status.textContent = label;
  ui.stop.hidden = false;
  return running;
}

function finish(message) {
  ui.status.textContent = message;
  ui.stop.hidden = true;
  running = undefined;
}

async function run(label, work) {
  const controller = begin(label);
  try {
    await work(controller.signal);
  } catch (error) {
    if (controller.signal.aborted) return finish('Stopped.');
    finish('');
    ui.answer.replaceChildren(el('span', { class: 'error' }, error.message));
  }
}

ui.describe.addEventListener('click', () => {
  const photo = recalledPhoto();
  if (!photo) {
    ui.status.textContent = 'Add a photo above first.';
    return;
  }
  const lang = langOf(ui.text.value);
  void run('Describing your photo…', (signal) =>
    stream(
      '/v1/generate/describe?stream=true',
      { image: photo.base64, lang },
      (event, data) => {
        if (event === 'token') ui.answer.append(data.text);
        if (event === 'done') {
          ui.answer.replaceChildren(el('strong', {}, data.title), el('br'), data.description);
          finish('Done.');
        }
        if (event === 'error') throw new Error(data.message);
      },
      signal,
    ),
  );
});

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = ui.text.value.trim();
  if (!text) {
    ui.status.textContent = 'Type a request, e.g. “like this but in blue, under 30”.';
    return;
  }
  const photo = recalledPhoto();
  const lang = langOf(text);
  void run('Planning the search…', (signal) =>
    stream(
      '/v1/generate/query?stream=true',
      { text, lang, limit: 5, ...(photo ? { image: photo.base64 } : {}) },
      (name, data) => {
        if (name === 'plan') {
          ui.plan.textContent = planSummary(data);
          ui.plan.hidden = false;
          ui.status.textContent = 'Searching…';
        } else if (name === 'results') {
          ui.results.replaceChildren(...data.results.map((item) => productCard(item, lang)));
          ui.status.textContent = 'Answering…';
        } else if (name === 'token') ui.answer.append(data.text);
        else if (name === 'done') {
          ui.answer.replaceChildren(...linkCitations(data.answer, lang));
          finish(data.results.length ? `${data.results.length} products found.` : 'Nothing found.');
        } else if (name === 'error') throw new Error(data.message);
      },
      signal,
    ),
  );
});

ui.stop.addEventListener('click', () => running?.abort());
