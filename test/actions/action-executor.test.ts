import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createActionExecutor, type ActionExecutorDeps } from '../../src/pipeline/action-executor.js';
import { createRunnerRegistry } from '../../src/actions/create-runner-registry.js';
import type { ActionDefinition } from '../../src/snapshot/model/action-definition.js';
import type { Execution } from '../../src/domain/execution.js';
import { newId } from '../../src/domain/ids.js';
import { silentLogger } from '../../src/common/logger.js';
import { createSqliteStore } from '../../src/store/drivers/sqlite.js';
import type { Store } from '../../src/store/store.js';
import { defineAction, isAlive, makeTempDir, waitFor } from './action-fixtures.js';

/** Stands in for the secret box: the blob is base64 JSON here; the executor only calls the function. */
const sealSecrets = (values: Record<string, unknown>) =>
  Buffer.from(JSON.stringify(values)).toString('base64');
const openSecrets = (blob: string) =>
  JSON.parse(Buffer.from(blob, 'base64').toString()) as Record<string, unknown>;

function newExecution(
  action: string,
  parameters: Record<string, unknown>,
  overrides: Partial<Execution> = {},
): Execution {
  return {
    id: newId(),
    action,
    runner: '',
    parameters,
    secret_parameters: null,
    status: 'requested',
    result: null,
    stdout: '',
    stderr: '',
    exit_code: null,
    error: null,
    created_at: new Date().toISOString(),
    start_timestamp: null,
    end_timestamp: null,
    trigger_instance: null,
    rule: null,
    enforcement: null,
    parent: null,
    trace_id: newId(),
    context: { source: 'api' },
    ...overrides,
  };
}

