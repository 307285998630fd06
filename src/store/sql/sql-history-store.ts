import type { ExecutionOutputChunk, OutputType } from '../../domain/execution-output.js';
import { FINAL_STATUSES } from '../../domain/execution.js';
import type { HistoryKind, HistoryStore } from '../history-store.js';
import { nothing, type SqlConnection } from './sql-connection.js';
import { fixedStatement, insertStatement, type Row, type SqlDialect } from './sql-dialect.js';
import { text } from './column-values.js';

const OUTPUT_COLUMNS = [
  'id',
  'execution_id',
  'action_ref',
  'runner_ref',
  'output_type',
  'data',
  'timestamp',
] as const;

const quoted = (values: Iterable<string>): string => [...values].map((v) => `'${v}'`).join(', ');

/** What of each kind may go: only records whose story has ended. */
const DELETABLE: Record<HistoryKind, string> = {
  trigger_instances: "status <> 'pending'",
  enforcements: '1 = 1',
  executions: `status IN (${quoted(FINAL_STATUSES)})`,
  // The output of an execution still running is what `execution tail` follows: kept until it ends.
  execution_output: `execution_id NOT IN (SELECT id FROM executions WHERE status NOT IN (${quoted(FINAL_STATUSES)}))`,
};

/** Execution output chunks (migration 0031) and retention's batched deletes. */
export function sqlHistoryStore(connection: SqlConnection): HistoryStore {
  const { dialect, write, read } = connection;
  const insertChunk = insertStatement('execution_output', OUTPUT_COLUMNS, dialect);
  const allOutput = fixedStatement(
    dialect,
    (p) => `SELECT * FROM execution_output WHERE execution_id = ${p(1)} ORDER BY id`,
  );
  const outputOfType = fixedStatement(
    dialect,
    (p) =>
      `SELECT * FROM execution_output WHERE execution_id = ${p(1)} AND output_type = ${p(2)} ORDER BY id`,
  );
  const deletes = Object.fromEntries(
    (Object.keys(DELETABLE) as HistoryKind[]).map((kind) => [kind, deleteOldest(dialect, kind)]),
  ) as Record<HistoryKind, ReturnType<typeof deleteOldest>>;

  return {
    async appendExecutionOutput(chunks) {
      if (chunks.length === 0) return;
      const statements = chunks.map((chunk) => insertChunk(...OUTPUT_COLUMNS.map((column) => chunk[column])));
      await write(`storing output of execution ${chunks[0]?.execution_id ?? ''}`, statements, nothing);
    },

    listExecutionOutput(executionId: string, outputType?: OutputType) {
      const statement =
        outputType === undefined ? allOutput(executionId) : outputOfType(executionId, outputType);
      return read(`reading output of execution ${executionId}`, statement, (rows) => rows.map(rowToChunk));
    },

    deleteHistoryBefore(kind, beforeId, limit) {
      return write(`deleting old ${kind}`, [deletes[kind](beforeId, limit)], ({ changes }) => changes);
    },
  };
}

/** Deletes the oldest deletable rows below an id, a bounded batch per call (one short transaction). */
function deleteOldest(dialect: SqlDialect, kind: HistoryKind) {
  return fixedStatement(
    dialect,
    (p) =>
      `DELETE FROM ${kind} WHERE id IN (SELECT id FROM ${kind} WHERE id < ${p(1)} AND ${DELETABLE[kind]}` +
      ` ORDER BY id LIMIT ${p(2)})`,
  );
}

function rowToChunk(row: Row): ExecutionOutputChunk {
  return {
    id: text(row['id']),
    execution_id: text(row['execution_id']),
    action_ref: text(row['action_ref']),
    runner_ref: text(row['runner_ref']),
    output_type: text(row['output_type']) as OutputType,
    data: text(row['data']),
    timestamp: text(row['timestamp']),
  };
}
