import type Database from 'better-sqlite3';
import type { Enforcement } from '../../domain/enforcement.js';
import type { Execution, ExecutionPatch } from '../../domain/execution.js';
import type { KeyValuePair } from '../../domain/key-value.js';
import type { TriggerInstance, TriggerInstanceStatus } from '../../domain/trigger.js';
import { NotFoundError } from '../../common/errors.js';
import { buildListQuery, type ListFilters, type SqlDialect } from '../list-query.js';
import { loadMigrations, runMigrations } from '../migrations.js';
import {
  ENFORCEMENT_COLUMNS,
  EXECUTION_COLUMNS,
  TRIGGER_INSTANCE_COLUMNS,
  enforcementValues,
  executionPatchAssignments,
  executionValues,
  expireMs,
  rowToEnforcement,
  rowToExecution,
  rowToKeyValuePair,
  rowToTriggerInstance,
  triggerInstanceValues,
  type Row,
  type SqlValue,
} from '../record-rows.js';
import type { ListQuery, Store } from '../store.js';
import { closedStoreError, storeError } from '../store-errors.js';
import { BatchOpError, createWriteBatcher, type BatchRunner } from '../write-batcher.js';
import { sqliteDeploymentMethods } from './sqlite-deployments.js';
import { migrationTarget, openDatabase } from './sqlite-setup.js';

export interface SqliteStoreOptions {
  /** Database file; its folder is created when missing. `:memory:` for a throwaway store. */
  path: string;
  /**
   * `full` fsyncs the WAL at every commit, so a resolved write survives a power loss; `normal`
   * survives a crash of the process but may lose the last commits on power loss.
   * @default 'full'
   */
  synchronous?: 'full' | 'normal';
  /** How long to wait for another connection's lock (e.g. a CLI reading) before failing. @default 5000 */
  busyTimeoutMs?: number;
  /** Writes grouped into one transaction at most. @default 1000 */
  maxBatchSize?: number;
}

const DIALECT: SqlDialect = { placeholder: () => '?', unlimited: -1 };

function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}

const INSERT_TRIGGER_INSTANCE = insertSql('trigger_instances', TRIGGER_INSTANCE_COLUMNS);
const INSERT_ENFORCEMENT = insertSql('enforcements', ENFORCEMENT_COLUMNS);
const INSERT_EXECUTION = insertSql('executions', EXECUTION_COLUMNS);

