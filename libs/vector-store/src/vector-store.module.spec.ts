import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { AppConfigModule, loadAllConfig } from '#config';
import { HealthService, ObservabilityModule } from '#observability';
import { VectorStoreModule } from './vector-store.module.js';
import { VectorStore } from './vector-store.port.js';

describe(VectorStoreModule.name, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shoplens-vector-module-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function boot(env: Record<string, string>) {
    const sut = await Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot(loadAllConfig(env)),
        ObservabilityModule,
        VectorStoreModule.forRoot(env),
      ],
    }).compile();
    await sut.init();
    return sut;
  }

  it('binds the embedded store under DATA_DIR without QDRANT_URL, reports health and closes on shutdown', async () => {
    const sut = await boot({ DATA_DIR: dataDir });
    const store = sut.get(VectorStore);
    expect(store.kind).toBe('embedded');
    const report = await sut.get(HealthService).report();
    expect(report.components.vector_store).toMatchObject({ status: 'up', details: { adapter: 'embedded' } });
    await sut.close();
    await expect(store.count('anything')).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
  });

  it('binds Qdrant when QDRANT_URL is set', async () => {
    // Nothing listens on port 9: the binding is what is under test, and health says "down".
    const sut = await boot({ DATA_DIR: dataDir, QDRANT_URL: 'http://127.0.0.1:9' });
    expect(sut.get(VectorStore).kind).toBe('qdrant');
    const report = await sut.get(HealthService).report();
    expect(report.components.vector_store.status).toBe('down');
    await sut.close();
  });

  it('fails fast naming a malformed tuning variable', () => {
    expect(() => VectorStoreModule.forRoot({ QDRANT_QUANTIZATION: 'int4' })).toThrow(/QDRANT_QUANTIZATION/);
  });
});
