import { errorMessage, SquallError } from '../../common/errors.js';
import type { ActionDefinition } from '../../snapshot/model/action-definition.js';
import type { Logger } from '../../common/logger.js';
import type { Runner, RunnerResult } from '../runner.js';

export const INTERNAL_RUNNER = 'squall-internal';

export interface InternalActionContext {
  executionId: string;
  parameters: Record<string, unknown>;
  signal: AbortSignal;
  logger: Logger;
}

/**
 * An action implemented by Squall itself, running in the engine process because it changes the
 * engine's own state (installing packs, deploying, rolling back). Resolves with the result; throws
 * to fail.
 */
export type InternalAction = (context: InternalActionContext) => Promise<unknown>;

export interface InternalRunnerOptions {
  /**
   * Which actions may use this runner: Squall's own packs, never a pack installed from git, which could
   * otherwise call `packs.install` or a deploy with its own parameters. @default every action
   */
  isTrusted?: (action: ActionDefinition) => boolean;
}

/**
 * `runner_type: squall-internal` with `entry_point: <name>`: the built-in packs' management actions.
 * Pack content cannot use it to run arbitrary code: only registered names run, for trusted packs.
 */
export function createInternalRunner(
  actions: ReadonlyMap<string, InternalAction>,
  options: InternalRunnerOptions = {},
): Runner {
  return {
    name: INTERNAL_RUNNER,
    description: 'Runs one of Squall’s own management actions (packs, deploys) inside the engine.',
    parameters: {},
    shellParameters: [],
    async run(context): Promise<RunnerResult> {
      if (options.isTrusted && !options.isTrusted(context.action)) {
        return {
          status: 'failed',
          result: null,
          error: `action ${context.action.ref}: runner ${INTERNAL_RUNNER} is reserved for Squall's bundled packs`,
        };
      }
      const name = context.action.spec.entry_point ?? '';
      const action = actions.get(name);
      if (!action) {
        return {
          status: 'failed',
          result: null,
          error: `action ${context.action.ref}: no built-in action "${name}"; known: ${[...actions.keys()].join(', ')}`,
        };
      }
      try {
        const result = await action({
          executionId: context.executionId,
          parameters: context.parameters,
          signal: context.signal,
          logger: context.logger,
        });
        return { status: context.signal.aborted ? 'canceled' : 'succeeded', result };
      } catch (error) {
        const code = error instanceof SquallError ? error.code : undefined;
        const details = error instanceof SquallError ? error.details : undefined;
        return {
          status: 'failed',
          result: { error: errorMessage(error), ...(code ? { code } : {}), ...(details ? { details } : {}) },
          error: errorMessage(error),
        };
      }
    },
  };
}
