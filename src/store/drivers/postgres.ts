import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { Enforcement } from '../../domain/enforcement.js';
import type { Execution, ExecutionPatch } from '../../domain/execution.js';
import type { KeyValuePair } from '../../domain/key-value.js';
import type { TriggerInstance, TriggerInstanceStatus } from '../../domain/trigger.js';
import { NotFoundError } from '../../common/errors.js';
import { buildListQuery, type ListFilters, type SqlDialect } from '../list-query.js';
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
} from '../record-rows.js';
import type { ListQuery, Store } from '../store.js';
import { closedStoreError, storeError } from '../store-errors.js';
import { BatchOpError, createWriteBatcher, type BatchRunner } from '../write-batcher.js';
import { postgresDeploymentMethods } from './postgres-deployments.js';
import { checkSchemaName, createPool, loadPg, migratePostgres } from './postgres-setup.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database` */
  url: string;
  /** Schema holding Squall's tables; created by migrate(). @default 'public' */
  schema?: string;
  /** Connections in the pool; one of them is reserved for the write batches. @default 10 */
  poolSize?: number;
  /** Writes grouped into one transaction at most. @default 1000 */
  maxBatchSize?: number;
}

const DIALECT: SqlDialect = { placeholder: (n) => `$${n}`, unlimited: null };

function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
}

function isDuplicate(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}

function notFound(what: string, id: string): NotFoundError {
  return new NotFoundError(`store: ${what} ${id} does not exist`, { code: 'E_STORE_NOT_FOUND' });
}

