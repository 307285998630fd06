import { pythonCompare } from '../python-values.js';
import { never, type CriteriaOperator } from './criteria-operator.js';

/** `lessthan` or `greaterthan`: numbers compare directly, anything else as Python would. */
function orderingOperator(name: string, alias: string, order: '<' | '>'): CriteriaOperator {
  const holds = order === '<' ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
  return {
    name,
    aliases: [alias],
    prepare(pattern) {
      if (pattern === null || pattern === undefined) return never;
      const pythonHolds = (value: unknown) => holds(pythonCompare(value, pattern, order), 0);
      if (typeof pattern === 'number') {
        return (value) => (typeof value === 'number' ? holds(value, pattern) : pythonHolds(value));
      }
      return pythonHolds;
    },
  };
}

export const lessthan = orderingOperator('lessthan', 'lt', '<');
export const greaterthan = orderingOperator('greaterthan', 'gt', '>');
