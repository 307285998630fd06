/**
 * Why a shell template is refused, and what to write instead: the messages of E_TEMPLATE errors
 * the scanner raises.
 */

/** Where a variable is used: in arithmetic, as a name, or run as code. */
interface Use {
  readonly kind: 'arith' | 'name' | 'code';
  readonly where: string;
}

export const HOW_TO_PASS =
  'pass it as an argument or an environment variable instead, e.g. bash -c \'… "$1" …\' _ {{ x }} or X={{ x }} bash -c \'… "$X" …\'';

export function codeReason(where: string): string {
  return `a {{ … }} value cannot be placed in code: ${where} runs it as code; ${HOW_TO_PASS}`;
}

export function scriptReason(where: string): string {
  return `a {{ … }} value cannot choose the script or program that ${where} runs; name it in the template and pass the value as an argument`;
}

export const COMMAND_REASON =
  'a {{ … }} value cannot be the command to run; write the command in the template (choose it with {% if %}) and pass values as its arguments';

export const DYNAMIC_COMMAND_REASON =
  'the command name comes from an expansion ($…), so Squall cannot tell whether it runs its arguments as code; write the command name literally';

export function stdinReason(where: string): string {
  return `a {{ … }} value reaches the input of ${where}; pass it as an argument or an environment variable of a fixed script instead`;
}

const COMPARE_INSTEAD = 'compare with [ "$x" -gt N ] instead (test does not evaluate expressions)';

export function gluedReason(where: string): string {
  return `a {{ … }} value right after a name's letters ${where} would make a variable name bash evaluates; put an operator or a space before it`;
}

export function throughCommandReason(where: string): string {
  return `a {{ … }} value reaches ${where} through a command's output, where it cannot be checked; put the value there directly (it must then be an integer), or ${COMPARE_INSTEAD}`;
}

export function dataReason(name: string, use: Use): string {
  const shown = /^[A-Za-z_]\w*$/.test(name) ? `"${name}"` : `"$${name}"`;
  if (use.kind === 'code') {
    return `${shown} holds data from the command's words or input, and it is run as code ${use.where}; pass values as arguments or environment variables`;
  }
  return `${shown} holds data from the command's words or input, which may include a {{ … }} value, and it is used ${use.where}, where bash evaluates it and an array subscript in it runs commands; ${COMPARE_INSTEAD}`;
}

export function opaqueReason(name: string, source: string, use: Use): string {
  return `"${name}" is read from input (${source}) and used ${use.where}, where bash evaluates it and an array subscript in it runs commands; ${COMPARE_INSTEAD}`;
}

export function variableReason(name: string, use: Use): string {
  if (use.kind === 'code') {
    return `this value is assigned to "${name}", which is run as code ${use.where}; pass the value as an argument or an environment variable of a fixed command instead`;
  }
  return throughCommandReason(`"${name}" ${use.where}`);
}
