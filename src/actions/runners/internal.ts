import { errorMessage, SquallError } from '../../errors.js';
import type { Logger } from '../../logger.js';
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

/**
 * `runner_type: squall-internal` with `entry_point: <name>`: the built-in packs' management actions.
 * Pack content cannot use it to run arbitrary code: only registered names run.
 */
export function createInternalRunner(actions: ReadonlyMap<string, InternalAction>): Runner {
  return {
    name: INTERNAL_RUNNER,
    description: 'Runs one of Squall’s own management actions (packs, deploys) inside the engine.',
    parameters: {},
    shellParameters: [],
    async run(context): Promise<RunnerResult> {
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
        return {
          status: 'failed',
          result: { error: errorMessage(error), ...(code ? { code } : {}) },
          error: errorMessage(error),
        };
      }
    },
  };
}
