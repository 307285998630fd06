import { describe, expect, it } from 'vitest';
import { fixedStatement, insertStatement, type SqlDialect } from '../../src/store/sql/sql-dialect.js';

const positional: SqlDialect = {
  placeholder: () => '?',
  unlimited: -1,
  position: (haystack, needle) => `instr(${haystack}, ${needle})`,
  leftChars: (text, count) => `substr(${text}, 1, ${count})`,
};
const numbered: SqlDialect = { ...positional, placeholder: (n) => `$${n}` };

describe('fixed statements', () => {
  it('build their text once and bind each call its own values', () => {
    const select = fixedStatement(numbered, (p) => `SELECT * FROM t WHERE a = ${p(1)} AND b = ${p(2)}`);
    const first = select('x', 1);
    const second = select('y', 2);
    expect(first).toEqual({
      sql: 'SELECT * FROM t WHERE a = $1 AND b = $2',
      params: ['x', 1],
      prepare: true,
    });
    expect(second.params).toEqual(['y', 2]);
    expect(second.sql).toBe(first.sql);
  });

  it('refuse parameters numbered out of order or twice, which positional `?` would bind wrongly', () => {
    expect(() => fixedStatement(positional, (p) => `a = ${p(2)} AND b = ${p(1)}`)).toThrow(
      expect.objectContaining({ code: 'E_STORE_SQL' }),
    );
    expect(() => fixedStatement(positional, (p) => `a = ${p(1)} AND b = ${p(1)}`)).toThrow(
      expect.objectContaining({ code: 'E_STORE_SQL' }),
    );
  });

  it('insert every column, in order, with an optional suffix', () => {
    const upsert = insertStatement('kv', ['k', 'v'], positional, ' ON CONFLICT (k) DO NOTHING');
    expect(upsert('key', 'value')).toEqual({
      sql: 'INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT (k) DO NOTHING',
      params: ['key', 'value'],
      prepare: true,
    });
  });
});
