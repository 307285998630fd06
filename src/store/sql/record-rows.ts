import type { Enforcement, EnforcementStatus } from '../../domain/enforcement.js';
import type { Execution, ExecutionPatch, ExecutionStatus } from '../../domain/execution.js';
import type { TriggerInstance, TriggerInstanceStatus } from '../../domain/trigger.js';
import type { CriterionResult } from '../../snapshot/model/rule-definition.js';
import { ValidationError } from '../../common/errors.js';
import { fromJson, text, textOrNull, toJson } from './column-values.js';
import type { RecordTableSpec } from './record-table.js';
import type { Row, SqlValue } from './sql-dialect.js';

// Mapping between trigger instances, enforcements, executions and their rows, for both dialects.

const TRIGGER_INSTANCE_COLUMNS = [
  'id',
  'trigger',
  'trigger_parameters',
  'payload',
  'occurrence_time',
  'trace_id',
  'status',
  'error',
] as const;

const ENFORCEMENT_COLUMNS = [
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

const EXECUTION_COLUMNS = [
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

function triggerInstanceValues(t: TriggerInstance): SqlValue[] {
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

function rowToTriggerInstance(row: Row): TriggerInstance {
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

function enforcementValues(e: Enforcement): SqlValue[] {
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

function rowToEnforcement(row: Row): Enforcement {
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

function executionValues(e: Execution): SqlValue[] {
  return EXECUTION_COLUMNS.map((column) => executionValue(column, e[column], e.id));
}

/** The columns and values an execution patch sets; keys whose value is `undefined` are left alone. */
function executionPatchAssignments(id: string, patch: ExecutionPatch): [string[], SqlValue[]] {
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

function rowToExecution(row: Row): Execution {
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

export const TRIGGER_INSTANCE_TABLE: RecordTableSpec<TriggerInstance> = {
  table: 'trigger_instances',
  what: 'trigger instance',
  key: 'id',
  columns: TRIGGER_INSTANCE_COLUMNS,
  values: triggerInstanceValues,
  fromRow: rowToTriggerInstance,
};

export const ENFORCEMENT_TABLE: RecordTableSpec<Enforcement> = {
  table: 'enforcements',
  what: 'enforcement',
  key: 'id',
  columns: ENFORCEMENT_COLUMNS,
  values: enforcementValues,
  fromRow: rowToEnforcement,
};

export const EXECUTION_TABLE: RecordTableSpec<Execution, ExecutionPatch> = {
  table: 'executions',
  what: 'execution',
  key: 'id',
  columns: EXECUTION_COLUMNS,
  values: executionValues,
  fromRow: rowToExecution,
  patch: executionPatchAssignments,
};
