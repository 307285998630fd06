import { pythonContains, requireString } from '../python-values.js';
import {
  never,
  PatternError,
  requirePatternString,
  type CriteriaOperator,
  type ValueTest,
} from './criteria-operator.js';

export const contains: CriteriaOperator = {
  name: 'contains',
  prepare(pattern) {
    if (pattern === null || pattern === undefined) return never;
    return (value) => pythonContains(value, pattern);
  },
};

export const ncontains: CriteriaOperator = {
  name: 'ncontains',
  prepare(pattern) {
    if (pattern === null || pattern === undefined) return never;
    return (value) => !pythonContains(value, pattern);
  },
};

function lowerContains(operator: string, pattern: unknown, negate: boolean): ValueTest {
  if (pattern === null || pattern === undefined) return never;
  const lower = requirePatternString(operator, pattern).toLowerCase();
  return (value) => requireString(value, 'the value').toLowerCase().includes(lower) !== negate;
}

export const icontains: CriteriaOperator = {
  name: 'icontains',
  prepare: (pattern) => lowerContains('icontains', pattern, false),
};

export const incontains: CriteriaOperator = {
  name: 'incontains',
  prepare: (pattern) => lowerContains('incontains', pattern, true),
};

/** `value in pattern`; a list of strings becomes a Set (strings only equal strings in Python). */
function membership(operator: string, pattern: unknown): (value: unknown) => boolean {
  if (typeof pattern !== 'string' && typeof pattern !== 'object') {
    throw new PatternError(
      `the "${operator}" pattern must be a list or a string, not ${JSON.stringify(pattern)}`,
    );
  }
  if (Array.isArray(pattern) && pattern.every((item) => typeof item === 'string')) {
    const set = new Set<unknown>(pattern);
    return (value) => (typeof value === 'string' ? set.has(value) : pythonContains(pattern, value));
  }
  return (value) => pythonContains(pattern, value);
}

export const inside: CriteriaOperator = {
  name: 'inside',
  aliases: ['in'],
  prepare(pattern) {
    if (pattern === null || pattern === undefined) return never;
    return membership('inside', pattern);
  },
};

export const ninside: CriteriaOperator = {
  name: 'ninside',
  aliases: ['nin'],
  prepare(pattern) {
    if (pattern === null || pattern === undefined) return never;
    const test = membership('ninside', pattern);
    return (value) => !test(value);
  },
};
