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

  it('fails the calls pending when the worker dies, restarts it, and serves the next call', async () => {
    const { path } = await target();
    const store = await createSqliteWorkerStore({ path });
    cleanups.unshift(() => store.close());
    await store.migrate();
    await store.insertTriggerInstance(triggerInstance(100));
    const first = store.worker;
    const pending = Array.from({ length: 50 }, (_, n) => store.insertTriggerInstance(triggerInstance(n + 1)));
    await first.terminate();
    const outcomes = await Promise.allSettled(pending);
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') continue;
      expect(outcome.reason).toBeInstanceOf(BackendError);
      expect(outcome.reason).toMatchObject({
        code: 'E_STORE_WORKER',
        message: expect.stringMatching(/worker thread stopped \(exit code \d+\).*restarted: retry/),
      });
    }
    expect(outcomes.some((outcome) => outcome.status === 'rejected')).toBe(true);
    expect((await store.getTriggerInstance(idAt(100)))?.id).toBe(idAt(100));
    expect(store.worker).not.toBe(first);
    await store.insertTriggerInstance(triggerInstance(200));
    expect((await store.getTriggerInstance(idAt(200)))?.id).toBe(idAt(200));
  });

  it('fails only the call whose answer is too deep to pass between threads, and serves the next', async () => {
    const { path } = await target();
    const store = await createSqliteWorkerStore({ path });
    cleanups.unshift(() => store.close());
    await store.migrate();
    // Stored by a thread of its own, as data written before payloads were bounded would be.
    const direct = createSqliteStore({ path });
    let deep: unknown = 1;
    for (let level = 0; level < 3000; level++) deep = { a: deep };
    await direct.insertTriggerInstance(triggerInstance(1, { payload: deep as Record<string, unknown> }));
    await direct.close();
    await expect(store.listTriggerInstances()).rejects.toMatchObject({
      constructor: BackendError,
      code: 'E_STORE_MESSAGE',
      message: expect.stringMatching(/answer could not be passed between threads.*keeps serving/),
    });
    await store.insertTriggerInstance(triggerInstance(2));
    expect((await store.getTriggerInstance(idAt(2)))?.id).toBe(idAt(2));
  });

  it('fails only the call whose arguments are too deep to pass to the worker, and serves the rest', async () => {
    const store = await (await target()).open();
    cleanups.unshift(() => store.close());
    let deep: unknown = 1;
    for (let level = 0; level < 20_000; level++) deep = { a: deep };
    const [refused, fine] = await Promise.allSettled([
      store.insertTriggerInstance(triggerInstance(1, { payload: deep as Record<string, unknown> })),
      store.insertTriggerInstance(triggerInstance(2)),
    ]);
    expect(refused).toMatchObject({
      status: 'rejected',
      reason: { code: expect.stringMatching(/^E_STORE_(MESSAGE|NOT_JSON)$/) },
    });
    expect(fine).toMatchObject({ status: 'fulfilled' });
    await store.insertTriggerInstance(triggerInstance(3));
    const ids = (await store.listTriggerInstances()).map((instance) => instance.id);
    expect(ids.sort()).toEqual([idAt(2), idAt(3)]);
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
