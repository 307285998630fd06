import { evaluateValue } from '../expressions/evaluate-value.js';
import type { WorkflowGraph } from '../orquesta/workflow-graph.js';
import { isEngineCommand, type WorkflowSpec } from '../orquesta/workflow-spec.js';
import { describeError } from './error-entries.js';
import { barrierStatus } from './inbound-criteria.js';
import { ACTIVE, COMPLETED, RUNNING, STARTING, UNSET, isCompleted, type Status } from './statuses.js';
import { expressionScope, type ConductorEnvironment } from './task-rendering.js';
import { taskStatusAfterAction, taskStatusAfterItem } from './task-status.js';
import {
  addError,
  latestRecord,
  latestRecords,
  mergeContexts,
  readyTasks,
  stagedTask,
  taskKey,
  type RetryState,
  type StagedTask,
  type TaskRecord,
  type WorkflowState,
} from './workflow-state.js';
import { workflowStatusAfterTask } from './workflow-status.js';
import { TransitionStep } from './task-transitions.js';
import { truthy } from '../yaql/yaql-values.js';

/** A status change of a task: from its action (or one item of it), or from an engine command. */
export interface TaskUpdate {
  status: Status;
  result?: unknown;
  item?: number;
}

/**
 * Applies task status changes to the workflow state the way orquesta's conductor does: records
 * runs, evaluates transitions and publishes, stages next tasks (routes, joins), runs engine
 * commands (continue, noop, fail) and retries, and moves the workflow's status.
 */
export class TaskFlow {
  constructor(
    private readonly spec: WorkflowSpec,
    private readonly graph: WorkflowGraph,
    private readonly state: WorkflowState,
    private readonly env: ConductorEnvironment,
  ) {}

  get activeTasks(): boolean {
    return latestRecords(this.state).some(
      (record) => record.status !== undefined && ACTIVE.has(record.status),
    );
  }

  private hasRecordIn(statuses: Status[]): boolean {
    return latestRecords(this.state).some(
      (record) => record.status !== undefined && statuses.includes(record.status),
    );
  }

  fail(): void {
    if (!COMPLETED.has(this.state.status) || this.state.status === 'succeeded') this.state.status = 'failed';
  }

  logError(error: unknown, where: { task?: string; route?: number; transition?: string } = {}): void {
    addError(this.state, {
      type: 'error',
      message: describeError(error),
      ...(where.task === undefined ? {} : { task_id: where.task }),
      ...(where.route === undefined ? {} : { route: where.route }),
      ...(where.transition === undefined ? {} : { task_transition_id: where.transition }),
    });
  }

  update(id: string, route: number, update: TaskUpdate): void {
    const engineQueue: [string, number][] = [];
    const staged = stagedTask(this.state, id, route);
    let record = latestRecord(this.state, id, route);
    if (!staged && !record) throw new Error(`task "${id}" (route ${route}) is neither staged nor recorded`);
    if (!record || isEngineCommand(id)) record = this.addRecord(id, staged!);
    if (isCompleted(record.status) && STARTING.has(update.status) && staged)
      record = this.addRecord(id, staged);
    if (update.status !== UNSET && staged && !staged.items) this.unstage(id, route);
    if (staged?.items && update.item !== undefined) this.recordItem(record, staged, update);
    if (update.status === 'failed') {
      addError(this.state, {
        type: 'error',
        message: 'Execution failed. See result for details.',
        task_id: id,
        ...(update.result === undefined || update.result === null ? {} : { result: update.result }),
      });
    }
    const before = record.status ?? UNSET;
    record.status = this.nextStatus(record, staged, update);
    if (record.status === 'running' && !record.startedAt) record.startedAt = this.env.now;
    if (record.status === 'retrying') this.stageRetry(record);
    if (isCompleted(record.status)) {
      record.endedAt = this.env.now;
      this.completeStaging(record);
      if (update.item === undefined) record.result = update.result ?? null;
      if (RUNNING.has(this.state.status) || ACTIVE.has(this.state.status)) {
        if (this.shouldRetry(record)) {
          this.update(id, route, { status: 'retrying' });
          return;
        }
      }
      if (record.status !== before) this.transitions(record, engineQueue);
    }
    this.workflowAfterTask(record);
    for (const [command, commandRoute] of engineQueue) {
      this.update(command, commandRoute, { status: command === 'fail' ? 'failed' : 'succeeded' });
    }
    if (COMPLETED.has(this.state.status)) record.term = true;
  }

  private nextStatus(record: TaskRecord, staged: StagedTask | undefined, update: TaskUpdate): Status {
    const current = record.status ?? UNSET;
    if (update.status === 'retrying')
      return current === 'succeeded' || current === 'failed' ? 'retrying' : current;
    if (update.item === undefined || !staged?.items) return taskStatusAfterAction(current, update.status);
    const others = staged.items.filter((_, i) => i !== update.item).map((item) => item.status);
    return taskStatusAfterItem(current, update.status, others);
  }

  private addRecord(id: string, staged: StagedTask): TaskRecord {
    const record: TaskRecord = {
      id,
      route: staged.route,
      ctxs: { in: [...staged.ctxs] },
      prev: { ...staged.prev },
      next: {},
    };
    const retry = this.graph.retry(id);
    if (retry) record.retry = this.retryState(retry, staged.ctxs);
    this.state.sequence.push(record);
    this.state.latest[taskKey(id, staged.route)] = this.state.sequence.length - 1;
    return record;
  }

