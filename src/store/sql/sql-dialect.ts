import { BackendError } from '../../common/errors.js';

/** A value as the SQL drivers bind it. */
export type SqlValue = string | number | null;

/** A row as a driver returns it, column name to value. */
export type Row = Record<string, unknown>;

export interface SqlStatement {
  sql: string;
  params: SqlValue[];
  /**
   * The text is one of a few fixed shapes (not a list whose filters vary), so a driver may prepare
   * it once per connection and reuse it.
   */
  prepare: boolean;
}

/** What the SQL that SQLite and PostgreSQL share cannot spell the same way. */
export interface SqlDialect {
  /** The placeholder for the 1-based parameter `n` (`?` or `$n`). */
  placeholder(n: number): string;
  /** The LIMIT value meaning "all rows" (-1 in SQLite, NULL in PostgreSQL). */
  unlimited: SqlValue;
  /** 1-based position of `needle` in `haystack`, 0 when absent (`instr`, `strpos`). */
  position(haystack: string, needle: string): string;
  /** The first `count` characters (not UTF-16 units) of `text` (`substr(…, 1, n)`, `left`). */
  leftChars(text: string, count: string): string;
}

/** Numbers placeholders in the order parameters are added. */
export interface StatementBuilder {
  readonly params: SqlValue[];
  /** Adds a parameter and returns its placeholder. */
  next(value: SqlValue): string;
  /** The statement from `sql` and the parameters added so far. */
  build(sql: string, prepare?: boolean): SqlStatement;
}

export function statementBuilder(dialect: SqlDialect): StatementBuilder {
  const params: SqlValue[] = [];
  return {
    params,
    next(value) {
      params.push(value);
      return dialect.placeholder(params.length);
    },
    build: (sql, prepare = true) => ({ sql, params, prepare }),
  };
}

/** Binds the parameters of one fixed statement. */
export type BoundStatement = (...params: SqlValue[]) => SqlStatement;

/**
 * A statement whose text never changes: written once, with `p(n)` for the n-th parameter, so that
 * every call binds its values to the same string (which drivers prepare once). Number them 1, 2, …
 * in the order they appear, each once: SQLite's `?` are bound by position.
 */
export function fixedStatement(
  dialect: SqlDialect,
  text: (p: (n: number) => string) => string,
): BoundStatement {
  let expected = 1;
  const sql = text((n) => {
    if (n !== expected++) {
      throw new BackendError(`store: a fixed statement numbers its parameters out of order (${n})`, {
        code: 'E_STORE_SQL',
      });
    }
    return dialect.placeholder(n);
  });
  return (...params) => ({ sql, params, prepare: true });
}

/** `INSERT INTO table (columns) VALUES (…)`, bound to the values in column order. */
export function insertStatement(
  table: string,
  columns: readonly string[],
  dialect: SqlDialect,
  suffix = '',
): BoundStatement {
  return fixedStatement(dialect, (p) => {
    const placeholders = columns.map((_, i) => p(i + 1)).join(', ');
    return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders})${suffix}`;
  });
}
