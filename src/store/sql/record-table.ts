import type { ListQuery } from '../list-query.js';
import { notFound } from '../store-errors.js';
import { listStatement, type ListConditions } from './list-sql.js';
import { firstRow, nothing, type SqlConnection } from './sql-connection.js';
import { fixedStatement, insertStatement, statementBuilder, type Row, type SqlValue } from './sql-dialect.js';

/** How one kind of record maps to its table. */
export interface RecordTableSpec<T, P = never> {
  table: string;
  /** The record's name in messages, e.g. `trigger instance`. */
  what: string;
  /** The key: a field stored in the column of the same name. */
  key: keyof T & string;
  columns: readonly string[];
  /** The values of `columns`, in order. */
  values(record: T): SqlValue[];
  fromRow(row: Row): T;
  /** The columns and values a patch sets (refusing what may not change). */
  patch?(key: string, patch: P): [string[], SqlValue[]];
  /** `ON CONFLICT …` turning put() into an upsert. */
  upsert?: string;
}

/** The statements every kind of record shares: insert or put, get, list, update. */
export interface RecordTable<T, P> {
  insert(record: T): Promise<void>;
  /** Creates or replaces (the spec's upsert). */
  put(record: T): Promise<void>;
  get(key: string): Promise<T | undefined>;
  /** Newest first, as ListQuery says. */
  list(query: ListQuery, conditions: ListConditions): Promise<T[]>;
  /** Applies the patch and returns the updated record; NotFoundError when the key is unknown. */
  update(key: string, patch: P): Promise<T>;
  /** Applies the patch only where `column` holds one of `values`; undefined when no row did. */
  updateWhereIn(key: string, column: string, values: readonly SqlValue[], patch: P): Promise<T | undefined>;
}

export function recordTable<T, P = never>(
  { dialect, write, read }: SqlConnection,
  spec: RecordTableSpec<T, P>,
): RecordTable<T, P> {
  const { table, what, key, fromRow } = spec;
  const insert = insertStatement(table, spec.columns, dialect);
  const upsert = insertStatement(table, spec.columns, dialect, spec.upsert);
  const select = fixedStatement(dialect, (p) => `SELECT * FROM ${table} WHERE ${key} = ${p(1)}`);
  const found = firstRow(fromRow);
  const all = (rows: Row[]): T[] => rows.map(fromRow);
  const updateStatement = (value: string, patch: P, column?: string, allowed: readonly SqlValue[] = []) => {
    const [columns, values] = spec.patch?.(value, patch) ?? [[], []];
    const b = statementBuilder(dialect);
    // `key = key` keeps an empty patch a valid UPDATE that returns the row.
    const sets = columns.map((name, i) => `${name} = ${b.next(values[i] ?? null)}`).join(', ');
    let where = `${key} = ${b.next(value)}`;
    if (column) where += ` AND ${column} IN (${allowed.map((item) => b.next(item)).join(', ')})`;
    return b.build(`UPDATE ${table} SET ${sets || `${key} = ${key}`} WHERE ${where} RETURNING *`);
  };

  return {
    // async: a record that cannot be stored (not JSON, say) rejects rather than throws.
    async insert(record) {
      const statement = insert(...spec.values(record));
      return write(`inserting ${what} ${String(record[key])}`, [statement], nothing);
    },

    async put(record) {
      const statement = upsert(...spec.values(record));
      return write(`writing ${what} ${String(record[key])}`, [statement], nothing);
    },

    get: (value) => read(`reading ${what} ${value}`, select(value), found),

    async list(query, conditions) {
      return read(`listing ${table}`, listStatement(table, query, dialect, conditions), all);
    },

    async update(value, patch) {
      return write(`updating ${what} ${value}`, [updateStatement(value, patch)], ({ rows }) => {
        const row = rows[0];
        if (!row) throw notFound(what, value);
        return fromRow(row);
      });
    },

    async updateWhereIn(value, column, allowed, patch) {
      if (allowed.length === 0) return undefined;
      const statement = updateStatement(value, patch, column, allowed);
      return write(`updating ${what} ${value}`, [statement], ({ rows }) => found(rows));
    },
  };
}