/**
 * A Store on PostgreSQL, safe for several processes. Concurrent writes are group-committed on one
 * connection; reads use the rest of the pool. `pg` is loaded on first use.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = checkSchemaName(options.schema ?? 'public');
  const pg = await loadPg();
  const pool = createPool(pg, options.url, schema, Math.max(2, options.poolSize ?? 10));
  const statementNames = new Map<string, string>();
  let writer: PoolClient | undefined;
  let closed = false;

  /** Fixed statements are prepared once per connection. */
  const query = <R extends QueryResultRow = Row>(on: Pool | PoolClient, sql: string, values: unknown[]) => {
    let name = statementNames.get(sql);
    if (!name) {
      name = `squall_${statementNames.size}`;
      statementNames.set(sql, name);
    }
    return on.query<R>({ name, text: sql, values });
  };

  const dropWriter = (): void => {
    writer?.release(true);
    writer = undefined;
  };

  const runBatch: BatchRunner<PoolClient> = async (ops) => {
    const client = writer ?? (writer = await pool.connect());
    const results: unknown[] = [];
    try {
      await client.query('BEGIN');
    } catch (error) {
      dropWriter();
      throw error;
    }
    for (let i = 0; i < ops.length; i++) {
      try {
        results.push(await ops[i]!(client));
      } catch (error) {
        await client.query('ROLLBACK').catch(dropWriter);
        throw new BatchOpError(i, error);
      }
    }
    try {
      await client.query('COMMIT');
    } catch (error) {
      dropWriter();
      throw error;
    }
    return results;
  };
  const batcher = createWriteBatcher({
    run: runBatch,
    maxBatchSize: options.maxBatchSize,
    name: 'store (postgres)',
  });

  const write = <T>(action: string, op: (client: PoolClient) => Promise<T>): Promise<T> =>
    batcher.write(async (client: PoolClient) => {
      try {
        return await op(client);
      } catch (error) {
        throw storeError('postgres', action, error, isDuplicate(error));
      }
    }) as Promise<T>;

  const read = async <T>(action: string, op: () => Promise<T>): Promise<T> => {
    if (closed) throw closedStoreError('postgres');
    await batcher.flush();
    try {
      return await op();
    } catch (error) {
      throw storeError('postgres', action, error, false);
    }
  };

  const list = <T>(
    table: string,
    filters: ListFilters,
    listQuery: ListQuery,
    map: (row: Row) => T,
  ): Promise<T[]> =>
    read(`listing ${table}`, async () => {
      const { sql, params } = buildListQuery(table, filters, listQuery, DIALECT);
      return (await pool.query<Row>(sql, params)).rows.map(map);
    });

  return {
    driver: 'postgres',
    capabilities: { multiProcess: true },

    async migrate() {
      if (closed) throw closedStoreError('postgres');
      await batcher.flush();
      try {
        await migratePostgres(pool, schema);
      } catch (error) {
        throw storeError('postgres', `migrating schema ${schema}`, error, false);
      }
    },

    async close() {
      if (closed) return;
      await batcher.close();
      closed = true;
      writer?.release();
      writer = undefined;
      await pool.end();
    },

    async insertTriggerInstance(instance: TriggerInstance) {
      const values = triggerInstanceValues(instance);
      const sql = insertSql('trigger_instances', TRIGGER_INSTANCE_COLUMNS);
      await write(`inserting trigger instance ${instance.id}`, (client) => query(client, sql, values));
    },

    async setTriggerInstanceStatus(id: string, status: TriggerInstanceStatus, error?: string) {
      await write(`updating trigger instance ${id}`, async (client) => {
        const sql = 'UPDATE trigger_instances SET status = $1, error = $2 WHERE id = $3';
        if ((await query(client, sql, [status, error ?? null, id])).rowCount === 0) {
          throw notFound('trigger instance', id);
        }
      });
    },

    getTriggerInstance(id: string) {
      return read(`reading trigger instance ${id}`, async () => {
        const row = (await query(pool, 'SELECT * FROM trigger_instances WHERE id = $1', [id])).rows[0];
        return row && rowToTriggerInstance(row);
      });
    },

    listTriggerInstances(listQuery = {}) {
      const { trigger, status, trace_id } = listQuery;
      return list('trigger_instances', { trigger, status, trace_id }, listQuery, rowToTriggerInstance);
    },

    async insertEnforcement(enforcement: Enforcement) {
      const values = enforcementValues(enforcement);
      const sql = insertSql('enforcements', ENFORCEMENT_COLUMNS);
      await write(`inserting enforcement ${enforcement.id}`, (client) => query(client, sql, values));
    },

    listEnforcements(listQuery = {}) {
      const { rule, trigger_instance, execution } = listQuery;
      return list('enforcements', { rule, trigger_instance, execution }, listQuery, rowToEnforcement);
    },

    async insertExecution(execution: Execution) {
      const values = executionValues(execution);
      const sql = insertSql('executions', EXECUTION_COLUMNS);
      await write(`inserting execution ${execution.id}`, (client) => query(client, sql, values));
    },

    async updateExecution(id: string, patch: ExecutionPatch) {
      const [columns, values] = executionPatchAssignments(id, patch);
      const sets = columns.length > 0 ? columns.map((c, i) => `${c} = $${i + 1}`).join(', ') : 'id = id';
      const sql = `UPDATE executions SET ${sets} WHERE id = $${columns.length + 1} RETURNING *`;
      return write(`updating execution ${id}`, async (client) => {
        const row = (await query(client, sql, [...values, id])).rows[0];
        if (!row) throw notFound('execution', id);
        return rowToExecution(row);
      });
    },

    getExecution(id: string) {
      return read(`reading execution ${id}`, async () => {
        const row = (await query(pool, 'SELECT * FROM executions WHERE id = $1', [id])).rows[0];
        return row && rowToExecution(row);
      });
    },

    listExecutions(listQuery = {}) {
      const { action, status, rule, trigger_instance, parent, trace_id } = listQuery;
      const filters = { action, status, rule, trigger_instance, parent, trace_id };
      return list('executions', filters, listQuery, rowToExecution);
    },

    abandonRunningExecutions(reason: string) {
      return write('abandoning running executions', async (client) => {
        const sql =
          "UPDATE executions SET status = 'abandoned', error = $1, end_timestamp = $2 WHERE status = 'running' RETURNING *";
        const rows = (await query(client, sql, [reason, new Date().toISOString()])).rows;
        return rows.map(rowToExecution).sort((a, b) => (a.id < b.id ? 1 : -1));
      });
    },

    async putKey(pair: KeyValuePair) {
      const values = [
        pair.scope,
        pair.key,
        pair.value,
        pair.secret,
        pair.expire_at,
        expireMs(pair),
        pair.updated_at,
      ];
      await write(`writing key ${pair.scope}/${pair.key}`, async (client) => {
        await query(client, 'DELETE FROM key_value_pairs WHERE expire_ms <= $1', [Date.now()]);
        await query(
          client,
          `INSERT INTO key_value_pairs (scope, key, value, secret, expire_at, expire_ms, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, secret = excluded.secret,
             expire_at = excluded.expire_at, expire_ms = excluded.expire_ms, updated_at = excluded.updated_at`,
          values,
        );
      });
    },

    getKey(scope: string, key: string) {
      return read(`reading key ${scope}/${key}`, async () => {
        const sql =
          'SELECT * FROM key_value_pairs WHERE scope = $1 AND key = $2 AND (expire_ms IS NULL OR expire_ms > $3)';
        const row = (await query(pool, sql, [scope, key, Date.now()])).rows[0];
        return row && rowToKeyValuePair(row);
      });
    },

    listKeys(scope?: string, prefix?: string) {
      return read('listing keys', async () => {
        const where = ['(expire_ms IS NULL OR expire_ms > $1)'];
        const params: unknown[] = [Date.now()];
        if (scope !== undefined) {
          params.push(scope);
          where.push(`scope = $${params.length}`);
        }
        if (prefix) {
          // left() counts characters, not UTF-16 units.
          params.push([...prefix].length, prefix);
          where.push(`left(key, $${params.length - 1}) = $${params.length}`);
        }
        const sql = `SELECT * FROM key_value_pairs WHERE ${where.join(' AND ')} ORDER BY scope, key`;
        return (await pool.query<Row>(sql, params)).rows.map(rowToKeyValuePair);
      });
    },

    deleteKey(scope: string, key: string) {
      return write(`deleting key ${scope}/${key}`, async (client) => {
        const sql = 'DELETE FROM key_value_pairs WHERE scope = $1 AND key = $2 RETURNING expire_ms';
        const rows = (await query<{ expire_ms: number | null }>(client, sql, [scope, key])).rows;
        const now = Date.now();
        return rows.some((row) => row.expire_ms === null || row.expire_ms > now);
      });
    },

    ...postgresDeploymentMethods({ pool, write, read, query }),
  };
}
