import { SquallError } from '../../common/errors.js';

/**
 * A workflow expression that failed to evaluate. `message` reads as StackStorm's (`Unable to
 * evaluate expression '<% … %>'. KeyError: …`); `pythonName` is the exception class StackStorm
 * reports it under (`YaqlEvaluationException`, `JinjaEvaluationException`), which the workflow's
 * error entries put in front of the message.
 */
export class ExpressionError extends SquallError {
  constructor(
    readonly pythonName: string,
    message: string,
    readonly expression: string,
    cause?: unknown,
  ) {
    super('E_WORKFLOW_EXPRESSION', message, { cause, details: { expression } });
  }

  /** `YaqlEvaluationException: Unable to evaluate …`, the text of a workflow error entry. */
  get entryMessage(): string {
    return `${this.pythonName}: ${this.message}`;
  }
}

/** An error raised by a function or an operator, with the Python exception it stands for. */
export function pythonNameOf(error: unknown): string {
  const named = error as { pythonName?: unknown; name?: unknown };
  if (typeof named.pythonName === 'string') return named.pythonName;
  return typeof named.name === 'string' && named.name !== 'Error' ? named.name : 'Exception';
}
