import {
  AuthError,
  BackendError,
  ConflictError,
  NonRetriableError,
  NotFoundError,
  SquallError,
  ValidationError,
  errorMessage,
  type SourceLocation,
  type SquallErrorOptions,
} from '../../common/errors.js';
import type { Store } from '../store.js';

/** The Store methods the worker serves: every async method of the interface. */
export type StoreMethod = {
  [K in keyof Store]-?: Store[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof Store];

export const STORE_METHODS = [
  'migrate',
  'close',
  'insertTriggerInstance',
  'setTriggerInstanceStatus',
  'getTriggerInstance',
  'listTriggerInstances',
  'recordEnforcement',
  'listEnforcements',
  'getEnforcement',
  'insertExecution',
  'updateExecution',
  'transitionExecution',
  'getExecution',
  'listExecutions',
  'abandonRunningExecutions',
  'putKey',
  'getKey',
  'listKeys',
  'deleteKey',
  'insertDeployment',
  'updateDeployment',
  'getDeployment',
  'listDeployments',
  'confirmDeployment',
  'expirePendingDeployments',
  'putDeployedPack',
  'getDeployedPack',
  'listDeployedPacks',
  'claimDueRollbacks',
  'settleRollbackClaim',
  'commitWorkflowStep',
  'getWorkflow',
  'listUnfinishedWorkflows',
  'claimDueWorkflowChildren',
  'nextWorkflowChildDue',
  'appendExecutionOutput',
  'listExecutionOutput',
  'deleteHistoryBefore',
  'acquireLease',
  'releaseLease',
  'listLeases',
  'heartbeatNode',
  'listNodes',
  'removeNode',
  'putContentRevision',
  'latestContentRevision',
  'getContentRevision',
] as const satisfies readonly StoreMethod[];

// A method added to Store but not listed above fails to compile here.
type Unlisted = Exclude<StoreMethod, (typeof STORE_METHODS)[number]>;
export const EVERY_METHOD_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

/** One store call: its id, method and arguments. */
export type WorkerCall = [id: number, method: StoreMethod, args: unknown[]];

/** One call's outcome. */
export type WorkerReply = [id: number, ok: true, value: unknown] | [id: number, ok: false, error: WireError];

/*
 * Each side counts the messages it has received (a `messageerror`, a message that could not be
 * read, counts too: ports deliver in order), and keeps the call ids of the messages it sent until
 * the other side acknowledges them (`ack`: how many it has received). A message the other side could
 * not read is reported by its number, so only the calls in it fail and the thread carries on.
 */

/** main → worker: the calls issued in one tick, in order; or "your message number N was unreadable". */
export type MainMessage = { calls: WorkerCall[]; ack: number } | { lostReplies: number };

/** worker → main: outcomes in the order they settled; or "your message number N was unreadable". */
export type HostMessage =
  | { ready: true }
  | { openError: WireError }
  | { replies: WorkerReply[]; ack: number }
  | { lostCalls: number };

/** An error as it crosses the thread boundary (structured clone drops subclasses and own fields). */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
  location?: SourceLocation;
  stack?: string;
  cause?: { name: string; message: string; code?: string };
}

export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const wire: WireError = { name: error.name, message: error.message };
  if (error.stack !== undefined) wire.stack = error.stack;
  if (error instanceof SquallError) {
    wire.code = error.code;
    if (error.details) wire.details = error.details;
    if (error.location) wire.location = error.location;
  }
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    wire.cause = { name: cause.name, message: cause.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return wire;
}

type SquallErrorClass = new (message: string, options: SquallErrorOptions & { code?: string }) => SquallError;

const ERROR_CLASSES: Readonly<Record<string, SquallErrorClass>> = {
  ValidationError,
  NotFoundError,
  ConflictError,
  AuthError,
  NonRetriableError,
  BackendError,
};

/**
 * Rebuilds the worker's error as the same SquallError subclass with its code, message, details and
 * location, so callers' `instanceof` and `code` checks behave as with the in-thread store. Anything
 * else becomes a BackendError.
 */
export function fromWireError(wire: WireError): SquallError {
  const options: SquallErrorOptions & { code?: string } = {};
  if (wire.details) options.details = wire.details;
  if (wire.location) options.location = wire.location;
  if (wire.cause) {
    const cause = new Error(wire.cause.message);
    cause.name = wire.cause.name;
    if (wire.cause.code !== undefined) Object.assign(cause, { code: wire.cause.code });
    options.cause = cause;
  }
  const Class = Object.hasOwn(ERROR_CLASSES, wire.name) ? ERROR_CLASSES[wire.name] : undefined;
  let error: SquallError;
  if (Class && wire.code !== undefined) error = new Class(wire.message, { ...options, code: wire.code });
  else if (wire.name === 'SquallError' && wire.code !== undefined) {
    error = new SquallError(wire.code, wire.message, options);
  } else {
    error = new BackendError(`store (sqlite worker): ${wire.message}`, { ...options, code: 'E_STORE' });
  }
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}

/** The failure of the calls pending when the worker thread stopped; it is restarted for later calls. */
export function workerGoneError(detail: string): BackendError {
  return new BackendError(
    `store (sqlite worker): the worker thread stopped (${detail}); writes not yet answered may not be committed. The thread is restarted: retry the call`,
    { code: 'E_STORE_WORKER' },
  );
}

/** The failure of calls made while the worker thread cannot be restarted (the database cannot be opened). */
export function workerDownError(detail: string, retryAt: Date): BackendError {
  return new BackendError(
    `store (sqlite worker): the worker thread is down (${detail}); the next restart is at ${retryAt.toISOString()}. Check the database file is readable and writable`,
    { code: 'E_STORE_WORKER' },
  );
}

/** A call whose arguments or answer could not cross between threads (structured clone refused it). */
export function unreadableMessageError(direction: 'arguments' | 'answer', detail: string): BackendError {
  return new BackendError(
    `store (sqlite worker): the call's ${direction} could not be passed between threads (${detail}); the value nests too deeply or holds what cannot be copied. Payloads are bounded where they enter (docs/security.md); this call failed, the store keeps serving`,
    { code: 'E_STORE_MESSAGE' },
  );
}

/**
 * Arguments structured clone refuses (a function inside a payload, say) are stored as JSON would
 * store them: each field of a record goes through JSON, so `undefined` fields stay `undefined`.
 */
export function jsonSafeArgs(args: readonly unknown[]): unknown[] {
  return args.map((arg) => {
    if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return jsonValue(arg);
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(arg)) copy[key] = jsonValue(value);
    return copy;
  });
}

function jsonValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : (JSON.parse(json) as unknown);
  } catch (error) {
    throw new ValidationError(`store: a value is not JSON-serialisable (${errorMessage(error)})`, {
      code: 'E_STORE_NOT_JSON',
      cause: error,
    });
  }
}
