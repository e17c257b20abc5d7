import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, kafkaBrokers, testDatabaseUrl } from './support/services.js';
import { runToExit, startApp, type StartedApp } from './support/processes.js';

interface HealthBody {
  status: string;
  apps: string[];
  components: Record<string, { status: string }>;
}

async function health(app: StartedApp): Promise<{ code: number; body: HealthBody }> {
  const res = await fetch(`${app.url}/health`);
  return { code: res.status, body: (await res.json()) as HealthBody };
}

const distributedEnv = () => ({
  DATABASE_URL: testDatabaseUrl(),
  KAFKA_BROKERS: kafkaBrokers().join(','),
  ADMIN_API_KEY: 'integration-test-admin-key-0123456789',
  LOG_LEVEL: 'info',
  DATA_DIR: mkdtempSync(join(tmpdir(), 'shoplens-app-')),
});

describe('Distributed mode: each app alone against Kafka and PostgreSQL [kafka] [postgres]', () => {
  it.each([
    ['search-api', ['database', 'encoder', 'event_bus', 'generator', 'vector_store']],
    ['indexer', ['database', 'encoder', 'event_bus', 'vector_store']],
    ['encoder', ['encoder']],
    ['generator', ['generator']],
  ])('%s starts, reports healthy, and exits 0 on SIGTERM [kafka] [postgres]', async (app, components) => {
    const sut = await startApp(app, distributedEnv());
    try {
      const { code, body } = await health(sut);
      expect(code).toBe(200);
      expect(body.status).toBe('ok');
      expect(body.apps).toEqual([app]);
      expect(Object.keys(body.components).sort()).toEqual(components);
      const metrics = await (await fetch(`${sut.url}/metrics`)).text();
      expect(metrics).toContain('http_request_duration_seconds_bucket');
    } finally {
      expect(await sut.stop()).toBe(0);
    }
  });

  it('indexer leaves its three consumer groups inside a 2.5 s SHUTDOWN_TIMEOUT_MS and exits 0 [kafka] [postgres]', async () => {
    // The groups are left one after another, each waiting for its idle fetch to return. With
    // kafkajs's 5 s fetch wait that took 3-5 s here (up to 15 s), past this timeout (exit 1).
    const sut = await startApp('indexer', { ...distributedEnv(), SHUTDOWN_TIMEOUT_MS: '2500' });
    expect((await health(sut)).code).toBe(200); // it listens once its groups are joined
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // every group in an idle fetch
    expect(await sut.stop()).toBe(0);
    expect(sut.output()).toContain('shutdown complete');
    expect(sut.output()).not.toContain('shutdown timed out');
  });

  it('indexer with no encoder reachable exits 1 and says so, without a crash trace [kafka] [postgres]', async () => {
    const { code, output } = await runToExit('indexer', {
      ...distributedEnv(),
      ENCODER_URL: 'http://127.0.0.1:9',
    });
    expect(code).toBe(1);
    expect(output).toContain('indexer failed to start: encoder unavailable: http://127.0.0.1:9');
    expect(output).not.toMatch(/^Node\.js v/m);
  });

  it('indexer embeds through a separate encoder app over HTTP (ENCODER_URL) [kafka] [postgres]', async () => {
    const encoder = await startApp('encoder', { LOG_LEVEL: 'info' });
    const indexer = await startApp('indexer', {
      ...distributedEnv(),
      ENCODER_URL: `http://127.0.0.1:9,${encoder.url}`,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'shoplens-indexer-')),
    });
    try {
      const { code, body } = await health(indexer);
      expect(code).toBe(200);
      expect(body.components.encoder).toMatchObject({
        status: 'up',
        details: { replicas: { 'http://127.0.0.1:9': false, [encoder.url]: true } },
      });
    } finally {
      expect(await indexer.stop()).toBe(0);
      expect(await encoder.stop()).toBe(0);
    }
  });

  it('drains an in-flight request on SIGTERM before exiting 0', async () => {
    // The batcher holds a lone text for 0.9 s, so the request is in flight when SIGTERM arrives.
    const sut = await startApp('encoder', {
      LOG_LEVEL: 'info',
      ENCODER_MAX_WAIT_MS: '900',
      ENCODER_MAX_BATCH: '64',
    });
    const inFlight = fetch(`${sut.url}/v1/embed/text`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ texts: ['grey coat'] }),
    });
    await new Promise((r) => setTimeout(r, 200));
    const exit = sut.stop();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { vectors: number[][] }).vectors).toHaveLength(1);
    expect(await exit).toBe(0);
  });

  it('answers 413 for a body over BODY_LIMIT_BYTES', async () => {
    const sut = await startApp('encoder', { LOG_LEVEL: 'info', BODY_LIMIT_BYTES: '65536' });
    try {
      const res = await fetch(`${sut.url}/v1/embed/text`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ texts: ['x'.repeat(70_000)] }),
      });
      expect(res.status).toBe(413);
    } finally {
      await sut.stop();
    }
  });

  it('search-api reports the Kafka event bus in its admin outbox status [kafka] [postgres]', async () => {
    const sut = await startApp('search-api', distributedEnv());
    try {
      const unauthorised = await fetch(`${sut.url}/v1/admin/outbox`);
      expect(unauthorised.status).toBe(401);
      const res = await fetch(`${sut.url}/v1/admin/outbox`, {
        headers: { authorization: `Bearer ${distributedEnv().ADMIN_API_KEY}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ bus: 'kafka' });
    } finally {
      await sut.stop();
    }
  });

  it.each([
    ['indexer', { DATABASE_URL: testDatabaseUrl() }, 'KAFKA_BROKERS'],
    ['search-api', { KAFKA_BROKERS: '127.0.0.1:9092', ADMIN_API_KEY: 'x'.repeat(20) }, 'DATABASE_URL'],
    ['search-api', { DATABASE_URL: testDatabaseUrl(), KAFKA_BROKERS: '127.0.0.1:9092' }, 'ADMIN_API_KEY'],
    ['encoder', { PORT: 'eighty' }, 'PORT'],
    ['encoder', { KAFKA_BROKERS: 'no port here' }, 'KAFKA_BROKERS'],
  ])('%s refuses to start with bad config and names %s', async (app, env, variable) => {
    const { code, output } = await runToExit(app, env as Record<string, string>);
    expect(code).toBe(1);
    expect(output).toContain(variable);
  });
});

describe('All-in-one mode on embedded defaults', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shoplens-aio-'));

  it('serves every component healthy, generates and keeps the admin key across restarts', async () => {
    const first = await startApp('all-in-one', {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      DEMO_CATALOG: 'off',
      DEMO_ALBUM_PHOTOS: '0',
    });
    const key = readFileSync(join(dataDir, 'admin-api-key'), 'utf8').trim();
    try {
      expect(first.output()).toContain(key);
      const { code, body } = await health(first);
      expect(code).toBe(200);
      expect(body.components.database.status).toBe('up');
      expect(body.components.event_bus.status).toBe('up');
      const docs = (await (await fetch(`${first.url}/docs-json`)).json()) as {
        paths: Record<string, unknown>;
      };
      expect(Object.keys(docs.paths)).toEqual(
        expect.arrayContaining(['/health', '/metrics', '/v1/admin/outbox']),
      );
      expect((await fetch(`${first.url}/docs`)).status).toBe(200);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startApp('all-in-one', {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      DEMO_CATALOG: 'off',
      DEMO_ALBUM_PHOTOS: '0',
    });
    try {
      expect(readFileSync(join(dataDir, 'admin-api-key'), 'utf8').trim()).toBe(key);
      const res = await fetch(`${second.url}/v1/admin/outbox`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ pending: 0, bus: 'in-process' });
      const wrong = await fetch(`${second.url}/v1/admin/outbox`, {
        headers: { authorization: 'Bearer nope' },
      });
      expect(wrong.status).toBe(401);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it('loads and indexes the 2,000-product demo catalog and its reviews on first start, and not again', async () => {
    const demoDir = mkdtempSync(join(tmpdir(), 'shoplens-demo-'));
    const sut = await startApp('all-in-one', { DATA_DIR: demoDir, LOG_LEVEL: 'info' });
    try {
      await eventually(async () => {
        const text = await (await fetch(`${sut.url}/metrics`)).text();
        const match = /indexer_messages_total\{topic="listings\.v1",outcome="indexed"\} (\d+)/.exec(text);
        return match && Number(match[1]) >= 2000 ? true : undefined;
      }, 240_000);
      const product = await fetch(`${sut.url}/v1/products/fm-01999`);
      expect(product.status).toBe(200);
      // The load is complete (and recorded) once the reviews are in too.
      await eventually(() => (existsSync(join(demoDir, 'demo-catalog.loaded')) ? true : undefined), 240_000);
      const reviewed = (await (await fetch(`${sut.url}/v1/products/fm-00002`)).json()) as {
        review_count: number;
      };
      expect(reviewed.review_count).toBeGreaterThan(0);
    } finally {
      expect(await sut.stop()).toBe(0);
    }
    const again = await startApp('all-in-one', { DATA_DIR: demoDir, LOG_LEVEL: 'info' });
    try {
      expect(again.output()).not.toContain('loading the 2,000-product demo catalog');
    } finally {
      await again.stop();
    }
  });
});
