import type { TaskExecutionView, TaskRecords } from '../expressions/expression-scope.js';
import { UNSET } from './statuses.js';
import { latestRecord, recordIndex, type WorkflowState } from './workflow-state.js';

/**
 * The workflow's task runs as expressions see them. A task not run on the route asked for is
 * looked up on the routes that route split from, nearest first, as orquesta does.
 */
export function taskRecordsOf(state: WorkflowState, workflowExecutionId: string | null): TaskRecords {
  const resolve = (taskId: string, route: number): { index: number; route: number } | undefined => {
    const index = recordIndex(state, taskId, route);
    if (index !== undefined) return { index, route };
    const current = state.routes[route] ?? [];
    for (let earlier = route - 1; earlier >= 0; earlier -= 1) {
      const details = state.routes[earlier] ?? [];
      if (details.every((step) => current.includes(step))) return resolve(taskId, earlier);
    }
    return undefined;
  };
  return {
    status: (taskId, route) => {
      const found = resolve(taskId, route);
      return found === undefined ? UNSET : (state.sequence[found.index]?.status ?? UNSET);
    },
    find: (taskId, route): TaskExecutionView | undefined => {
      const found = resolve(taskId, route);
      const record = found && latestRecord(state, taskId, found.route);
      if (!found || !record) return undefined;
      return {
        task_execution_id: `${workflowExecutionId ?? 'workflow'}:${found.index}`,
        workflow_execution_id: workflowExecutionId,
        task_name: taskId,
        task_id: taskId,
        route: record.route,
        result: record.result ?? null,
        status: record.status ?? UNSET,
        start_timestamp: record.startedAt ?? null,
        end_timestamp: record.endedAt ?? null,
      };
    },
  };
}
