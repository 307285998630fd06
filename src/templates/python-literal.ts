/**
 * Reads a Python literal (`['a', 1]`, `{'a': True, 'b': None}`, `(1, 2)`), as st2's casts fall
 * back to `ast.literal_eval` when a rendered array or object parameter is not JSON: Jinja prints
 * lists and dicts in Python's repr. Returns undefined when the text is not such a literal.
 */
export function parsePythonLiteral(text: string): unknown {
  const reader = new LiteralReader(text);
  try {
    const value = reader.value();
    reader.skipSpace();
    return reader.atEnd() ? value : undefined;
  } catch {
    return undefined;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

class LiteralReader {
  private position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  skipSpace(): void {
    while (/\s/.test(this.text[this.position] ?? '')) this.position += 1;
  }

  value(): unknown {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '[') return this.sequence(']');
    if (char === '(') return this.sequence(')');
    if (char === '{') return this.mapping();
    if (char === "'" || char === '"') return this.string(char);
    const word = /^(?:True|False|None|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(
      this.text.slice(this.position),
    )?.[0];
    if (!word) throw new Error('not a literal');
    this.position += word.length;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    return Number(word);
  }

  private expect(char: string): void {
    this.skipSpace();
    if (this.text[this.position] !== char) throw new Error(`expected ${char}`);
    this.position += 1;
  }

  /** Items up to `close`; a trailing comma is allowed. */
  private items(close: string, item: () => void): void {
    this.position += 1;
    this.skipSpace();
    while (this.text[this.position] !== close) {
      item();
      this.skipSpace();
      if (this.text[this.position] === ',') this.position += 1;
      else if (this.text[this.position] !== close) throw new Error('expected ,');
      this.skipSpace();
    }
    this.position += 1;
  }

  private sequence(close: string): unknown[] {
    const list: unknown[] = [];
    this.items(close, () => list.push(this.value()));
    return list;
  }

  private mapping(): Record<string, unknown> {
    const dict: Record<string, unknown> = {};
    this.items('}', () => {
      const key = this.value();
      if (typeof key === 'object' && key !== null) throw new Error('unhashable key');
      this.expect(':');
      dict[key === null ? 'None' : typeof key === 'boolean' ? (key ? 'True' : 'False') : String(key)] =
        this.value();
    });
    return dict;
  }

  private string(quote: string): string {
    let out = '';
    this.position += 1;
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined) throw new Error('unterminated string');
      this.position += 1;
      if (char === quote) return out;
      if (char !== '\\') {
        out += char;
        continue;
      }
      out += this.escape();
    }
  }

  private escape(): string {
    const char = this.text[this.position] ?? '';
    this.position += 1;
    const simple = SIMPLE_ESCAPES[char];
    if (simple !== undefined) return simple;
    const width = char === 'x' ? 2 : char === 'u' ? 4 : char === 'U' ? 8 : 0;
    if (width === 0) return `\\${char}`;
    const hex = this.text.slice(this.position, this.position + width);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw new Error('bad escape');
    this.position += width;
    return String.fromCodePoint(parseInt(hex, 16));
  }
}
