import type { Row, SqlDialect, SqlStatement } from './sql-dialect.js';

/** What one statement did: the rows it returned (SELECT, RETURNING) and the rows it changed. */
export interface SqlResult {
  rows: Row[];
  changes: number;
}

/**
 * What a SQL driver lends the shared statements: its dialect, its group-commit writes and its
 * reads. Errors come back as Squall errors naming `action` (a duplicate key is a ConflictError);
 * an error `result` throws rejects that call alone.
 */
export interface SqlConnection {
  readonly dialect: SqlDialect;
  /**
   * Runs the statements in order inside the write transaction, turns the last one's result into
   * the answer there, and resolves with it once that transaction has committed.
   */
  write<T>(action: string, statements: readonly SqlStatement[], result: (last: SqlResult) => T): Promise<T>;
  /** Runs a query that sees every write issued before it; `result` turns its rows into the answer. */
  read<T>(action: string, statement: SqlStatement, result: (rows: Row[]) => T): Promise<T>;
}

/** The answer of a write that answers nothing. */
export const nothing = (): void => undefined;

/** The first row mapped, or undefined. */
export const firstRow =
  <T>(map: (row: Row) => T) =>
  (rows: Row[]): T | undefined => {
    const row = rows[0];
    return row && map(row);
  };