function isDuplicate(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** A Store on one SQLite file (WAL mode) for a single process; concurrent writes are group-committed. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const db = openDatabase(options);
  const statements = new Map<string, Database.Statement>();
  let closed = false;

  const statement = (sql: string): Database.Statement => {
    let prepared = statements.get(sql);
    if (!prepared) {
      prepared = db.prepare(sql);
      statements.set(sql, prepared);
    }
    return prepared;
  };

  const runBatch: BatchRunner<Database.Database> = async (ops) => {
    statement('BEGIN IMMEDIATE').run();
    const results: unknown[] = [];
    try {
      for (let i = 0; i < ops.length; i++) {
        try {
          results.push(ops[i]!(db));
        } catch (error) {
          throw new BatchOpError(i, error);
        }
      }
      statement('COMMIT').run();
    } catch (error) {
      if (db.inTransaction) statement('ROLLBACK').run();
      throw error;
    }
    return results;
  };
  const batcher = createWriteBatcher({
    run: runBatch,
    maxBatchSize: options.maxBatchSize,
    name: 'store (sqlite)',
  });

  const write = <T>(action: string, op: () => T): Promise<Awaited<T>> =>
    batcher.write(() => {
      try {
        return op();
      } catch (error) {
        throw storeError('sqlite', action, error, isDuplicate(error));
      }
    });

  // A read joins the pending group commit instead of forcing its own: it runs inside the batch's
  // transaction after the writes queued before it, and resolves once they are committed.
  const read = async <T>(action: string, op: () => T): Promise<T> => {
    if (closed) throw closedStoreError('sqlite');
    return batcher.write(() => {
      try {
        return op();
      } catch (error) {
        throw storeError('sqlite', action, error, false);
      }
    }) as Promise<T>;
  };

  const list = <T>(
    table: string,
    filters: ListFilters,
    query: ListQuery,
    map: (row: Row) => T,
  ): Promise<T[]> =>
    read(`listing ${table}`, () => {
      const { sql, params } = buildListQuery(table, filters, query, DIALECT);
      return (statement(sql).all(...params) as Row[]).map(map);
    });

  const liveKey = '(expire_ms IS NULL OR expire_ms > ?)';

  return {
    driver: 'sqlite',
    capabilities: { multiProcess: false },

    async migrate() {
      if (closed) throw closedStoreError('sqlite');
      await batcher.flush();
      await runMigrations(migrationTarget(db), loadMigrations('sqlite'));
    },

    async close() {
      if (closed) return;
      await batcher.close();
      closed = true;
      db.close();
    },

    async insertTriggerInstance(instance: TriggerInstance) {
      const values = triggerInstanceValues(instance);
      return write(`inserting trigger instance ${instance.id}`, () => {
        statement(INSERT_TRIGGER_INSTANCE).run(...values);
      });
    },

    setTriggerInstanceStatus(id: string, status: TriggerInstanceStatus, error?: string) {
      return write(`updating trigger instance ${id}`, () => {
        const sql = 'UPDATE trigger_instances SET status = ?, error = ? WHERE id = ?';
        if (statement(sql).run(status, error ?? null, id).changes === 0) {
          throw new NotFoundError(`store: trigger instance ${id} does not exist`, {
            code: 'E_STORE_NOT_FOUND',
          });
        }
      });
    },

    getTriggerInstance(id: string) {
      return read(`reading trigger instance ${id}`, () => {
        const row = statement('SELECT * FROM trigger_instances WHERE id = ?').get(id) as Row | undefined;
        return row && rowToTriggerInstance(row);
      });
    },

    listTriggerInstances(query = {}) {
      const { trigger, status, trace_id } = query;
      return list('trigger_instances', { trigger, status, trace_id }, query, rowToTriggerInstance);
    },

    async insertEnforcement(enforcement: Enforcement) {
      const values = enforcementValues(enforcement);
      return write(`inserting enforcement ${enforcement.id}`, () => {
        statement(INSERT_ENFORCEMENT).run(...values);
      });
    },

    listEnforcements(query = {}) {
      const { rule, trigger_instance, execution } = query;
      return list('enforcements', { rule, trigger_instance, execution }, query, rowToEnforcement);
    },

    async insertExecution(execution: Execution) {
      const values = executionValues(execution);
      return write(`inserting execution ${execution.id}`, () => {
        statement(INSERT_EXECUTION).run(...values);
      });
    },

    async updateExecution(id: string, patch: ExecutionPatch) {
      const [columns, values] = executionPatchAssignments(id, patch);
      return write(`updating execution ${id}`, () => {
        const sets = columns.length > 0 ? columns.map((c) => `${c} = ?`).join(', ') : 'id = id';
        const sql = `UPDATE executions SET ${sets} WHERE id = ? RETURNING *`;
        const row = statement(sql).get(...values, id) as Row | undefined;
        if (!row)
          throw new NotFoundError(`store: execution ${id} does not exist`, { code: 'E_STORE_NOT_FOUND' });
        return rowToExecution(row);
      });
    },

    getExecution(id: string) {
      return read(`reading execution ${id}`, () => {
        const row = statement('SELECT * FROM executions WHERE id = ?').get(id) as Row | undefined;
        return row && rowToExecution(row);
      });
    },

    listExecutions(query = {}) {
      const { action, status, rule, trigger_instance, parent, trace_id } = query;
      const filters = { action, status, rule, trigger_instance, parent, trace_id };
      return list('executions', filters, query, rowToExecution);
    },

    abandonRunningExecutions(reason: string) {
      return write('abandoning running executions', () => {
        const sql =
          "UPDATE executions SET status = 'abandoned', error = ?, end_timestamp = ? WHERE status = 'running' RETURNING *";
        const rows = statement(sql).all(reason, new Date().toISOString()) as Row[];
        return rows.map(rowToExecution).sort((a, b) => (a.id < b.id ? 1 : -1));
      });
    },

    async putKey(pair: KeyValuePair) {
      const values: SqlValue[] = [pair.scope, pair.key, pair.value, pair.secret ? 1 : 0, pair.expire_at];
      values.push(expireMs(pair), pair.updated_at);
      return write(`writing key ${pair.scope}/${pair.key}`, () => {
        statement('DELETE FROM key_value_pairs WHERE expire_ms <= ?').run(Date.now());
        statement(
          `INSERT INTO key_value_pairs (scope, key, value, secret, expire_at, expire_ms, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, secret = excluded.secret,
             expire_at = excluded.expire_at, expire_ms = excluded.expire_ms, updated_at = excluded.updated_at`,
        ).run(...values);
      });
    },

    getKey(scope: string, key: string) {
      return read(`reading key ${scope}/${key}`, () => {
        const sql = `SELECT * FROM key_value_pairs WHERE scope = ? AND key = ? AND ${liveKey}`;
        const row = statement(sql).get(scope, key, Date.now()) as Row | undefined;
        return row && rowToKeyValuePair(row);
      });
    },

    listKeys(scope?: string, prefix?: string) {
      return read('listing keys', () => {
        const where = [liveKey];
        const params: SqlValue[] = [Date.now()];
        if (scope !== undefined) {
          where.push('scope = ?');
          params.push(scope);
        }
        if (prefix) {
          // substr counts characters, not UTF-16 units.
          where.push('substr(key, 1, ?) = ?');
          params.push([...prefix].length, prefix);
        }
        const sql = `SELECT * FROM key_value_pairs WHERE ${where.join(' AND ')} ORDER BY scope, key`;
        return (statement(sql).all(...params) as Row[]).map(rowToKeyValuePair);
      });
    },

    deleteKey(scope: string, key: string) {
      return write(`deleting key ${scope}/${key}`, () => {
        const sql = 'DELETE FROM key_value_pairs WHERE scope = ? AND key = ? RETURNING expire_ms';
        const rows = statement(sql).all(scope, key) as { expire_ms: number | null }[];
        const now = Date.now();
        return rows.some((row) => row.expire_ms === null || row.expire_ms > now);
      });
    },

    ...sqliteDeploymentMethods({ write, read, statement }),
  };
}
