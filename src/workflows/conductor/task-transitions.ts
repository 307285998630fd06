import { evaluateValue } from '../expressions/evaluate-value.js';
import type { ExpressionScope } from '../expressions/expression-scope.js';
import type { GraphTransition, WorkflowGraph } from '../orquesta/workflow-graph.js';
import { isEngineCommand, type WorkflowSpec } from '../orquesta/workflow-spec.js';
import { truthy } from '../yaql/yaql-values.js';
import { barrierStatus } from './inbound-criteria.js';
import {
  recordIndex,
  stagedTask,
  type StagedTask,
  type TaskRecord,
  type WorkflowState,
} from './workflow-state.js';

export interface TransitionHooks {
  logError(error: unknown, where: { task?: string; route?: number; transition?: string }): void;
  fail(): void;
  /** Tasks are active or ready: an inbound task that has not run may still come. */
  busy(): boolean;
}

/**
 * What happens when a task completes: each outbound transition's `when` is evaluated, taken
 * transitions publish their variables and stage the next task (on a new route for a split task,
 * extending a waiting join), and engine commands are queued.
 */
export class TransitionStep {
  constructor(
    private readonly spec: WorkflowSpec,
    private readonly graph: WorkflowGraph,
    private readonly state: WorkflowState,
    private readonly hooks: TransitionHooks,
  ) {}

  take(record: TaskRecord, scope: ExpressionScope, engineQueue: [string, number][]): void {
    const transitions = this.graph.next(record.id);
    if (transitions.length === 0) record.term = true;
    let manualFail = false;
    const readyNext: StagedTask[] = [];
    for (const transition of transitions) {
      try {
        const criteria =
          transition.criteria === undefined ? true : truthy(evaluateValue(transition.criteria, scope));
        record.next[transition.id] = criteria;
      } catch (error) {
        this.hooks.logError(error, { task: record.id, route: record.route, transition: transition.id });
        this.hooks.fail();
        continue;
      }
      if (!record.next[transition.id]) continue;
      const staged = this.stageNext(record, transition, scope);
      if (!staged) continue;
      if (isEngineCommand(transition.to)) {
        engineQueue.push([staged.id, staged.route]);
        manualFail ||= transition.to === 'fail';
      } else if (staged.ready) readyNext.push(staged);
    }
    if (manualFail) for (const staged of readyNext) staged.runOnFail = true;
  }

  /** Publishes the transition's variables and stages (or extends) the next task. */
  private stageNext(
    record: TaskRecord,
    transition: GraphTransition,
    scope: ExpressionScope,
  ): StagedTask | undefined {
    const published = this.publish(record, transition, scope);
    if (!published) return undefined;
    const outbound = [...record.ctxs.in];
    if (Object.keys(published).length > 0) {
      this.state.contexts.push(published);
      const index = this.state.contexts.length - 1;
      outbound.push(index);
      record.ctxs.out = { [transition.id]: index };
    }
    const route = this.routeOf(transition, record.route);
    const backref = `${record.id}__t${transition.key}`;
    const index = recordIndex(this.state, record.id, record.route)!;
    let staged = stagedTask(this.state, transition.to, route);
    if (staged) {
      const root = outbound.indexOf(0);
      if (root >= 0) outbound.splice(root, 1);
      staged.ctxs.push(...outbound);
      staged.prev[backref] = index;
      delete staged.items;
      delete staged.completed;
    } else {
      staged = { id: transition.to, route, ctxs: outbound, prev: { [backref]: index }, ready: false };
      this.state.staged.push(staged);
    }
    staged.ready =
      barrierStatus(this.graph, this.state, transition.to, record.route, this.hooks.busy()) === 'satisfied';
    return staged;
  }

  private publish(
    record: TaskRecord,
    transition: GraphTransition,
    scope: ExpressionScope,
  ): Record<string, unknown> | undefined {
    const spec = this.spec.tasks[record.id]?.next[transition.ref];
    const vars = { ...scope.vars };
    const published: Record<string, unknown> = {};
    let failed = false;
    for (const { name, value } of spec?.publish ?? []) {
      try {
        const rendered = evaluateValue(value, { ...scope, vars });
        vars[name] = rendered;
        published[name] = rendered;
      } catch (error) {
        this.hooks.logError(error, { task: record.id, route: record.route, transition: transition.id });
        failed = true;
      }
    }
    if (failed) {
      this.hooks.fail();
      return undefined;
    }
    return published;
  }

  /** A task reached by several transitions (and not joining) starts a new route per branch. */
  private routeOf(transition: GraphTransition, route: number): number {
    if (!this.graph.isSplit(transition.to) || this.graph.inCycle(transition.to)) return route;
    const step = `${transition.from}__t${transition.key}`;
    const details = this.state.routes[route] ?? [];
    if (details.includes(step)) return route;
    this.state.routes.push([...details, step]);
    return this.state.routes.length - 1;
  }
}
