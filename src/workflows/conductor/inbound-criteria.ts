import type { WorkflowGraph } from '../orquesta/workflow-graph.js';
import { latestRecord, type WorkflowState } from './workflow-state.js';

export type InboundStatus = 'satisfied' | 'waiting' | 'unsatisfied';

/**
 * Whether a task's inbound transitions let it run on a route: a task that does not join needs one
 * taken transition; `join: all` needs one from every inbound task, `join: n` from n of them. While
 * an inbound task has not run and the workflow is still busy, the answer is "waiting".
 */
export function barrierStatus(
  graph: WorkflowGraph,
  state: WorkflowState,
  task: string,
  route: number,
  busy: boolean,
): InboundStatus {
  const inbound = graph.previous(task);
  const byTask = new Map<string, boolean | undefined>(inbound.map((edge) => [edge.from, undefined]));
  const barrier = graph.barrier(task) ?? 1;
  const required = barrier === '*' ? byTask.size : barrier;
  for (const edge of inbound) {
    const record = latestRecord(state, edge.from, route);
    if (!record) continue;
    const taken = record.next[edge.id] === true;
    if (!byTask.get(edge.from)) byTask.set(edge.from, taken);
  }
  const values = [...byTask.values()];
  if (values.filter((value) => value === true).length >= required) return 'satisfied';
  if (values.includes(undefined) && busy) return 'waiting';
  return 'unsatisfied';
}
