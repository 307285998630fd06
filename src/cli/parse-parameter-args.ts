import { ValidationError } from '../common/errors.js';

const NAME = /^\w+$/;

/**
 * `squall run` arguments as `st2 run` takes them: `key=value`, split at the first `=`. A value that
 * starts like a JSON object or array and parses is used as JSON; anything else stays a string, and
 * the engine casts it to the parameter's declared type.
 */
export function parseParameterArgs(args: readonly string[]): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const arg of args) {
    const split = arg.indexOf('=');
    if (split <= 0) {
      throw new ValidationError(
        `squall run: argument "${arg}" is not key=value; write parameters as name=value (e.g. cmd="uptime")`,
        { code: 'E_CLI_ARGUMENT' },
      );
    }
    const name = arg.slice(0, split);
    if (!NAME.test(name)) {
      throw new ValidationError(
        `squall run: parameter name "${name}" may only hold letters, digits and _ (st2's ^\\w+$)`,
        { code: 'E_CLI_ARGUMENT' },
      );
    }
    if (Object.hasOwn(parameters, name)) {
      throw new ValidationError(`squall run: parameter "${name}" is given twice; keep one`, {
        code: 'E_CLI_ARGUMENT',
      });
    }
    parameters[name] = parseValue(arg.slice(split + 1));
  }
  return parameters;
}

function parseValue(text: string): unknown {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return text;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}
