import { ValidationError } from '../common/errors.js';
import type { ListQuery } from './store.js';
import type { SqlValue } from './record-rows.js';

export const DEFAULT_LIST_LIMIT = 50;

/** How a SQL dialect spells parameters and "no limit". */
export interface SqlDialect {
  /** The placeholder for the 1-based parameter `n` (`?` or `$n`). */
  placeholder(n: number): string;
  /** The LIMIT value meaning "all rows" (-1 in SQLite, NULL in PostgreSQL). */
  unlimited: SqlValue;
}

/** Equality filters by column; an array means "any of"; `undefined` means no filter. */
export type ListFilters = Record<string, string | readonly string[] | undefined>;

function checkCount(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 0) {
    throw new ValidationError(`store: list ${name} must be a whole number >= 0, got ${value}`, {
      code: 'E_STORE_BAD_QUERY',
    });
  }
}

/**
 * `SELECT * FROM table WHERE … ORDER BY id DESC LIMIT … OFFSET …`. Column names come from the
 * driver's code, never from the caller, so only values are parameters.
 */
export function buildListQuery(
  table: string,
  filters: ListFilters,
  query: ListQuery,
  dialect: SqlDialect,
): { sql: string; params: SqlValue[] } {
  checkCount('limit', query.limit);
  checkCount('offset', query.offset);
  const params: SqlValue[] = [];
  const next = (value: SqlValue): string => {
    params.push(value);
    return dialect.placeholder(params.length);
  };
  const where: string[] = [];
  for (const [column, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    if (typeof value === 'string') {
      where.push(`${column} = ${next(value)}`);
    } else if (value.length === 0) {
      where.push('1 = 0');
    } else {
      where.push(`${column} IN (${value.map((v) => next(v)).join(', ')})`);
    }
  }
  const limit = query.limit ?? DEFAULT_LIST_LIMIT;
  const sql =
    `SELECT * FROM ${table}` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY id DESC LIMIT ${next(limit === 0 ? dialect.unlimited : limit)} OFFSET ${next(query.offset ?? 0)}`;
  return { sql, params };
}
