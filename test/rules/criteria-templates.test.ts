import { describe, expect, it } from 'vitest';

import type { MatchContext } from '../../src/snapshot/model/rule-definition.js';
import { check, explainOne, kvOf, loadError, NOW } from './rule-test-helpers.js';

const withKv = (values: Record<string, string>): MatchContext => ({ kv: kvOf(values), now: () => NOW });

describe('template patterns', () => {
  it('renders the pattern with the payload; one expression keeps its type', () => {
    expect(check('equals', '{{ trigger.expected }}', 5, { payload: { v: 5, expected: 5 } })).toBe(true);
    expect(check('equals', '{{ trigger.expected }}', '5', { payload: { v: '5', expected: 5 } })).toBe(false);
    expect(check('greaterthan', '{{ trigger.limit }}', 10, { payload: { v: 10, limit: 3 } })).toBe(true);
  });

  it('reads the datastore through st2kv.system', () => {
    const context = withKv({ branch: 'main' });
    expect(check('equals', '{{ st2kv.system.branch }}', 'main', { context })).toBe(true);
    expect(check('equals', 'refs/heads/{{ st2kv.system.branch }}', 'refs/heads/main', { context })).toBe(
      true,
    );
    expect(check('equals', 'refs/heads/{{ st2kv.system.branch }}', 'refs/heads/dev', { context })).toBe(
      false,
    );
    expect(check('equals', '{{ st2kv.system.branch }}', 'dev', { context: withKv({ branch: 'dev' }) })).toBe(
      true,
    );
  });

  it('renders search child patterns with the item', () => {
    const pattern = { 'item.value': { type: 'equals', pattern: '{{ item.expected }}' } };
    const payload = {
      v: [
        { value: 1, expected: 2 },
        { value: 3, expected: 3 },
      ],
    };
    expect(check('search', pattern, undefined, { payload, condition: 'any' })).toBe(true);
    expect(check('search', pattern, undefined, { payload, condition: 'all' })).toBe(false);
  });

  it('checks a rendered regex when matching, not at load', () => {
    expect(check('regex', '^{{ trigger.prefix }}', 'abc', { payload: { v: 'abc', prefix: 'ab' } })).toBe(
      true,
    );
    const broken = explainOne('regex', '{{ trigger.prefix }}', 'abc', { payload: { v: 'abc', prefix: '(' } });
    expect(broken.matched).toBe(false);
    expect(broken.error).toMatch(/invalid regular expression/);
    expect(broken.criteria[0]?.pattern).toBe('(');
  });

  it('a template syntax error is a load error naming the file and line', () => {
    const message = loadError(
      'name: r\ntrigger: {type: a.b}\naction: {ref: core.noop}\ncriteria:\n  trigger.v:\n    type: equals\n    pattern: "{{ trigger.x | }}"\n',
    );
    expect(message).toMatch(
      /^rules\/on_push\.yaml:7: rule default\.r: bad template in criteria\.trigger\.v\.pattern/,
    );
  });
});
