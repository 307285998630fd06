import { errorMessage } from '../common/errors.js';
import { compileTemplate } from '../templates/compile-template.js';
import type { TemplateContext } from '../templates/template-types.js';
import type { AliasDefinition } from '../snapshot/model/alias-definition.js';

/** What chat messages read of an execution (StackStorm's field names). */
export interface ExecutionLike {
  id: string;
  action?: string;
  status: string;
  parameters?: Record<string, unknown>;
  result?: unknown;
  stdout?: string;
  stderr?: string;
  error?: string | null;
  [field: string]: unknown;
}

export interface RenderMessageOptions {
  /** Link to the execution, appended to the ack when the alias allows it. */
  executionUrl?: string;
  /** Longest output the default result message shows. @default 1500 */
  maxOutputChars?: number;
  /** More template variables (the user, the channel...). */
  extra?: Record<string, unknown>;
}

/** The acknowledgement posted when the execution starts, or undefined when `ack.enabled` is false. */
export function renderAckMessage(
  alias: AliasDefinition,
  execution: ExecutionLike,
  options: RenderMessageOptions = {},
): string | undefined {
  if (!alias.ack.enabled) return undefined;
  const text =
    alias.ack.format === undefined
      ? `Running ${alias.action_ref} for you (execution ${execution.id}).`
      : renderFormat(alias, 'ack', alias.ack.format, execution, options);
  const withUrl = alias.ack.append_url && options.executionUrl ? `${text}\n${options.executionUrl}` : text;
  return tidy(withUrl);
}

/** The message posted when the execution ends, or undefined when `result.enabled` is false. */
export function renderResultMessage(
  alias: AliasDefinition,
  execution: ExecutionLike,
  options: RenderMessageOptions = {},
): string | undefined {
  if (!alias.result.enabled) return undefined;
  const text =
    alias.result.format === undefined
      ? defaultResultMessage(alias, execution, options.maxOutputChars ?? 1500)
      : renderFormat(alias, 'result', alias.result.format, execution, options);
  return tidy(text);
}

/**
 * st2 renders `ack.format` with `execution` and `actionalias`, `result.format` with `execution`
 * and `alias`; both names are offered in both. An error becomes the message, as in st2, so the
 * user still hears back.
 */
function renderFormat(
  alias: AliasDefinition,
  field: 'ack' | 'result',
  format: string,
  execution: ExecutionLike,
  options: RenderMessageOptions,
): string {
  const context: TemplateContext = {
    extra: { ...options.extra, execution, actionalias: alias, alias },
  };
  try {
    const value = compileTemplate(withoutLstripOverrides(format), { name: `${alias.ref} ${field}.format` })(
      context,
    );
    return typeof value === 'string'
      ? value
      : value === undefined || value === null
        ? ''
        : JSON.stringify(value);
  } catch (error) {
    return `Cannot render "format" in field "${field}" of alias ${alias.ref}: ${errorMessage(error)}`;
  }
}

/**
 * Jinja's `{%+ … %}` keeps the whitespace before a tag that lstrip_blocks would remove; the template
 * engine does not know the `+` (st2's remote_shell_cmd example uses it). Dropping it only changes
 * indentation, which tidy() removes anyway.
 */
function withoutLstripOverrides(format: string): string {
  return format.replace(/\{%\+/g, '{%').replace(/\+%\}/g, '%}');
}

/** Status, then the output: stdout (stderr too on failure), else the result, truncated. */
export function defaultResultMessage(
  alias: AliasDefinition,
  execution: ExecutionLike,
  maxChars: number,
): string {
  const verdict = execution.status === 'succeeded' ? 'succeeded' : `ended: ${execution.status}`;
  const lines = [`${alias.action_ref} ${verdict} (execution ${execution.id}).`];
  if (execution.error) lines.push(`Error: ${execution.error}`);
  const output = outputOf(execution);
  if (output !== '') lines.push('```', truncate(output, maxChars, execution.id), '```');
  return lines.join('\n');
}

function outputOf(execution: ExecutionLike): string {
  const result = execution.result as { stdout?: unknown; stderr?: unknown } | null | undefined;
  const stdout = stringField(execution.stdout) || stringField(result?.stdout);
  const stderr = stringField(execution.stderr) || stringField(result?.stderr);
  const parts = [stdout.trimEnd()];
  if (execution.status !== 'succeeded' && stderr.trim() !== '') parts.push(`stderr:\n${stderr.trimEnd()}`);
  const text = parts.filter((part) => part !== '').join('\n');
  if (text !== '' || result === undefined || result === null) return text;
  if (typeof result === 'object' && ('stdout' in result || 'stderr' in result)) return '';
  return typeof result === 'string' ? result : JSON.stringify(result, null, 2);
}

function stringField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function truncate(text: string, maxChars: number, id: string): string {
  if (text.length <= maxChars) return text;
  const cut = text.lastIndexOf('\n', maxChars);
  const kept = text.slice(0, cut > maxChars / 2 ? cut : maxChars);
  return `${kept}\n… ${text.length - kept.length} more characters; see execution ${id}`;
}

/**
 * `{~}` separates a pretext from the body in st2's chat formats; plain chat shows the parts on
 * separate lines. Template indentation and the blank lines block tags leave behind are removed.
 */
function tidy(text: string): string {
  return text
    .split('{~}')
    .map((part) => dedent(part.replace(/[ \t]+$/gm, '')).replace(/^\n+|\n+$/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function dedent(text: string): string {
  const indents = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.length - line.trimStart().length);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return common === 0 ? text : text.replace(new RegExp(`^[ \\t]{${common}}`, 'gm'), '');
}
