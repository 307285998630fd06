import { expect } from 'vitest';
import {
  compileWorkflow,
  type CompiledWorkflow,
} from '../../../src/workflows/conductor/compiled-workflow.js';
import { conduct } from '../../../src/workflows/conductor/conductor.js';
import type { ActionStatus } from '../../../src/workflows/conductor/statuses.js';
import type { WorkflowCommand, WorkflowEvent } from '../../../src/workflows/conductor/workflow-commands.js';
import type { WorkflowState } from '../../../src/workflows/conductor/workflow-state.js';
import { parseWorkflowFile } from '../../../src/workflows/orquesta/parse-workflow.js';
import { testClock } from './run-workflow.js';

const OK = { failed: false, succeeded: true, return_code: 0, stdout: '', stderr: '' };

/** Drives a workflow by hand, one event at a time; every state goes through JSON on the way. */
export class Driver {
  state: WorkflowState | undefined;
  readonly history: WorkflowCommand[][] = [];
  private readonly workflow: CompiledWorkflow;
  private readonly now = testClock();

  constructor(lines: string[] | CompiledWorkflow) {
    this.workflow = Array.isArray(lines)
      ? compileWorkflow(parseWorkflowFile(lines.join('\n'), 'test.yaml'))
      : lines;
  }

  send(event: WorkflowEvent): WorkflowCommand[] {
    const before = this.state === undefined ? undefined : JSON.stringify(this.state);
    const step = conduct(this.workflow, this.state, event, { now: this.now() });
    if (before !== undefined) expect(JSON.stringify(this.state)).toBe(before);
    this.state = JSON.parse(JSON.stringify(step.state)) as WorkflowState;
    this.history.push(step.commands);
    return step.commands;
  }

  start(input: Record<string, unknown> = {}): WorkflowCommand[] {
    return this.send({ kind: 'start', input });
  }

  action(
    task: string,
    status: ActionStatus,
    extra: { route?: number; item?: number; result?: unknown } = {},
  ) {
    return this.send({
      kind: 'action',
      task,
      route: extra.route ?? 0,
      status,
      result: extra.result ?? OK,
      ...(extra.item === undefined ? {} : { item: extra.item }),
    });
  }
}
