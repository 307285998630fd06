import { ValidationError } from '../../common/errors.js';
import { DEFAULT_LIST_LIMIT, type ListQuery } from '../list-query.js';
import {
  statementBuilder,
  type SqlDialect,
  type SqlStatement,
  type StatementBuilder,
} from './sql-dialect.js';

/** Equality filters by column; an array means "any of"; `undefined` means no filter. */
export type ListFilters = Record<string, string | readonly string[] | undefined>;

/** Conditions of a list's WHERE clause, adding their values to the builder. */
export type ListConditions = (b: StatementBuilder) => string[];

function checkCount(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 0) {
    throw new ValidationError(`store: list ${name} must be a whole number >= 0, got ${value}`, {
      code: 'E_STORE_BAD_QUERY',
    });
  }
}

/** `column = ?` or `column IN (…)` per filter; an empty "any of" matches nothing. */
export function equalityConditions(filters: ListFilters): ListConditions {
  return (b) => {
    const where: string[] = [];
    for (const [column, value] of Object.entries(filters)) {
      if (value === undefined) continue;
      if (typeof value === 'string') where.push(`${column} = ${b.next(value)}`);
      else if (value.length === 0) where.push('1 = 0');
      else where.push(`${column} IN (${value.map((v) => b.next(v)).join(', ')})`);
    }
    return where;
  };
}

/** `column > ?` / `column < ?` for the bounds given (ISO-8601 text compares in time order). */
export function rangeConditions(
  ranges: Record<string, { after?: string | undefined; before?: string | undefined }>,
): ListConditions {
  return (b) => {
    const where: string[] = [];
    for (const [column, { after, before }] of Object.entries(ranges)) {
      if (after !== undefined) where.push(`${column} > ${b.next(after)}`);
      if (before !== undefined) where.push(`${column} < ${b.next(before)}`);
    }
    return where;
  };
}

/** `(column IS NULL OR column NOT IN (…))`; nothing when the list is empty or absent. */
export function exclusionCondition(column: string, values: readonly string[] | undefined): ListConditions {
  return (b) =>
    values === undefined || values.length === 0
      ? []
      : [`(${column} IS NULL OR ${column} NOT IN (${values.map((v) => b.next(v)).join(', ')}))`];
}

/** Every condition of each, ANDed. */
export function allConditions(...parts: readonly ListConditions[]): ListConditions {
  return (b) => parts.flatMap((part) => part(b));
}

/**
 * `SELECT * FROM table WHERE … ORDER BY id DESC LIMIT … OFFSET …`. Column names come from the
 * store's code, never from the caller, so only values are parameters.
 */
export function listStatement(
  table: string,
  query: ListQuery,
  dialect: SqlDialect,
  conditions: ListConditions,
): SqlStatement {
  checkCount('limit', query.limit);
  checkCount('offset', query.offset);
  const b = statementBuilder(dialect);
  const where = conditions(b);
  const limit = query.limit ?? DEFAULT_LIST_LIMIT;
  const sql =
    `SELECT * FROM ${table}` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY id DESC LIMIT ${b.next(limit === 0 ? dialect.unlimited : limit)} OFFSET ${b.next(query.offset ?? 0)}`;
  // The shape varies with the filters given, so it is not worth preparing.
  return b.build(sql, false);
}
