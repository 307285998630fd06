// Orquesta task transitions per second, each durable in SQLite (the workflow state, the child
// executions and their status changes committed before the next task is requested): a 10-task
// sequential workflow of core.noop, and a 100-item `with` items task at concurrency 10.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { silentLogger } from '../src/common/logger.js';
import { bundledPacksDir } from '../src/common/package-root.js';
import { createEngine, type Engine } from '../src/engine/create-engine.js';
import { compileWorkflow } from '../src/workflows/conductor/compiled-workflow.js';
import { conduct } from '../src/workflows/conductor/conductor.js';
import type { WorkflowState } from '../src/workflows/conductor/workflow-state.js';
import { parseWorkflowFile } from '../src/workflows/orquesta/parse-workflow.js';

function sequential(tasks: number): string {
  const lines = ['version: 1.0', 'tasks:'];
  for (let n = 1; n <= tasks; n++) {
    lines.push(`  t${n}:`, '    action: core.noop');
    if (n < tasks) lines.push('    next:', '      - when: <% succeeded() %>', `        do: t${n + 1}`);
  }
  return `${lines.join('\n')}\n`;
}

const ITEMS = `version: 1.0
input:
  - items
tasks:
  each:
    with:
      items: <% ctx(items) %>
      concurrency: 10
    action: core.noop
`;

const action = (name: string, parameters = 'parameters: {}') =>
  `name: ${name}\nrunner_type: orquesta\nentry_point: workflows/${name}.yaml\nenabled: true\n${parameters}\n`;

async function timeWorkflows(
  engine: Engine,
  ref: string,
  count: number,
  inFlight: number,
  parameters: Record<string, unknown> = {},
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      const execution = await engine.run({ action: ref, parameters });
      const final = await engine.waitForExecution(execution.id, { timeoutMs: 0 });
      if (final.status !== 'succeeded') throw new Error(`bench workflow ${ref} ended ${final.status}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (performance.now() - started) / 1000;
}

export async function benchWorkflowTransitions(): Promise<string[]> {
  const root = await mkdtemp(path.join(tmpdir(), 'squall-bench-wf-'));
  const home = path.join(root, 'home');
  const bundled = path.join(root, 'bundled');
  await mkdir(path.join(home, 'packs/bench/actions/workflows'), { recursive: true });
  await mkdir(bundled);
  await symlink(path.join(bundledPacksDir(), 'core'), path.join(bundled, 'core'));
  const write = (file: string, text: string) => writeFile(path.join(home, 'packs/bench', file), text);
  await write('pack.yaml', 'name: bench\ndescription: b\nversion: 1.0.0\nauthor: b\n');
  await write('actions/workflows/ten.yaml', sequential(10));
  await write('actions/ten.yaml', action('ten'));
  await write('actions/workflows/items.yaml', ITEMS);
  await write('actions/items.yaml', action('items', 'parameters:\n  items:\n    type: array'));
  const engine = await createEngine({
    home,
    bundledPacksDirs: [bundled],
    logger: silentLogger(),
    sensors: false,
    config: { executions: { concurrency: 256 } },
  });
  const lines: string[] = [];
  const items = Array.from({ length: 100 }, (_, i) => i);
  lines.push(rate('conductor alone, 10-task sequential', ...conductorOnly(sequential(10), {}, 200)));
  lines.push(rate('conductor alone, 100 items at concurrency 10', ...conductorOnly(ITEMS, { items }, 20)));
  try {
    await timeWorkflows(engine, 'bench.ten', 5, 5); // warm up
    const alone = await timeWorkflows(engine, 'bench.ten', 20, 1);
    lines.push(rate('10-task sequential workflow, one at a time', 20 * 10, alone));
    const together = await timeWorkflows(engine, 'bench.ten', 400, 100);
    lines.push(rate('10-task sequential workflow, 100 workflows at once', 400 * 10, together));
    const oneItems = await timeWorkflows(engine, 'bench.items', 5, 1, { items });
    lines.push(rate('100-item with items task at concurrency 10, one at a time', 5 * 100, oneItems));
    const manyItems = await timeWorkflows(engine, 'bench.items', 40, 20, { items });
    lines.push(rate('100-item with items task at concurrency 10, 20 workflows at once', 40 * 100, manyItems));
  } finally {
    await engine.stop();
    await rm(root, { recursive: true, force: true });
  }
  return lines;
}

/** The conductor alone (no store, no runner): what a transition costs in CPU. */
function conductorOnly(text: string, input: Record<string, unknown>, runs: number): [number, number] {
  const workflow = compileWorkflow(parseWorkflowFile(text, 'bench.yaml'));
  const ok = { status: 'succeeded' as const, result: { failed: false, succeeded: true, return_code: 0 } };
  const now = new Date().toISOString();
  let transitions = 0;
  const started = performance.now();
  for (let run = 0; run < runs; run++) {
    let step = conduct(workflow, undefined, { kind: 'start', input }, { now });
    const pending = step.commands.filter((c) => c.kind === 'request_action');
    let state: WorkflowState = step.state;
    while (pending.length > 0) {
      const request = pending.shift()!;
      step = conduct(
        workflow,
        state,
        {
          kind: 'action',
          task: request.task,
          route: request.route,
          ...ok,
          ...(request.item === undefined ? {} : { item: request.item }),
        },
        { now },
      );
      state = step.state;
      transitions++;
      pending.push(...step.commands.filter((c) => c.kind === 'request_action'));
    }
  }
  return [transitions, (performance.now() - started) / 1000];
}

function rate(what: string, transitions: number, seconds: number): string {
  const perSecond = Math.round(transitions / seconds).toLocaleString('en-US');
  return `${what}: ${perSecond} task transitions/s (${transitions} tasks in ${seconds.toFixed(2)} s)`;
}
