import type { ExecutionStatus } from '../../domain/execution.js';
import type { ActionDefinition } from '../../snapshot/model/action-definition.js';
import type { ActionStatus } from '../conductor/statuses.js';
import type {
  ChildControl,
  ChildRequest,
  WorkflowKindAdapter,
  WorkflowRun,
  WorkflowStep,
} from '../runtime/workflow-kind.js';
import { conductChain, type ChainEnvironment, type ChainEvent, type ChainState } from './chain-conductor.js';
import { readEntryPoint } from '../read-entry-point.js';
import { parseChainFile, type ChainSpec } from './parse-chain.js';

interface NodeTag {
  node: string;
}

/** st2's action-chain runner parameters (runner.yaml). */
const CHAIN_RUNNER_PARAMETERS = {
  skip_notify: {
    type: 'array',
    default: [],
    description: 'List of tasks to skip notifications for.',
  },
  display_published: {
    type: 'boolean',
    default: true,
    description: 'Intermediate published variables will be stored and displayed.',
  },
} as const;

/**
 * ActionChain (runner_type `action-chain`) for the workflow host: each node's action is a child
 * execution; the pure chain conductor decides the next node from its status. The result is st2's
 * `{tasks: [...], published: {...}}`, and the chain ends with the status of the last node run.
 */
export const actionChainKind: WorkflowKindAdapter<ChainState, ChainSpec> = {
  kind: 'action-chain',
  runnerType: 'action-chain',
  description: 'ActionChain: a linear chain of actions with on-success / on-failure (durable in the store)',
  runnerParameters: CHAIN_RUNNER_PARAMETERS,

  async load(action: ActionDefinition): Promise<ChainSpec> {
    const { file, text } = await readEntryPoint(action, 'chain', `chains/${action.spec.name}.yaml`);
    return parseChainFile(text, file);
  },

  start(spec, run) {
    const { skip_notify: _skip, display_published: _display, ...parameters } = run.execution.parameters;
    const context = { ...run.execution.context, execution_id: run.execution.id };
    return step(spec, undefined, { kind: 'start', parameters, context }, run);
  },

  childChanged(spec, state, child, run) {
    const execution = child.execution;
    if (execution.status === 'failed' && execution.start_timestamp === null && execution.runner === '') {
      // The host could not create it: st2 fails the chain with a top-level error, no task entry.
      const error = execution.error ?? 'the action could not be requested';
      const missingAction = run.action ? run.action(execution.action) === undefined : false;
      return step(spec, state, { kind: 'not_run', error, missingAction }, run);
    }
    const event: ChainEvent = {
      kind: 'action',
      status: execution.status as ActionStatus,
      result: execution.result,
      executionId: execution.id,
    };
    return step(spec, state, event, run);
  },

  control(spec, state, command, run) {
    return step(spec, state, { kind: command }, run);
  },
};

function step(
  spec: ChainSpec,
  state: ChainState | undefined,
  event: ChainEvent,
  run: WorkflowRun,
): WorkflowStep<ChainState> {
  const conducted = conductChain(spec, state ?? undefined, event, environment(run));
  const out: WorkflowStep<ChainState> = { state: conducted.state };
  const requests: ChildRequest[] = [];
  const controls: ChildControl[] = [];
  const current = conducted.state.current ?? state?.current;
  for (const command of conducted.commands) {
    if (command.kind === 'request_action') {
      const tag: NodeTag = { node: command.node };
      requests.push({
        request: command.id,
        action: command.action,
        parameters: command.input,
        tag,
        context: { chain: { name: command.node } },
      });
    } else if (command.kind === 'status') out.status = command.status as ExecutionStatus;
    else if (command.kind === 'finish') {
      const { error } = command.result;
      out.finish = {
        status: command.status as ExecutionStatus,
        result: command.result,
        ...(error === undefined ? {} : { error }),
      };
    } else if (current?.requestId) {
      const what =
        command.kind === 'cancel_action' ? 'cancel' : command.kind === 'pause_action' ? 'pause' : 'resume';
      controls.push({ request: current.requestId, command: what });
    }
  }
  if (requests.length > 0) out.requests = requests;
  if (controls.length > 0) out.controls = controls;
  return out;
}

function environment(run: WorkflowRun): ChainEnvironment {
  const { action } = run;
  return {
    now: run.now,
    ...(run.kv ? { kv: run.kv } : {}),
    ...(run.user !== undefined ? { user: run.user } : {}),
    ...(run.decrypt ? { decrypt: run.decrypt } : {}),
    ...(action
      ? {
          actionExists: (ref: string) => action(ref) !== undefined,
          shellParameters: (ref: string) => new Set(action(ref)?.shellParameters ?? []),
        }
      : {}),
  };
}
