import type { EventBus } from '../../bus/event-bus.js';
import { errorMessage, SquallError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { Stage } from '../../common/stage.js';
import { FINAL_STATUSES, type Execution, type ExecutionPatch } from '../../domain/execution.js';
import type { WorkflowChild, WorkflowRecord } from '../../domain/workflow.js';
import type { ExecutionRequest } from '../../pipeline/execution-request.js';
import type { ActionDefinition } from '../../snapshot/model/action-definition.js';
import type { RecordStore } from '../../store/record-store.js';
import type { WorkflowStore } from '../../store/workflow-store.js';
import { failedChild, childRequest } from './child-records.js';
import { DueChildren } from './due-children.js';
import { isHostState, requestOf, type HostState } from './host-state.js';
import { KeyedLock } from './keyed-lock.js';
import type { WorkflowControl, WorkflowKindAdapter, WorkflowRun, WorkflowStep } from './workflow-kind.js';

export interface WorkflowHostDeps {
  store: RecordStore & WorkflowStore;
  bus: EventBus;
  kinds: readonly WorkflowKindAdapter[];
  /** Builds a child's `requested` record (parameters resolved, secrets encrypted), storing nothing. */
  prepare(request: ExecutionRequest): Promise<Execution>;
  /** Queues a stored child to run. */
  enqueue(execution: Execution): Promise<void>;
  /** Stops a running child that is not a workflow (its runner's cancel). */
  cancelAction(id: string): Promise<boolean>;
  getAction(ref: string): ActionDefinition | undefined;
  /** What a kind may read besides the run: the datastore, decrypt, for the execution's user. */
  environment(execution: Execution): Omit<WorkflowRun, 'execution' | 'now'>;
  logger: Logger;
  /** @default Date.now */
  clock?: () => number;
}

/**
 * Runs workflow executions on the store: each event (start, a child's update, a control) is one
 * conductor step, committed in one transaction with the children it requests and the workflow
 * execution's change, before any child is queued. Nothing lives only in memory: at start every
 * unfinished workflow is fed the child updates it missed, and delayed children are due times.
 */
export interface WorkflowHost extends Stage {
  /** The runner_type → kind this host runs. */
  kindOf(runnerType: string): WorkflowKindAdapter | undefined;
  /**
   * Starts a workflow execution the executor marked `running`. Rejects (typed error) when its
   * definition cannot be loaded: the executor then fails the execution with that error.
   */
  startWorkflow(execution: Execution, action: ActionDefinition): Promise<void>;
  /**
   * Cancel, pause or resume a workflow execution. Resolves false when the id is not a workflow
   * under way (so the caller can try an action); rejects E_WORKFLOW_CONTROL when the kind refuses.
   */
  control(id: string, command: WorkflowControl): Promise<boolean>;
  /** Resolves when no step is being worked on. */
  idle(): Promise<void>;
}

const FED = new Set<string>([...FINAL_STATUSES, 'pending', 'paused']);
const NOT_STARTED = ['delayed', 'requested', 'scheduled'] as const;

interface Live {
  kind: WorkflowKindAdapter;
  definition: unknown;
  execution: Execution;
  state: HostState;
}

export function createWorkflowHost(deps: WorkflowHostDeps): WorkflowHost {
  const { store, bus, logger } = deps;
  const clock = deps.clock ?? Date.now;
  const lock = new KeyedLock();
  const live = new Map<string, Live>();
  const due = new DueChildren(store, (children) => queueAll(children), logger, clock);
  let subscription: { unsubscribe(): void } | undefined;

  const logStepError =
    (id: string) =>
    (error: unknown): void =>
      logger.error({ execution: id, err: error }, 'workflow step failed');

  const kindOf = (runnerType: string) => deps.kinds.find((kind) => kind.runnerType === runnerType);

  // Loaded at each start and resume: a definition file may change without its metadata (reload).
  const definitionOf = (kind: WorkflowKindAdapter, action: ActionDefinition): Promise<unknown> =>
    Promise.resolve(kind.load(action));

  function runOf(execution: Execution): WorkflowRun {
    return { execution, now: new Date(clock()).toISOString(), ...deps.environment(execution) };
  }

  /** The workflow as this process knows it, read from the store when it is not in memory. */
  async function load(id: string): Promise<Live | undefined> {
    const cached = live.get(id);
    if (cached) return cached;
    const record = await store.getWorkflow(id);
    if (!record || record.finished || !isHostState(record.state)) return undefined;
    const execution = await store.getExecution(id);
    const action = execution && deps.getAction(execution.action);
    const kind = action && kindOf(action.spec.runner_type);
    if (!execution || !action || !kind) {
      logger.error(
        { execution: id },
        'workflow cannot continue: its action or runner is no longer installed',
      );
      return undefined;
    }
    const loaded: Live = {
      kind,
      definition: await definitionOf(kind, action),
      execution,
      state: record.state,
    };
    live.set(id, loaded);
    return loaded;
  }

  /** Commits one step, then does what it asks: queue children, control children, announce. */
  async function apply(id: string, current: Live, step: WorkflowStep<unknown>): Promise<void> {
    const state: HostState = { conductor: step.state, children: { ...current.state.children } };
    const children: WorkflowChild[] = [];
    const failedAtOnce: Execution[] = [];
    const now = clock();
    for (const request of step.requests ?? []) {
      let child: Execution;
      try {
        child = await deps.prepare(childRequest(current.execution, request));
      } catch (error) {
        child = failedChild(current.execution, request, errorMessage(error));
        failedAtOnce.push(child);
      }
      const delayed = request.dueMs !== undefined && request.dueMs > now && child.status === 'requested';
      if (delayed) child = { ...child, status: 'delayed' };
      children.push({ execution: child, request: request.request, due_ms: delayed ? request.dueMs! : null });
      state.children[request.request] = {
        execution: child.id,
        ...(request.tag === undefined ? {} : { tag: request.tag }),
      };
    }
    const patch = parentPatch(current.execution, step, now);
    const finished = step.finish !== undefined;
    const workflow: WorkflowRecord = {
      execution: id,
      kind: current.kind.kind,
      status: step.finish?.status ?? step.status ?? current.execution.status,
      state,
      finished,
      updated_at: new Date(now).toISOString(),
    };
    const parent = await store.commitWorkflowStep({
      workflow,
      children,
      ...(patch ? { parent: patch } : {}),
    });
    current.state = state;
    if (parent) current.execution = parent;
    if (finished) live.delete(id);
    for (const child of children) {
      bus.publish('execution.updated', child.execution);
      if (child.execution.status === 'requested') await deps.enqueue(child.execution);
      else if (child.due_ms !== null) due.expect(child.due_ms);
    }
    if (parent) {
      bus.publish('execution.updated', parent);
      if (finished) bus.publish('execution.finished', parent);
    }
    for (const control of step.controls ?? []) {
      const child = state.children[control.request];
      if (child) controlChild(child.execution, control.command).catch(logStepError(id));
    }
    // A child that could not even be built failed at once: its workflow hears of it like any other.
    for (const child of failedAtOnce) childUpdated(id, child).catch(logStepError(id));
  }

  async function childUpdated(parentId: string, child: Execution): Promise<void> {
    await lock.run(parentId, async () => {
      const current = await load(parentId);
      if (!current) return;
      const request = requestOf(current.state, child.id);
      if (request === undefined) return;
      const pending = current.state.children[request]!;
      if (pending.fed === child.status) return;
      const final = FINAL_STATUSES.has(child.status);
      const step = current.kind.childChanged(
        current.definition,
        current.state.conductor,
        { request, tag: pending.tag, execution: child },
        runOf(current.execution),
      );
      const children = { ...current.state.children };
      if (final) delete children[request];
      else children[request] = { ...pending, fed: child.status };
      current.state = { ...current.state, children };
      await apply(parentId, current, step);
    });
  }

  async function controlChild(id: string, command: WorkflowControl): Promise<void> {
    try {
      if (await control(id, command)) return;
      if (command !== 'cancel') return; // st2 lets an action that is running finish on pause
      const canceled = await store.transitionExecution(id, NOT_STARTED, {
        status: 'canceled',
        error: 'Execution was canceled before it started',
        end_timestamp: new Date(clock()).toISOString(),
      });
      if (canceled) {
        bus.publish('execution.updated', canceled);
        bus.publish('execution.finished', canceled);
      } else {
        await deps.cancelAction(id);
      }
    } catch (error) {
      logger.error({ execution: id, err: error }, `could not ${command} a workflow's child`);
    }
  }

  async function control(id: string, command: WorkflowControl): Promise<boolean> {
    return lock.run(id, async () => {
      const current = await load(id);
      if (!current) return false;
      if (!current.kind.control) {
        throw new SquallError(
          'E_WORKFLOW_CONTROL',
          `${current.kind.runnerType} workflow ${id} cannot be asked to ${command}`,
        );
      }
      const step = current.kind.control(
        current.definition,
        current.state.conductor,
        command,
        runOf(current.execution),
      );
      await apply(id, current, step);
      return true;
    });
  }

  async function startWorkflow(execution: Execution, action: ActionDefinition): Promise<void> {
    const kind = kindOf(action.spec.runner_type);
    if (!kind)
      throw new SquallError('E_WORKFLOW_KIND', `runner ${action.spec.runner_type} is not a workflow runner`);
    await lock.run(execution.id, async () => {
      const definition = await definitionOf(kind, action);
      const current: Live = { kind, definition, execution, state: { conductor: null, children: {} } };
      live.set(execution.id, current);
      await apply(execution.id, current, kind.start(definition, runOf(execution)));
    });
  }

  async function queueAll(children: Execution[]): Promise<void> {
    for (const child of children) {
      bus.publish('execution.updated', child);
      await deps.enqueue(child);
    }
  }

  /** At start: every child update an unfinished workflow missed while the engine was stopped. */
  async function recover(): Promise<void> {
    const unfinished = await store.listUnfinishedWorkflows();
    let fed = 0;
    for (const record of unfinished) {
      if (!isHostState(record.state)) continue;
      for (const pending of Object.values(record.state.children)) {
        const child = await store.getExecution(pending.execution);
        if (child && FED.has(child.status) && child.status !== pending.fed) {
          fed += 1;
          await childUpdated(record.execution, child);
        }
      }
    }
    await due.rearm();
    if (unfinished.length > 0) {
      logger.warn(
        { workflows: unfinished.length, fed },
        'continuing workflows left unfinished by the previous run',
      );
    }
  }

  return {
    name: 'workflows',
    kindOf,
    async start() {
      subscription = bus.on('execution.updated').subscribe((execution) => {
        if (execution.parent && FED.has(execution.status)) {
          childUpdated(execution.parent, execution).catch(logStepError(execution.parent));
        }
      });
      await recover();
    },
    async stop() {
      subscription?.unsubscribe();
      await due.stop();
      await lock.idle();
    },
    startWorkflow,
    control,
    idle: () => lock.idle(),
  };
}

function parentPatch(
  execution: Execution,
  step: WorkflowStep<unknown>,
  now: number,
): ExecutionPatch | undefined {
  if (step.finish) {
    return {
      status: step.finish.status,
      result: step.finish.result,
      error:
        step.finish.status === 'succeeded' ? null : (step.finish.error ?? `workflow ${step.finish.status}`),
      end_timestamp: new Date(now).toISOString(),
    };
  }
  if (step.status && step.status !== execution.status) return { status: step.status };
  return undefined;
}
