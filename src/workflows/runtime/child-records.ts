import type { Execution } from '../../domain/execution.js';
import { newId } from '../../domain/ids.js';
import type { ExecutionRequest } from '../../pipeline/execution-request.js';
import type { ChildRequest } from './workflow-kind.js';

/** The execution request of a workflow's child: parent set, the workflow's user and trace kept. */
export function childRequest(parent: Execution, request: ChildRequest): ExecutionRequest {
  const user = parent.context['user'];
  return {
    action: request.action,
    parameters: request.parameters,
    context: {
      ...(typeof user === 'string' ? { user } : {}),
      source: 'workflow',
      parent: { execution_id: parent.id, action: parent.action },
      ...request.context,
    },
    parent: parent.id,
    trace_id: parent.trace_id,
    // A task's input was rendered by the workflow already: it is data now.
    renderTemplates: false,
  };
}

/** A child that could not be built (unknown action, invalid parameters): stored as failed, with why. */
export function failedChild(parent: Execution, request: ChildRequest, error: string): Execution {
  const now = new Date().toISOString();
  const built = childRequest(parent, request);
  return {
    id: newId(),
    action: request.action,
    runner: '',
    parameters: request.parameters,
    secret_parameters: null,
    status: 'failed',
    result: { error },
    stdout: '',
    stderr: '',
    exit_code: null,
    error,
    created_at: now,
    start_timestamp: null,
    end_timestamp: now,
    trigger_instance: null,
    rule: null,
    enforcement: null,
    parent: parent.id,
    trace_id: parent.trace_id,
    context: built.context ?? {},
  };
}
