/**
 * Orquesta's inline parameters: `core.echo message="hi" count=3` and `publish: a=<% … %> b=1`.
 * A value is a bracketed list, a quoted string, a number, true/false, null, or one expression;
 * quotes are removed and unquoted values are read as JSON when they are JSON.
 */
const VALUE_FORMS = [
  String.raw`\[.*\]\s*`,
  String.raw`"[^"]*"\s*`,
  String.raw`'[^']*'\s*`,
  String.raw`-?\d*\.\d+`,
  String.raw`-?\d+`,
  '[Tt][Rr][Uu][Ee]',
  '[Ff][Aa][Ll][Ss][Ee]',
  'null',
  '<%.*?%>',
  String.raw`\{\{.*?\}\}`,
];

const INLINE_PARAMETER = new RegExp(String.raw`(\w+)=(${VALUE_FORMS.join('|')})`, 'g');

/** The parameters in order; an empty list when the text has none. */
export function parseInlineParams(text: string): [string, unknown][] {
  return [...text.matchAll(INLINE_PARAMETER)].map((match) => [match[1] ?? '', readValue(match[2] ?? '')]);
}

function readValue(raw: string): unknown {
  const trimmed = raw.trim();
  const quoted = /^"[^"]*"$/.test(trimmed) || /^'[^']*'$/.test(trimmed);
  const value = trimmed.replace(/^"/, '').replace(/"$/, '').replace(/^'/, '').replace(/'$/, '');
  const isJsonObject = value.startsWith('{') && value.endsWith('}');
  if (quoted && !isJsonObject) return value;
  const lowered = /^(true|false)$/i.test(value) ? value.toLowerCase() : value;
  try {
    return JSON.parse(lowered) as unknown;
  } catch {
    return value;
  }
}

/** `core.local cmd=<% … %>` → the action ref and its inline input; undefined without parameters. */
export function splitInlineAction(
  action: string,
): { ref: string; input: Record<string, unknown> } | undefined {
  const params = parseInlineParams(action);
  if (params.length === 0) return undefined;
  const space = action.indexOf(' ');
  return { ref: space < 0 ? action : action.slice(0, space), input: Object.fromEntries(params) };
}
