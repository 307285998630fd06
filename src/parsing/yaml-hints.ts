/**
 * The fix for the YAML mistakes rule and action authors make most: a plain (unquoted) value that
 * YAML reads as something else. Each hint names the line it is about and shows the quoted value.
 */
export interface YamlHint {
  /** 1-based line the hint is about (may differ from where the parser gave up). */
  line: number;
  /** What to do, ending with the line as it should be written. */
  fix: string;
}

/** `key: value` or `- key: value` or `- value`, with the value plain (not quoted, not a block). */
const ENTRY = /^(\s*(?:-\s+)?)([^\s#'"][^:]*?|"[^"]*"|'[^']*'):\s+(.*?)\s*$/;
const ITEM = /^(\s*-\s+)(.*?)\s*$/;

/** The hint for a parse error at `line` (0-based, as js-yaml marks it), when the mistake is known. */
export function yamlHint(text: string, reason: string, line: number | undefined): YamlHint | undefined {
  const lines = text.split(/\r?\n/);
  if (/tab characters/.test(reason)) {
    const at = lines.findIndex((candidate) => /^ *\t/.test(candidate));
    return {
      line: (at >= 0 ? at : (line ?? 0)) + 1,
      fix: 'YAML indentation must be spaces, not tabs: replace the tab with spaces',
    };
  }
  if (/within a flow collection|missed comma between flow collection/.test(reason)) {
    const at = lines.findIndex((candidate) => unbalancedFlow(valueOf(candidate)));
    if (at >= 0) return flowHint(lines[at] ?? '', at);
  }
  if (line === undefined) return undefined;
  // js-yaml marks the line after the value when a value runs on (`bad indentation` of a next entry).
  for (const at of [line, line - 1]) {
    const hint = plainValueHint(lines[at] ?? '', at);
    if (hint) return hint;
  }
  return undefined;
}

/** The hint for one line (0-based index) whose plain value YAML misreads, if it is one. */
export function lineHint(text: string, index: number): YamlHint | undefined {
  return plainValueHint(text.split(/\r?\n/)[index] ?? '', index);
}

function plainValueHint(text: string, index: number): YamlHint | undefined {
  const value = valueOf(text);
  if (value === undefined || value === '' || /^[|>]/.test(value)) return undefined;
  const problem = plainProblem(value);
  if (!problem) return undefined;
  return { line: index + 1, fix: `${problem}: quote the whole value: ${quotedLine(text, value)}` };
}

/** Why a plain value cannot stand unquoted, or undefined when it can. */
function plainProblem(value: string): string | undefined {
  if (value.startsWith('{{') || value.startsWith('{%'))
    return 'a value starting with "{{" is read by YAML as a mapping, not a Jinja template';
  if (/^["'].*["']\S/.test(value) || /^["'][^"']*["']\s+\S/.test(value))
    return 'a quoted string must be the whole value';
  if (value.startsWith('*')) return 'a value starting with "*" is read by YAML as an alias';
  if (value.startsWith('&')) return 'a value starting with "&" is read by YAML as an anchor';
  if (/^[@`%]/.test(value)) return `"${value[0] ?? ''}" may not start a plain YAML value`;
  if (/^-\s/.test(value)) return 'a value starting with "- " is read by YAML as a list';
  if (/:\s/.test(value)) return 'the value holds ": ", which YAML reads as the start of another key';
  if (/\s#/.test(value)) return 'the value holds " #", which YAML reads as the start of a comment';
  return undefined;
}

function flowHint(text: string, index: number): YamlHint {
  const value = valueOf(text) ?? '';
  return {
    line: index + 1,
    fix: `a value starting with "${value[0] ?? ''}" is read by YAML as a ${value.startsWith('[') ? 'list' : 'mapping'} that is never closed; close it, or if it is text quote the whole value: ${quotedLine(text, value)}`,
  };
}

/** The plain value of a `key: value` or `- value` line, or undefined when it has none or is quoted. */
function valueOf(text: string): string | undefined {
  const entry = ENTRY.exec(text);
  const value = entry ? entry[3] : ITEM.exec(text)?.[2];
  if (value === undefined) return undefined;
  // A fully quoted value is fine (a value that only starts with a quote is checked by plainProblem).
  if (/^"(?:[^"\\]|\\.)*"$/.test(value) || /^'(?:[^']|'')*'$/.test(value)) return undefined;
  return value;
}

function unbalancedFlow(value: string | undefined): boolean {
  if (value === undefined || !/^[[{]/.test(value)) return false;
  let depth = 0;
  for (const char of value) {
    if (char === '{' || char === '[') depth++;
    if (char === '}' || char === ']') depth--;
  }
  return depth > 0;
}

/** The line with its value in quotes: single quotes when it holds a double quote, else double. */
function quotedLine(text: string, value: string): string {
  const quoted = value.includes('"')
    ? `'${value.replaceAll("'", "''")}'`
    : `"${value.replaceAll('\\', '\\\\')}"`;
  const at = text.lastIndexOf(value);
  return `${text.slice(0, at)}${quoted}`.trim();
}
