import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendError, ConflictError, NotFoundError, ValidationError } from '../../src/common/errors.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import { createSqliteStore } from '../../src/store/drivers/sqlite.js';
import { createSqliteWorkerStore } from '../../src/store/drivers/sqlite-worker.js';
import { testStoreBackend } from './conformance/backend.js';
import { testDeploymentStore } from './conformance/deployments.js';
import { testWorkflowStore } from './conformance/workflows.js';
import { testKeyValueStore } from './conformance/key-value.js';
import { testClusterStore } from './conformance/cluster.js';
import { testRecordStore } from './conformance/records.js';
import type { StoreTestTarget } from './conformance/store-target.js';
import { idAt, triggerInstance } from './conformance/fixtures.js';

async function sqliteWorkerTarget(): Promise<StoreTestTarget<Store> & { dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'squall-sqlite-worker-'));
  const path = join(dir, 'nested', 'squall.db');
  return {
    dir,
    path,
    open: () => createStore({ driver: 'sqlite', path, worker: true }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

testStoreBackend('sqlite (worker thread)', sqliteWorkerTarget);
testRecordStore('sqlite (worker thread)', sqliteWorkerTarget);
testKeyValueStore('sqlite (worker thread)', sqliteWorkerTarget);
testClusterStore('sqlite (worker thread)', sqliteWorkerTarget);
testDeploymentStore('sqlite (worker thread)', sqliteWorkerTarget);
testWorkflowStore('sqlite (worker thread)', sqliteWorkerTarget);

describe('sqlite store in a worker thread', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const target = async () => {
    const made = await sqliteWorkerTarget();
    cleanups.push(made.cleanup);
    return made;
  };

  it('rebuilds typed errors with their class, code, message and cause', async () => {
    const store = await (await target()).open();
    cleanups.unshift(() => store.close());
    await store.insertTriggerInstance(triggerInstance(1));
    const duplicate = await store.insertTriggerInstance(triggerInstance(1)).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(ConflictError);
    expect(duplicate).toMatchObject({
      name: 'ConflictError',
      code: 'E_STORE_DUPLICATE',
      message: `store (sqlite): inserting trigger instance ${idAt(1)}: a record with this id already exists`,
      cause: { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' },
    });
    await expect(store.updateExecution(idAt(9), { status: 'running' })).rejects.toMatchObject({
      constructor: NotFoundError,
      code: 'E_STORE_NOT_FOUND',
    });
    const refused = await store.listTriggerInstances({ limit: -1 }).catch((error: unknown) => error);
    const inThread = createSqliteStore({ path: ':memory:' });
    await inThread.migrate();
    const expected = await inThread.listTriggerInstances({ limit: -1 }).catch((error: unknown) => error);
    await inThread.close();
    expect(refused).toBeInstanceOf(ValidationError);
    expect(JSON.stringify(refused)).toBe(JSON.stringify(expected));
  });

  it('rejects pending and later calls with a BackendError when the worker dies, and still closes', async () => {
    const { path } = await target();
    const store = await createSqliteWorkerStore({ path });
    await store.migrate();
    const pending = Array.from({ length: 50 }, (_, n) => store.insertTriggerInstance(triggerInstance(n + 1)));
    await store.worker.terminate();
    const outcomes = await Promise.allSettled(pending);
    const reasons = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(reasons).toHaveLength(50);
    for (const reason of reasons) {
      expect(reason).toBeInstanceOf(BackendError);
      expect(reason).toMatchObject({ code: 'E_STORE_WORKER' });
    }
    await expect(store.getTriggerInstance(idAt(1))).rejects.toMatchObject({
      code: 'E_STORE_WORKER',
      message: expect.stringMatching(/worker thread stopped \(exit code \d+\).*Reopen the store/),
    });
    await store.close();
  });

  it('names the path when the database cannot be opened', async () => {
    const { dir } = await target();
    await expect(createSqliteWorkerStore({ path: dir })).rejects.toThrow(
      /store \(sqlite\): opening .*squall-sqlite-worker-/,
    );
  });

  it('stores a value structured clone refuses as JSON would', async () => {
    const store = await (await target()).open();
    cleanups.unshift(() => store.close());
    const instance = triggerInstance(1, { payload: { keep: 'me', drop: () => 'a function' } });
    await store.insertTriggerInstance(instance);
    expect((await store.getTriggerInstance(idAt(1)))?.payload).toStrictEqual({ keep: 'me' });
  });
});
