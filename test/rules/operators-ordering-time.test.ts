import { describe, expect, it } from 'vitest';

import { check, explainOne, loadError, NOW } from './rule-test-helpers.js';

describe('lessthan / greaterthan', () => {
  it('compares numbers, strings lexically, and lists element-wise', () => {
    expect(check('lessthan', 10, 5)).toBe(true);
    expect(check('lt', 0, -1)).toBe(true);
    expect(check('greaterthan', 0, 0)).toBe(false);
    expect(check('gt', 'abc', 'abd')).toBe(true);
    expect(check('lessthan', [1, 3], [1, 2])).toBe(true);
    expect(check('greaterthan', 0, true)).toBe(true);
  });

  it('is an error (no match) across incompatible types or on a missing value', () => {
    expect(explainOne('lessthan', 10, '5').error).toMatch(
      /'<' not supported between instances of 'str' and 'int'/,
    );
    expect(explainOne('greaterthan', 1, undefined).error).toMatch(/NoneType/);
    expect(check('lessthan', null, 1)).toBe(false);
  });
});

describe('timediff_lt / timediff_gt', () => {
  const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

  it('measures seconds between now (UTC) and the timestamp', () => {
    expect(check('timediff_lt', 600, minutesAgo(5))).toBe(true);
    expect(check('timediff_lt', 60, minutesAgo(5))).toBe(false);
    expect(check('td_gt', 60, minutesAgo(5))).toBe(true);
    expect(check('td_gt', '600', minutesAgo(5))).toBe(false);
    expect(check('timediff_lt', '600.5', minutesAgo(5))).toBe(true);
  });

  it('reads naive timestamps as UTC and honours offsets', () => {
    expect(check('timediff_lt', 120, '2026-03-01 11:59:00')).toBe(true);
    expect(check('timediff_lt', 120, '2026-03-01T11:59:00.123456')).toBe(true);
    expect(check('timediff_lt', 120, '2026-03-01T12:59:00+01:00')).toBe(true);
    expect(check('timediff_gt', 3000, '2026-03-01T11:59:00-01:00')).toBe(false);
    expect(check('timediff_gt', 3000, '2026-03-01T10:00:00-01:00')).toBe(true);
  });

  it('does not match what is not a timestamp', () => {
    expect(explainOne('timediff_lt', 60, 'yesterday').error).toMatch(/unknown timestamp format/);
    expect(explainOne('timediff_lt', 60, 12).error).toMatch(/must be a string/);
    expect(check('timediff_lt', 60, undefined)).toBe(false);
  });

  it('rejects a pattern that is not a number of seconds at load', () => {
    const message = loadError(
      'name: r\ntrigger: {type: a.b}\naction: {ref: core.noop}\ncriteria:\n  trigger.t:\n    type: td_lt\n    pattern: soon\n',
    );
    expect(message).toMatch(/rules\/on_push\.yaml:7: rule default\.r: the "timediff_lt" pattern/);
  });
});

describe('exists / nexists', () => {
  it('tests for null or missing; false and 0 exist; the pattern may be left out', () => {
    expect(check('exists', undefined, 0)).toBe(true);
    expect(check('exists', undefined, false)).toBe(true);
    expect(check('exists', undefined, null)).toBe(false);
    expect(check('exists', undefined, undefined)).toBe(false);
    expect(check('nexists', undefined, undefined)).toBe(true);
    expect(check('nexists', 'ignored', 'here')).toBe(false);
  });
});
