import yaml from 'js-yaml';

import { ValidationError } from '../common/errors.js';
import { findYamlBoundProblem, YAML_LIMITS } from './yaml-bounds.js';
import { lineHint, yamlHint } from './yaml-hints.js';

export type YamlPath = readonly (string | number)[];

/** A parsed YAML file that can say on which line a key stands, for error messages. */
export interface YamlDocument {
  file: string;
  data: unknown;
  /** 1-based line of the key at `path` (best effort; the nearest found ancestor otherwise). */
  lineOf(path: YamlPath): number | undefined;
}

/**
 * YAML 1.2's core schema plus merge keys (`<<: *defaults`): timestamps stay strings (a DateTimer's
 * `date: 2014-12-31 23:59:59` must reach its schema as text) and `yes`/`on` stay strings.
 */
const MERGE_TYPE = (yaml as unknown as { types: { merge: yaml.Type } }).types.merge;
// Implicit, so that a plain `<<` key resolves to the merge type (an explicit type needs a `!!merge` tag).
const CONTENT_SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [MERGE_TYPE] });

/** Parses YAML text. A syntax error becomes a ValidationError (code E_YAML) naming the file and line. */
export function parseYamlDocument(text: string, file: string): YamlDocument {
  if (text.length > YAML_LIMITS.maxBytes) {
    throw new ValidationError(
      `${file}: YAML file of ${text.length} bytes is over the ${YAML_LIMITS.maxBytes}-byte limit for content files; split it`,
      { code: 'E_YAML_BOUND', location: { file } },
    );
  }
  let data: unknown;
  try {
    data = yaml.load(text, { filename: file, schema: CONTENT_SCHEMA });
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? String(error);
    const hint = yamlHint(text, reason, mark?.line);
    const line = hint?.line ?? (mark?.line === undefined ? undefined : mark.line + 1);
    const fix = hint ? `; ${hint.fix}` : '';
    throw new ValidationError(`${file}${line ? `:${line}` : ''}: invalid YAML: ${reason}${fix}`, {
      code: 'E_YAML',
      cause: error,
      location: line === undefined ? { file } : { file, line },
    });
  }
  const lines = text.split(/\r?\n/);
  const lineOf = (path: YamlPath): number | undefined => findLine(lines, path);
  const bound = findYamlBoundProblem(data);
  if (bound) {
    const line = lineOf(bound.path);
    const at = bound.path.length > 0 ? ` at ${bound.path.join('.')}` : '';
    throw new ValidationError(
      `${file}${line ? `:${line}` : ''}: YAML refused${at}: ${bound.reason}; remove the aliases (*name) that repeat large nodes, or split the file`,
      { code: 'E_YAML_BOUND', location: line === undefined ? { file } : { file, line } },
    );
  }
  const unquoted = findUnquotedTemplate(data, []);
  if (unquoted) {
    const line = lineOf(unquoted);
    const at = unquoted.join('.');
    const hint = line === undefined ? undefined : lineHint(text, line - 1);
    const fix =
      hint?.fix.replace(/^.*: quote the whole value: /, '') ?? `${String(unquoted.at(-1))}: "{{ ... }}"`;
    throw new ValidationError(
      `${file}${line ? `:${line}` : ''}: ${at} holds an unquoted Jinja template, which YAML reads as a mapping; quote it: ${fix}`,
      { code: 'E_YAML', location: line === undefined ? { file } : { file, line } },
    );
  }
  return { file, data, lineOf };
}

function findLine(lines: readonly string[], path: YamlPath): number | undefined {
  let from = 0;
  let indent = -1;
  let found: number | undefined;
  for (const segment of path) {
    const hit =
      typeof segment === 'number'
        ? findListItem(lines, from, indent, segment)
        : findKey(lines, from, indent, segment);
    if (!hit) return found;
    found = hit.line + 1;
    from = hit.line + (typeof segment === 'number' ? 0 : 1);
    indent = hit.indent;
  }
  return found;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isContent(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== '' && !trimmed.startsWith('#') && trimmed !== '---';
}

/** The lines from `from` on that hold content (no blanks, comments or `---`), with their indent. */
function* contentLines(lines: readonly string[], from: number) {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (isContent(line)) yield { i, line, indent: indentOf(line) };
  }
}

function findKey(lines: readonly string[], from: number, parentIndent: number, key: string) {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\s*(?:-\\s+)?(?:${escaped}|"${escaped}"|'${escaped}')\\s*:`);
  // Keys of one mapping share the indent of its first key; deeper lines belong to nested values.
  let childIndent: number | undefined;
  for (const { i, line, indent } of contentLines(lines, from)) {
    if (i > from && indent <= parentIndent) return undefined;
    if (indent <= parentIndent) continue;
    childIndent ??= indent;
    if (indent === childIndent && pattern.test(line)) return { line: i, indent };
  }
  return undefined;
}

function findListItem(lines: readonly string[], from: number, parentIndent: number, index: number) {
  let seen = -1;
  let itemIndent: number | undefined;
  for (const { i, line, indent } of contentLines(lines, from)) {
    if (indent < parentIndent || (indent === parentIndent && !line.trimStart().startsWith('-'))) break;
    if (!line.trimStart().startsWith('-')) continue;
    if (itemIndent === undefined) itemIndent = indent;
    if (indent !== itemIndent) continue;
    seen++;
    if (seen === index) return { line: i, indent };
  }
  return undefined;
}

/**
 * `message: {{ x }}` is a YAML flow mapping whose key is another mapping; js-yaml turns that key into
 * the string "[object Object]". Such a value is always an unquoted template: find where.
 */
function findUnquotedTemplate(value: unknown, path: (string | number)[]): (string | number)[] | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnquotedTemplate(item, [...path, index]);
      if (found) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '[object Object]') return path;
      const found = findUnquotedTemplate(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