describe('action executor (SQLite store)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let store: Store;
  let actions: Map<string, ActionDefinition>;
  let finished: Execution[];

  beforeEach(async () => {
    temp = await makeTempDir();
    store = createSqliteStore({ path: path.join(temp.dir, 'squall.db') });
    await store.migrate();
    finished = [];
    actions = new Map();
    const local = defineAction({
      name: 'local',
      runner_type: 'local-shell-cmd',
      parameters: { cmd: { type: 'string', required: true } },
    });
    actions.set('tests.local', local);
  });
  afterEach(async () => {
    await store.close();
    await temp.cleanup();
  });

  function executor(overrides: Partial<ActionExecutorDeps> = {}) {
    return createActionExecutor({
      store,
      runners: createRunnerRegistry({ process: { killGraceMs: 300 } }),
      getAction: (ref) => actions.get(ref),
      decryptSecrets: openSecrets,
      getPackConfig: () => ({}),
      logger: silentLogger(),
      onFinished: (execution) => finished.push(execution),
      ...overrides,
    });
  }

  async function submit(execution: Execution): Promise<Execution> {
    await store.insertExecution(execution);
    return execution;
  }

  it('runs a stored execution and records the outcome', async () => {
    const execution = await submit(newExecution('tests.local', { cmd: 'echo hello; echo warn >&2' }));
    await executor().handle({ executionId: execution.id });
    const stored = await store.getExecution(execution.id);
    expect(stored).toMatchObject({
      status: 'succeeded',
      runner: 'local-shell-cmd',
      stdout: 'hello',
      stderr: 'warn',
      exit_code: 0,
      error: null,
      result: { succeeded: true, return_code: 0, stdout: 'hello' },
    });
    const started = Date.parse(stored?.start_timestamp ?? '');
    expect(Number.isNaN(started)).toBe(false);
    expect(Date.parse(stored?.end_timestamp ?? '')).toBeGreaterThanOrEqual(started);
    expect(finished.map((e) => [e.id, e.status])).toEqual([[execution.id, 'succeeded']]);
  });

  it('reports the running record before the runner starts, and runs on when that callback throws', async () => {
    const execution = await submit(newExecution('tests.local', { cmd: 'echo ran' }));
    const started: Execution[] = [];
    await executor({
      onStarted: (record) => {
        started.push(record);
        throw new Error('listener broke');
      },
    }).handle({ executionId: execution.id });
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ id: execution.id, status: 'running', runner: 'local-shell-cmd' });
    expect(started[0]?.end_timestamp).toBeNull();
    expect(await store.getExecution(execution.id)).toMatchObject({ status: 'succeeded', stdout: 'ran' });
  });

  it('records a failing command with its exit code and error', async () => {
    const execution = await submit(newExecution('tests.local', { cmd: 'exit 3' }));
    await executor().handle({ executionId: execution.id });
    expect(await store.getExecution(execution.id)).toMatchObject({ status: 'failed', exit_code: 3 });
  });

  it('records a timeout', async () => {
    const execution = await submit(newExecution('tests.local', { cmd: 'sleep 10', timeout: 1 }));
    await executor().handle({ executionId: execution.id });
    const stored = await store.getExecution(execution.id);
    expect(stored).toMatchObject({ status: 'timeout', error: 'Action failed to complete in 1 seconds' });
  });

  it('gives the runner the decrypted secret parameters, never storing them', async () => {
    const execution = await submit(
      newExecution(
        'tests.local',
        { cmd: '********' },
        { secret_parameters: sealSecrets({ cmd: 'echo real-secret' }) },
      ),
    );
    await executor().handle({ executionId: execution.id });
    const stored = await store.getExecution(execution.id);
    expect(stored).toMatchObject({
      status: 'succeeded',
      stdout: 'real-secret',
      parameters: { cmd: '********' },
    });
  });

  it('fails clearly when the secrets cannot be decrypted', async () => {
    const execution = await submit(
      newExecution('tests.local', { cmd: 'true' }, { secret_parameters: 'garbage' }),
    );
    await executor({
      decryptSecrets: () => {
        throw new Error('bad key');
      },
    }).handle({ executionId: execution.id });
    expect((await store.getExecution(execution.id))?.error).toMatch(
      /could not decrypt the secret parameters.*bad key/,
    );
  });

  it('skips executions that are not waiting to run', async () => {
    const execution = await submit(
      newExecution('tests.local', { cmd: 'echo again' }, { status: 'succeeded' }),
    );
    await executor().handle({ executionId: execution.id });
    expect(await store.getExecution(execution.id)).toMatchObject({ status: 'succeeded', stdout: '' });
    expect(finished).toEqual([]);
  });

  it('fails a missing action, an unsupported one and a disabled one with a clear error', async () => {
    actions.set('tests.py', defineAction({ name: 'py', runner_type: 'orquesta', entry_point: 'x.yaml' }));
    actions.set('tests.off', defineAction({ name: 'off', runner_type: 'noop', enabled: false }));
    const missing = await submit(newExecution('tests.gone', {}));
    const python = await submit(newExecution('tests.py', {}));
    const disabled = await submit(newExecution('tests.off', {}));
    const run = executor();
    for (const e of [missing, python, disabled]) await run.handle({ executionId: e.id });
    expect((await store.getExecution(missing.id))?.error).toMatch(/action tests.gone is not registered/);
    expect((await store.getExecution(python.id))?.error).toMatch(/tests.py cannot run: Orquesta workflows/);
    expect((await store.getExecution(disabled.id))?.error).toMatch(/tests.off is disabled/);
    expect(finished.map((e) => e.status)).toEqual(['failed', 'failed', 'failed']);
  });

  it('marks the execution failed, never stuck running, when a runner throws', async () => {
    const runners = createRunnerRegistry({
      extra: [
        {
          name: 'noop',
          description: '',
          parameters: {},
          shellParameters: [],
          run: () => Promise.reject(new Error('boom')),
        },
      ],
    });
    actions.set('tests.noop', defineAction({ name: 'noop', runner_type: 'noop' }));
    const execution = await submit(newExecution('tests.noop', {}));
    await executor({ runners }).handle({ executionId: execution.id });
    expect(await store.getExecution(execution.id)).toMatchObject({
      status: 'failed',
      error: 'runner noop failed: boom',
    });
  });

  it('cancels a running execution and kills its process group', async () => {
    const pidFile = path.join(temp.dir, 'child.pid');
    const execution = await submit(
      newExecution('tests.local', { cmd: `sleep 30 & echo $! > ${pidFile}; wait` }),
    );
    const run = executor();
    const handled = run.handle({ executionId: execution.id });
    expect(await waitFor(() => run.runningCount() === 1)).toBe(true);
    await waitFor(() => false, 300);
    const childPid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(await run.cancel(execution.id)).toBe(true);
    await handled;
    expect(run.runningCount()).toBe(0);
    expect(await store.getExecution(execution.id)).toMatchObject({ status: 'canceled' });
    expect(await waitFor(() => !isAlive(childPid))).toBe(true);
    expect(await run.cancel(execution.id)).toBe(false);
  });

  it('cancels a queued execution so that it never runs', async () => {
    const marker = path.join(temp.dir, 'ran');
    const execution = await submit(newExecution('tests.local', { cmd: `touch ${marker}` }));
    const run = executor();
    expect(await run.cancel(execution.id)).toBe(true);
    await run.handle({ executionId: execution.id });
    expect(await store.getExecution(execution.id)).toMatchObject({ status: 'canceled' });
    await expect(readFile(marker)).rejects.toThrow();
  });

  it('keeps the action definition it started with when content is reloaded mid-run', async () => {
    const packDir = path.join(temp.dir, 'pack');
    await mkdir(path.join(packDir, 'actions'), { recursive: true });
    await writeFile(path.join(packDir, 'actions', 'v1.sh'), '#!/bin/sh\nsleep 0.4\necho v1\n', {
      mode: 0o755,
    });
    await writeFile(path.join(packDir, 'actions', 'v2.sh'), '#!/bin/sh\necho v2\n', { mode: 0o755 });
    const version = (entry_point: string) =>
      defineAction({ name: 'script', runner_type: 'local-shell-script', entry_point }, packDir);
    actions.set('tests.script', version('v1.sh'));
    const execution = await submit(newExecution('tests.script', {}));
    const run = executor();
    const handled = run.handle({ executionId: execution.id });
    await waitFor(() => run.runningCount() === 1);
    actions.set('tests.script', version('v2.sh'));
    await handled;
    expect(await store.getExecution(execution.id)).toMatchObject({ status: 'succeeded', stdout: 'v1' });
  });
});
