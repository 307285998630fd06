import type { TriggerInstanceStatus } from '../../domain/trigger.js';
import type { RecordStore } from '../record-store.js';
import { notFound } from '../store-errors.js';
import { equalityConditions } from './list-sql.js';
import { ENFORCEMENT_TABLE, EXECUTION_TABLE, TRIGGER_INSTANCE_TABLE } from './record-rows.js';
import { recordTable } from './record-table.js';
import type { SqlConnection } from './sql-connection.js';
import { statementBuilder } from './sql-dialect.js';

const newestFirst = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? 1 : -1);

/** Trigger instances, enforcements and executions in the tables of migration 0001. */
export function sqlRecordStore(connection: SqlConnection): RecordStore {
  const { dialect, write } = connection;
  const instances = recordTable(connection, TRIGGER_INSTANCE_TABLE);
  const enforcements = recordTable(connection, ENFORCEMENT_TABLE);
  const executions = recordTable(connection, EXECUTION_TABLE);

  return {
    insertTriggerInstance: (instance) => instances.insert(instance),

    // Not update(): RETURNING would read back the payload on every event's way.
    async setTriggerInstanceStatus(id: string, status: TriggerInstanceStatus, error?: string) {
      const b = statementBuilder(dialect);
      const sql = `UPDATE trigger_instances SET status = ${b.next(status)}, error = ${b.next(error ?? null)} WHERE id = ${b.next(id)}`;
      const { changes } = await write(`updating trigger instance ${id}`, [b.build(sql)]);
      if (changes === 0) throw notFound('trigger instance', id);
    },

    getTriggerInstance: (id) => instances.get(id),

    listTriggerInstances(query = {}) {
      const { trigger, status, trace_id } = query;
      return instances.list(query, equalityConditions({ trigger, status, trace_id }));
    },

    insertEnforcement: (enforcement) => enforcements.insert(enforcement),

    listEnforcements(query = {}) {
      const { rule, trigger_instance, execution } = query;
      return enforcements.list(query, equalityConditions({ rule, trigger_instance, execution }));
    },

    insertExecution: (execution) => executions.insert(execution),
    updateExecution: (id, patch) => executions.update(id, patch),
    getExecution: (id) => executions.get(id),

    listExecutions(query = {}) {
      const { action, status, rule, trigger_instance, parent, trace_id } = query;
      return executions.list(
        query,
        equalityConditions({ action, status, rule, trigger_instance, parent, trace_id }),
      );
    },

    async abandonRunningExecutions(reason: string) {
      const b = statementBuilder(dialect);
      const sql =
        `UPDATE executions SET status = 'abandoned', error = ${b.next(reason)},` +
        ` end_timestamp = ${b.next(new Date().toISOString())} WHERE status = 'running' RETURNING *`;
      const { rows } = await write('abandoning running executions', [b.build(sql)]);
      return rows.map(EXECUTION_TABLE.fromRow).sort(newestFirst);
    },
  };
}
