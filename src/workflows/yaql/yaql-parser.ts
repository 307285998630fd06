import type { YaqlArgument, YaqlNode } from './yaql-ast.js';
import { YaqlSyntaxError } from './yaql-errors.js';
import { tokenize, type Token } from './yaql-lexer.js';

/**
 * Binary operators by binding strength, as yaql ranks them: `or` < `and` < (`not`) < comparisons
 * and `in` < `+ -` < `* / mod` < (unary `+ -`) < `.` and `[]`.
 */
const BINARY_PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  '=': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  in: 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  mod: 6,
};
const NOT_PRECEDENCE = 3;
const UNARY_PRECEDENCE = 7;

/** Operators yaql has that the supported subset leaves out, with what to write instead. */
const UNSUPPORTED_OPERATORS: Record<string, string> = {
  '=~': 'regular expression operators are not supported; use regex_search(string, pattern)',
  '!~': 'regular expression operators are not supported; use not regex_search(string, pattern)',
  '?.': 'the "?." operator is not supported; use coalesce() or .get()',
  '->': 'lambdas ("->") are not supported; use $ inside select() or where()',
};

/** Parses a YAQL expression (the text between `<%` and `%>`). Throws YaqlSyntaxError. */
export function parseYaql(source: string): YaqlNode {
  const parser = new Parser(tokenize(source));
  const node = parser.expression(0);
  parser.expectEnd();
  return node;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): Token {
    const token = this.peek();
    this.index += 1;
    return token;
  }

  private is(type: Token['type'], value?: string): boolean {
    const token = this.peek();
    return token.type === type && (value === undefined || token.value === value);
  }

  private expect(type: Token['type'], value: string): Token {
    if (!this.is(type, value)) throw this.unexpected();
    return this.next();
  }

  private unexpected(): YaqlSyntaxError {
    const token = this.peek();
    if (token.type === 'end') return new YaqlSyntaxError('unexpected end of expression', token.position);
    const text = token.type === 'string' ? JSON.stringify(token.value) : String(token.value);
    return new YaqlSyntaxError(`unexpected '${text}'`, token.position);
  }

  expectEnd(): void {
    if (!this.is('end')) throw this.unexpected();
  }

  expression(minPrecedence: number): YaqlNode {
    let left = this.prefix();
    for (;;) {
      const token = this.peek();
      if (token.type !== 'operator') break;
      const operator = String(token.value);
      const unsupported = UNSUPPORTED_OPERATORS[operator];
      if (unsupported) throw new YaqlSyntaxError(unsupported, token.position);
      const precedence = BINARY_PRECEDENCE[operator];
      if (precedence === undefined || precedence <= minPrecedence) break;
      this.next();
      const right = this.expression(precedence);
      left = { kind: 'binary', operator, left, right, position: token.position };
    }
    return left;
  }

  private prefix(): YaqlNode {
    const token = this.peek();
    if (token.type === 'operator' && token.value === 'not') {
      this.next();
      return {
        kind: 'unary',
        operator: 'not',
        operand: this.expression(NOT_PRECEDENCE),
        position: token.position,
      };
    }
    if (token.type === 'operator' && (token.value === '-' || token.value === '+')) {
      this.next();
      const operand = this.expression(UNARY_PRECEDENCE);
      return { kind: 'unary', operator: String(token.value), operand, position: token.position };
    }
    return this.postfix(this.primary());
  }

  private postfix(start: YaqlNode): YaqlNode {
    let node = start;
    for (;;) {
      const token = this.peek();
      if (token.type === 'operator' && token.value === '.') {
        this.next();
        node = this.member(node, token.position);
      } else if (token.type === 'punctuation' && token.value === '[') {
        this.next();
        const index = this.expression(0);
        this.expect('punctuation', ']');
        node = { kind: 'index', target: node, index, position: token.position };
      } else {
        return node;
      }
    }
  }

  /** After a `.`: a property name or a method call. */
  private member(target: YaqlNode, position: number): YaqlNode {
    const token = this.next();
    if (token.type === 'function') {
      return { kind: 'call', name: String(token.value), receiver: target, args: this.arguments(), position };
    }
    const name = String(token.value);
    const isName = token.type === 'keyword' || (token.type === 'operator' && /^\w+$/.test(name));
    if (isName) return { kind: 'property', target, name, position };
    this.index -= 1;
    throw this.unexpected();
  }

  private primary(): YaqlNode {
    const token = this.next();
    const position = token.position;
    switch (token.type) {
      case 'number':
      case 'string':
      case 'constant':
        return { kind: 'literal', value: token.value, position };
      case 'keyword':
        return { kind: 'keyword', name: String(token.value), position };
      case 'dollar':
        if (token.value !== '') {
          throw new YaqlSyntaxError(
            `variables other than $ are not supported ($${String(token.value)}); use ctx(${String(token.value)})`,
            position,
          );
        }
        return { kind: 'dollar', position };
      case 'function':
        return {
          kind: 'call',
          name: String(token.value),
          receiver: undefined,
          args: this.arguments(),
          position,
        };
      case 'punctuation':
        return this.bracketed(token);
      case 'operator':
      case 'invalid':
      case 'end':
        this.index -= 1;
        throw this.unexpected();
    }
  }

  private bracketed(token: Token): YaqlNode {
    const position = token.position;
    if (token.value === '(') {
      const inner = this.expression(0);
      this.expect('punctuation', ')');
      return inner;
    }
    if (token.value === '[') {
      const items = this.list(']', () => this.expression(0));
      return { kind: 'list', items, position };
    }
    if (token.value === '{') {
      const entries = this.list('}', (): [YaqlNode, YaqlNode] => {
        const key = this.expression(0);
        this.expect('operator', '=>');
        return [key, this.expression(0)];
      });
      return { kind: 'dict', entries, position };
    }
    this.index -= 1;
    throw this.unexpected();
  }

  /** Items separated by commas up to `close` (the opening bracket is already read). */
  private list<T>(close: string, item: () => T): T[] {
    const items: T[] = [];
    while (!this.is('punctuation', close)) {
      items.push(item());
      if (!this.is('punctuation', ',')) break;
      this.next();
    }
    this.expect('punctuation', close);
    return items;
  }

  /** Call arguments after `name(`. */
  private arguments(): YaqlArgument[] {
    return this.list(')', (): YaqlArgument => {
      const value = this.expression(0);
      if (!this.is('operator', '=>')) return { kind: 'positional', value };
      this.next();
      const mapped = this.expression(0);
      if (value.kind === 'keyword') return { kind: 'named', name: value.name, value: mapped };
      return { kind: 'mapping', key: value, value: mapped };
    });
  }
}
