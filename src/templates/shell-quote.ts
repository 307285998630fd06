/** The quoting context a `{{ expression }}` stands in, inside a shell command template. */
export type ShellQuoteContext = 'unquoted' | 'double' | 'single';

/** Quotes a value as one shell word: `it's` → `'it'\''s'`. Nothing in the value is interpreted. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Escapes a value for the inside of "…": only \ " $ ` are special there. */
export function escapeForDoubleQuotes(value: string): string {
  return value.replace(/[\\"$`]/g, '\\$&');
}

/** Escapes a value for the inside of '…': close the quote, add an escaped quote, reopen. */
export function escapeForSingleQuotes(value: string): string {
  return value.replaceAll("'", `'\\''`);
}

export function quoteForShellContext(value: string, context: ShellQuoteContext): string {
  switch (context) {
    case 'unquoted':
      return shellQuote(value);
    case 'double':
      return escapeForDoubleQuotes(value);
    case 'single':
      return escapeForSingleQuotes(value);
  }
}
