import type { RetrySpec, WorkflowSpec } from './workflow-spec.js';

/**
 * One edge of the workflow graph. `key` numbers the edges between the same two tasks, so the id
 * StackStorm gives a transition is `<to>__t<key>`.
 */
export interface GraphTransition {
  from: string;
  to: string;
  key: number;
  /** The `when` of the transition, if it has one. */
  criteria: string | undefined;
  /** The index of the transition in the task's `next`. */
  ref: number;
  id: string;
}

export interface TaskRetry {
  when: string | undefined;
  count: number | string;
  delay: number | string | undefined;
}

/**
 * The graph orquesta composes from a spec: the tasks reachable from the start tasks (engine
 * commands included), their transitions, join barriers and retries. Built once per definition.
 */
export class WorkflowGraph {
  readonly roots: string[];
  private readonly outbound = new Map<string, GraphTransition[]>();
  private readonly inbound = new Map<string, GraphTransition[]>();
  private readonly retries = new Map<string, TaskRetry>();
  private readonly cycles = new Map<string, boolean>();

  constructor(private readonly spec: WorkflowSpec) {
    this.roots = startTasks(spec);
    const queue = [...this.roots];
    const seen = new Set(queue);
    while (queue.length > 0) {
      const name = queue.shift()!;
      this.outbound.set(name, this.outbound.get(name) ?? []);
      this.addTransitions(name, (next) => {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      });
    }
  }

  private addTransitions(name: string, discovered: (task: string) => void): void {
    const task = this.spec.tasks[name];
    if (!task) return;
    if (task.retry) this.retries.set(name, retryOf(task.retry));
    for (const { to, criteria, ref } of nextTasks(this.spec, name)) {
      if (to === 'retry') {
        this.retries.set(name, { when: criteria ?? '<% completed() %>', count: 3, delay: undefined });
        continue;
      }
      discovered(to);
      const edges = this.outbound.get(name) ?? [];
      if (edges.some((edge) => edge.to === to && edge.ref === ref && edge.criteria === criteria)) continue;
      const key = edges.filter((edge) => edge.to === to).length;
      const edge: GraphTransition = { from: name, to, key, criteria, ref, id: `${to}__t${key}` };
      edges.push(edge);
      edges.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : a.key - b.key));
      this.outbound.set(name, edges);
      this.inbound.set(to, [...(this.inbound.get(to) ?? []), edge]);
    }
  }

  hasTask(name: string): boolean {
    return this.outbound.has(name) || this.inbound.has(name);
  }

  get tasks(): string[] {
    return [...new Set([...this.outbound.keys(), ...this.inbound.keys()])];
  }

  /** Outbound transitions, ordered by target task as orquesta orders them. */
  next(task: string): GraphTransition[] {
    return this.outbound.get(task) ?? [];
  }

  previous(task: string): GraphTransition[] {
    return this.inbound.get(task) ?? [];
  }

  /** `*` for `join: all`, the count for `join: n`; undefined for a task that does not join. */
  barrier(task: string): '*' | number | undefined {
    const join = this.spec.tasks[task]?.join;
    return join === undefined ? undefined : join === 'all' ? '*' : join;
  }

  retry(task: string): TaskRetry | undefined {
    return this.retries.get(task);
  }

  /** The task can reach itself again. */
  inCycle(task: string): boolean {
    let known = this.cycles.get(task);
    if (known === undefined) {
      known = reaches(this, task, task);
      this.cycles.set(task, known);
    }
    return known;
  }

  /**
   * A task reached from more than one transition and not joining: it runs once per route, so a
   * new route starts here (StackStorm's "split" task).
   */
  isSplit(task: string): boolean {
    return this.barrier(task) === undefined && previousInSpec(this.spec, task) > 1;
  }
}

function reaches(graph: WorkflowGraph, from: string, target: string): boolean {
  const queue = graph.next(from).map((edge) => edge.to);
  const seen = new Set<string>();
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (name === target) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    queue.push(...graph.next(name).map((edge) => edge.to));
  }
  return false;
}

function retryOf(retry: RetrySpec): TaskRetry {
  return { when: retry.when, count: retry.count, delay: retry.delay };
}

/** Every `do` target of a task with its condition and transition index, ordered by target. */
export function nextTasks(
  spec: WorkflowSpec,
  task: string,
): { to: string; criteria: string | undefined; ref: number }[] {
  const transitions = spec.tasks[task]?.next ?? [];
  const targets = transitions.flatMap((transition, ref) =>
    transition.do.map((to) => ({ to, criteria: transition.when, ref })),
  );
  return targets.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}

/** How many transition targets (duplicates counted) lead to the task. */
function previousInSpec(spec: WorkflowSpec, task: string): number {
  return Object.keys(spec.tasks).reduce(
    (count, name) => count + nextTasks(spec, name).filter((next) => next.to === task).length,
    0,
  );
}

/** Tasks no transition leads to, by name: where a workflow starts. */
export function startTasks(spec: WorkflowSpec): string[] {
  const targets = new Set(Object.keys(spec.tasks).flatMap((name) => nextTasks(spec, name).map((n) => n.to)));
  return Object.keys(spec.tasks)
    .filter((name) => !targets.has(name))
    .sort();
}
