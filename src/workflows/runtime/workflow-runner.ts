import type { Runner, RunnerResult } from '../../actions/runner.js';
import { errorMessage } from '../../common/errors.js';
import type { ActionDefinition, ParameterSpecs } from '../../snapshot/model/action-definition.js';
import type { RecordStore } from '../../store/record-store.js';
import type { WorkflowHost } from './workflow-host.js';

/** Where the runner finds the host, which the composition root creates after the runner registry. */
export interface WorkflowHostRef {
  current?: WorkflowHost;
}

export interface WorkflowRunnerOptions {
  runnerType: string;
  description: string;
  /** The runner's parameters as st2's runner.yaml declares them. @default {} */
  parameters?: ParameterSpecs;
}

/**
 * The runner of a workflow runner_type: it hands the execution to the workflow host and returns at
 * once (`detached`), so a workflow holds no runner slot while its tasks run; the host stores the
 * final status. A definition that cannot be loaded fails the execution here, as st2 does, with
 * `{errors, output: null}`.
 */
export function createWorkflowRunner(
  options: WorkflowRunnerOptions,
  host: WorkflowHostRef,
  store: Pick<RecordStore, 'getExecution'>,
  check?: (action: ActionDefinition) => Promise<void>,
): Runner {
  return {
    ...(check ? { checkAction: check } : {}),
    name: options.runnerType,
    description: options.description,
    parameters: options.parameters ?? {},
    shellParameters: [],
    async run(context): Promise<RunnerResult> {
      const workflows = host.current;
      if (!workflows) return failed(`the workflow host is not running in this process`);
      const execution = await store.getExecution(context.executionId);
      if (!execution) return failed(`execution ${context.executionId} is not in the store`);
      try {
        await workflows.startWorkflow(execution, context.action);
      } catch (error) {
        return failed(errorMessage(error));
      }
      return { status: 'succeeded', result: null, detached: true };
    },
  };
}

function failed(message: string): RunnerResult {
  return {
    status: 'failed',
    result: { errors: [{ type: 'error', message }], output: null },
    error: message,
  };
}
