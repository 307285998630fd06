import type { WorkflowStep } from '../../domain/workflow.js';
import type { WorkflowStore } from '../workflow-store.js';
import { notFound } from '../store-errors.js';
import { EXECUTION_TABLE } from './record-rows.js';
import { recordTable } from './record-table.js';
import { firstRow, type SqlConnection } from './sql-connection.js';
import { fixedStatement, insertStatement, statementBuilder, type SqlStatement } from './sql-dialect.js';
import { WORKFLOW_TABLE } from './workflow-rows.js';

/** Workflow states and their child executions in the tables of migration 0010. */
export function sqlWorkflowStore(connection: SqlConnection): WorkflowStore {
  const { dialect, write, read } = connection;
  const workflows = recordTable(connection, WORKFLOW_TABLE);
  const putWorkflow = insertStatement(
    WORKFLOW_TABLE.table,
    WORKFLOW_TABLE.columns,
    dialect,
    WORKFLOW_TABLE.upsert,
  );
  const insertExecution = insertStatement('executions', EXECUTION_TABLE.columns, dialect);
  const insertChild = insertStatement(
    'workflow_children',
    ['execution', 'workflow', 'request', 'due_ms'],
    dialect,
  );
  const unfinished = fixedStatement(
    dialect,
    () => 'SELECT * FROM workflows WHERE finished = 0 ORDER BY execution',
  );
  const claimDue = fixedStatement(
    dialect,
    (p) =>
      "UPDATE executions SET status = 'requested' WHERE status = 'delayed' AND id IN" +
      ` (SELECT execution FROM workflow_children WHERE due_ms <= ${p(1)}) RETURNING *`,
  );
  const nextDue = fixedStatement(
    dialect,
    () =>
      'SELECT MIN(c.due_ms) AS due FROM workflow_children c JOIN executions e ON e.id = c.execution' +
      " WHERE c.due_ms IS NOT NULL AND e.status = 'delayed'",
  );
  const parentRow = firstRow(EXECUTION_TABLE.fromRow);

  function parentUpdate(id: string, step: WorkflowStep): SqlStatement {
    const [columns, values] = EXECUTION_TABLE.patch!(id, step.parent!);
    const b = statementBuilder(dialect);
    const sets = columns.map((column, i) => `${column} = ${b.next(values[i] ?? null)}`).join(', ');
    const sql = `UPDATE executions SET ${sets || 'id = id'} WHERE id = ${b.next(id)} RETURNING *`;
    return b.build(sql);
  }

  return {
    async commitWorkflowStep(step) {
      const id = step.workflow.execution;
      const statements = [putWorkflow(...WORKFLOW_TABLE.values(step.workflow))];
      for (const child of step.children) {
        statements.push(insertExecution(...EXECUTION_TABLE.values(child.execution)));
        statements.push(insertChild(child.execution.id, id, child.request, child.due_ms));
      }
      if (!step.parent) {
        return write(`writing workflow ${id}`, statements, () => undefined);
      }
      statements.push(parentUpdate(id, step));
      return write(`writing workflow ${id}`, statements, ({ rows }) => {
        const parent = parentRow(rows);
        if (!parent) throw notFound('execution', id);
        return parent;
      });
    },

    getWorkflow: (execution) => workflows.get(execution),

    listUnfinishedWorkflows() {
      return read('listing unfinished workflows', unfinished(), (rows) => rows.map(WORKFLOW_TABLE.fromRow));
    },

    claimDueWorkflowChildren(now) {
      return write('claiming due workflow tasks', [claimDue(now)], ({ rows }) =>
        rows.map(EXECUTION_TABLE.fromRow).sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
    },

    nextWorkflowChildDue() {
      return read('reading the next workflow task due', nextDue(), (rows) => {
        const due = rows[0]?.['due'];
        return due === null || due === undefined ? undefined : Number(due);
      });
    },
  };
}
