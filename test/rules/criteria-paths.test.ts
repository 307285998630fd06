import { describe, expect, it } from 'vitest';

import { compileCriteriaKey } from '../../src/rules/criteria/compile-key.js';
import { parsePath } from '../../src/rules/criteria/path.js';
import { check, context, loadError, ruleWith } from './rule-test-helpers.js';

const get = (key: string, payload: unknown) => compileCriteriaKey(key, 'trigger').get(payload);

describe('criteria keys', () => {
  const payload = {
    body: { name: 'st2', 'a b': 1, items: [{ id: 7 }, { id: 8 }], text: 'xyz' },
    headers: { 'X-Github-Event': 'push' },
    list: [],
  };

  it('reads dotted fields, list indexes and quoted keys', () => {
    expect(get('trigger.body.name', payload)).toBe('st2');
    expect(get('trigger.body.items[1].id', payload)).toBe(8);
    expect(get("trigger.headers['X-Github-Event']", payload)).toBe('push');
    expect(get('trigger.headers["X-Github-Event"]', payload)).toBe('push');
    expect(get("trigger.body['a b']", payload)).toBe(1);
    expect(get('trigger', payload)).toBe(payload);
  });

  it('strips a #suffix so one field can carry several criteria', () => {
    expect(get('trigger.body.name#2', payload)).toBe('st2');
  });

  it('yields undefined for what is missing, never an error', () => {
    expect(get('trigger.body.missing.deeper', payload)).toBeUndefined();
    expect(get('trigger.body.items[5]', payload)).toBeUndefined();
    expect(get('trigger.body.name.length', payload)).toBeUndefined();
    expect(get('trigger.body.toString', payload)).toBeUndefined();
    expect(get('trigger.body.items.id', payload)).toBeUndefined();
    expect(get('trigger.x', null)).toBeUndefined();
  });

  it('uses the first value when a wildcard yields several', () => {
    expect(get('trigger.body.items[*].id', payload)).toBe(7);
    expect(get('trigger.list[*].id', payload)).toBeUndefined();
  });

  it('indexes strings as jsonpath does', () => {
    expect(get('trigger.body.text[0]', payload)).toBe('x');
  });

  it('parses JSONPath-style roots for conditions', () => {
    expect(parsePath('$.body.items[0]')).toEqual([
      { kind: 'key', name: 'body' },
      { kind: 'key', name: 'items' },
      { kind: 'index', index: 0 },
    ]);
  });

  it('rejects bad syntax and keys outside trigger at load', () => {
    expect(() => parsePath("trigger.headers['x")).toThrow(/unterminated quote/);
    expect(() => parsePath('trigger.a[b]')).toThrow(/not a list index/);
    expect(() => parsePath('trigger..a')).toThrow(/recursive descent/);
    const message = loadError(
      'name: r\ntrigger: {type: a.b}\naction: {ref: core.noop}\ncriteria:\n  body.name:\n    type: equals\n    pattern: x\n',
    );
    expect(message).toMatch(
      /rules\/on_push\.yaml:5: rule default\.r: bad key in criteria\.body\.name: .*must start with "trigger\."/,
    );
  });

  it('matches through a header key in a rule', () => {
    const rule = ruleWith({
      criteria: { "trigger.headers['X-Github-Event']": { type: 'equals', pattern: 'push' } },
    });
    expect(rule.matches(payload, context)).toBe(true);
    expect(check('equals', 7, undefined, { key: 'trigger.body.items[0].id', payload })).toBe(true);
  });
});
