import { OperatorTypeError } from '../criteria/python-values.js';

/** A json-rules-engine operator: `(factValue, value) => boolean`, with its JavaScript semantics. */
export type JreOperator = (fact: unknown, value: unknown) => boolean;

/** json-rules-engine's numberValidator: the fact must parse as a float. */
function numeric(fact: unknown): boolean {
  return Number.parseFloat(fact as string).toString() !== 'NaN';
}

/** `value.indexOf(fact)`: json-rules-engine throws (a TypeError) when value has no indexOf. */
function indexIn(container: unknown, item: unknown): number {
  if (typeof container === 'string') return container.indexOf(item as string);
  if (Array.isArray(container)) return container.indexOf(item);
  throw new OperatorTypeError(
    `the value of "in" / "notIn" must be a list or a string, not ${JSON.stringify(container)}`,
  );
}

/** json-rules-engine's default operators, same names, same semantics (no coercion beyond JS's). */
export const JRE_OPERATORS: ReadonlyMap<string, JreOperator> = new Map<string, JreOperator>([
  ['equal', (a, b) => a === b],
  ['notEqual', (a, b) => a !== b],
  ['in', (a, b) => indexIn(b, a) > -1],
  ['notIn', (a, b) => indexIn(b, a) === -1],
  ['contains', (a, b) => Array.isArray(a) && a.indexOf(b) > -1],
  ['doesNotContain', (a, b) => Array.isArray(a) && a.indexOf(b) === -1],
  ['lessThan', (a, b) => numeric(a) && (a as number) < (b as number)],
  ['lessThanInclusive', (a, b) => numeric(a) && (a as number) <= (b as number)],
  ['greaterThan', (a, b) => numeric(a) && (a as number) > (b as number)],
  ['greaterThanInclusive', (a, b) => numeric(a) && (a as number) >= (b as number)],
]);
