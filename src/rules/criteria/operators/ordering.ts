import { pythonCompare } from '../python-values.js';
import { never, type CriteriaOperator } from './criteria-operator.js';

export const lessthan: CriteriaOperator = {
  name: 'lessthan',
  aliases: ['lt'],
  prepare(pattern) {
    if (pattern === null || pattern === undefined) return never;
    if (typeof pattern === 'number') {
      return (value) =>
        typeof value === 'number' ? value < pattern : pythonCompare(value, pattern, '<') < 0;
    }
    return (value) => pythonCompare(value, pattern, '<') < 0;
  },
};

export const greaterthan: CriteriaOperator = {
  name: 'greaterthan',
  aliases: ['gt'],
  prepare(pattern) {
    if (pattern === null || pattern === undefined) return never;
    if (typeof pattern === 'number') {
      return (value) =>
        typeof value === 'number' ? value > pattern : pythonCompare(value, pattern, '>') > 0;
    }
    return (value) => pythonCompare(value, pattern, '>') > 0;
  },
};
