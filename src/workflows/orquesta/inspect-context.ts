import type { YamlPath } from '../../parsing/yaml-document.js';
import { variablesRead } from '../expressions/inspect-expressions.js';
import type { ProblemCollector } from '../workflow-problems.js';
import type { WorkflowGraph } from './workflow-graph.js';
import { taskParts } from './task-parts.js';
import type { NamedValue, TaskSpec, WorkflowSpec } from './workflow-spec.js';

/** Variables StackStorm puts in every workflow's context (`ctx(st2).api_url`, `ctx(parent)`). */
export const RUNTIME_VARIABLES = ['st2', 'parent'];

type Check = (path: YamlPath, value: unknown, known: ReadonlySet<string>, task?: string) => void;

/**
 * Variables read before anything sets them, following orquesta's inspection: inputs and vars in
 * order, then each task with what the transitions that lead to it published (a join sees what
 * all its inbound branches published), then the output.
 */
export function inspectContext(spec: WorkflowSpec, graph: WorkflowGraph, problems: ProblemCollector): void {
  const reported = new Set<string>();
  const check: Check = (path, value, known, task) => {
    for (const use of variablesRead(value)) {
      const message = use.name.startsWith('__')
        ? `variable "${use.name}" starts with two underscores: it is private and cannot be read`
        : known.has(use.name)
          ? undefined
          : `variable "${use.name}" is read before anything sets it; add it to input or vars, or publish it before this task`;
      const id = `${path.join('.')}|${use.expression}|${use.name}`;
      if (message === undefined || reported.has(id)) continue;
      reported.add(id);
      problems.add(path, message, { expression: use.expression, ...(task ? { task } : {}) });
    }
  };
  const rolling = new Set(RUNTIME_VARIABLES);
  spec.input.forEach((input, i) => {
    check(['input', i], input.default, rolling);
    rolling.add(input.name);
  });
  publishInOrder(spec.vars, ['vars'], rolling, check);
  for (const name of tasksContext(spec, graph, new Set(rolling), check)) rolling.add(name);
  if (spec.output) publishInOrder(spec.output, ['output'], rolling, check);
}

/** Each value may read the names set before it. */
function publishInOrder(
  values: NamedValue[],
  path: YamlPath,
  known: Set<string>,
  check: Check,
  task?: string,
): void {
  values.forEach((item, i) => {
    check([...path, i], item.value, known, task);
    known.add(item.name);
  });
}

function tasksContext(
  spec: WorkflowSpec,
  graph: WorkflowGraph,
  initial: Set<string>,
  check: Check,
): Set<string> {
  const all = new Set(initial);
  const joinContexts = new Map<string, Set<string>>();
  const lastContext = new Map<string, string>();
  const traversed = new Set<string>();
  const queue: { task: string; known: Set<string> | undefined }[] = graph.roots.map((task) => ({
    task,
    known: new Set(initial),
  }));
  while (queue.length > 0) {
    const { task: name, known: given } = queue.shift()!;
    traversed.add(name);
    const task = spec.tasks[name];
    if (!task) continue;
    const known = given ?? joinContexts.get(name) ?? new Set<string>();
    checkTask(task, known, check);
    known.forEach((variable) => all.add(variable));
    task.next.forEach((transition, i) => {
      const path: YamlPath = ['tasks', name, 'next', i];
      check([...path, 'when'], transition.when, known, name);
      const branch = new Set(known);
      publishInOrder(transition.publish, [...path, 'publish'], branch, check, name);
      branch.forEach((variable) => all.add(variable));
      for (const next of transition.do) {
        if (traversed.has(next) || !spec.tasks[next]) continue;
        if (spec.tasks[next]?.join === undefined) {
          const signature = [...branch].sort().join(',');
          if (lastContext.get(next) === signature) continue;
          lastContext.set(next, signature);
          queue.push({ task: next, known: branch });
        } else {
          joinContexts.set(next, new Set([...(joinContexts.get(next) ?? []), ...branch]));
          queue.push({ task: next, known: undefined });
        }
      }
    });
  }
  return all;
}

function checkTask(task: TaskSpec, known: ReadonlySet<string>, check: Check): void {
  for (const [path, value] of taskParts(task)) check(path, value, known, task.name);
}
