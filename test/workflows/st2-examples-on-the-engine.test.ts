import { readdirSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { useTempEngine } from '../support/temp-engine.js';
import { runWorkflow, type WorkflowRun } from './support/run-workflow.js';
import { writeWorkflowPack } from './support/workflow-pack.js';

/**
 * StackStorm's example workflows that use only core actions (test/workflows/fixtures/orquesta, the
 * structure of st2's contrib/examples), run on the engine — children executions, SQLite, real bash —
 * end with the status and result the conductor gives when driven by hand, which the
 * st2-example-*.test.ts files pin to StackStorm's own results.
 */
const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'orquesta');
const INPUTS: Record<string, Record<string, unknown>> = {
  sequential: { name: 'Thanos' },
  basic: { cmd: 'echo hello' },
  'data-flow': { x1: 'fee fi fo fum' },
  'error-handling-continue': { cmd: 'exit 1' },
  'error-handling-noop': { cmd: 'exit 1' },
  'error-handling-fail-manually': { cmd: 'exit 1' },
  'fail-output-rendering': { name: 'Thanos' },
  'fail-task-publish': { name: 'Thanos' },
  'fail-task-transition': { name: 'Thanos' },
  'with-items': { crew: ['Lakshmi', 'Tiberius', 'Mariam'] },
  delay: { name: 'Thanos', wait: 1 },
  'with-items-concurrency': { crew: ['Lakshmi', 'Tiberius', 'Mariam', 'Pele'], concurrency: 2 },
  'with-items-named': { paths: ['/tmp', '/usr'] },
  actionless: { name: 'Thanos' },
};

/**
 * Left out: their task order depends on how long `sleep` takes in a parallel branch (the hand-driven
 * run makes sleep a no-op), or on StackStorm's API url in ctx(st2).
 */
const TIMING_OR_HOST = new Set(['task-retry', 'task-retry-exhausted', 'rollback-retry', 'st2-ctx']);

/** The fixtures whose hand-driven run needs nothing but core.local, core.echo and core.noop. */
function coreOnly(): { name: string; expected: WorkflowRun }[] {
  const found: { name: string; expected: WorkflowRun }[] = [];
  for (const file of readdirSync(FIXTURES).sort()) {
    const name = file.replace(/\.yaml$/, '');
    if (TIMING_OR_HOST.has(name)) continue;
    const input = INPUTS[name] ?? {};
    try {
      const expected = runWorkflow(`orquesta/${file}`, { input });
      if (JSON.stringify(expected.result).includes('wf-1')) continue; // names the driver's own id
      found.push({ name, expected });
    } catch {
      // needs an action other than core's, or input this file does not give
    }
  }
  return found;
}

const examples = coreOnly();
const current = useTempEngine({
  prepare: (temp) =>
    writeWorkflowPack(
      temp,
      examples.map(({ name }) => ({
        name,
        parameters: Object.fromEntries(
          Object.entries(INPUTS[name] ?? {}).map(([key, value]) => [
            key,
            { type: Array.isArray(value) ? 'array' : typeof value === 'number' ? 'integer' : 'string' },
          ]),
        ),
      })),
    ),
});

describe("StackStorm's core-only example workflows end on the engine as StackStorm ends them", () => {
  it('finds enough of them to matter', () => {
    expect(examples.length).toBeGreaterThanOrEqual(25);
    expect(examples.filter((e) => e.expected.status === 'succeeded').length).toBeGreaterThanOrEqual(15);
  });

  for (const { name, expected } of examples) {
    it(`${name}: ${expected.status}`, async () => {
      const { engine } = current;
      const execution = await engine.run({ action: `demo.${name}`, parameters: INPUTS[name] ?? {} });
      const final = await engine.waitForExecution(execution.id, { timeoutMs: 60_000 });
      expect(final.status).toBe(expected.status);
      expect(final.result).toEqual(expected.result);
      const children = await engine.store.listExecutions({ parent: execution.id, limit: 0 });
      expect(children).toHaveLength(expected.requests.length);
    });
  }
});
