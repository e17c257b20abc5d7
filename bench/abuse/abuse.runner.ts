import fc from 'fast-check';
import { filterAbuseRequests } from './filter-abuse.js';
import { hostileImages } from './hostile-images.js';
import { imageRequests, isGeneration } from './image-abuse.js';
import { OpenApiFuzzer, routesOf, type OpenApiDocument } from './openapi-fuzz.js';
import { Recorder, type AbuseRequest } from './recorder.js';
import { parseRouteTree, undocumentedRequests } from './registered-routes.js';
import { bootAbuseServer, type AbuseServer } from './server.js';

export interface AbuseOptions {
  products: number;
  /** Fuzz requests per documented route and method. */
  runsPerRoute: number;
  /** Fuzz requests per generation route (one generation at a time: keep this small). */
  generateRuns: number;
  seed: number;
  concurrency: number;
}

const out = (line = '') => process.stdout.write(`${line}\n`);

/** Runs the three abuse phases against one in-process all-in-one server; resolves to the exit code. */
export async function runAbuse(options: AbuseOptions): Promise<number> {
  const crashes: string[] = [];
  process.on('uncaughtException', (e) => crashes.push(`uncaughtException: ${e.stack ?? String(e)}`));
  process.on('unhandledRejection', (e) =>
    crashes.push(`unhandledRejection: ${(e as Error)?.stack ?? String(e)}`),
  );

  const started = Date.now();
  const server = await bootAbuseServer(options.products);
  out(
    `abuse: all-in-one on ${server.url}, ${server.products.length} demo products indexed in ${((Date.now() - started) / 1000).toFixed(1)} s; seed ${options.seed}`,
  );
  const rec = new Recorder(server.url);
  const setup = await seed(rec, server);
  const phases: [string, () => Promise<void>][] = [
    [
      'hostile images',
      async () => {
        const corpus = await hostileImages();
        const requests = corpus.flatMap((image, i) => imageRequests(image, setup, i));
        await sendMixed(rec, requests, options.concurrency);
        out(`  corpus: ${corpus.length} files (${corpus.map((c) => c.name).join(', ')})`);
      },
    ],
    [
      'filter and query abuse',
      () =>
        sendMixed(
          rec,
          filterAbuseRequests({ ...setup, base64Photo: setup.photo, seed: options.seed }),
          options.concurrency,
        ),
    ],
    [
      'OpenAPI fuzz',
      async () => {
        const doc = (await (await fetch(`${server.url}/docs-json`)).json()) as OpenApiDocument;
        const fuzzer = new OpenApiFuzzer(
          doc,
          { productIds: setup.productIds, imageIds: setup.imageIds, base64Photo: setup.photo },
          setup,
        );
        const routes = routesOf(doc);
        const requests = routes.flatMap((route) =>
          fc.sample(fuzzer.request(route), {
            numRuns: route.template.startsWith('/v1/generate/') ? options.generateRuns : options.runsPerRoute,
            seed: options.seed,
          }),
        );
        const registered = parseRouteTree(
          server.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false }),
        );
        const documented = new Set(routes.map((r) => `${r.method} ${r.template}`));
        const extra = undocumentedRequests(
          registered,
          documented,
          Math.max(3, options.runsPerRoute >> 2),
          options.seed,
        );
        await sendMixed(rec, [...requests, ...extra], options.concurrency);
        out(
          `  ${routes.length} documented routes × ${options.runsPerRoute} (generation routes × ${options.generateRuns}), ${extra.length} requests to ${new Set(extra.map((e) => e.label)).size} undocumented routes and methods`,
        );
      },
    ],
  ];
  const only = process.env.ABUSE_PHASES?.split(',');
  for (const [name, phase] of phases.filter(([n]) => !only || only.some((o) => n.startsWith(o)))) {
    const before = rec.sent;
    const t = Date.now();
    out(`\n▶ ${name}`);
    await phase();
    out(
      `  ${rec.sent - before} requests in ${((Date.now() - t) / 1000).toFixed(1)} s; 5xx so far: ${rec.fiveXx()}`,
    );
  }

  const live = await rec.send({ label: 'final', method: 'GET', path: '/health/live' });
  const ready = await rec.send({ label: 'final', method: 'GET', path: '/health' });
  if (live?.status !== 200) crashes.push(`GET /health/live answered ${live?.status ?? 'nothing'}`);
  const code = report(rec, server, crashes, { ready: ready?.status, seconds: (Date.now() - started) / 1000 });
  await server.close();
  return code;
}