  private retryState(retry: NonNullable<ReturnType<WorkflowGraph['retry']>>, ctxs: number[]): RetryState {
    const scope = expressionScope(this.state, mergeContexts(this.state, ctxs), this.env);
    const integer = (value: unknown, what: string): number => {
      const evaluated = typeof value === 'string' ? evaluateValue(value, scope) : value;
      if (!Number.isInteger(evaluated)) throw new Error(`The retry ${what} is not an integer.`);
      return evaluated as number;
    };
    return {
      when: retry.when,
      count: integer(retry.count, 'count'),
      delay: retry.delay === undefined ? undefined : integer(retry.delay, 'delay'),
      tally: 0,
    };
  }

  private recordItem(record: TaskRecord, staged: StagedTask, update: TaskUpdate): void {
    const index = update.item!;
    staged.items![index] = { status: update.status };
    if (!isCompleted(update.status) && update.status !== 'paused' && update.status !== 'pending') return;
    const items =
      (record.result as { items?: unknown[] } | undefined)?.items ?? staged.items!.map(() => null);
    items[index] = { status: update.status, result: update.result ?? null };
    record.result = { items };
  }

  private unstage(id: string, route: number): void {
    const staged = stagedTask(this.state, id, route);
    if (!staged) return;
    if (staged.items?.some((item) => ACTIVE.has(item.status))) return;
    this.state.staged.splice(this.state.staged.indexOf(staged), 1);
  }

  private stageRetry(record: TaskRecord): void {
    record.retry!.tally += 1;
    this.unstage(record.id, record.route);
    this.state.staged.push({
      id: record.id,
      route: record.route,
      ctxs: [...record.ctxs.in],
      prev: { ...record.prev },
      ready: true,
      retry: { ...record.retry! },
    });
  }

  private completeStaging(record: TaskRecord): void {
    const staged = stagedTask(this.state, record.id, record.route);
    const keep =
      this.spec.tasks[record.id]?.with && record.status !== 'succeeded' && record.status !== 'canceled';
    if (staged && keep) staged.completed = true;
    else if (staged) this.state.staged.splice(this.state.staged.indexOf(staged), 1);
  }

  /** The scope of expressions evaluated once the task completed: `result()`, `succeeded()`. */
  private completedScope(record: TaskRecord) {
    const result = this.spec.tasks[record.id]?.with
      ? ((record.result as { items?: ({ result?: unknown } | null)[] } | undefined)?.items ?? []).map(
          (item) => item?.result ?? null,
        )
      : (record.result ?? null);
    return expressionScope(this.state, mergeContexts(this.state, record.ctxs.in), this.env, {
      id: record.id,
      route: record.route,
      result,
    });
  }

  private shouldRetry(record: TaskRecord): boolean {
    const retry = record.retry;
    if (!retry || retry.tally >= retry.count) return false;
    if (retry.when === undefined) return record.status === 'failed' || record.status === 'timeout';
    try {
      return Boolean(truthy(evaluateValue(retry.when, this.completedScope(record))));
    } catch (error) {
      this.logError(error, { task: record.id, route: record.route });
      this.fail();
      return false;
    }
  }

  private transitions(record: TaskRecord, engineQueue: [string, number][]): void {
    const transitions = new TransitionStep(this.spec, this.graph, this.state, {
      logError: (error, where) => this.logError(error, where),
      fail: () => this.fail(),
      busy: () => this.hasPending(),
    });
    transitions.take(record, this.completedScope(record), engineQueue);
  }

  private hasPending(): boolean {
    return this.activeTasks || readyTasks(this.state).length > 0;
  }

  /** Whether the completed task has a transition taken (a failure with one is handled). */
  hasNext(record: TaskRecord, countBarriers: boolean): boolean {
    if (!isCompleted(record.status)) return false;
    return this.graph.next(record.id).some((transition) => {
      if (transition.to === 'continue' || !record.next[transition.id]) return false;
      if (this.graph.barrier(transition.to) === undefined || countBarriers) return true;
      return (
        barrierStatus(this.graph, this.state, transition.to, record.route, this.hasPending()) !==
        'unsatisfied'
      );
    });
  }

  private workflowAfterTask(record: TaskRecord): void {
    const hasNext = this.hasNext(record, false);
    const status = workflowStatusAfterTask(this.state.status, {
      task: record.status ?? UNSET,
      hasNext: hasNext || this.hasNext(record, true),
      active: this.activeTasks,
      incomplete: readyTasks(this.state).length > 0 || hasNext,
      canceled: this.hasRecordIn(['canceling', 'canceled']),
      paused: this.hasRecordIn(['pausing', 'paused', 'pending']),
    });
    this.state.status = status;
    if (isCompleted(status)) this.failOnUnreachableJoins();
  }

  /** A join left partially satisfied when the workflow ends fails it (orquesta's UnreachableJoinError). */
  private failOnUnreachableJoins(): void {
    for (const staged of this.state.staged) {
      if (staged.ready || this.graph.barrier(staged.id) === undefined) continue;
      if (barrierStatus(this.graph, this.state, staged.id, staged.route, this.hasPending()) !== 'unsatisfied')
        continue;
      this.state.status = 'failed';
      this.logError(
        new JoinError(
          `The join task|route "${staged.id}|${staged.route}" is partially satisfied but unreachable.`,
        ),
        { task: staged.id, route: staged.route },
      );
    }
  }
}

class JoinError extends Error {
  readonly pythonName = 'UnreachableJoinError';
}
