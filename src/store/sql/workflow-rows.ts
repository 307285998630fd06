import type { WorkflowKind, WorkflowRecord } from '../../domain/workflow.js';
import { flag, fromJson, isSet, text, toJson } from './column-values.js';
import type { RecordTableSpec } from './record-table.js';
import type { Row, SqlValue } from './sql-dialect.js';

// Mapping between workflow records and their rows (migration 0010), for both dialects.

const WORKFLOW_COLUMNS = ['execution', 'kind', 'status', 'state', 'finished', 'updated_at'] as const;

function workflowValues(w: WorkflowRecord): SqlValue[] {
  return [
    w.execution,
    w.kind,
    w.status,
    toJson(w.state, `workflow ${w.execution} state`) ?? 'null',
    flag(w.finished),
    w.updated_at,
  ];
}

function rowToWorkflow(row: Row): WorkflowRecord {
  return {
    execution: text(row['execution']),
    kind: text(row['kind']) as WorkflowKind,
    status: text(row['status']),
    state: fromJson(row['state']) ?? null,
    finished: isSet(row['finished']),
    updated_at: text(row['updated_at']),
  };
}

export const WORKFLOW_TABLE: RecordTableSpec<WorkflowRecord> = {
  table: 'workflows',
  what: 'workflow',
  key: 'execution',
  columns: WORKFLOW_COLUMNS,
  values: workflowValues,
  fromRow: rowToWorkflow,
  upsert:
    ' ON CONFLICT (execution) DO UPDATE SET status = excluded.status, state = excluded.state,' +
    ' finished = excluded.finished, updated_at = excluded.updated_at',
};
