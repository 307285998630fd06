/**
 * What the host stores as a workflow's state (`workflows.state`): the kind's own state and the
 * children still under way, so that a child's update is fed to its workflow once, even when it
 * comes both from the bus and from the scan at start.
 */
export interface HostState<State = unknown> {
  conductor: State;
  /** Request key → the child executing it, until its final status has been fed. */
  children: Record<string, PendingChild>;
}

export interface PendingChild {
  execution: string;
  tag?: unknown;
  /** The last waiting status (pending, paused) fed, so it is fed once. */
  fed?: string;
}

export function isHostState(value: unknown): value is HostState {
  return (
    typeof value === 'object' &&
    value !== null &&
    'conductor' in value &&
    'children' in value &&
    typeof (value as { children: unknown }).children === 'object'
  );
}

/** The request key of the pending child run by `execution`, if any. */
export function requestOf(state: HostState, execution: string): string | undefined {
  for (const [request, child] of Object.entries(state.children)) {
    if (child.execution === execution) return request;
  }
  return undefined;
}
