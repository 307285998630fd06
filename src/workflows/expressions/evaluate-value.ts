import type { ExpressionScope } from './expression-scope.js';
import { evaluateJinjaText, hasJinja } from './jinja-text.js';
import { evaluateYaqlText, hasYaql } from './yaql-text.js';

export type ExpressionLanguage = 'yaql' | 'jinja';

/** Which language a string's expressions are in; both is refused when the workflow loads. */
export function languagesOf(text: string): ExpressionLanguage[] {
  const found: ExpressionLanguage[] = [];
  if (hasYaql(text)) found.push('yaql');
  if (hasJinja(text)) found.push('jinja');
  return found;
}

/**
 * Evaluates every expression in a spec value: strings, the items of lists, the keys and values of
 * dicts. Values without expressions come back as they are. Throws ExpressionError.
 */
export function evaluateValue(value: unknown, scope: ExpressionScope): unknown {
  if (typeof value === 'string') return evaluateText(value, scope);
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, scope));
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      result[String(evaluateText(key, scope))] = evaluateValue(item, scope);
    }
    return result;
  }
  return value;
}

function evaluateText(text: string, scope: ExpressionScope): unknown {
  if (hasYaql(text)) return evaluateYaqlText(text, scope);
  if (hasJinja(text)) return evaluateJinjaText(text, scope);
  return text;
}
