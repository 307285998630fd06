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

/** Checks a value must pass where it stands (see shell-facts.ts), and what it is checked for. */
export interface ShellValueChecks {
  readonly context: ShellQuoteContext;
  /** Comma-separated: integer, name, operand, test-operand. */
  readonly checks: string;
  /** Why, for the message: e.g. `is used in bash arithmetic ((( … )))`. */
  readonly where: string;
  readonly location: string;
  /** Space-separated names a value may not take where it names a variable. */
  readonly reserved: string;
}

/**
 * The text of a value that must pass checks: an integer is printed bare (it is safe in any
 * quoting), a name too; anything else is quoted for its context. Throws (a render error) when
 * the value fails a check.
 */
export function checkedShellValue(text: string, value: unknown, options: ShellValueChecks): string {
  const checks = options.checks.split(',');
  const fail = (requirement: string, why: string): never => {
    throw new Error(
      `the value at ${options.location} ${options.where} and ${requirement}, not ${shown(text)}: ${why}`,
    );
  };
  if (checks.includes('integer')) {
    const integer = integerText(value, text);
    if (integer === undefined) {
      fail(
        'must be an integer',
        'bash evaluates text there as an arithmetic expression, in which an array subscript runs commands; convert it with "| int" or check it in the rule\'s criteria',
      );
    }
    return integer as string;
  }
  if (checks.includes('name')) {
    if (!/^[A-Za-z0-9_]+$/.test(text))
      fail(
        'must be a variable name (letters, digits and _)',
        'bash would evaluate a subscript in it, which runs commands',
      );
    if (options.reserved.split(' ').includes(text))
      fail(`must not be "${text}"`, 'bash gives that variable a meaning of its own');
    return text;
  }
  if (checks.includes('operand') && text.startsWith('-')) {
    fail(
      'must not start with "-"',
      'the program would read it as an option; put it after "--" or attach it to its option',
    );
  }
  if (checks.includes('test-operand') && (text === '-v' || text === '-R')) {
    fail('must not be "-v" or "-R"', 'test would read the next word as a variable name');
  }
  return quoteForShellContext(text, options.context);
}

/** A whole number, printed in decimal (`" 042 "` → `42`); undefined for anything else. */
function integerText(value: unknown, text: string): string | undefined {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : undefined;
  if (typeof value === 'boolean') return undefined;
  const match = /^\s*([+-]?)(\d+)\s*$/.exec(text);
  if (!match) return undefined;
  const digits = BigInt(match[2] ?? '0').toString();
  return match[1] === '-' && digits !== '0' ? `-${digits}` : digits;
}

function shown(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
