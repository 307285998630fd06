import { describe, expect, it } from 'vitest';

import { check, explainOne, loadError } from './rule-test-helpers.js';

const fields = [
  { field_name: 'Status', to_value: 'Approved' },
  { field_name: 'Assignee', to_value: 'Stanley' },
];

const statusApproved = {
  'item.field_name': { type: 'equals', pattern: 'Status' },
  'item.to_value': { type: 'equals', pattern: 'Approved' },
};

const search = (condition: string, pattern: unknown, value: unknown) =>
  check('search', pattern, value, { condition });

describe('search', () => {
  it('any: some item passes every child criterion', () => {
    expect(search('any', statusApproved, fields)).toBe(true);
    expect(search('any', statusApproved, [{ field_name: 'Status', to_value: 'Denied' }])).toBe(false);
  });

  it('all: every item passes every child criterion', () => {
    expect(search('all', statusApproved, fields)).toBe(false);
    expect(search('all', statusApproved, [fields[0]])).toBe(true);
    expect(search('all', statusApproved, [])).toBe(true);
    expect(search('any', statusApproved, [])).toBe(false);
  });

  it('any2any and all2any need only one child criterion per item', () => {
    const either = {
      'item.field_name': { type: 'equals', pattern: 'Status' },
      'item.to_value': { type: 'equals', pattern: 'Stanley' },
    };
    expect(search('any2any', either, fields)).toBe(true);
    expect(search('all2any', either, fields)).toBe(true);
    expect(search('all', either, fields)).toBe(false);
    expect(search('all2any', either, [...fields, { field_name: 'Other' }])).toBe(false);
  });

  it('treats an object as a one-item list and supports #suffix keys on one field', () => {
    const range = {
      'item.n#1': { type: 'greaterthan', pattern: 40 },
      'item.n#2': { type: 'lessthan', pattern: 50 },
    };
    expect(search('any', range, { n: 45 })).toBe(true);
    expect(search('any', range, { n: 55 })).toBe(false);
  });

  it('a child criterion that errors fails for that item only', () => {
    const child = { 'item.n': { type: 'lessthan', pattern: 10 } };
    expect(search('any', child, [{ n: 'text' }, { n: 5 }])).toBe(true);
  });

  it('does not match a missing or scalar value', () => {
    expect(explainOne('search', statusApproved, undefined, { condition: 'any' }).error).toMatch(
      /search needs a list/,
    );
    expect(search('any', statusApproved, 5)).toBe(false);
  });

  it('a missing or unknown condition is a load error with a suggestion', () => {
    const rule = (condition: string) =>
      [
        'name: r',
        'trigger: {type: a.b}',
        'action: {ref: core.noop}',
        'criteria:',
        '  trigger.fields:',
        '    type: search',
        ...(condition ? [`    condition: ${condition}`] : []),
        '    pattern:',
        '      item.x: {type: equals, pattern: 1}',
      ].join('\n');
    expect(loadError(rule('any2all'))).toMatch(
      /:7: rule default\.r: the search operator .* \(got "any2all"\) \(did you mean "any2any"\?\)/,
    );
    expect(loadError(rule(''))).toMatch(/needs a condition of any, all, any2any, all2any \(got none\)/);
  });

  it('child keys must start with item.', () => {
    const message = loadError(
      'name: r\ntrigger: {type: a.b}\naction: {ref: core.noop}\ncriteria:\n  trigger.f:\n    type: search\n    condition: any\n    pattern:\n      trigger.x: {type: equals, pattern: 1}\n',
    );
    expect(message).toMatch(/must start with "item\."/);
  });
});
