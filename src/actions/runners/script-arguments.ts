import type { ParameterSpecs } from '../../snapshot/model/action-definition.js';

export interface ScriptArguments {
  /** `--name=value` arguments (kwarg_op + name), then positional ones in `position` order, as st2. */
  argv: string[];
  /** The action's own parameters (runner parameters left out), for exporting as env. */
  actionParameters: Record<string, unknown>;
}

/**
 * Builds a script's command-line arguments as st2's local-shell-script does: parameters with a
 * `position` are positional (serialised by type), every other action parameter becomes
 * `<kwarg_op><name>=<value>` (`true` → just `<kwarg_op><name>`; null, false and '' are left out).
 * Each argument is one argv entry: no shell ever sees it.
 */
export function scriptArguments(
  specs: ParameterSpecs,
  runnerParameterNames: ReadonlySet<string>,
  parameters: Record<string, unknown>,
  kwargOp: string,
): ScriptArguments {
  const positional = Object.entries(specs)
    .filter(([name, spec]) => typeof spec.position === 'number' && !runnerParameterNames.has(name))
    .sort(([, a], [, b]) => (a.position as number) - (b.position as number));
  const positionalNames = new Set(positional.map(([name]) => name));
  const actionParameters: Record<string, unknown> = {};
  const named: string[] = [];
  for (const [name, value] of Object.entries(parameters)) {
    if (runnerParameterNames.has(name)) continue;
    actionParameters[name] = value;
    if (positionalNames.has(name)) continue;
    if (value === null || value === undefined || value === '' || value === false) continue;
    named.push(value === true ? `${kwargOp}${name}` : `${kwargOp}${name}=${namedValue(value)}`);
  }
  const positionalValues = positional.map(([name, spec]) => serializePositional(spec.type, parameters[name]));
  return { argv: [...named, ...positionalValues], actionParameters };
}

function namedValue(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** st2's serialize_positional_argument: null → '', booleans "1"/"0", arrays "a,b", objects JSON. */
export function serializePositional(type: unknown, value: unknown): string {
  if (value === null || value === undefined) return '';
  const declared = Array.isArray(type) ? type[0] : type;
  if (declared === 'boolean' || typeof value === 'boolean') return value ? '1' : '0';
  if (Array.isArray(value))
    return value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(',');
  if (typeof value === 'object') return Object.keys(value).length === 0 ? '' : JSON.stringify(value);
  return String(value);
}

/** Exported names for parameters: `ST2_PARAM_<NAME>` (upper case). */
export function parameterEnvironment(actionParameters: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(actionParameters)) {
    if (value === null || value === undefined) continue;
    env[`ST2_PARAM_${name.toUpperCase()}`] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return env;
}
