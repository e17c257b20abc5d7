import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, IsNull } from 'typeorm';
import { dataSourceOptions, pendingSchemaChanges } from '#database';
import { SCHEMA } from '#host';
import { OutboxMessageEntity } from '#messaging';
import type { DatabaseTarget } from '#config';
import { testDatabaseUrl } from './support/services.js';

const targets: [string, () => DatabaseTarget][] = [
  ['SQLite', () => ({ kind: 'sqlite', file: join(mkdtempSync(join(tmpdir(), 'shoplens-')), 'db.sqlite') })],
  ['PostgreSQL [postgres]', () => ({ kind: 'postgres', url: testDatabaseUrl() })],
];

describe.each(targets)('TypeORM schema on %s', (_name, target) => {
  let sut: DataSource;

  beforeAll(async () => {
    sut = new DataSource(dataSourceOptions(target(), SCHEMA));
    await sut.initialize();
    await sut.dropDatabase();
  });
  afterAll(async () => {
    await sut.destroy();
  });

  it('applies every migration from an empty database', async () => {
    const applied = await sut.runMigrations();
    expect(applied.map((m) => m.name)).toEqual(SCHEMA.migrations.map((m) => m.name));
  });

  it('leaves nothing for migration:generate (entities and migrations agree)', async () => {
    expect(await pendingSchemaChanges(sut)).toEqual([]);
  });

  it('writes and reads outbox rows in a transaction', async () => {
    await sut.transaction(async (manager) => {
      await manager.getRepository(OutboxMessageEntity).insert([
        { topic: 'listings.v1', key: 'p-1', payload: '{"id":"p-1"}', headers: '{"v":"1"}', sentAt: null },
        { topic: 'listings.v1', key: 'p-2', payload: '{"id":"p-2"}', headers: null, sentAt: null },
      ]);
    });
    const repo = sut.getRepository(OutboxMessageEntity);
    const rows = await repo.find({ where: { sentAt: IsNull() }, order: { id: 'ASC' } });
    expect(rows.map((r) => r.key)).toEqual(['p-1', 'p-2']);
    expect(rows[0].createdAt).toBeInstanceOf(Date);
    expect(rows[0].attempts).toBe(0);
  });

  it('rolls back the rows of a failed transaction', async () => {
    const repo = sut.getRepository(OutboxMessageEntity);
    const before = await repo.count();
    await expect(
      sut.transaction(async (manager) => {
        await manager.getRepository(OutboxMessageEntity).insert({ topic: 't', key: 'k', payload: '{}' });
        throw new Error('listing rejected');
      }),
    ).rejects.toThrow('listing rejected');
    expect(await repo.count()).toBe(before);
  });

  it('reverts every migration cleanly, then re-applies them', async () => {
    for (let i = 0; i < SCHEMA.migrations.length; i++) await sut.undoLastMigration();
    for (const table of ['outbox_messages', 'products', 'review_images']) {
      expect(await sut.query(`SELECT 1 FROM ${table} LIMIT 1`).catch(() => 'gone')).toBe('gone');
    }
    await sut.runMigrations();
    expect(await pendingSchemaChanges(sut)).toEqual([]);
  });
});
