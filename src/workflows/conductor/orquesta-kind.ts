import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { ValidationError } from '../../common/errors.js';
import type { ExecutionStatus } from '../../domain/execution.js';
import type { ActionDefinition } from '../../snapshot/model/action-definition.js';
import { parseWorkflowFile } from '../orquesta/parse-workflow.js';
import type {
  ChildControl,
  ChildRequest,
  WorkflowKindAdapter,
  WorkflowRun,
  WorkflowStep,
} from '../runtime/workflow-kind.js';
import { compileWorkflow, type CompiledWorkflow } from './compiled-workflow.js';
import { conduct } from './conductor.js';
import type { ActionStatus } from './statuses.js';
import type { ConductorEnvironment } from './task-rendering.js';
import type { WorkflowCommand, WorkflowEvent } from './workflow-commands.js';
import type { WorkflowState } from './workflow-state.js';

/** The conductor's state plus which request runs each task's action now (for cancel and pause). */
export interface OrquestaState {
  conductor: WorkflowState;
  /** `<task>__r<route>[__i<item>]` → request key of its child under way. */
  active: Record<string, string>;
}

interface TaskTag {
  task: string;
  route: number;
  item?: number;
}

/** Compiled definitions by file, kept while the file's text is the same. */
const compiled = new Map<string, { text: string; workflow: CompiledWorkflow }>();

/** Orquesta (runner_type `orquesta`) for the workflow host: the pure conductor behind the host's contract. */
export const orquestaKind: WorkflowKindAdapter<OrquestaState, CompiledWorkflow> = {
  kind: 'orquesta',
  runnerType: 'orquesta',
  description:
    'Orquesta workflows: tasks, transitions, with items, retry, delay, join (durable in the store)',

  async load(action: ActionDefinition): Promise<CompiledWorkflow> {
    const entry = action.spec.entry_point;
    if (!entry) {
      throw new ValidationError(
        `action ${action.ref}: an orquesta action needs entry_point, the workflow file under actions/ (e.g. workflows/${action.spec.name}.yaml)`,
        { code: 'E_WORKFLOW_SPEC' },
      );
    }
    const file = path.join(action.packDir, 'actions', entry);
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      throw new ValidationError(`action ${action.ref}: cannot read its workflow ${file}; check entry_point`, {
        code: 'E_WORKFLOW_SPEC',
        cause: error,
      });
    });
    const cached = compiled.get(file);
    if (cached?.text === text) return cached.workflow;
    const workflow = compileWorkflow(parseWorkflowFile(text, file));
    compiled.set(file, { text, workflow });
    return workflow;
  },

  start(workflow, run) {
    const context = {
      st2: {
        action_execution_id: run.execution.id,
        action: run.execution.action,
        runner: 'orquesta',
        user: run.user ?? null,
        pack: run.execution.action.split('.')[0],
      },
      ...(run.execution.parent ? { parent: { execution_id: run.execution.parent } } : {}),
    };
    const event: WorkflowEvent = { kind: 'start', input: run.execution.parameters, context };
    return step(workflow, { conductor: undefined, active: {} }, event, run);
  },

  childChanged(workflow, state, child, run) {
    const tag = child.tag as TaskTag;
    const event: WorkflowEvent = {
      kind: 'action',
      task: tag.task,
      route: tag.route,
      ...(tag.item === undefined ? {} : { item: tag.item }),
      status: child.execution.status as ActionStatus,
      result: child.execution.result,
    };
    return step(workflow, state, event, run);
  },

  control(workflow, state, command, run) {
    return step(workflow, state, { kind: command }, run);
  },
};

function step(
  workflow: CompiledWorkflow,
  state: { conductor: WorkflowState | undefined; active: Record<string, string> },
  event: WorkflowEvent,
  run: WorkflowRun,
): WorkflowStep<OrquestaState> {
  const conducted = conduct(workflow, state.conductor, event, environment(run));
  const active = { ...state.active };
  if (event.kind === 'action' && isFinal(event.status)) delete active[activeKey(event)];
  const out: WorkflowStep<OrquestaState> = { state: { conductor: conducted.state, active } };
  const requests: ChildRequest[] = [];
  const controls: ChildControl[] = [];
  for (const command of conducted.commands) applyCommand(command, run, active, requests, controls, out);
  if (requests.length > 0) out.requests = requests;
  if (controls.length > 0) out.controls = controls;
  return out;
}

function applyCommand(
  command: WorkflowCommand,
  run: WorkflowRun,
  active: Record<string, string>,
  requests: ChildRequest[],
  controls: ChildControl[],
  out: WorkflowStep<OrquestaState>,
): void {
  switch (command.kind) {
    case 'request_action': {
      const tag: TaskTag = {
        task: command.task,
        route: command.route,
        ...(command.item === undefined ? {} : { item: command.item }),
      };
      active[activeKey(tag)] = command.id;
      requests.push({
        request: command.id,
        action: command.action,
        parameters: command.input,
        ...(command.runAt ? { dueMs: Date.parse(command.runAt) } : {}),
        tag,
        context: {
          orquesta: {
            workflow_execution_id: run.execution.id,
            task_name: command.task,
            task_id: command.task,
            task_route: command.route,
            ...(command.item === undefined ? {} : { item_id: command.item }),
          },
        },
      });
      return;
    }
    case 'cancel_action':
    case 'pause_action':
    case 'resume_action': {
      const request = active[activeKey(command)];
      const what =
        command.kind === 'cancel_action' ? 'cancel' : command.kind === 'pause_action' ? 'pause' : 'resume';
      if (request !== undefined) controls.push({ request, command: what });
      return;
    }
    case 'status':
      out.status = command.status as ExecutionStatus;
      return;
    case 'finish':
      out.finish = { status: command.status as ExecutionStatus, result: command.result };
  }
}

function activeKey(tag: { task: string; route: number; item?: number }): string {
  return `${tag.task}__r${tag.route}${tag.item === undefined ? '' : `__i${tag.item}`}`;
}

const FINAL = new Set<string>(['succeeded', 'failed', 'timeout', 'canceled', 'abandoned']);
function isFinal(status: string): boolean {
  return FINAL.has(status);
}

function environment(run: WorkflowRun): ConductorEnvironment {
  return {
    now: run.now,
    workflowExecutionId: run.execution.id,
    ...(run.kv ? { kv: run.kv } : {}),
    ...(run.user !== undefined ? { user: run.user } : {}),
    ...(run.decrypt ? { decrypt: run.decrypt } : {}),
  };
}
