import type { Runner } from '../../actions/runner.js';
import type { RecordStore } from '../../store/record-store.js';
import { actionChainKind } from '../action-chain/chain-kind.js';
import { orquestaKind } from '../conductor/orquesta-kind.js';
import type { WorkflowKindAdapter } from './workflow-kind.js';
import { createWorkflowRunner, type WorkflowHostRef } from './workflow-runner.js';

/** Every workflow language the engine runs; a new one is one adapter added here. */
export const WORKFLOW_KINDS: readonly WorkflowKindAdapter[] = [
  orquestaKind as WorkflowKindAdapter,
  actionChainKind as WorkflowKindAdapter,
];

/** One runner per workflow kind, each handing its executions to the host behind `host`. */
export function workflowRunners(
  host: WorkflowHostRef,
  store: Pick<RecordStore, 'getExecution'>,
  kinds: readonly WorkflowKindAdapter[] = WORKFLOW_KINDS,
): Runner[] {
  return kinds.map((kind) =>
    createWorkflowRunner(
      {
        runnerType: kind.runnerType,
        description: kind.description,
        ...(kind.runnerParameters ? { parameters: kind.runnerParameters } : {}),
      },
      host,
      store,
      // The definition is checked when its action loads, so a broken workflow never starts.
      async (action) => void (await kind.load(action)),
    ),
  );
}
