import { OperatorTypeError } from '../python-values.js';
import { parseTimestamp, pythonFloat } from '../timestamp.js';
import { never, PatternError, type CriteriaOperator } from './criteria-operator.js';

function timediff(
  name: string,
  alias: string,
  compare: (age: number, limit: number) => boolean,
): CriteriaOperator {
  return {
    name,
    aliases: [alias],
    prepare(pattern) {
      if (pattern === null || pattern === undefined) return never;
      let limit: number;
      try {
        limit = pythonFloat(pattern);
      } catch (error) {
        if (error instanceof OperatorTypeError)
          throw new PatternError(`the "${name}" pattern: ${error.message}`);
        throw error;
      }
      return (value, context) => {
        const now = context.now ? context.now() : Date.now();
        return compare((now - parseTimestamp(value)) / 1000, limit);
      };
    },
  };
}

/** The value's timestamp is less than `pattern` seconds ago. */
export const timediffLt = timediff('timediff_lt', 'td_lt', (age, limit) => age < limit);
/** The value's timestamp is more than `pattern` seconds ago. */
export const timediffGt = timediff('timediff_gt', 'td_gt', (age, limit) => age > limit);
