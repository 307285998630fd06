import { expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/common/errors.js';
import type { RecordStore } from '../../../src/store/record-store.js';
import { enforcement, execution, idAt, triggerInstance } from './fixtures.js';
import {
  describeWithStore,
  type Closable,
  type StoreTestContext,
  type StoreTestTarget,
} from './store-target.js';

type Context = StoreTestContext<RecordStore & Closable>;

/** The RecordStore contract (trigger instances, enforcements, executions) every driver passes. */
export function testRecordStore(
  name: string,
  makeTarget: () => Promise<StoreTestTarget<RecordStore & Closable>>,
): void {
  describeWithStore(`record store conformance: ${name}`, makeTarget, (ctx) => {
    testTriggerInstances(ctx);
    testEnforcements(ctx);
    testEnforcedOnce(ctx);
    testExecutions(ctx);
  });
}

function testTriggerInstances(ctx: Context): void {
  it('round-trips a trigger instance with unicode and a big payload', async () => {
    const big = 'x'.repeat(2_000_000);
    const unicode = 'héllo 世界 🚀 \u0000 \u2028 "quoted" \\ back';
    const instance = triggerInstance(1, {
      payload: { big, unicode, list: [1, 2.5, null, true, { deep: [unicode] }], [unicode]: unicode },
    });
    const bare = triggerInstance(2, { payload: 'just a string' });
    delete bare.trigger_parameters;
    await ctx.store.insertTriggerInstance(instance);
    await ctx.store.insertTriggerInstance(bare);
    expect(await ctx.store.getTriggerInstance(instance.id)).toStrictEqual(instance);
    expect(await ctx.store.getTriggerInstance(bare.id)).toStrictEqual(bare);
    expect(await ctx.store.getTriggerInstance(idAt(99))).toBeUndefined();
  });

  it('sets a trigger instance status and error, and rejects an unknown id', async () => {
    const instance = triggerInstance(1);
    await ctx.store.insertTriggerInstance(instance);
    await ctx.store.setTriggerInstanceStatus(instance.id, 'invalid', 'payload.body is required');
    expect(await ctx.store.getTriggerInstance(instance.id)).toStrictEqual({
      ...instance,
      status: 'invalid',
      error: 'payload.body is required',
    });
    await ctx.store.setTriggerInstanceStatus(instance.id, 'processed');
    expect(await ctx.store.getTriggerInstance(instance.id)).toStrictEqual({
      ...instance,
      status: 'processed',
    });
    await expect(ctx.store.setTriggerInstanceStatus(idAt(99), 'processed')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('rejects a duplicate id with a ConflictError', async () => {
    await ctx.store.insertTriggerInstance(triggerInstance(1));
    const duplicate = ctx.store.insertTriggerInstance(triggerInstance(1, { trigger: 'other' }));
    await expect(duplicate).rejects.toBeInstanceOf(ConflictError);
    await expect(duplicate).rejects.toMatchObject({ code: 'E_STORE_DUPLICATE' });
  });

  it('lists trigger instances newest first, filtered, with limit and offset', async () => {
    for (let n = 1; n <= 60; n++) {
      await ctx.store.insertTriggerInstance(
        triggerInstance(n, {
          trigger: n % 2 === 0 ? 'git.push' : 'core.st2.webhook',
          status: n % 3 === 0 ? 'processed' : 'pending',
          trace_id: n === 7 ? 'the-trace' : `trace-${n}`,
        }),
      );
    }
    const ids = (list: { id: string }[]) => list.map((i) => i.id);
    const all = await ctx.store.listTriggerInstances({ limit: 0 });
    expect(ids(all)).toEqual(Array.from({ length: 60 }, (_, i) => idAt(60 - i)));
    expect(await ctx.store.listTriggerInstances()).toHaveLength(50);
    expect(ids(await ctx.store.listTriggerInstances({ limit: 5, offset: 10 }))).toEqual(
      ids(all.slice(10, 15)),
    );
    expect(await ctx.store.listTriggerInstances({ offset: 58 })).toHaveLength(2);
    const pushes = await ctx.store.listTriggerInstances({ trigger: 'git.push', limit: 0 });
    expect(pushes).toHaveLength(30);
    expect(pushes.every((i) => i.trigger === 'git.push')).toBe(true);
    const processedPushes = await ctx.store.listTriggerInstances({
      trigger: 'git.push',
      status: 'processed',
    });
    expect(ids(processedPushes)).toEqual([60, 54, 48, 42, 36, 30, 24, 18, 12, 6].map(idAt));
    expect(ids(await ctx.store.listTriggerInstances({ trace_id: 'the-trace' }))).toEqual([idAt(7)]);
    await expect(ctx.store.listTriggerInstances({ limit: -1 })).rejects.toBeInstanceOf(ValidationError);
  });
}

function testEnforcements(ctx: Context): void {
  it('round-trips enforcements and filters them by rule, trigger instance and execution', async () => {
    const first = enforcement(1);
    const failed = enforcement(10, {
      rule: 'examples.other',
      execution: null,
      status: 'failed',
      failure_reason: 'action examples.missing does not exist',
      criteria: [
        { key: 'trigger.body.x', operator: 'equals', pattern: 'ü', value: 'u', passed: false, error: 'nope' },
      ],
    });
    expect(await ctx.store.recordEnforcement(first)).toBe(true);
    expect(await ctx.store.recordEnforcement(failed)).toBe(true);
    expect(await ctx.store.listEnforcements()).toStrictEqual([failed, first]);
    expect(await ctx.store.listEnforcements({ rule: 'examples.other' })).toStrictEqual([failed]);
    expect(await ctx.store.listEnforcements({ trigger_instance: first.trigger_instance })).toStrictEqual([
      first,
    ]);
    expect(await ctx.store.listEnforcements({ execution: idAt(2) })).toStrictEqual([first]);
    expect(await ctx.store.listEnforcements({ rule: 'nope' })).toStrictEqual([]);
    expect(await ctx.store.listEnforcements({ limit: 1, offset: 1 })).toStrictEqual([first]);
  });
}

function testEnforcedOnce(ctx: Context): void {
  it('records an enforcement and its execution together, at most once per trigger instance and rule', async () => {
    const requested = execution(2);
    const first = enforcement(1, { execution: requested.id });
    expect(await ctx.store.recordEnforcement(first, requested)).toBe(true);
    // The same rule for the same instance again (a re-match after a crash): nothing is written.
    const again = enforcement(5, { trigger_instance: first.trigger_instance, execution: idAt(6) });
    expect(await ctx.store.recordEnforcement(again, execution(6))).toBe(false);
    expect(await ctx.store.listEnforcements()).toStrictEqual([first]);
    expect((await ctx.store.listExecutions()).map((e) => e.id)).toStrictEqual([requested.id]);
    // Another rule on the same instance is its own enforcement.
    const other = enforcement(7, {
      trigger_instance: first.trigger_instance,
      rule: 'examples.other',
      execution: null,
      status: 'failed',
    });
    expect(await ctx.store.recordEnforcement(other)).toBe(true);
    expect(await ctx.store.listEnforcements({ trigger_instance: first.trigger_instance })).toHaveLength(2);
  });
}

function testExecutions(ctx: Context): void {
  it('round-trips an execution, keeping undefined and null results apart', async () => {
    const queued = execution(1, { result: undefined });
    const done = execution(3, {
      status: 'succeeded',
      result: { stdout: 'ok ✓', return_code: 0, succeeded: true, failed: false, big: 'y'.repeat(500_000) },
      stdout: 'ok ✓\n',
      stderr: 'warn',
      exit_code: 0,
      start_timestamp: '2024-05-01T00:00:01.000Z',
      end_timestamp: '2024-05-01T00:00:02.000Z',
      parent: idAt(1),
      secret_parameters: null,
    });
    await ctx.store.insertExecution(queued);
    await ctx.store.insertExecution(done);
    expect(await ctx.store.getExecution(queued.id)).toStrictEqual(queued);
    expect(await ctx.store.getExecution(done.id)).toStrictEqual(done);
    expect(await ctx.store.getExecution(idAt(99))).toBeUndefined();
  });

  it('updates an execution and returns the updated record', async () => {
    const queued = execution(1);
    await ctx.store.insertExecution(queued);
    const running = await ctx.store.updateExecution(queued.id, {
      status: 'running',
      start_timestamp: '2024-05-01T00:00:01.000Z',
    });
    expect(running).toStrictEqual({
      ...queued,
      status: 'running',
      start_timestamp: '2024-05-01T00:00:01.000Z',
    });
    const finished = await ctx.store.updateExecution(queued.id, {
      status: 'failed',
      result: { return_code: 2 },
      exit_code: 2,
      error: 'exited with 2',
      context: { user: 'stanley', source: 'rule', retry: 1 },
      stdout: undefined,
    });
    expect(finished).toStrictEqual({
      ...running,
      status: 'failed',
      result: { return_code: 2 },
      exit_code: 2,
      error: 'exited with 2',
      context: { user: 'stanley', source: 'rule', retry: 1 },
    });
    expect(await ctx.store.getExecution(queued.id)).toStrictEqual(finished);
  });

  it('rejects updating an unknown execution with NotFoundError, and a bad patch with ValidationError', async () => {
    const missing = ctx.store.updateExecution(idAt(99), { status: 'running' });
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    await expect(missing).rejects.toMatchObject({ code: 'E_STORE_NOT_FOUND' });
    await ctx.store.insertExecution(execution(1));
    const bad = { id: 'other', nonsense: 1 } as unknown as Parameters<RecordStore['updateExecution']>[1];
    await expect(ctx.store.updateExecution(idAt(1), bad)).rejects.toBeInstanceOf(ValidationError);
  });

  it('lists executions newest first by action, status (one or several), rule, trigger instance, parent, trace', async () => {
    await ctx.store.insertExecution(execution(1, { status: 'succeeded' }));
    await ctx.store.insertExecution(execution(2, { status: 'running', action: 'git.pull', rule: null }));
    await ctx.store.insertExecution(execution(3, { status: 'failed', parent: idAt(1), trace_id: 't' }));
    const ids = async (query: Parameters<RecordStore['listExecutions']>[0]) =>
      (await ctx.store.listExecutions(query)).map((e) => e.id);
    expect(await ids({})).toEqual([idAt(3), idAt(2), idAt(1)]);
    expect(await ids({ action: 'git.pull' })).toEqual([idAt(2)]);
    expect(await ids({ status: 'failed' })).toEqual([idAt(3)]);
    expect(await ids({ status: ['succeeded', 'running'] })).toEqual([idAt(2), idAt(1)]);
    expect(await ids({ status: [] })).toEqual([]);
    expect(await ids({ rule: 'examples.on_webhook' })).toEqual([idAt(3), idAt(1)]);
    expect(await ids({ trigger_instance: idAt(1) })).toEqual([idAt(2)]);
    expect(await ids({ parent: idAt(1) })).toEqual([idAt(3)]);
    expect(await ids({ trace_id: 't', status: ['failed'] })).toEqual([idAt(3)]);
    expect(await ids({ limit: 1, offset: 2 })).toEqual([idAt(1)]);
  });

  it('transitions an execution only from the given statuses, once among racing callers', async () => {
    await ctx.store.insertExecution(execution(1, { status: 'requested' }));
    const racing = await Promise.all(
      [1, 2, 3].map(() =>
        ctx.store.transitionExecution(idAt(1), ['requested', 'scheduled'], { status: 'running' }),
      ),
    );
    expect(racing.filter((taken) => taken?.status === 'running')).toHaveLength(1);
    expect(racing.filter((taken) => taken === undefined)).toHaveLength(2);
    expect(await ctx.store.transitionExecution(idAt(1), ['requested'], { status: 'failed' })).toBeUndefined();
    expect((await ctx.store.getExecution(idAt(1)))?.status).toBe('running');
    expect(
      await ctx.store.transitionExecution(idAt(99), ['running'], { status: 'abandoned' }),
    ).toBeUndefined();
    expect(await ctx.store.transitionExecution(idAt(1), [], { status: 'abandoned' })).toBeUndefined();
    const abandoned = await ctx.store.transitionExecution(idAt(1), ['running'], {
      status: 'abandoned',
      error: 'gone',
    });
    expect(abandoned).toMatchObject({ id: idAt(1), status: 'abandoned', error: 'gone' });
  });

  it('abandons running executions only, with the reason and an end time', async () => {
    await ctx.store.insertExecution(execution(1, { status: 'running' }));
    await ctx.store.insertExecution(execution(2, { status: 'scheduled' }));
    await ctx.store.insertExecution(execution(3, { status: 'running' }));
    await ctx.store.insertExecution(execution(4, { status: 'succeeded' }));
    const before = Date.now();
    const abandoned = await ctx.store.abandonRunningExecutions('squall stopped while it ran');
    expect(abandoned.map((e) => e.id)).toEqual([idAt(3), idAt(1)]);
    for (const e of abandoned) {
      expect(e).toMatchObject({ status: 'abandoned', error: 'squall stopped while it ran' });
      expect(Date.parse(e.end_timestamp ?? '')).toBeGreaterThanOrEqual(before - 1000);
      expect(await ctx.store.getExecution(e.id)).toStrictEqual(e);
    }
    expect((await ctx.store.getExecution(idAt(2)))?.status).toBe('scheduled');
    expect((await ctx.store.getExecution(idAt(4)))?.status).toBe('succeeded');
    expect(await ctx.store.abandonRunningExecutions('again')).toEqual([]);
  });
}
