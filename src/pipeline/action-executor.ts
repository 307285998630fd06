import type { ActionDefinition } from '../snapshot/model/action-definition.js';
import type { Execution, ExecutionPatch } from '../domain/execution.js';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Delivery, ExecutionJob } from '../queue/queue.js';
import type { RecordStore } from '../store/record-store.js';
import type { RunnerRegistry, RunnerResult } from '../actions/runner.js';
import { completeCancellation, requestCancellation } from './cancel-execution.js';
import type { ExecutionOutputSink } from './execution-output.js';

export interface ActionExecutorDeps {
  store: RecordStore;
  runners: RunnerRegistry;
  /** The action as the current content snapshot has it; read once when a run starts. */
  getAction(ref: string): ActionDefinition | undefined;
  /** Opens an execution's `secret_parameters` blob. */
  decryptSecrets(blob: string): Record<string, unknown>;
  /** The pack's config, secrets decrypted. */
  getPackConfig?(pack: string): Record<string, unknown> | Promise<Record<string, unknown>>;
  logger: Logger;
  /** Called with the stored record once an execution is marked `running`, before its runner starts. */
  onStarted?(execution: Execution): void;
  /** Called with the stored record when a running execution is marked `canceling`. */
  onUpdated?(execution: Execution): void;
  /** Where a running execution's output goes as it is printed (`execution tail`). */
  openOutput?(execution: Execution): ExecutionOutputSink;
  /**
   * How often executions running here are checked for a cancel asked elsewhere (another process of
   * a cluster marked them `canceling`). @default 1000
   */
  cancelPollMs?: number;
  /** Called with the final record of every execution this executor finished or canceled. */
  onFinished?(execution: Execution): void;
  /** Called when a run left its execution waiting (`pending`: an inquiry), not ended. */
  onWaiting?(execution: Execution): void;
}

export interface ActionExecutor {
  /**
   * Runs one stored execution to its end. Never rejects for a failing action. A redelivered job
   * whose execution is still `running` (its runner died) is marked abandoned, never run again.
   */
  handle(job: ExecutionJob, delivery?: Delivery): Promise<void>;
  /**
   * Cancels an execution (requestCancellation): a queued one is marked canceled so it never runs; a
   * running one goes `canceling`, and when it runs here its process group is killed and it ends
   * `canceled`. Resolves true when it was canceled or is canceling, false when it had already
   * ended or is unknown.
   */
  cancel(executionId: string): Promise<boolean>;
  /** Executions running in this process now. */
  runningCount(): number;
}

interface RunningExecution {
  controller: AbortController;
  done: Promise<void>;
}

const RUNNABLE_STATUSES = ['requested', 'scheduled'] as const;
const RUNNABLE = new Set<string>(RUNNABLE_STATUSES);
const ABANDONED_BY_RUNNER =
  'abandoned: the runner that took this execution stopped while it ran; it was not run again';

