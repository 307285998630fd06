import type { Pool, PoolClient } from 'pg';
import type { SqlConnection, SqlResult } from '../sql/sql-connection.js';
import type { Row, SqlDialect, SqlStatement } from '../sql/sql-dialect.js';
import { sqlStore } from '../sql/sql-store.js';
import type { Store } from '../store.js';
import { closedStoreError, storeError } from '../store-errors.js';
import { BatchOpError, createWriteBatcher, type BatchRunner } from '../write-batcher.js';
import { createPostgresChangeFeed } from './postgres-listener.js';
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

const DIALECT: SqlDialect = {
  placeholder: (n) => `$${n}`,
  unlimited: null,
  position: (haystack, needle) => `strpos(${haystack}, ${needle})`,
  // left() counts characters, not UTF-16 units.
  leftChars: (text, count) => `left(${text}, ${count})`,
};

const NO_RESULT: SqlResult = { rows: [], changes: 0 };

function isDuplicate(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
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
  const changes = createPostgresChangeFeed(pg, options.url, schema);

  /** Fixed statements are prepared once per connection. */
  const run = async (on: Pool | PoolClient, { sql, params, prepare }: SqlStatement): Promise<SqlResult> => {
    let name = prepare ? statementNames.get(sql) : undefined;
    if (prepare && !name) {
      name = `squall_${statementNames.size}`;
      statementNames.set(sql, name);
    }
    const result = await on.query<Row>(
      name ? { name, text: sql, values: params } : { text: sql, values: params },
    );
    return { rows: result.rows, changes: result.rowCount ?? 0 };
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

  const connection: SqlConnection = {
    dialect: DIALECT,
    write: (action, batch, result) =>
      batcher.write(async (client: PoolClient) => {
        try {
          let last = NO_RESULT;
          for (const statement of batch) last = await run(client, statement);
          return result(last);
        } catch (error) {
          throw storeError('postgres', action, error, isDuplicate(error));
        }
      }),
    read: async (action, statement, result) => {
      if (closed) throw closedStoreError('postgres');
      await batcher.flush();
      try {
        return result((await run(pool, statement)).rows);
      } catch (error) {
        throw storeError('postgres', action, error, false);
      }
    },
  };

  return sqlStore(
    {
      driver: 'postgres',
      capabilities: { multiProcess: true },
      changes,
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
        await changes.close();
        writer?.release();
        writer = undefined;
        await pool.end();
      },
    },
    connection,
  );
}