/** Generation requests go one at a time beside the rest, two in flight, so a full queue (503) can happen. */
async function sendMixed(rec: Recorder, requests: AbuseRequest[], concurrency: number): Promise<void> {
  const watch = setInterval(() => {
    const slow = rec.stuck(20_000);
    out(
      `  … ${rec.sent} sent${slow.length ? `; waiting for ${slow.length}: ${slow.slice(0, 5).join('; ')}` : ''}`,
    );
  }, 20_000);
  try {
    await Promise.all([
      rec.sendAll(
        requests.filter((r) => !isGeneration(r)),
        concurrency,
      ),
      rec.sendAll(requests.filter(isGeneration), 2),
    ]);
  } finally {
    clearInterval(watch);
  }
}

/** A user (album token), one album photo and one review photo, so that ids in paths can exist. */
async function seed(rec: Recorder, server: AbuseServer) {
  const admin = { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' };
  const photo = server.productImage(server.products[0]).toString('base64');
  const productId = server.products[server.products.length - 1].id;
  const user = await rec.send({
    label: 'setup',
    method: 'POST',
    path: '/v1/users',
    headers: admin,
    body: JSON.stringify({ name: 'abuse' }),
  });
  const userToken = (JSON.parse(user?.body.toString() ?? '{}') as { token?: string }).token;
  if (!userToken)
    throw new Error(`could not create the album user: ${user?.status} ${user?.body.toString()}`);
  const bearer = { authorization: `Bearer ${userToken}`, 'content-type': 'application/json' };
  const album = await rec.send({
    label: 'setup',
    method: 'POST',
    path: '/v1/albums/photos',
    headers: bearer,
    body: JSON.stringify({ image: photo }),
  });
  const review = await rec.send({
    label: 'setup',
    method: 'POST',
    path: `/v1/products/${productId}/reviews`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ author: 'Abuse', rating: 5, text: 'Great.', images: [photo] }),
  });
  const ids = [
    String((JSON.parse(album?.body.toString() ?? '{}') as { id?: number }).id ?? 1),
    ...((JSON.parse(review?.body.toString() ?? '{}') as { image_ids?: number[] }).image_ids ?? []).map(
      String,
    ),
  ];
  return {
    adminKey: server.adminKey,
    userToken,
    productId,
    photo,
    productIds: server.products.map((p) => p.id),
    imageIds: ids,
  };
}

function report(
  rec: Recorder,
  server: AbuseServer,
  crashes: string[],
  end: { ready?: number; seconds: number },
): number {
  const fiveXx = rec.fiveXx();
  const dropped = rec.failures.length - fiveXx;
  out('\n── abuse run ──');
  out(`requests sent: ${rec.sent} in ${end.seconds.toFixed(0)} s`);
  out(`status histogram: ${rec.histogramLine()}`);
  out(`5xx (other than 503 + Retry-After): ${fiveXx}`);
  out(`no answer (dropped, reset, timed out): ${dropped}`);
  out(
    `crashes: ${crashes.length} (GET /health/live at the end: ${crashes.some((c) => c.startsWith('GET')) ? 'not 200' : '200'}; GET /health: ${end.ready})`,
  );
  out(`peak resident memory of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  for (const f of rec.failures.slice(0, 25)) out(`  ✖ ${rec.describe(f)}`);
  const stacks = new Set(
    server.errorLog
      .map((line) => JSON.parse(line) as { msg?: string; err?: { stack?: string } })
      .filter((l) => l.err?.stack)
      .map((l) => `${l.msg}: ${l.err?.stack?.split('\n').slice(0, 4).join(' | ')}`),
  );
  for (const s of [...stacks].slice(0, 15)) out(`  server error: ${s}`);
  for (const c of crashes) out(`  crash: ${c}`);
  return fiveXx + dropped + crashes.length > 0 ? 1 : 0;
}
