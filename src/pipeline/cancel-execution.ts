import {
  FINAL_STATUSES,
  type Execution,
  type ExecutionPatch,
  type ExecutionStatus,
} from '../domain/execution.js';
import type { RecordStore } from '../store/record-store.js';

/** Not started yet: a cancel ends them at once, they never run. */
export const CANCEL_AT_ONCE: readonly ExecutionStatus[] = ['requested', 'scheduled', 'delayed'];
/** Started: a cancel marks them `canceling` and whoever runs them stops and records `canceled`. */
export const CANCEL_BY_RUNNER: readonly ExecutionStatus[] = [
  'running',
  'pending',
  'pausing',
  'paused',
  'resuming',
];

export type CancelRequest =
  /** It had not started: it is `canceled` now. */
  | { outcome: 'canceled'; execution: Execution }
  /** It runs: it is `canceling` until its runner has stopped it (completeCancellation). */
  | { outcome: 'canceling'; execution: Execution }
  /** It had ended already (canceled included); nothing changed. */
  | { outcome: 'ended'; execution: Execution }
  | { outcome: 'unknown' };

/**
 * st2's request_cancellation, the one place an execution is asked to stop: a queued one goes
 * straight to `canceled`, a started one to `canceling` (runners, workflows and policies then stop
 * it and call completeCancellation). Each step is one atomic transition, so a cancel racing the
 * runner that takes the execution either prevents the run or finds it running, never neither.
 */
export async function requestCancellation(store: RecordStore, id: string): Promise<CancelRequest> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await store.getExecution(id);
    if (!current) return { outcome: 'unknown' };
    if (FINAL_STATUSES.has(current.status)) return { outcome: 'ended', execution: current };
    if (current.status === 'canceling') return { outcome: 'canceling', execution: current };
    const queued = await store.transitionExecution(id, CANCEL_AT_ONCE, {
      status: 'canceled',
      error: 'Execution was canceled before it started',
      end_timestamp: new Date().toISOString(),
    });
    if (queued) return { outcome: 'canceled', execution: queued };
    const started = await store.transitionExecution(id, CANCEL_BY_RUNNER, { status: 'canceling' });
    if (started) return { outcome: 'canceling', execution: started };
    // It changed status between the read and the transitions (taken by a runner, ended): look again.
  }
  const last = await store.getExecution(id);
  return last ? { outcome: 'ended', execution: last } : { outcome: 'unknown' };
}

/**
 * canceling → canceled with what the stopped run left (its output, result, end time). Undefined
 * when the execution was not `canceling` (nobody asked to cancel it).
 */
export function completeCancellation(
  store: RecordStore,
  id: string,
  patch: ExecutionPatch,
): Promise<Execution | undefined> {
  return store.transitionExecution(id, ['canceling'], {
    ...patch,
    status: 'canceled',
    error: patch.error ?? 'Execution was canceled',
    end_timestamp: patch.end_timestamp ?? new Date().toISOString(),
  });
}
