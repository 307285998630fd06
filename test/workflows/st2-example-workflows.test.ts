import { describe, expect, it } from 'vitest';
import { runWorkflow } from './support/run-workflow.js';

/**
 * StackStorm's own example workflows (st2 contrib/examples/actions/workflows), rewritten with the
 * same structure in test/workflows/fixtures/orquesta. Expected statuses and results follow st2's
 * integration tests (st2tests/integration/orquesta/test_wiring*.py).
 */
const shellFailure = { failed: true, return_code: 1, stderr: '', stdout: '', succeeded: false };

describe("StackStorm's example workflows give StackStorm's results", () => {
  it('sequential: publishes along a chain of tasks (test_sequential)', () => {
    const run = runWorkflow('orquesta/sequential.yaml', { input: { name: 'Thanos' } });
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({ output: { greeting: 'Thanos, welcome aboard!' } });
    expect(run.requests.map((r) => [r.task, r.action, r.input])).toEqual([
      ['first', 'core.echo', { message: 'Thanos' }],
      ['second', 'core.echo', { message: 'welcome aboard!' }],
      ['third', 'core.echo', { message: 'Thanos, welcome aboard!' }],
    ]);
  });

  it('sequential with non-ASCII input (test_data_flow_unicode_concat_with_ascii)', () => {
    const run = runWorkflow('orquesta/sequential.yaml', { input: { name: '薩諾斯' } });
    expect(run.result).toEqual({ output: { greeting: '薩諾斯, welcome aboard!' } });
  });

  it('join: four branches meet in a join: all (test_join)', () => {
    const run = runWorkflow('orquesta/join.yaml');
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({
      output: { lines: ['Roses are red', 'Violets are blue', 'Sugar is sweet', 'and so are you'] },
    });
    expect(run.requests.filter((r) => r.task === 'merge')).toHaveLength(1);
  });

  it('rollback-retry: a cycle runs until a parallel branch lets it out (test_cycle)', () => {
    const run = runWorkflow('orquesta/rollback-retry.yaml');
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({ output: null });
    const tasks = run.requests.map((r) => r.task);
    expect(tasks.filter((t) => t === 'verify').length).toBeGreaterThan(1);
    expect(tasks).toContain('undo');
    expect(tasks.at(-1)).toBe('cleanup');
  });

  it('action-less tasks publish and join (test_action_less)', () => {
    const run = runWorkflow('orquesta/actionless.yaml', { input: { name: 'Thanos' } });
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({ output: { greeting: 'THANOS, NICE TO MEET YOU!' } });
    expect(run.requests.map((r) => r.task)).toEqual(['echo_name', 'echo_more', 'finish']);
  });

  it('st2 runtime context: ctx(st2) (test_st2_runtime_context)', () => {
    const st2 = { api_url: 'http://127.0.0.1:9101/v1', action_execution_id: 'ex-42', user: 'stanley' };
    const run = runWorkflow('orquesta/st2-ctx.yaml', { context: { st2 } });
    expect(run.result).toEqual({ output: { link: 'http://127.0.0.1:9101/v1/executions/ex-42' } });
  });

  it('subworkflow: a task whose action is a workflow (test_subworkflow)', () => {
    const run = runWorkflow('orquesta/subworkflow.yaml', {
      workflows: { 'demo.sequential': 'orquesta/sequential.yaml' },
    });
    expect(run.status).toBe('succeeded');
    expect(run.requests.map((r) => r.task)).toEqual(['before', 'nested', 'after']);
    expect(run.state.sequence.find((r) => r.id === 'nested')?.result).toEqual({
      output: { greeting: ', welcome aboard!' },
    });
  });

  it('output on error: the output so far and the failed task (test_output_on_error)', () => {
    const run = runWorkflow('orquesta/output-on-error.yaml');
    expect(run.status).toBe('failed');
    expect(run.result).toEqual({
      errors: [
        {
          type: 'error',
          task_id: 'step2',
          message: 'Execution failed. See result for details.',
          result: shellFailure,
        },
      ],
      output: { percent: 25 },
    });
  });

  it.each([['fee fi fo fum'], ['床前明月光 疑是地上霜 舉頭望明月 低頭思故鄉'], ['x'.repeat(100_000)]])(
    'data flow through input, vars, publish and output (test_data_flow*)',
    (value) => {
      const run = runWorkflow('orquesta/data-flow.yaml', { input: { x1: value } });
      expect(run.status).toBe('succeeded');
      expect(run.result).toEqual({ output: { x5: value, y5: value } });
    },
  );

  it('delay: the first action is requested to run later (test_task_delay)', () => {
    const run = runWorkflow('orquesta/delay.yaml', { input: { name: 'Thanos', wait: 1 } });
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({ output: { greeting: 'Thanos, welcome aboard!' } });
    expect(run.requests[0]).toMatchObject({ task: 'first', delay: 1, runAt: '2026-01-01T00:00:01.000Z' });
    expect(run.requests[1]).not.toHaveProperty('delay');
  });

  it('continue: publishes, goes on, and ends failed (test_fail_continue)', () => {
    const run = runWorkflow('orquesta/error-handling-continue.yaml', { input: { cmd: 'exit 1' } });
    expect(run.status).toBe('failed');
    expect(run.result).toEqual({
      errors: [
        {
          type: 'error',
          task_id: 'risky',
          message: 'Execution failed. See result for details.',
          result: shellFailure,
        },
      ],
      output: { note: 'it broke' },
    });
  });

  it('continue on the success path: succeeded', () => {
    const run = runWorkflow('orquesta/error-handling-continue.yaml', { input: { cmd: 'true' } });
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({ output: { note: 'all good' } });
  });

  it('noop: the failure is handled and the workflow succeeds (test_fail_noop)', () => {
    const run = runWorkflow('orquesta/error-handling-noop.yaml', { input: { cmd: 'exit 1' } });
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({ output: { note: 'it broke' } });
  });

  it('fail after a remediation task (test_fail_manually)', () => {
    const run = runWorkflow('orquesta/error-handling-fail-manually.yaml', { input: { cmd: 'exit 1' } });
    expect(run.status).toBe('failed');
    expect(run.requests.map((r) => r.task)).toEqual(['risky', 'repair']);
    expect(run.result).toEqual({
      errors: [
        {
          type: 'error',
          task_id: 'risky',
          message: 'Execution failed. See result for details.',
          result: shellFailure,
        },
        { type: 'error', task_id: 'fail', message: 'Execution failed. See result for details.' },
      ],
      output: { note: 'it broke' },
    });
  });

  it('remediate then fail: fail and the remediation task in one transition (test_remediate_then_fail)', () => {
    const run = runWorkflow('orquesta/remediate-then-fail.yaml');
    expect(run.status).toBe('failed');
    expect(run.result).toEqual({
      errors: [
        {
          type: 'error',
          task_id: 'broken',
          message: 'Execution failed. See result for details.',
          result: shellFailure,
        },
        { type: 'error', task_id: 'fail', message: 'Execution failed. See result for details.' },
      ],
      output: null,
    });
    expect(run.requests.map((r) => [r.task, r.input])).toEqual([
      ['broken', { cmd: 'exit 1' }],
      ['report', { message: 'broken exited with: ' }],
    ]);
  });
});
