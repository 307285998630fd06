import { pythonEquals, requireString } from '../python-values.js';
import { never, requirePatternString, type CriteriaOperator } from './criteria-operator.js';

export const equals: CriteriaOperator = {
  name: 'equals',
  aliases: ['eq'],
  prepare(pattern) {
    if (pattern === null || pattern === undefined) return never;
    if (typeof pattern === 'string') return (value) => value === pattern;
    return (value) => pythonEquals(value, pattern);
  },
};

export const nequals: CriteriaOperator = {
  name: 'nequals',
  aliases: ['neq'],
  prepare(pattern) {
    if (typeof pattern === 'string') return (value) => value !== pattern;
    return (value) => !pythonEquals(value, pattern);
  },
};

export const iequals: CriteriaOperator = {
  name: 'iequals',
  aliases: ['ieq'],
  prepare(pattern) {
    if (pattern === null || pattern === undefined) return never;
    const lower = requirePatternString('iequals', pattern).toLowerCase();
    return (value) => requireString(value, 'the value').toLowerCase() === lower;
  },
};