/** The consumer side of the execution queue: takes a stored execution and runs it with its runner. */
export function createActionExecutor(deps: ActionExecutorDeps): ActionExecutor {
  const running = new Map<string, RunningExecution>();
  const { store, logger } = deps;
  let cancelWatch: NodeJS.Timeout | undefined;

  // A cancel asked in another process reaches the runner through the store.
  const watchForCancels = (): void => {
    if (cancelWatch || running.size === 0) return;
    cancelWatch = setInterval(() => {
      if (running.size === 0) {
        clearInterval(cancelWatch);
        cancelWatch = undefined;
        return;
      }
      store
        .listExecutions({ status: 'canceling', limit: 0 })
        .then((canceling) => {
          for (const execution of canceling) running.get(execution.id)?.controller.abort();
        })
        .catch((error: unknown) =>
          logger.warn({ err: errorMessage(error) }, 'could not look for executions to cancel'),
        );
    }, deps.cancelPollMs ?? 1000);
    cancelWatch.unref();
  };

  async function handle(job: ExecutionJob, delivery?: Delivery): Promise<void> {
    const execution = await store.getExecution(job.executionId);
    if (!execution) {
      logger.warn({ execution: job.executionId }, 'execution to run is not in the store; skipped');
      return;
    }
    if (delivery?.redelivered && !running.has(execution.id)) {
      if (execution.status === 'running') return abandon(execution.id);
      if (execution.status === 'canceling') {
        // Its runner died while it was being canceled: canceled is what was asked.
        const canceled = await completeCancellation(store, execution.id, {});
        if (canceled) notify('onFinished', canceled);
        return;
      }
    }
    if (!RUNNABLE.has(execution.status) || running.has(execution.id)) {
      logger.debug(
        { execution: execution.id, status: execution.status },
        'execution is not waiting to run; skipped',
      );
      return;
    }
    const controller = new AbortController();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    running.set(execution.id, { controller, done });
    watchForCancels();
    try {
      await run(execution, controller);
    } finally {
      running.delete(execution.id);
      finish();
    }
  }

  async function run(execution: Execution, controller: AbortController): Promise<void> {
    const action = deps.getAction(execution.action);
    // Taken only from a runnable status: of two runners handed the same job, one runs it.
    const started = await store.transitionExecution(execution.id, RUNNABLE_STATUSES, {
      status: 'running',
      start_timestamp: new Date().toISOString(),
      ...(action ? { runner: action.spec.runner_type } : {}),
    });
    if (!started) {
      logger.debug({ execution: execution.id }, 'execution was taken by another runner; skipped');
      return;
    }
    notify('onStarted', started);
    const output = deps.openOutput?.(started);
    let outcome: RunnerResult;
    try {
      outcome = await runAction(started, action, controller.signal, output);
    } catch (error) {
      logger.error({ execution: execution.id, err: error }, 'runner threw');
      outcome = failure(`runner ${action?.spec.runner_type ?? '?'} failed: ${errorMessage(error)}`);
    }
    // Every chunk is stored before the execution reads final: a tail that sees the end has it all.
    await output?.close();
    if (outcome.detached) return;
    if (controller.signal.aborted && outcome.status !== 'canceled') {
      outcome = { ...outcome, status: 'canceled', error: outcome.error ?? 'Execution was canceled' };
    }
    if (outcome.status === 'pending') {
      const waiting = await store.updateExecution(execution.id, {
        status: 'pending',
        result: outcome.result,
      });
      notify('onWaiting', waiting);
      return;
    }
    if (outcome.status === 'canceled') {
      const canceled = await completeCancellation(store, execution.id, finalPatch(outcome));
      if (canceled) {
        logger.info({ execution: execution.id, action: canceled.action }, 'execution canceled');
        notify('onFinished', canceled);
        return;
      }
    }
    await finishExecution(execution.id, finalPatch(outcome));
  }

  async function runAction(
    execution: Execution,
    action: ActionDefinition | undefined,
    signal: AbortSignal,
    output: ExecutionOutputSink | undefined,
  ): Promise<RunnerResult> {
    if (!action) {
      return failure(`action ${execution.action} is not registered (was its pack removed or renamed?)`);
    }
    if (action.unsupported) return failure(`action ${action.ref} cannot run: ${action.unsupported}`);
    if (!action.spec.enabled)
      return failure(`action ${action.ref} is disabled; set enabled: true in its metadata`);
    const runner = deps.runners.get(action.spec.runner_type);
    if (!runner) return failure(`action ${action.ref}: runner ${action.spec.runner_type} is not available`);
    let secrets: Record<string, unknown> = {};
    if (execution.secret_parameters) {
      try {
        secrets = deps.decryptSecrets(execution.secret_parameters);
      } catch (error) {
        return failure(
          `could not decrypt the secret parameters of execution ${execution.id}: ${errorMessage(error)}`,
        );
      }
    }
    let packConfig: Record<string, unknown>;
    try {
      packConfig = (await deps.getPackConfig?.(action.spec.pack)) ?? {};
    } catch (error) {
      return failure(`the config of pack ${action.spec.pack} is invalid: ${errorMessage(error)}`);
    }
    if (signal.aborted) return { status: 'canceled', result: null, error: 'Execution was canceled' };
    return runner.run({
      executionId: execution.id,
      action,
      parameters: { ...execution.parameters, ...secrets },
      packDir: action.packDir,
      packConfig,
      signal,
      logger: logger.child({ execution: execution.id, action: action.ref }),
      ...(output ? { onOutput: (stream, data) => output.write(stream, data) } : {}),
    });
  }

  async function abandon(id: string): Promise<void> {
    const patch = {
      status: 'abandoned',
      error: ABANDONED_BY_RUNNER,
      end_timestamp: new Date().toISOString(),
    } as const;
    const final = await store.transitionExecution(id, ['running'], patch);
    if (!final) return;
    logger.warn({ execution: id, action: final.action }, 'execution abandoned: its runner stopped');
    notify('onFinished', final);
  }

  async function finishExecution(id: string, patch: ExecutionPatch): Promise<void> {
    const final = await store.updateExecution(id, patch);
    logger.info({ execution: id, action: final.action, status: final.status }, 'execution finished');
    notify('onFinished', final);
  }

  function notify(callback: 'onStarted' | 'onUpdated' | 'onFinished' | 'onWaiting', execution: Execution): void {
    try {
      deps[callback]?.(execution);
    } catch (error) {
      logger.error({ execution: execution.id, err: error }, `${callback} callback failed`);
    }
  }

  async function cancel(executionId: string): Promise<boolean> {
    const request = await requestCancellation(store, executionId);
    if (request.outcome === 'canceled') {
      logger.info({ execution: executionId }, 'execution canceled before it started');
      notify('onFinished', request.execution);
      return true;
    }
    if (request.outcome !== 'canceling') return false;
    notify('onUpdated', request.execution);
    const current = running.get(executionId);
    if (current) {
      current.controller.abort();
      await current.done;
    }
    return true;
  }

  return { handle, cancel, runningCount: () => running.size };
}

function failure(error: string): RunnerResult {
  return { status: 'failed', result: { error }, error };
}

function finalPatch(outcome: RunnerResult): ExecutionPatch {
  return {
    status: outcome.status,
    result: outcome.result ?? null,
    stdout: outcome.stdout ?? '',
    stderr: outcome.stderr ?? '',
    exit_code: outcome.exitCode ?? null,
    error: outcome.status === 'succeeded' ? null : (outcome.error ?? `execution ${outcome.status}`),
    end_timestamp: new Date().toISOString(),
  };
}
