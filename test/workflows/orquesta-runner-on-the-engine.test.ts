import { describe, expect, it } from 'vitest';

import { useTempEngine } from '../support/temp-engine.js';
import { writeWorkflowPack } from './support/workflow-pack.js';

const current = useTempEngine({
  prepare: (temp) =>
    writeWorkflowPack(temp, [
      { name: 'sequential', parameters: { name: { default: 'Stanley' } } },
      { name: 'delay', parameters: { name: {}, wait: { type: 'integer' } } },
      {
        name: 'with-items-concurrency',
        parameters: { crew: { type: 'array' }, concurrency: { type: 'integer' } },
      },
      { name: 'join' },
      { name: 'subworkflow' },
      { name: 'output-on-error' },
      { name: 'error-handling-noop' },
      {
        name: 'broken',
        text: 'version: 1.0\ntasks:\n  first:\n    action: core.noop\n    next:\n      - do: secnd\n  second:\n    action: core.noop\n',
      },
    ]),
});

async function runToEnd(action: string, parameters: Record<string, unknown> = {}) {
  const { engine } = current;
  const requested = await engine.run({ action, parameters, context: { user: 'stanley', source: 'api' } });
  const final = await engine.waitForExecution(requested.id, { timeoutMs: 60_000 });
  const children = await engine.store.listExecutions({ parent: requested.id, limit: 0 });
  return { final, children: children.sort((a, b) => (a.id < b.id ? -1 : 1)) };
}

describe('orquesta workflows run on the engine', () => {
  it('a sequential workflow runs each task as a child execution and ends with {output}', async () => {
    const { final, children } = await runToEnd('demo.sequential', { name: 'Thanos' });
    expect(final.status).toBe('succeeded');
    expect(final.result).toEqual({ output: { greeting: 'Thanos, welcome aboard!' } });
    expect(children.map((c) => [c.action, c.status, c.parameters['message']])).toEqual([
      ['core.echo', 'succeeded', 'Thanos'],
      ['core.echo', 'succeeded', 'welcome aboard!'],
      ['core.echo', 'succeeded', 'Thanos, welcome aboard!'],
    ]);
    for (const child of children) {
      expect(child.parent).toBe(final.id);
      expect(child.trace_id).toBe(final.trace_id);
      expect(child.context).toMatchObject({ user: 'stanley', orquesta: { workflow_execution_id: final.id } });
    }
  });

  it('a failed workflow has errors beside its output', async () => {
    const { final } = await runToEnd('demo.output-on-error');
    expect(final.status).toBe('failed');
    const result = final.result as { output: unknown; errors: { task_id?: string }[] };
    expect(Object.keys(result).sort()).toEqual(['errors', 'output']);
    expect(result.errors.map((e) => e.task_id)).toContain('step2');
  });

  it('a failure transition with do: noop lets the workflow succeed, without errors', async () => {
    const { final } = await runToEnd('demo.error-handling-noop');
    expect(final.status).toBe('succeeded');
    expect(Object.keys(final.result as object)).toEqual(['output']);
  });

  it("a delayed task's child waits as delayed, then runs", async () => {
    const { engine } = current;
    const requested = await engine.run({ action: 'demo.delay', parameters: { name: 'Thanos', wait: 1 } });
    await expect
      .poll(async () => (await engine.store.listExecutions({ parent: requested.id })).map((c) => c.status), {
        timeout: 10_000,
        interval: 20,
      })
      .toEqual(['delayed']);
    const final = await engine.waitForExecution(requested.id, { timeoutMs: 30_000 });
    expect(final.status).toBe('succeeded');
    expect(final.result).toEqual({ output: { greeting: 'Thanos, welcome aboard!' } });
  });

  it('with items runs every item at the given concurrency and gives {items: [{status, result}]}', async () => {
    const crew = ['Lakshmi', 'Tiberius', 'Mariam', 'Pele', 'Yun'];
    const { final, children } = await runToEnd('demo.with-items-concurrency', { crew, concurrency: 2 });
    expect(final.status).toBe('succeeded');
    expect(final.result).toEqual({
      output: { lines: crew.map((name) => `${name}, welcome to the bridge!`) },
    });
    expect(children).toHaveLength(5);
  });

  it('a join task runs once after all its branches', async () => {
    const { final, children } = await runToEnd('demo.join');
    expect(final.status).toBe('succeeded');
    expect(final.result).toEqual({
      output: { lines: ['Roses are red', 'Violets are blue', 'Sugar is sweet', 'and so are you'] },
    });
    expect(
      children.filter(
        (c) =>
          c.context['orquesta'] && (c.context['orquesta'] as { task_name: string }).task_name === 'merge',
      ),
    ).toHaveLength(1);
  });

  it('a task whose action is a workflow runs it as a nested workflow with its own children', async () => {
    const { final, children } = await runToEnd('demo.subworkflow');
    expect(final.status).toBe('succeeded');
    const nested = children.find((c) => c.action === 'demo.sequential')!;
    expect(nested.status).toBe('succeeded');
    expect(nested.result).toEqual({ output: { greeting: 'Stanley, welcome aboard!' } });
    const grandchildren = await current.engine.store.listExecutions({ parent: nested.id, limit: 0 });
    expect(grandchildren).toHaveLength(3);
  });

  it('a workflow definition with a mistake is refused when its pack loads, naming file, line and task', () => {
    const snapshot = current.engine.snapshot();
    expect(snapshot.actions.get('demo.broken')).toBeUndefined();
    const issue = snapshot.issues.find((i) => i.file.endsWith('broken.yaml'));
    expect(issue?.code).toBe('E_WORKFLOW_SPEC');
    expect(issue?.message).toMatch(/broken\.yaml:6: task "first": .*"secnd".*did you mean "second"/);
    expect(snapshot.actions.get('demo.sequential')?.unsupported).toBeUndefined();
  });
});
