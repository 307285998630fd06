import { describe, expect, it } from 'vitest';
import type { KeyValueLookup } from '../../src/snapshot/model/rule-definition.js';
import { runWorkflow } from './support/run-workflow.js';

/**
 * StackStorm's example workflows for with items, retries, the datastore and nested workflows,
 * same structure, own wording. Expected results follow st2tests/integration/orquesta.
 */
describe('with items', () => {
  const crew = ['Lakshmi', 'Lindsay', 'Tomaz', 'Matt', 'Drew'];
  const lines = crew.map((name) => `${name}, welcome to the bridge!`);

  it('runs one action per item and gives {items: [{status, result}]} (test_with_items)', () => {
    const run = runWorkflow('orquesta/with-items.yaml', { input: { crew } });
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({ output: { lines } });
    expect(run.requests.map((r) => r.item)).toEqual([0, 1, 2, 3, 4]);
    const result = run.state.sequence[0]?.result as {
      items: { status: string; result: { stdout: string } }[];
    };
    expect(result.items[0]).toEqual({
      status: 'succeeded',
      result: { failed: false, succeeded: true, return_code: 0, stdout: lines[0], stderr: '' },
    });
  });

  it('never runs more items at once than the concurrency (test_with_items_concurrency)', () => {
    const run = runWorkflow('orquesta/with-items-concurrency.yaml', { input: { crew, concurrency: 2 } });
    expect(run.result).toEqual({ output: { lines } });
    const requestsPerEvent = run.steps.map(
      (commands) => commands.filter((c) => c.kind === 'request_action').length,
    );
    // Two at the start; then one more each time an item completes, until none is left.
    expect(requestsPerEvent).toEqual([2, 1, 1, 1, 0, 0]);
    expect(run.requests.map((r) => r.item)).toEqual([0, 1, 2, 3, 4]);
  });

  it('fails when some items fail, after all of them ran (test_with_items_failure)', () => {
    const run = runWorkflow('orquesta/with-items-failure.yaml');
    expect(run.status).toBe('failed');
    expect(run.requests).toHaveLength(10);
    expect(run.result.errors?.filter((e) => e.task_id === 'odd_fails')).toHaveLength(1);
  });

  it('names the fields of each item, and an empty list succeeds at once (test_subworkflow_empty_with_items)', () => {
    const named = runWorkflow('orquesta/with-items-named.yaml', { input: { paths: ['/a', '/b'] } });
    expect(named.requests.map((r) => r.input['cmd'])).toEqual(["echo '/a'", "echo '/b'"]);
    const empty = runWorkflow('orquesta/with-items-empty-parent.yaml', {
      workflows: { 'demo.with-items-named': 'orquesta/with-items-named.yaml' },
    });
    expect(empty.status).toBe('succeeded');
    expect(empty.requests.map((r) => r.task)).toEqual(['nested', 'after']);
  });
});

describe('task retry', () => {
  it('retries a failing task until it succeeds, each retry after its delay (test_task_retry)', () => {
    const run = runWorkflow('orquesta/task-retry.yaml');
    expect(run.status).toBe('succeeded');
    const verify = run.requests.filter((r) => r.task === 'verify');
    expect(verify.length).toBeGreaterThan(1);
    expect(verify.slice(1).every((r) => r.delay === 1)).toBe(true);
    expect(run.requests.at(-1)?.task).toBe('cleanup');
  });

  it('fails once the retries are used up and runs nothing after it (test_task_retry_exhausted)', () => {
    const run = runWorkflow('orquesta/task-retry-exhausted.yaml', {
      actions: {
        // the file never appears in time: every check fails, as when the creator is too slow
        'core.local': (input) =>
          String(input['cmd']).includes('checking')
            ? {
                status: 'failed',
                result: { failed: true, succeeded: false, return_code: 1, stdout: 'checking', stderr: '' },
              }
            : {
                status: 'succeeded',
                result: { failed: false, succeeded: true, return_code: 0, stdout: '', stderr: '' },
              },
      },
    });
    expect(run.status).toBe('failed');
    expect(run.requests.filter((r) => r.task === 'verify')).toHaveLength(3);
    expect(run.requests.filter((r) => r.task === 'cleanup')).toHaveLength(0);
  });
});

