import { describe, expect, it } from 'vitest';
import { runWorkflow } from './support/run-workflow.js';

/**
 * orquesta's own conducting rules (orquesta/tests/unit/conducting/native), on workflows of the
 * same structure: which task runs on which route, and which runs end the workflow.
 */
const runs = (path: string) => {
  const run = runWorkflow(path);
  const sequence = run.state.sequence.map((record) => `${record.id}__r${record.route}`);
  const terminal = run.state.sequence
    .filter((record) => record.term)
    .map((record) => `${record.id}__r${record.route}`);
  return { run, sequence, terminal };
};

describe("orquesta's routes, splits and cycles", () => {
  it('splits: a non-join task reached from several branches runs once per route (test_splits)', () => {
    const { run, sequence, terminal } = runs('orquesta-rules/splits.yaml');
    expect(run.status).toBe('succeeded');
    expect(run.state.routes).toEqual([
      [],
      ['task1__t0'],
      ['task2__t0'],
      ['task3__t0'],
      ['task2__t0', 'task7__t0'],
      ['task3__t0', 'task7__t0'],
    ]);
    expect([...sequence].sort()).toEqual(
      [
        'task1__r0',
        'task2__r0',
        'task3__r0',
        'task8__r1',
        'task4__r2',
        'task4__r3',
        'task5__r2',
        'task5__r3',
        'task6__r2',
        'task6__r3',
        'task7__r2',
        'task7__r3',
        'task8__r4',
        'task8__r5',
      ].sort(),
    );
    expect(terminal.sort()).toEqual(['task8__r1', 'task8__r4', 'task8__r5']);
  });

  it('nested splits: a join inside each route of an outer split (test_splits_nested)', () => {
    const { run, sequence } = runs('orquesta-rules/splits-nested.yaml');
    expect(run.status).toBe('succeeded');
    // Route numbers follow the order completions arrive in; the routes themselves are orquesta's.
    expect(run.state.routes.map((route) => route.join('>')).sort()).toEqual(
      [
        '',
        'task2__t0',
        'task3__t0',
        'task2__t0>task5__t0',
        'task3__t0>task5__t0',
        'task2__t0>task6__t0',
        'task3__t0>task6__t0',
      ].sort(),
    );
    const perTask = (task: string) => sequence.filter((entry) => entry.startsWith(`${task}__`)).length;
    expect(['task1', 'task2', 'task4', 'task5', 'task7', 'task8', 'task10'].map(perTask)).toEqual([
      1, 1, 2, 2, 4, 4, 4,
    ]);
  });

  it('cycles: loops run again on the same route with the published context (test_cycles)', () => {
    const { run, sequence } = runs('orquesta-rules/cycles.yaml');
    expect(run.status).toBe('succeeded');
    const loop = ['task1', 'task2', 'task3', 'task4', 'task2', 'task5'];
    expect(sequence.map((entry) => entry.replace('__r0', ''))).toEqual(['prep', ...loop, ...loop, ...loop]);
  });
});
