import type { ActionView } from '../../api/serialize/serialize-action.js';
import type { ParameterSpec } from '../../snapshot/model/action-definition.js';
import type { Style } from './style.js';

/**
 * `squall run <action> --help` as `st2 run <action> -h` prints it: the description, then the
 * required and the optional parameters (runner's and action's), each with its description, type,
 * default (secret ones masked by the API) and allowed values.
 */
export function formatActionHelp(action: ActionView, style: Style): string {
  const entries = Object.entries(action.parameters).sort(([a], [b]) => a.localeCompare(b));
  const required = entries.filter(([, spec]) => spec.required === true);
  const optional = entries.filter(([, spec]) => spec.required !== true);
  const lines = [
    `${style.bold(action.ref)}: ${action.description || '(no description)'}`,
    ...(action.unsupported ? ['', style.yellow(`cannot run in Squall: ${action.unsupported}`)] : []),
    '',
    `usage: squall run ${action.ref} [name=value ...]`,
  ];
  for (const [title, group] of [
    ['Required Parameters:', required],
    ['Optional Parameters:', optional],
  ] as const) {
    if (group.length === 0) continue;
    lines.push('', style.bold(title));
    for (const [name, spec] of group) lines.push(...parameterLines(name, spec, style));
  }
  if (entries.length === 0) lines.push('', 'This action takes no parameters.');
  return `${lines.join('\n')}\n`;
}

function parameterLines(name: string, spec: ParameterSpec, style: Style): string[] {
  const lines = [`    ${style.bold(name)}${spec.secret === true ? style.dim(' (secret)') : ''}`];
  if (spec.description) lines.push(`        ${spec.description}`);
  const type = Array.isArray(spec.type) ? spec.type.join(' | ') : spec.type;
  if (type) lines.push(`        Type: ${type}`);
  if (spec.enum) lines.push(`        Enum: ${spec.enum.map((value) => show(value)).join(', ')}`);
  if (spec.default !== undefined) lines.push(`        Default: ${show(spec.default)}`);
  if (spec.immutable === true) lines.push('        Immutable: fixed by the action, cannot be given');
  return lines;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
