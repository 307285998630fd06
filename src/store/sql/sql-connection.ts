import type { Row, SqlDialect, SqlStatement } from './sql-dialect.js';

/** What one statement did: the rows it returned (SELECT, RETURNING) and the rows it changed. */
export interface SqlResult {
  rows: Row[];
  changes: number;
}

/**
 * What a SQL driver lends the shared statements: its dialect, its group-commit writes and its
 * reads. Errors come back as Squall errors naming `action` (a duplicate key is a ConflictError).
 */
export interface SqlConnection {
  readonly dialect: SqlDialect;
  /**
   * Runs the statements in order inside the write transaction and resolves with the last one's
   * result once that transaction has committed.
   */
  write(action: string, statements: readonly SqlStatement[]): Promise<SqlResult>;
  /** Runs a query that sees every write issued before it. */
  read(action: string, statement: SqlStatement): Promise<Row[]>;
}
