import { requireString } from '../python-values.js';
import { never, requirePatternString, type CriteriaOperator } from './criteria-operator.js';

function affix(name: string, at: 'start' | 'end', ignoreCase: boolean): CriteriaOperator {
  return {
    name,
    prepare(pattern) {
      if (pattern === null || pattern === undefined) return never;
      let text = requirePatternString(name, pattern);
      if (ignoreCase) text = text.toLowerCase();
      return (value) => {
        let subject = requireString(value, 'the value');
        if (ignoreCase) subject = subject.toLowerCase();
        return at === 'start' ? subject.startsWith(text) : subject.endsWith(text);
      };
    },
  };
}

export const startswith = affix('startswith', 'start', false);
export const istartswith = affix('istartswith', 'start', true);
export const endswith = affix('endswith', 'end', false);
export const iendswith = affix('iendswith', 'end', true);