describe('datastore and nested workflows', () => {
  const keys: Record<string, string> = {
    'system:lakshmi': 'kanahansnasnasdlsajks',
    'user:stanley:winson': 'SoDiamondEng',
    'system:kami': 'enc:eggplant',
  };
  const kv: KeyValueLookup = { get: (scope, key) => keys[`${scope}:${key}`] };
  const decrypting = { kv, user: 'stanley', decrypt: (text: string) => text.replace(/^enc:/, '') };

  it.each([
    ['system.lakshmi', false, 'kanahansnasnasdlsajks'],
    ['winson', false, 'SoDiamondEng'],
    ['system.kami', true, 'eggplant'],
    ['system.kami', false, 'enc:eggplant'],
  ])(
    'st2kv(%s) reads the system or the user scope, decrypting on request (test_st2kv_system_scope, _user_scope, _decrypt)',
    (key, decrypt, value) => {
      const run = runWorkflow('orquesta/st2kv.yaml', { input: { key_name: key, decrypt }, ...decrypting });
      expect(run.status).toBe('succeeded');
      expect(run.result).toEqual({ output: { value } });
    },
  );

  it('a missing key fails the workflow with StackStorm message (test_st2kv_nonexistent)', () => {
    const run = runWorkflow('orquesta/st2kv.yaml', {
      input: { key_name: 'system.matt', decrypt: true },
      ...decrypting,
    });
    expect(run.status).toBe('failed');
    expect(run.result.errors?.[0]?.message).toContain(
      'The key "matt" does not exist in the StackStorm datastore.',
    );
  });

  it.each([['stone'], [''], [null]])(
    'a default for a missing key, in YAQL and Jinja (test_st2kv_default_value*): %s',
    (fallback) => {
      const run = runWorkflow('orquesta/st2kv-default.yaml', {
        input: { key_name: 'system.matt', decrypt: true, default: fallback },
        ...decrypting,
      });
      expect(run.status).toBe('succeeded');
      expect(run.result).toEqual({ output: { from_yaql: fallback, from_jinja: fallback } });
    },
  );

  it('a command runs a workflow of workflows (orquesta-examples)', () => {
    const run = runWorkflow('orquesta/examples.yaml', {
      workflows: {
        'demo.basic': 'orquesta/basic.yaml',
        'demo.sequential': 'orquesta/sequential.yaml',
        'demo.data-flow': 'orquesta/data-flow.yaml',
      },
    });
    expect(run.status).toBe('succeeded');
    const results = Object.fromEntries(run.state.sequence.map((record) => [record.id, record.result]));
    expect(results).toEqual({
      basic: { output: { stdout: 'hi' } },
      sequential: { output: { greeting: 'Blueberry, welcome aboard!' } },
      dataFlow: { output: { x5: 'LSU Tigers', y5: 'LSU Tigers' } },
    });
  });

  it('dots in variable, key and output names (test_field_escaping)', () => {
    const run = runWorkflow('orquesta/field-escaping.yaml', {
      // examples.python-mock-core-remote returns its hosts_dict as the result
      actions: {
        'demo.mirror': (input) => ({ status: 'succeeded', result: { result: input['hosts_dict'] } }),
      },
    });
    expect(run.result).toEqual({
      output: {
        'wf.hostname.with.periods': {
          'hostname.domain.tld': 'vars.value.with.periods',
          'hostname2.domain.tld': { stdout: 'vars.nested.value.with.periods' },
        },
        'wf.output.with.periods': 'vars.nested.value.with.periods',
      },
    });
  });
});
