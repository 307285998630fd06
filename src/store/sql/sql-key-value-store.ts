import type { KeyValuePair } from '../../domain/key-value.js';
import { ValidationError } from '../../common/errors.js';
import type { KeyValueStore } from '../key-value-store.js';
import { flag, isSet, text, textOrNull } from './column-values.js';
import { firstRow, nothing, type SqlConnection } from './sql-connection.js';
import { fixedStatement, insertStatement, statementBuilder, type Row, type SqlValue } from './sql-dialect.js';

const KEY_VALUE_COLUMNS = ['scope', 'key', 'value', 'secret', 'expire_at', 'expire_ms', 'updated_at'];
const UPSERT =
  ' ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, secret = excluded.secret,' +
  ' expire_at = excluded.expire_at, expire_ms = excluded.expire_ms, updated_at = excluded.updated_at';

/** Epoch milliseconds of a pair's expiry, or null; an unparseable expire_at is a ValidationError. */
export function expireMs(pair: KeyValuePair): number | null {
  if (pair.expire_at === null) return null;
  const ms = Date.parse(pair.expire_at);
  if (Number.isNaN(ms)) {
    throw new ValidationError(
      `store: key ${pair.scope}/${pair.key} has expire_at "${pair.expire_at}", which is not an ISO-8601 time`,
      { code: 'E_STORE_BAD_EXPIRY' },
    );
  }
  return ms;
}

function keyValueValues(pair: KeyValuePair): SqlValue[] {
  const { scope, key, value, secret, expire_at, updated_at } = pair;
  return [scope, key, value, flag(secret), expire_at, expireMs(pair), updated_at];
}

export function rowToKeyValuePair(row: Row): KeyValuePair {
  return {
    scope: text(row['scope']),
    key: text(row['key']),
    value: text(row['value']),
    secret: isSet(row['secret']),
    expire_at: textOrNull(row['expire_at']),
    updated_at: text(row['updated_at']),
  };
}

const isLive = (expire: unknown, now: number): boolean => expire === null || Number(expire) > now;

/** Datastore keys in `key_value_pairs`; expiry is judged at the moment of the call. */
export function sqlKeyValueStore({ dialect, write, read }: SqlConnection): KeyValueStore {
  const upsert = insertStatement('key_value_pairs', KEY_VALUE_COLUMNS, dialect, UPSERT);
  const purge = fixedStatement(dialect, (p) => `DELETE FROM key_value_pairs WHERE expire_ms <= ${p(1)}`);
  const select = fixedStatement(
    dialect,
    (p) =>
      `SELECT * FROM key_value_pairs WHERE scope = ${p(1)} AND key = ${p(2)}` +
      ` AND (expire_ms IS NULL OR expire_ms > ${p(3)})`,
  );
  const found = firstRow(rowToKeyValuePair);
  const remove = fixedStatement(
    dialect,
    (p) => `DELETE FROM key_value_pairs WHERE scope = ${p(1)} AND key = ${p(2)} RETURNING expire_ms`,
  );

  return {
    async putKey(pair: KeyValuePair) {
      const values = keyValueValues(pair);
      return write(`writing key ${pair.scope}/${pair.key}`, [purge(Date.now()), upsert(...values)], nothing);
    },

    getKey(scope: string, key: string) {
      return read(`reading key ${scope}/${key}`, select(scope, key, Date.now()), found);
    },

    listKeys(scope?: string, prefix?: string) {
      const b = statementBuilder(dialect);
      const where = [`(expire_ms IS NULL OR expire_ms > ${b.next(Date.now())})`];
      if (scope !== undefined) where.push(`scope = ${b.next(scope)}`);
      if (prefix) where.push(`${dialect.leftChars('key', b.next([...prefix].length))} = ${b.next(prefix)}`);
      const sql = `SELECT * FROM key_value_pairs WHERE ${where.join(' AND ')} ORDER BY scope, key`;
      return read('listing keys', b.build(sql, false), (rows) => rows.map(rowToKeyValuePair));
    },

    deleteKey(scope: string, key: string) {
      const now = Date.now();
      return write(`deleting key ${scope}/${key}`, [remove(scope, key)], ({ rows }) =>
        rows.some((row) => isLive(row['expire_ms'], now)),
      );
    },
  };
}
