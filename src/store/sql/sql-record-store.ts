import type { TriggerInstanceStatus } from '../../domain/trigger.js';
import type { RecordStore } from '../record-store.js';
import { notFound } from '../store-errors.js';
import { allConditions, equalityConditions, exclusionCondition, rangeConditions } from './list-sql.js';
import { ENFORCEMENT_TABLE, EXECUTION_TABLE, TRIGGER_INSTANCE_TABLE } from './record-rows.js';
import { recordTable } from './record-table.js';
import type { SqlConnection } from './sql-connection.js';
import { fixedStatement, insertStatement } from './sql-dialect.js';

const newestFirst = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? 1 : -1);

/** Trigger instances, enforcements and executions in the tables of migration 0001. */
export function sqlRecordStore(connection: SqlConnection): RecordStore {
  const { dialect, write } = connection;
  const instances = recordTable(connection, TRIGGER_INSTANCE_TABLE);
  const enforcements = recordTable(connection, ENFORCEMENT_TABLE);
  const executions = recordTable(connection, EXECUTION_TABLE);
  const setStatus = fixedStatement(
    dialect,
    (p) => `UPDATE trigger_instances SET status = ${p(1)}, error = ${p(2)} WHERE id = ${p(3)}`,
  );
  const enforceOnce = insertStatement(
    'enforcements',
    [...ENFORCEMENT_TABLE.columns, 'once_key'],
    dialect,
    ' ON CONFLICT (once_key) DO NOTHING',
  );
  // Inserted only when the enforcement above was: both or neither, in one transaction.
  const executionIfEnforced = fixedStatement(dialect, (p) => {
    const values = EXECUTION_TABLE.columns.map((_, i) => p(i + 1)).join(', ');
    const enforcement = p(EXECUTION_TABLE.columns.length + 1);
    return (
      `INSERT INTO executions (${EXECUTION_TABLE.columns.join(', ')}) SELECT ${values}` +
      ` WHERE EXISTS (SELECT 1 FROM enforcements WHERE id = ${enforcement})`
    );
  });
  const abandon = fixedStatement(
    dialect,
    (p) =>
      `UPDATE executions SET status = 'abandoned', error = ${p(1)}, end_timestamp = ${p(2)}` +
      // A running workflow is state in the store, not a process: it goes on after a restart.
      " WHERE status = 'running' AND id NOT IN (SELECT execution FROM workflows WHERE finished = 0)" +
      ' RETURNING *',
  );

  return {
    insertTriggerInstance: (instance) => instances.insert(instance),

    // Not update(): RETURNING would read back the payload on every event's way.
    setTriggerInstanceStatus(id: string, status: TriggerInstanceStatus, error?: string) {
      return write(
        `updating trigger instance ${id}`,
        [setStatus(status, error ?? null, id)],
        ({ changes }) => {
          if (changes === 0) throw notFound('trigger instance', id);
        },
      );
    },

    getTriggerInstance: (id) => instances.get(id),

    listTriggerInstances(query = {}) {
      const { trigger, status, trace_id } = query;
      return instances.list(query, equalityConditions({ trigger, status, trace_id }));
    },

    recordEnforcement(enforcement, execution) {
      const key = `${enforcement.trigger_instance} ${enforcement.rule}`;
      const statements = [enforceOnce(...ENFORCEMENT_TABLE.values(enforcement), key)];
      if (execution) {
        statements.push(executionIfEnforced(...EXECUTION_TABLE.values(execution), enforcement.id));
      }
      return write(`recording enforcement ${enforcement.id}`, statements, ({ changes }) => changes > 0);
    },

    listEnforcements(query = {}) {
      const { rule, trigger_instance, execution, status, trace_id } = query;
      const range = { after: query.enforced_at_gt, before: query.enforced_at_lt };
      return enforcements.list(
        query,
        allConditions(
          equalityConditions({ rule, trigger_instance, execution, status, trace_id }),
          rangeConditions({ enforced_at: range }),
        ),
      );
    },

    getEnforcement: (id) => enforcements.get(id),

    insertExecution: (execution) => executions.insert(execution),
    updateExecution: (id, patch) => executions.update(id, patch),
    transitionExecution: (id, from, patch) => executions.updateWhereIn(id, 'status', from, patch),
    getExecution: (id) => executions.get(id),

    listExecutions(query = {}) {
      const { action, status, rule, trigger_instance, parent, trace_id } = query;
      return executions.list(
        query,
        allConditions(
          equalityConditions({ action, status, rule, trigger_instance, parent, trace_id }),
          exclusionCondition('rule', query.exclude_rules),
        ),
      );
    },

    abandonRunningExecutions(reason: string) {
      const statement = abandon(reason, new Date().toISOString());
      return write('abandoning running executions', [statement], ({ rows }) =>
        rows.map(EXECUTION_TABLE.fromRow).sort(newestFirst),
      );
    },
  };
}
