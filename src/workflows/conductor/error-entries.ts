import { ExpressionError, pythonNameOf } from '../expressions/expression-error.js';

/**
 * The message of a workflow error entry, as orquesta logs exceptions: `<ExceptionName>: <text>`,
 * e.g. `YaqlEvaluationException: Unable to evaluate expression '<% … %>'. …`.
 */
export function describeError(error: unknown): string {
  if (error instanceof ExpressionError) return error.entryMessage;
  const message = error instanceof Error ? error.message : String(error);
  return `${pythonNameOf(error)}: ${message}`;
}
