import { describe, expect, it } from 'vitest';
import type { WorkflowCommand } from '../../src/workflows/conductor/workflow-commands.js';
import { Driver } from './support/driver.js';

const requested = (commands: WorkflowCommand[]) =>
  commands.flatMap((c) =>
    c.kind === 'request_action'
      ? [`${c.task}${c.route ? `@${c.route}` : ''}${c.item === undefined ? '' : `#${c.item}`}`]
      : [],
  );
const finish = (commands: WorkflowCommand[]) => commands.find((c) => c.kind === 'finish');
const kinds = (commands: WorkflowCommand[]) =>
  commands.map((c) => (c.kind === 'status' || c.kind === 'finish' ? `${c.kind}:${c.status}` : c.kind));

describe('the conductor is a pure state machine over JSON state', () => {
  it('never changes the state it is given and works from state restored from JSON', () => {
    const flow = new Driver([
      'version: 1.0',
      'tasks:',
      '  a: {action: core.noop, next: [{do: b}]}',
      '  b: {action: core.noop}',
    ]);
    expect(requested(flow.start())).toEqual(['a']);
    expect(requested(flow.action('a', 'succeeded'))).toEqual(['b']);
    expect(finish(flow.action('b', 'succeeded'))).toEqual({
      kind: 'finish',
      status: 'succeeded',
      result: { output: null },
    });
  });

  it('gives each action request an id of its own and finishes once', () => {
    const flow = new Driver([
      'version: 1.0',
      'tasks:',
      '  a: {action: core.noop, next: [{do: [b, c]}]}',
      '  b: {action: core.noop}',
      '  c: {action: core.noop}',
    ]);
    const ids = [...flow.start(), ...flow.action('a', 'succeeded')].flatMap((c) =>
      c.kind === 'request_action' ? [c.id] : [],
    );
    expect(new Set(ids).size).toBe(3);
    flow.action('b', 'succeeded');
    expect(kinds(flow.action('c', 'succeeded'))).toEqual(['finish:succeeded']);
    expect(flow.send({ kind: 'cancel' })).toEqual([]);
  });
});

describe('task transitions', () => {
  it('runs a task reached from two branches once per route, without join', () => {
    const flow = new Driver([
      'version: 1.0',
      'tasks:',
      '  a: {action: core.noop, next: [{do: c}]}',
      '  b: {action: core.noop, next: [{do: c}]}',
      '  c: {action: core.noop}',
    ]);
    expect(requested(flow.start())).toEqual(['a', 'b']);
    expect(requested(flow.action('a', 'succeeded'))).toEqual(['c@1']);
    expect(requested(flow.action('b', 'succeeded'))).toEqual(['c@2']);
    flow.action('c', 'succeeded', { route: 1 });
    expect(finish(flow.action('c', 'succeeded', { route: 2 }))?.status).toBe('succeeded');
    expect(flow.state?.routes).toEqual([[], ['a__t0'], ['b__t0']]);
  });

  it('joins once all inbound branches arrived (join: all), or the given count (join: 2)', () => {
    const all = new Driver([
      'version: 1.0',
      'tasks:',
      '  a: {action: core.noop, next: [{do: c}]}',
      '  b: {action: core.noop, next: [{do: c}]}',
      '  c: {join: all, action: core.noop}',
    ]);
    all.start();
    expect(requested(all.action('a', 'succeeded'))).toEqual([]);
    expect(requested(all.action('b', 'succeeded'))).toEqual(['c']);
    const two = new Driver([
      'version: 1.0',
      'tasks:',
      '  a: {action: core.noop, next: [{when: "<% succeeded() %>", do: d}]}',
      '  b: {action: core.noop, next: [{when: "<% succeeded() %>", do: d}]}',
      '  c: {action: core.noop, next: [{when: "<% succeeded() %>", do: d}, {when: "<% failed() %>", do: noop}]}',
      '  d: {join: 2, action: core.noop}',
    ]);
    two.start();
    expect(requested(two.action('c', 'failed'))).toEqual([]);
    expect(requested(two.action('a', 'succeeded'))).toEqual([]);
    expect(requested(two.action('b', 'succeeded'))).toEqual(['d']);
    expect(finish(two.action('d', 'succeeded'))?.status).toBe('succeeded');
  });

  it('fails a workflow whose join can no longer be satisfied', () => {
    const flow = new Driver([
      'version: 1.0',
      'tasks:',
      '  a: {action: core.noop, next: [{when: "<% succeeded() %>", do: c}]}',
      '  b: {action: core.noop, next: [{when: "<% succeeded() %>", do: c}, {when: "<% failed() %>", do: noop}]}',
      '  c: {join: all, action: core.noop}',
    ]);
    flow.start();
    flow.action('a', 'succeeded');
    const done = finish(flow.action('b', 'failed', { result: { oops: 1 } }));
    expect(done?.status).toBe('failed');
    expect(done?.result.errors).toContainEqual({
      type: 'error',
      message: 'UnreachableJoinError: The join task|route "c|0" is partially satisfied but unreachable.',
      task_id: 'c',
      route: 0,
    });
  });

  it('fails the workflow on a failure without a transition that handles it, even while others run', () => {
    const flow = new Driver([
      'version: 1.0',
      'tasks:',
      '  a: {action: core.noop}',
      '  b: {action: core.noop}',
    ]);
    flow.start();
    const commands = flow.action('a', 'failed', { result: { stdout: 'x' } });
    expect(finish(commands)).toEqual({
      kind: 'finish',
      status: 'failed',
      result: {
        output: null,
        errors: [
          {
            type: 'error',
            message: 'Execution failed. See result for details.',
            task_id: 'a',
            result: { stdout: 'x' },
          },
        ],
      },
    });
    expect(requested(flow.action('b', 'succeeded'))).toEqual([]);
  });

  it('lets a transition without when run on success and on failure', () => {
    const flow = new Driver([
      'version: 1.0',
      'tasks:',
      '  a: {action: core.noop, next: [{do: b}]}',
      '  b: {action: core.noop}',
    ]);
    flow.start();
    expect(requested(flow.action('a', 'failed'))).toEqual(['b']);
    expect(finish(flow.action('b', 'succeeded'))?.status).toBe('succeeded');
  });

  it('fails a task whose action timed out or was abandoned', () => {
    const flow = new Driver([
      'version: 1.0',
      'tasks:',
      '  a: {action: core.noop, next: [{when: "<% failed() %>", do: b}]}',
      '  b: {action: core.noop}',
    ]);
    flow.start();
    expect(requested(flow.action('a', 'timeout'))).toEqual(['b']);
    expect(flow.state?.sequence[0]?.status).toBe('failed');
  });

  it('retries with the retry command (three times while its when holds)', () => {
    const flow = new Driver([
      'version: 1.0',
      'tasks:',
      '  a: {action: core.noop, next: [{when: "<% failed() %>", do: retry}]}',
    ]);
    flow.start();
    for (let i = 0; i < 3; i += 1) expect(requested(flow.action('a', 'failed'))).toEqual(['a']);
    expect(finish(flow.action('a', 'failed'))?.status).toBe('failed');
  });
});

describe('pause, resume, cancel and pending tasks', () => {
  const chain = [
    'version: 1.0',
    'tasks:',
    '  a: {action: core.noop, next: [{do: b}]}',
    '  b: {action: core.noop}',
  ];

  it('pauses after the running task, requests nothing more, and resumes where it was', () => {
    const flow = new Driver(chain);
    flow.start();
    expect(kinds(flow.send({ kind: 'pause' }))).toEqual(['pause_action', 'status:pausing']);
    expect(kinds(flow.action('a', 'succeeded'))).toEqual(['status:paused']);
    expect(requested(flow.send({ kind: 'resume' }))).toEqual(['b']);
    expect(finish(flow.action('b', 'succeeded'))?.status).toBe('succeeded');
  });

  it('cancels: waits for the running task, cancels its action, ends canceled without errors', () => {
    const flow = new Driver(chain);
    flow.start();
    expect(flow.send({ kind: 'cancel' })).toEqual([
      { kind: 'cancel_action', task: 'a', route: 0 },
      { kind: 'status', status: 'canceling' },
    ]);
    expect(finish(flow.action('a', 'canceled'))).toEqual({
      kind: 'finish',
      status: 'canceled',
      result: { output: null },
    });
  });

  it('cancels a task that waits for its delay (test_task_delay_workflow_cancellation)', () => {
    const flow = new Driver(['version: 1.0', 'tasks:', '  a: {delay: 300, action: core.noop}']);
    expect(flow.start()[0]).toMatchObject({
      kind: 'request_action',
      delay: 300,
      runAt: '2026-01-01T00:05:00.000Z',
    });
    expect(kinds(flow.send({ kind: 'cancel' }))).toEqual(['cancel_action', 'status:canceling']);
    expect(finish(flow.action('a', 'canceled'))?.status).toBe('canceled');
  });

  it('ends canceled when a task is canceled from outside (test_task_delay_task_cancellation)', () => {
    const flow = new Driver(chain);
    flow.start();
    expect(finish(flow.action('a', 'canceled'))?.status).toBe('canceled');
  });

  it('pauses while a task waits for a person (pending) and goes on once it is answered', () => {
    const flow = new Driver([
      'version: 1.0',
      'tasks:',
      '  ask: {action: core.ask, next: [{when: "<% succeeded() %>", do: go}]}',
      '  go: {action: core.noop}',
    ]);
    flow.start();
    expect(kinds(flow.action('ask', 'pending', { result: null }))).toEqual(['status:paused']);
    expect(kinds(flow.send({ kind: 'resume' }))).toEqual(['status:resuming']);
    expect(requested(flow.action('ask', 'succeeded', { result: { response: { approved: true } } }))).toEqual([
      'go',
    ]);
  });

  it('cascades pause and resume to a child workflow', () => {
    const flow = new Driver([
      'version: 1.0',
      'tasks:',
      '  child: {action: demo.sub, next: [{do: after}]}',
      '  after: {action: core.noop}',
    ]);
    flow.start();
    expect(flow.send({ kind: 'pause' })).toContainEqual({ kind: 'pause_action', task: 'child', route: 0 });
    expect(kinds(flow.action('child', 'paused', { result: null }))).toEqual(['status:paused']);
    expect(flow.send({ kind: 'resume' })).toEqual([
      { kind: 'resume_action', task: 'child', route: 0 },
      { kind: 'status', status: 'resuming' },
    ]);
    expect(kinds(flow.action('child', 'running'))).toEqual(['status:running']);
    expect(requested(flow.action('child', 'succeeded'))).toEqual(['after']);
  });
});

describe('with items under pause and cancel', () => {
  const items = [
    'version: 1.0',
    'input: [xs]',
    'tasks:',
    '  each:',
    '    with: {items: "<% ctx(xs) %>", concurrency: 2}',
    '    action: core.echo message=<% item() %>',
  ];

  it('cancels the running items and requests no more (test_with_items_concurrency_cancellation)', () => {
    const flow = new Driver(items);
    expect(requested(flow.start({ xs: [1, 2, 3, 4] }))).toEqual(['each#0', 'each#1']);
    expect(kinds(flow.send({ kind: 'cancel' }))).toEqual([
      'cancel_action',
      'cancel_action',
      'status:canceling',
    ]);
    expect(requested(flow.action('each', 'succeeded', { item: 0 }))).toEqual([]);
    expect(finish(flow.action('each', 'succeeded', { item: 1 }))?.status).toBe('canceled');
  });

  it('pauses between items and goes on with the rest after resume (test_with_items_concurrency_pause_and_resume)', () => {
    const flow = new Driver(items);
    flow.start({ xs: [1, 2, 3, 4] });
    flow.send({ kind: 'pause' });
    flow.action('each', 'succeeded', { item: 0 });
    expect(kinds(flow.action('each', 'succeeded', { item: 1 }))).toEqual(['status:paused']);
    expect(requested(flow.send({ kind: 'resume' }))).toEqual(['each#2', 'each#3']);
    flow.action('each', 'succeeded', { item: 2 });
    expect(finish(flow.action('each', 'succeeded', { item: 3 }))?.status).toBe('succeeded');
  });
});
