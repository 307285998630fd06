import { requireString } from '../python-values.js';
import { RegexSyntaxError } from '../../../parsing/python-regex.js';
import {
  compileBoundedPythonRegex,
  type BoundedRegex,
  type BoundedRegexOptions,
} from '../../../security/bounded-regex/bounded-regex.js';
import { compileWildcard } from '../wildcard.js';
import { never, PatternError, requirePatternString, type CriteriaOperator } from './criteria-operator.js';

// Each test is bounded (src/security/bounded-regex): one that overruns its budget throws
// RegexBudgetError, which makes the criterion false and the rule's enforcement failed.
function regexOperator(name: string, options: BoundedRegexOptions): CriteriaOperator {
  return {
    name,
    prepare(pattern) {
      if (pattern === null || pattern === undefined) return never;
      let regex: BoundedRegex;
      try {
        regex = compileBoundedPythonRegex(requirePatternString(name, pattern), options);
      } catch (error) {
        if (error instanceof RegexSyntaxError) throw new PatternError(error.message);
        throw error;
      }
      return (value) => regex.test(requireString(value, 'the value'));
    },
  };
}

/** Deprecated in st2: matches at the start only, and `.` matches newlines. */
export const matchregex = regexOperator('matchregex', { anchorStart: true, dotAll: true });
export const regex = regexOperator('regex', {});
export const iregex = regexOperator('iregex', { ignoreCase: true });

export const matchwildcard: CriteriaOperator = {
  name: 'matchwildcard',
  prepare(pattern) {
    if (pattern === null || pattern === undefined) return never;
    const wildcard = compileWildcard(requirePatternString('matchwildcard', pattern));
    return (value) => wildcard.test(requireString(value, 'the value'));
  },
};
