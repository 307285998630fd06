import type { Enforcement, EnforcementStatus } from '../domain/enforcement.js';
import type { Execution, ExecutionPatch, ExecutionStatus } from '../domain/execution.js';
import type { KeyValuePair } from '../domain/key-value.js';
import type { TriggerInstance, TriggerInstanceStatus } from '../domain/trigger.js';
import type { CriterionResult } from '../snapshot/model/rule-definition.js';
import { ValidationError, errorMessage } from '../common/errors.js';

/**
 * Mapping between records and table rows, shared by the SQL drivers. JSON columns travel as JSON
 * text both ways (the PostgreSQL driver turns off pg's json parsing), so one mapping serves both.
 */
export type Row = Record<string, unknown>;

export const TRIGGER_INSTANCE_COLUMNS = [
  'id',
  'trigger',
  'trigger_parameters',
  'payload',
  'occurrence_time',
  'trace_id',
  'status',
  'error',
] as const;

export const ENFORCEMENT_COLUMNS = [
  'id',
  'rule',
  'trigger_instance',
  'execution',
  'status',
  'failure_reason',
  'criteria',
  'enforced_at',
  'trace_id',
] as const;

export const EXECUTION_COLUMNS = [
  'id',
  'action',
  'runner',
  'parameters',
  'secret_parameters',
  'status',
  'result',
  'stdout',
  'stderr',
  'exit_code',
  'error',
  'created_at',
  'start_timestamp',
  'end_timestamp',
  'trigger_instance',
  'rule',
  'enforcement',
  'parent',
  'trace_id',
  'context',
] as const;

const EXECUTION_JSON_COLUMNS: ReadonlySet<string> = new Set(['parameters', 'result', 'context']);
const EXECUTION_FIXED_COLUMNS: ReadonlySet<string> = new Set(['id', 'action', 'created_at']);

export type SqlValue = string | number | null;

/** JSON text for a JSON column; `undefined` is stored as SQL NULL and comes back as `undefined`. */
export function toJson(value: unknown, what: string): string | null {
  if (value === undefined) return null;
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new ValidationError(`store: ${what} is not JSON-serialisable (${errorMessage(error)})`, {
      code: 'E_STORE_NOT_JSON',
      cause: error,
    });
  }
}

function fromJson(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  return JSON.parse(String(value));
}

function text(value: unknown): string {
  return String(value);
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function triggerInstanceValues(t: TriggerInstance): SqlValue[] {
  return [
    t.id,
    t.trigger,
    toJson(t.trigger_parameters, `trigger instance ${t.id} trigger_parameters`),
    toJson(t.payload, `trigger instance ${t.id} payload`),
    t.occurrence_time,
    t.trace_id,
    t.status,
    t.error ?? null,
  ];
}

export function rowToTriggerInstance(row: Row): TriggerInstance {
  const instance: TriggerInstance = {
    id: text(row['id']),
    trigger: text(row['trigger']),
    payload: fromJson(row['payload']),
    occurrence_time: text(row['occurrence_time']),
    trace_id: text(row['trace_id']),
    status: text(row['status']) as TriggerInstanceStatus,
  };
  const parameters = fromJson(row['trigger_parameters']);
  if (parameters !== undefined) instance.trigger_parameters = parameters as Record<string, unknown>;
  if (row['error'] !== null && row['error'] !== undefined) instance.error = text(row['error']);
  return instance;
}

export function enforcementValues(e: Enforcement): SqlValue[] {
  return [
    e.id,
    e.rule,
    e.trigger_instance,
    e.execution,
    e.status,
    e.failure_reason,
    toJson(e.criteria, `enforcement ${e.id} criteria`) ?? '[]',
    e.enforced_at,
    e.trace_id,
  ];
}

export function rowToEnforcement(row: Row): Enforcement {
  return {
    id: text(row['id']),
    rule: text(row['rule']),
    trigger_instance: text(row['trigger_instance']),
    execution: textOrNull(row['execution']),
    status: text(row['status']) as EnforcementStatus,
    failure_reason: textOrNull(row['failure_reason']),
    criteria: (fromJson(row['criteria']) ?? []) as CriterionResult[],
    enforced_at: text(row['enforced_at']),
    trace_id: text(row['trace_id']),
  };
}

function executionValue(column: string, value: unknown, id: string): SqlValue {
  if (EXECUTION_JSON_COLUMNS.has(column)) {
    const json = toJson(value, `execution ${id} ${column}`);
    return column === 'result' ? json : (json ?? '{}');
  }
  if (value === undefined || value === null) return null;
  if (column === 'exit_code') return Number(value);
  return String(value);
}

export function executionValues(e: Execution): SqlValue[] {
  return EXECUTION_COLUMNS.map((column) => executionValue(column, e[column], e.id));
}

/** The columns and values an execution patch sets; keys whose value is `undefined` are left alone. */
export function executionPatchAssignments(id: string, patch: ExecutionPatch): [string[], SqlValue[]] {
  const columns: string[] = [];
  const values: SqlValue[] = [];
  for (const [column, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (!(EXECUTION_COLUMNS as readonly string[]).includes(column) || EXECUTION_FIXED_COLUMNS.has(column)) {
      throw new ValidationError(
        `store: cannot update execution ${id}: "${column}" is not an updatable execution field`,
        { code: 'E_STORE_BAD_PATCH' },
      );
    }
    columns.push(column);
    values.push(executionValue(column, value, id));
  }
  return [columns, values];
}

export function rowToExecution(row: Row): Execution {
  const exitCode = row['exit_code'];
  return {
    id: text(row['id']),
    action: text(row['action']),
    runner: text(row['runner']),
    parameters: (fromJson(row['parameters']) ?? {}) as Record<string, unknown>,
    secret_parameters: textOrNull(row['secret_parameters']),
    status: text(row['status']) as ExecutionStatus,
    result: fromJson(row['result']),
    stdout: text(row['stdout']),
    stderr: text(row['stderr']),
    exit_code: exitCode === null || exitCode === undefined ? null : Number(exitCode),
    error: textOrNull(row['error']),
    created_at: text(row['created_at']),
    start_timestamp: textOrNull(row['start_timestamp']),
    end_timestamp: textOrNull(row['end_timestamp']),
    trigger_instance: textOrNull(row['trigger_instance']),
    rule: textOrNull(row['rule']),
    enforcement: textOrNull(row['enforcement']),
    parent: textOrNull(row['parent']),
    trace_id: text(row['trace_id']),
    context: (fromJson(row['context']) ?? {}) as Record<string, unknown>,
  };
}

/** Epoch milliseconds of a pair's expiry, or null; an unparseable expire_at is a ValidationError. */
export function expireMs(pair: KeyValuePair): number | null {
  if (pair.expire_at === null) return null;
  const ms = Date.parse(pair.expire_at);
  if (Number.isNaN(ms)) {
    throw new ValidationError(
      `store: key ${pair.scope}/${pair.key} has expire_at "${pair.expire_at}", which is not an ISO-8601 time`,
      { code: 'E_STORE_BAD_EXPIRY' },
    );
  }
  return ms;
}

export function rowToKeyValuePair(row: Row): KeyValuePair {
  return {
    scope: text(row['scope']),
    key: text(row['key']),
    value: text(row['value']),
    secret: row['secret'] === true || Number(row['secret']) === 1,
    expire_at: textOrNull(row['expire_at']),
    updated_at: text(row['updated_at']),
  };
}
