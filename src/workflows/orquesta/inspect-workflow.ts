import type { YamlPath } from '../../parsing/yaml-document.js';
import { didYouMean } from '../../common/did-you-mean.js';
import { checkExpressions } from '../expressions/inspect-expressions.js';
import type { ProblemCollector } from '../workflow-problems.js';
import { inspectContext } from './inspect-context.js';
import { taskParts } from './task-parts.js';
import { nextTasks, startTasks, WorkflowGraph } from './workflow-graph.js';
import { ENGINE_COMMANDS, isEngineCommand, type TaskSpec, type WorkflowSpec } from './workflow-spec.js';

/** The semantic checks of a parsed workflow; problems go to the collector. */
export function inspectWorkflow(spec: WorkflowSpec, problems: ProblemCollector): void {
  const names = Object.keys(spec.tasks);
  for (const name of names) {
    if (isEngineCommand(name)) {
      problems.add(
        ['tasks', name],
        `the task name "${name}" is reserved for the engine command; rename the task`,
        {
          task: name,
        },
      );
    }
  }
  const starts = startTasks(spec);
  if (starts.length === 0) {
    problems.add(
      ['tasks'],
      'no task starts the workflow (every task is the target of a transition); add a task that leads into the loop',
    );
    return;
  }
  undefinedTargets(spec, problems);
  const graph = new WorkflowGraph(spec);
  unreachableTasks(spec, graph, problems);
  endlessCycles(spec, graph, problems);
  unreachableJoins(spec, graph, problems);
  for (const task of Object.values(spec.tasks)) {
    if (task.with && task.action === undefined) {
      problems.add(['tasks', task.name, 'with'], 'a with items task needs an action', { task: task.name });
    }
  }
  expressionProblems(spec, problems);
  inspectContext(spec, graph, problems);
}

function undefinedTargets(spec: WorkflowSpec, problems: ProblemCollector): void {
  const known = [...Object.keys(spec.tasks), ...ENGINE_COMMANDS];
  for (const task of Object.values(spec.tasks)) {
    task.next.forEach((transition, i) => {
      for (const target of transition.do) {
        if (known.includes(target)) continue;
        problems.add(
          ['tasks', task.name, 'next', i, 'do'],
          `the task "${target}" is not defined${didYouMean(target, known)}`,
          {
            task: task.name,
          },
        );
      }
    });
  }
}

function unreachableTasks(spec: WorkflowSpec, graph: WorkflowGraph, problems: ProblemCollector): void {
  for (const name of Object.keys(spec.tasks)) {
    if (!graph.hasTask(name)) {
      problems.add(['tasks', name], 'no start task leads to this task, so it never runs', { task: name });
    }
  }
}

/** A loop whose transitions all lack a `when` never ends. */
function endlessCycles(spec: WorkflowSpec, graph: WorkflowGraph, problems: ProblemCollector): void {
  const unconditional = (task: string): string[] =>
    graph
      .next(task)
      .filter((edge) => edge.criteria === undefined && spec.tasks[edge.to])
      .map((edge) => edge.to);
  const reported = new Set<string>();
  for (const start of Object.keys(spec.tasks)) {
    const path = findLoop(start, unconditional);
    if (!path || path.some((task) => reported.has(task))) continue;
    path.forEach((task) => reported.add(task));
    problems.add(
      ['tasks', start, 'next'],
      `the loop ${[...path, start].join(' → ')} never ends: none of its transitions has a when; add a when that stops it`,
      { task: start },
    );
  }
}

function findLoop(start: string, next: (task: string) => string[]): string[] | undefined {
  const stack: { task: string; path: string[] }[] = [{ task: start, path: [start] }];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const { task, path } = stack.pop()!;
    for (const to of next(task)) {
      if (to === start) return path;
      if (seen.has(to)) continue;
      seen.add(to);
      stack.push({ task: to, path: [...path, to] });
    }
  }
  return undefined;
}

/**
 * orquesta's unreachable join: a join whose inbound branches come from different levels of nested
 * forks, so the engine cannot tell at which level to join.
 */
function unreachableJoins(spec: WorkflowSpec, graph: WorkflowGraph, problems: ProblemCollector): void {
  const staging = new Map<string, { splits: Set<string>; prev: Set<string> }>();
  const tracked = new Map<string, Set<string>>();
  const queue: { prev: string | undefined; task: string; splits: string[] }[] = startTasks(spec).map(
    (task) => ({
      prev: undefined,
      task,
      splits: [],
    }),
  );
  while (queue.length > 0) {
    const { prev, task, splits } = queue.shift()!;
    if (!spec.tasks[task]) continue;
    if (graph.isSplit(task) && !graph.inCycle(task)) splits.push(task);
    const entry = staging.get(task) ?? { splits: new Set<string>(), prev: new Set<string>() };
    staging.set(task, entry);
    splits.forEach((split) => entry.splits.add(split));
    if (prev) entry.prev.add(prev);
    for (const { to } of nextTasks(spec, task)) {
      if (staging.has(to) && graph.inCycle(to)) continue;
      const id = `${task}_${to}`;
      const existing = tracked.get(id);
      if (existing && splits.every((split) => existing.has(split))) continue;
      tracked.set(id, new Set([...(existing ?? []), ...splits]));
      queue.push({ prev: task, task: to, splits: [...splits] });
    }
  }
  for (const [task, entry] of staging) {
    if (spec.tasks[task]?.join === undefined) continue;
    const same = (a: Set<string>, b: Set<string>): boolean =>
      a.size === b.size && [...a].every((x) => b.has(x));
    if ([...entry.prev].some((prev) => !same(entry.splits, staging.get(prev)?.splits ?? new Set()))) {
      problems.add(
        ['tasks', task, 'join'],
        'this join is unreachable: its inbound branches come from nested forks of tasks that run once per route, so the level to join at is ambiguous',
        { task },
      );
    }
  }
}

function expressionProblems(spec: WorkflowSpec, problems: ProblemCollector): void {
  const check = (path: YamlPath, value: unknown, task?: string): void => {
    for (const problem of checkExpressions(value)) {
      problems.add(path, problem.message, { expression: problem.expression, ...(task ? { task } : {}) });
    }
  };
  spec.input.forEach((input, i) => check(['input', i], input.default));
  spec.vars.forEach((item, i) => check(['vars', i], item.value));
  spec.output?.forEach((item, i) => check(['output', i], item.value));
  for (const task of Object.values(spec.tasks)) {
    taskExpressions(task, check);
    transitionExpressions(task, check);
  }
}

function taskExpressions(
  task: TaskSpec,
  check: (path: YamlPath, value: unknown, task?: string) => void,
): void {
  forEachPart(taskParts(task), (path, value) => check(path, value, task.name));
}

function forEachPart(parts: [YamlPath, unknown][], fn: (path: YamlPath, value: unknown) => void): void {
  for (const [path, value] of parts) if (value !== undefined) fn(path, value);
}

function transitionExpressions(
  task: TaskSpec,
  check: (path: YamlPath, value: unknown, task?: string) => void,
): void {
  task.next.forEach((transition, i) => {
    const path: YamlPath = ['tasks', task.name, 'next', i];
    check([...path, 'when'], transition.when, task.name);
    transition.publish.forEach((item, j) => check([...path, 'publish', j], item.value, task.name));
  });
}
