import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyValueLookup } from '../../../src/snapshot/model/rule-definition.js';
import {
  compileWorkflow,
  type CompiledWorkflow,
} from '../../../src/workflows/conductor/compiled-workflow.js';
import { conduct } from '../../../src/workflows/conductor/conductor.js';
import type { Status } from '../../../src/workflows/conductor/statuses.js';
import type {
  WorkflowCommand,
  WorkflowEvent,
  WorkflowResult,
} from '../../../src/workflows/conductor/workflow-commands.js';
import type { WorkflowState } from '../../../src/workflows/conductor/workflow-state.js';
import { parseWorkflowFile } from '../../../src/workflows/orquesta/parse-workflow.js';
import { coreAction, type ActionOutcome } from './core-actions.js';

export type RequestCommand = Extract<WorkflowCommand, { kind: 'request_action' }>;
export type FakeAction = (input: Record<string, unknown>, request: RequestCommand) => ActionOutcome;

export interface RunOptions {
  input?: Record<string, unknown>;
  context?: Record<string, unknown>;
  /** Actions other than core.local/echo/noop, or replacements for them; workflows by ref. */
  actions?: Record<string, FakeAction>;
  workflows?: Record<string, string>;
  kv?: KeyValueLookup;
  user?: string;
  decrypt?: (ciphertext: string) => string;
}

export interface WorkflowRun {
  status: Status;
  result: WorkflowResult;
  requests: RequestCommand[];
  commands: WorkflowCommand[];
  /** The commands of each event, in order (the start event first). */
  steps: WorkflowCommand[][];
  state: WorkflowState;
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

export function compileFixture(path: string): CompiledWorkflow {
  return compileWorkflow(parseWorkflowFile(fixture(path), path));
}

/** A clock that moves one second per event, so task timestamps are ordered and stable. */
export function testClock(): () => string {
  let tick = 0;
  return () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)).toISOString();
}

/**
 * Conducts a workflow to its end with fake action executions: requests complete one at a time
 * in the order they were made (first requested, first completed), each with what its action
 * gives. Nested workflows (in `workflows`) run the same way and give their status and result.
 */
export function runWorkflow(path: string, options: RunOptions = {}): WorkflowRun {
  const cwd = mkdtempSync(join(tmpdir(), 'squall-wf-'));
  try {
    return runIn(compileFixture(path), options, cwd);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

function runIn(workflow: CompiledWorkflow, options: RunOptions, cwd: string): WorkflowRun {
  const now = testClock();
  const env = () => ({
    now: now(),
    ...(options.kv ? { kv: options.kv } : {}),
    ...(options.user !== undefined ? { user: options.user } : {}),
    ...(options.decrypt ? { decrypt: options.decrypt } : {}),
    workflowExecutionId: 'wf-1',
  });
  const run: WorkflowRun = {
    status: 'null',
    result: { output: null },
    requests: [],
    commands: [],
    steps: [],
    state: undefined!,
  };
  const pending: RequestCommand[] = [];
  const apply = (event: WorkflowEvent): void => {
    const step = conduct(workflow, run.state, event, env());
    run.state = step.state;
    run.steps.push(step.commands);
    for (const command of step.commands) {
      run.commands.push(command);
      if (command.kind === 'request_action') {
        run.requests.push(command);
        pending.push(command);
      }
      if (command.kind === 'finish') {
        run.status = command.status;
        run.result = command.result;
      }
    }
  };
  apply({ kind: 'start', input: options.input ?? {}, context: options.context ?? {} });
  for (let steps = 0; pending.length > 0; steps += 1) {
    if (steps > 1000) throw new Error('the workflow did not finish in 1000 action executions');
    const request = pending.shift()!;
    const outcome = execute(request, options, cwd);
    apply({
      kind: 'action',
      task: request.task,
      route: request.route,
      ...(request.item === undefined ? {} : { item: request.item }),
      status: outcome.status,
      ...(outcome.result === undefined ? {} : { result: outcome.result }),
    });
  }
  return run;
}

function execute(request: RequestCommand, options: RunOptions, cwd: string): ActionOutcome {
  const fake = options.actions?.[request.action];
  if (fake) return fake(request.input, request);
  const nested = options.workflows?.[request.action];
  if (nested) {
    const child = runIn(compileFixture(nested), { ...options, input: request.input }, cwd);
    return { status: child.status as ActionOutcome['status'], result: child.result };
  }
  const core = coreAction(request.action, request.input, cwd);
  if (!core) throw new Error(`no fake for action ${request.action}`);
  return core;
}
