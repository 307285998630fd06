import type Database from 'better-sqlite3';
import { loadMigrations, runMigrations } from '../migrations.js';
import type { SqlConnection, SqlResult } from '../sql/sql-connection.js';
import type { Row, SqlDialect, SqlStatement } from '../sql/sql-dialect.js';
import { sqlStore } from '../sql/sql-store.js';
import type { Store } from '../store.js';
import { closedStoreError, storeError } from '../store-errors.js';
import { BatchOpError, createWriteBatcher, type BatchRunner } from '../write-batcher.js';
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

const DIALECT: SqlDialect = {
  placeholder: () => '?',
  unlimited: -1,
  position: (haystack, needle) => `instr(${haystack}, ${needle})`,
  // substr counts characters, not UTF-16 units.
  leftChars: (text, count) => `substr(${text}, 1, ${count})`,
};

const NO_ROWS: Row[] = [];
const NO_RESULT: SqlResult = { rows: NO_ROWS, changes: 0 };

function isDuplicate(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** A Store on one SQLite file (WAL mode) for a single process; concurrent writes are group-committed. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const db = openDatabase(options);
  const statements = new Map<string, Database.Statement>();
  let closed = false;

  const prepared = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const run = ({ sql, params }: SqlStatement): SqlResult => {
    const statement = prepared(sql);
    if (!statement.reader) return { rows: NO_ROWS, changes: statement.run(...params).changes };
    const rows = statement.all(...params) as Row[];
    return { rows, changes: rows.length };
  };

  const runBatch: BatchRunner<Database.Database> = async (ops) => {
    prepared('BEGIN IMMEDIATE').run();
    const results: unknown[] = [];
    try {
      for (let i = 0; i < ops.length; i++) {
        try {
          results.push(ops[i]!(db));
        } catch (error) {
          throw new BatchOpError(i, error);
        }
      }
      prepared('COMMIT').run();
    } catch (error) {
      if (db.inTransaction) prepared('ROLLBACK').run();
      throw error;
    }
    return results;
  };
  const batcher = createWriteBatcher({
    run: runBatch,
    maxBatchSize: options.maxBatchSize,
    name: 'store (sqlite)',
  });

  const connection: SqlConnection = {
    dialect: DIALECT,
    write: (action, batch, result) =>
      batcher.write(() => {
        try {
          let last = NO_RESULT;
          for (const statement of batch) last = run(statement);
          return result(last);
        } catch (error) {
          throw storeError('sqlite', action, error, isDuplicate(error));
        }
      }),
    // A read joins the pending group commit instead of forcing its own: it runs inside the batch's
    // transaction after the writes queued before it, and resolves once they are committed.
    read: (action, statement, result) => {
      if (closed) return Promise.reject(closedStoreError('sqlite'));
      return batcher.write(() => {
        try {
          return result(run(statement).rows);
        } catch (error) {
          throw storeError('sqlite', action, error, false);
        }
      });
    },
  };

  return sqlStore(
    {
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
    },
    connection,
  );
}
