/** StackStorm's workflow and task statuses (orquesta/statuses.py), as plain strings. */
export type Status =
  | 'null'
  | 'requested'
  | 'scheduled'
  | 'delayed'
  | 'running'
  | 'pending'
  | 'pausing'
  | 'paused'
  | 'resuming'
  | 'succeeded'
  | 'failed'
  | 'timeout'
  | 'abandoned'
  | 'retrying'
  | 'canceling'
  | 'canceled';

/** What an action execution reports about itself. */
export type ActionStatus = Exclude<Status, 'null' | 'retrying'>;

export const UNSET: Status = 'null';

const set = (...statuses: Status[]): ReadonlySet<Status> => new Set(statuses);

export const STARTING = set('requested', 'scheduled', 'delayed', 'running', 'pending');
export const RUNNING = set('requested', 'scheduled', 'delayed', 'running', 'resuming', 'retrying');
export const ACTIVE = set('requested', 'scheduled', 'delayed', 'running', 'resuming', 'pausing', 'canceling');
export const ABENDED = set('failed', 'timeout', 'abandoned');
export const COMPLETED = set('succeeded', 'failed', 'timeout', 'abandoned', 'canceled');

export function isCompleted(status: Status | undefined): boolean {
  return status !== undefined && COMPLETED.has(status);
}
