import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import { createSqliteStore } from '../../src/store/drivers/sqlite.js';
import { loadMigrations } from '../../src/store/migrations.js';
import { testStoreBackend } from './conformance/backend.js';
import { testDeploymentStore } from './conformance/deployments.js';
import { testWorkflowStore } from './conformance/workflows.js';
import { testKeyValueStore } from './conformance/key-value.js';
import { testClusterStore } from './conformance/cluster.js';
import { testRecordStore } from './conformance/records.js';
import type { StoreTestTarget } from './conformance/store-target.js';
import { triggerInstance } from './conformance/fixtures.js';

async function sqliteTarget(): Promise<StoreTestTarget<Store> & { dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'squall-sqlite-'));
  const path = join(dir, 'nested', 'squall.db');
  return {
    dir,
    path,
    open: () => createStore({ driver: 'sqlite', path }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

testStoreBackend('sqlite', sqliteTarget);
testRecordStore('sqlite', sqliteTarget);
testKeyValueStore('sqlite', sqliteTarget);
testClusterStore('sqlite', sqliteTarget);
testDeploymentStore('sqlite', sqliteTarget);
testWorkflowStore('sqlite', sqliteTarget);

describe('sqlite store', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('creates the file in WAL mode and records each migration once', async () => {
    const target = await sqliteTarget();
    cleanups.push(target.cleanup);
    const store = await target.open();
    await store.migrate();
    await store.insertTriggerInstance(triggerInstance(1));
    await store.close();
    const reopened = await target.open();
    await reopened.close();

    expect((await stat(target.path)).isFile()).toBe(true);
    const db = new Database(target.path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
      expect(versions).toEqual(loadMigrations('sqlite').map((m) => ({ version: m.version })));
      expect(db.prepare('SELECT count(*) AS n FROM trigger_instances').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it('reads the migrations from the package root', () => {
    const migrations = loadMigrations('sqlite');
    expect(migrations[0]).toMatchObject({ version: 1, name: 'schema' });
    expect(migrations[0]?.file).toMatch(/src[/\\]store[/\\]migrations[/\\]sqlite[/\\]0001_schema\.sql$/);
  });

  it('works with synchronous=normal and an in-memory database', async () => {
    const memory = createSqliteStore({ path: ':memory:', synchronous: 'normal', maxBatchSize: 2 });
    await memory.migrate();
    await Promise.all([1, 2, 3, 4, 5].map((n) => memory.insertTriggerInstance(triggerInstance(n))));
    expect(await memory.listTriggerInstances()).toHaveLength(5);
    await memory.close();
  });

  it('names the path when the database cannot be opened', async () => {
    const target = await sqliteTarget();
    cleanups.push(target.cleanup);
    expect(() => createSqliteStore({ path: target.dir })).toThrow(
      /store \(sqlite\): opening .*squall-sqlite-/,
    );
  });

  it('rejects an unknown driver', async () => {
    const config = { driver: 'mongo', path: 'x' } as unknown as Parameters<typeof createStore>[0];
    await expect(createStore(config)).rejects.toMatchObject({ code: 'E_STORE_DRIVER' });
  });
});
