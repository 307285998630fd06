import type { ListQuery } from '../list-query.js';
import { notFound } from '../store-errors.js';
import { listStatement, type ListConditions } from './list-sql.js';
import type { SqlConnection } from './sql-connection.js';
import { insertStatement, statementBuilder, type Row, type SqlValue } from './sql-dialect.js';

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
}

export function recordTable<T, P = never>(
  { dialect, write, read }: SqlConnection,
  spec: RecordTableSpec<T, P>,
): RecordTable<T, P> {
  const { table, what, key } = spec;
  const insert = (record: T, suffix = '') =>
    insertStatement(table, spec.columns, spec.values(record), dialect, suffix);

  return {
    async insert(record) {
      await write(`inserting ${what} ${String(record[key])}`, [insert(record)]);
    },

    async put(record) {
      await write(`writing ${what} ${String(record[key])}`, [insert(record, spec.upsert)]);
    },

    async get(value) {
      const b = statementBuilder(dialect);
      const select = b.build(`SELECT * FROM ${table} WHERE ${key} = ${b.next(value)}`);
      const [row] = await read(`reading ${what} ${value}`, select);
      return row && spec.fromRow(row);
    },

    async list(query, conditions) {
      const rows = await read(`listing ${table}`, listStatement(table, query, dialect, conditions));
      return rows.map(spec.fromRow);
    },

    async update(value, patch) {
      const [columns, values] = spec.patch?.(value, patch) ?? [[], []];
      const b = statementBuilder(dialect);
      // `key = key` keeps an empty patch a valid UPDATE that returns the row.
      const sets = columns.map((column, i) => `${column} = ${b.next(values[i] ?? null)}`).join(', ');
      const sql = `UPDATE ${table} SET ${sets || `${key} = ${key}`} WHERE ${key} = ${b.next(value)} RETURNING *`;
      const [row] = (await write(`updating ${what} ${value}`, [b.build(sql)])).rows;
      if (!row) throw notFound(what, value);
      return spec.fromRow(row);
    },
  };
}
