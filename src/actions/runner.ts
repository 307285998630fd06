import type { ActionDefinition, ParameterSpecs } from '../snapshot/model/action-definition.js';
import type { Logger } from '../common/logger.js';

/** Everything a runner gets for one execution. */
export interface RunnerContext {
  executionId: string;
  action: ActionDefinition;
  /** Final parameters: runner's and action's, rendered, typed, secrets decrypted. */
  parameters: Record<string, unknown>;
  /** Folder of the action's pack; entry points resolve against `<packDir>/actions/`. */
  packDir: string;
  /** The pack's config (`configs/<pack>.yaml`), secrets decrypted; `{}` when it has none. */
  packConfig: Record<string, unknown>;
  /** Aborted when the execution is canceled: the runner stops its work (kills its process group). */
  signal: AbortSignal;
  logger: Logger;
}

/**
 * How a run ended, in StackStorm's status names; `pending` (the inquirer) leaves the execution
 * waiting for a person, not ended.
 */
export type RunnerStatus = 'succeeded' | 'failed' | 'timeout' | 'canceled' | 'pending';

export interface RunnerResult {
  status: RunnerStatus;
  /** What st2 stores as the execution result, e.g. `{stdout, stderr, return_code, succeeded, failed}`. */
  result: unknown;
  stdout?: string;
  stderr?: string;
  exitCode?: number | null;
  /** Why it did not succeed, in words. */
  error?: string;
  /**
   * The runner handed the execution to something that ends it itself (the workflow host): the
   * executor leaves the execution `running` and stores nothing more.
   */
  detached?: boolean;
}

/** One way of running actions (st2's runner types). */
export interface Runner {
  /** The st2 `runner_type`, e.g. `local-shell-cmd`. */
  readonly name: string;
  readonly description: string;
  /** Runner parameters as st2's runner.yaml declares them; action metadata overrides them. */
  readonly parameters: ParameterSpecs;
  /**
   * Parameters whose value is run by a shell (local-shell-cmd's `cmd`): values rendered into them
   * from templates are shell-quoted.
   */
  readonly shellParameters: readonly string[];
  run(context: RunnerContext): Promise<RunnerResult>;
  /**
   * Checks what the action's metadata points to (a workflow's definition) when the action loads;
   * throws a ValidationError naming the file, line and fix, and the action file does not load.
   */
  checkAction?(action: ActionDefinition): Promise<void>;
}

/** The runners this process can run, plus the st2 runner types it knows but cannot run. */
export interface RunnerRegistry {
  /** The runner for a `runner_type` (st2 aliases such as `run-local` included). */
  get(runnerType: string): Runner | undefined;
  list(): Runner[];
  /** Why a st2 runner type is not supported (listed, never run); undefined when it is or is unknown. */
  unsupportedReason(runnerType: string): string | undefined;
  /** Every runner type name the registry recognises, supported or not. */
  knownRunnerTypes(): string[];
  /** Stops what the runners keep between executions (warm Python workers). */
  close?(): Promise<void>;
}
