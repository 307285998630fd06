import { ValidationError, errorMessage } from '../common/errors.js';

/** Turns a nunjucks error into a ValidationError naming the template, line and column. */
export function templateError(
  error: unknown,
  templateName: string,
  phase: 'compile' | 'render',
): ValidationError {
  if (error instanceof ValidationError) return error;
  const raw = errorMessage(error);
  const located = /\[Line (\d+), Column (\d+)\]/.exec(raw);
  const fields = error as { lineno?: unknown; colno?: unknown };
  // Parse errors carry 1-based positions; render errors print nunjucks' 0-based ones.
  const line =
    typeof fields.lineno === 'number' ? fields.lineno : located ? Number(located[1]) + 1 : undefined;
  const column =
    typeof fields.colno === 'number' ? fields.colno : located ? Number(located[2]) + 1 : undefined;
  const reason = raw
    .replace(/^\([^)]*\)(?: \[Line \d+, Column \d+\])?\s*/, '')
    .replace(/^Template render error:\s*/, '')
    .replace(/^(?:Error|TypeError|RangeError|SyntaxError): /, '')
    .trim();
  const where = line === undefined ? '' : ` line ${line}${column === undefined ? '' : `, column ${column}`}`;
  const verb = phase === 'compile' ? 'has a syntax error' : 'failed to render';
  return new ValidationError(`template ${templateName}${where} ${verb}: ${reason}`, {
    code: phase === 'compile' ? 'E_TEMPLATE' : 'E_TEMPLATE_RENDER',
    cause: error,
    details: {
      template: templateName,
      ...(line === undefined ? {} : { line }),
      ...(column === undefined ? {} : { column }),
    },
  });
}
