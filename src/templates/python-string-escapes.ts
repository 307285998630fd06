/**
 * String literals in Jinja tags follow Python's escapes: `"\d+"` keeps its backslash (an unknown
 * escape stays as written) and `"\x41"` is `A`. nunjucks drops the backslash of any escape it does
 * not know, so `regex_match("\d+")` would look for `d+`. This rewrites the literals of a template
 * so that nunjucks reads them as Python does; text outside tags is left alone.
 */
export function withPythonStringEscapes(source: string): string {
  if (!source.includes('\\')) return source;
  let out = '';
  let i = 0;
  while (i < source.length) {
    const open = nextTagStart(source, i);
    if (open < 0) return out + source.slice(i);
    out += source.slice(i, open);
    if (source.startsWith('{#', open)) {
      const end = source.indexOf('#}', open + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(open, stop);
      i = stop;
      continue;
    }
    const raw = /^\{%-?\s*raw\s*-?%\}/.exec(source.slice(open));
    if (raw) {
      const end = /\{%-?\s*endraw\s*-?%\}/.exec(source.slice(open + raw[0].length));
      const stop = end ? open + raw[0].length + end.index + end[0].length : source.length;
      out += source.slice(open, stop);
      i = stop;
      continue;
    }
    const { text, end } = rewriteTag(source, open);
    out += text;
    i = end;
  }
  return out;
}

function nextTagStart(source: string, from: number): number {
  const candidates = ['{{', '{%', '{#'].map((tag) => source.indexOf(tag, from)).filter((at) => at >= 0);
  return candidates.length === 0 ? -1 : Math.min(...candidates);
}

/** Copies one `{{ … }}` or `{% … %}` tag, rewriting the escapes of its string literals. */
function rewriteTag(source: string, open: number): { text: string; end: number } {
  const close = source.startsWith('{{', open) ? '}}' : '%}';
  let text = source.slice(open, open + 2);
  let i = open + 2;
  while (i < source.length && !source.startsWith(close, i)) {
    const char = source[i]!;
    if (char !== '"' && char !== "'") {
      text += char;
      i += 1;
      continue;
    }
    const literal = rewriteLiteral(source, i, char);
    text += literal.text;
    i = literal.end;
  }
  return { text: text + source.slice(i, i + close.length), end: Math.min(source.length, i + close.length) };
}

const KEPT = new Set(['\\', "'", '"', 'n', 't', 'r']);
const CONTROL: Record<string, string> = { a: '\x07', b: '\b', f: '\f', v: '\v' };

function rewriteLiteral(source: string, start: number, quote: string): { text: string; end: number } {
  let text = quote;
  let i = start + 1;
  while (i < source.length && source[i] !== quote) {
    const char = source[i]!;
    if (char !== '\\' || i + 1 >= source.length) {
      text += char;
      i += 1;
      continue;
    }
    const next = source[i + 1]!;
    const coded = codedCharacter(source, i + 1);
    if (KEPT.has(next)) {
      text += `\\${next}`;
      i += 2;
    } else if (CONTROL[next] !== undefined) {
      text += CONTROL[next];
      i += 2;
    } else if (coded) {
      text += coded.char === quote || coded.char === '\\' ? `\\${coded.char}` : coded.char;
      i = coded.end;
    } else {
      // Python keeps an unknown escape as written: the backslash stays.
      text += `\\\\${next}`;
      i += 2;
    }
  }
  return { text: text + (source[i] ?? ''), end: i + 1 };
}

/** `\xNN`, `\uNNNN`, `\UNNNNNNNN` and octal `\NNN` after the backslash at `at - 1`. */
function codedCharacter(source: string, at: number): { char: string; end: number } | undefined {
  const kind = source[at];
  const width = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
  if (width > 0) {
    const hex = source.slice(at + 1, at + 1 + width);
    if (hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
    return { char: String.fromCodePoint(parseInt(hex, 16)), end: at + 1 + width };
  }
  const octal = /^[0-7]{1,3}/.exec(source.slice(at))?.[0];
  return octal ? { char: String.fromCodePoint(parseInt(octal, 8)), end: at + octal.length } : undefined;
}
