import { pythonStr } from '../../templates/python-repr.js';
import type { YaqlNode } from '../yaql/yaql-ast.js';
import { evaluateYaql, type YaqlFunction } from '../yaql/yaql-evaluator.js';
import { YaqlKeyError } from '../yaql/yaql-errors.js';
import { YAQL_STANDARD_LIBRARY } from '../yaql/yaql-library.js';
import { parseYaql } from '../yaql/yaql-parser.js';
import { ExpressionError, pythonNameOf } from './expression-error.js';
import type { ExpressionScope } from './expression-scope.js';
import { workflowFunctions } from './workflow-functions.js';

/** `<% … %>` on one line, as orquesta finds them. */
export const YAQL_EXPRESSION = /<%(.*?)%>/g;

export function hasYaql(text: string): boolean {
  return /<%.*?%>/.test(text);
}

const parsed = new Map<string, YaqlNode>();
const PARSE_CACHE_LIMIT = 10_000;

function parseCached(source: string): YaqlNode {
  let node = parsed.get(source);
  if (!node) {
    if (parsed.size >= PARSE_CACHE_LIMIT) parsed.clear();
    node = parseYaql(source);
    parsed.set(source, node);
  }
  return node;
}

function functionsFor(scope: ExpressionScope): Map<string, YaqlFunction> {
  const functions = new Map(YAQL_STANDARD_LIBRARY);
  for (const [name, fn] of Object.entries(workflowFunctions(scope))) functions.set(name, { call: fn });
  return functions;
}

/**
 * Evaluates the YAQL expressions of a string as orquesta does: a string that is exactly one
 * expression gives the value with its type; otherwise each expression is replaced by the value
 * as Python's `str()` prints it. A value is never evaluated again (data stays data).
 */
export function evaluateYaqlText(text: string, scope: ExpressionScope): unknown {
  const matches = [...text.matchAll(YAQL_EXPRESSION)];
  const env = { root: visible(scope.vars), functions: functionsFor(scope) };
  let output = text;
  for (const match of matches) {
    const expression = match[0];
    const value = evaluateOne(expression, match[1] ?? '', env);
    if (matches.length === 1 && expression === text) return value;
    output = output.split(expression).join(pythonStr(value));
  }
  return output;
}

function evaluateOne(
  expression: string,
  source: string,
  env: { root: unknown; functions: Map<string, YaqlFunction> },
): unknown {
  try {
    return evaluateYaql(parseCached(source.trim()), env);
  } catch (error) {
    const message =
      error instanceof YaqlKeyError
        ? `Unable to resolve key '${error.key}' in expression '${expression}' from context.`
        : `Unable to evaluate expression '${expression}'. ${pythonNameOf(error)}: ${(error as Error).message}`;
    throw new ExpressionError('YaqlEvaluationException', message, expression, error);
  }
}

function visible(vars: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(vars).filter(([key]) => !key.startsWith('__')));
}
