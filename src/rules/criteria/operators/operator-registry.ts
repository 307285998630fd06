import { endswith, iendswith, istartswith, startswith } from './affixes.js';
import { contains, icontains, incontains, inside, ncontains, ninside } from './containment.js';
import type { CriteriaOperator } from './criteria-operator.js';
import { equals, iequals, nequals } from './equality.js';
import { exists, nexists } from './existence.js';
import { greaterthan, lessthan } from './ordering.js';
import { iregex, matchregex, matchwildcard, regex } from './regex.js';
import { timediffGt, timediffLt } from './timediff.js';

/** `search` applies child criteria to list items; it is compiled apart from the value operators. */
export const SEARCH_OPERATOR = 'search';
export const SEARCH_CONDITIONS = ['any', 'all', 'any2any', 'all2any'] as const;
export type SearchCondition = (typeof SEARCH_CONDITIONS)[number];

const OPERATORS: readonly CriteriaOperator[] = [
  equals,
  nequals,
  iequals,
  contains,
  ncontains,
  icontains,
  incontains,
  startswith,
  istartswith,
  endswith,
  iendswith,
  matchwildcard,
  matchregex,
  regex,
  iregex,
  lessthan,
  greaterthan,
  timediffLt,
  timediffGt,
  exists,
  nexists,
  inside,
  ninside,
];

const BY_NAME = new Map<string, CriteriaOperator>();
for (const operator of OPERATORS) {
  BY_NAME.set(operator.name, operator);
  for (const alias of operator.aliases ?? []) BY_NAME.set(alias, operator);
}

/** Looks an st2 operator up by name or alias, case-insensitively (as st2 does). */
export function findCriteriaOperator(name: string): CriteriaOperator | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Every accepted name, `search` included: for validation and did-you-mean. */
export function criteriaOperatorNames(): string[] {
  return [...BY_NAME.keys(), SEARCH_OPERATOR];
}

export function isCriteriaOperatorName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === SEARCH_OPERATOR || BY_NAME.has(lower);
}
