import type { YaqlArgument, YaqlNode } from './yaql-ast.js';
import { noMatchingFunction, unknownFunction, YaqlKeyError, YaqlRuntimeError } from './yaql-errors.js';
import { arithmetic, contains, isDict, pythonCompare, pythonEquals, truthy } from './yaql-values.js';

/** An argument evaluated on demand; `$` is rebound when the function passes an item. */
export type Thunk = (dollar?: unknown) => unknown;

export type YaqlFunction =
  /** Gets its arguments evaluated (the receiver of a method call first). */
  | { lazy?: false; call(args: unknown[], named: Record<string, unknown>): unknown }
  /** Gets thunks: for lambdas (`select($.x)`), short-circuits (`coalesce`) and `switch` cases. */
  | {
      lazy: true;
      call(args: Thunk[], named: Record<string, Thunk>, cases: [Thunk, Thunk][]): unknown;
    };

export interface YaqlEnvironment {
  /** What `$` is at the top of the expression. */
  root: unknown;
  functions: ReadonlyMap<string, YaqlFunction>;
}

/** Evaluates a parsed expression. Throws YaqlRuntimeError (or its subclasses). */
export function evaluateYaql(node: YaqlNode, env: YaqlEnvironment): unknown {
  return new Evaluator(env).evaluate(node, env.root);
}

class Evaluator {
  constructor(private readonly env: YaqlEnvironment) {}

  evaluate(node: YaqlNode, dollar: unknown): unknown {
    switch (node.kind) {
      case 'literal':
        return node.value;
      case 'keyword':
        return node.name;
      case 'dollar':
        return dollar;
      case 'list':
        return node.items.map((item) => this.evaluate(item, dollar));
      case 'dict':
        return this.dict(node.entries, dollar);
      case 'property':
        return property(this.evaluate(node.target, dollar), node.name);
      case 'index':
        return index(this.evaluate(node.target, dollar), this.evaluate(node.index, dollar));
      case 'unary':
        return this.unary(node.operator, this.evaluate(node.operand, dollar));
      case 'binary':
        return this.binary(node.operator, node.left, node.right, dollar);
      case 'call':
        return this.call(node.name, node.receiver, node.args, dollar);
    }
  }

  private dict(entries: [YaqlNode, YaqlNode][], dollar: unknown): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [key, value] of entries)
      result[String(this.evaluate(key, dollar))] = this.evaluate(value, dollar);
    return result;
  }

  private unary(operator: string, value: unknown): unknown {
    if (operator === 'not') return !truthy(value);
    if (typeof value !== 'number') throw noMatchingFunction(`#unary_operator_${operator}`);
    return operator === '-' ? -value : value;
  }

  private binary(operator: string, left: YaqlNode, right: YaqlNode, dollar: unknown): unknown {
    const a = this.evaluate(left, dollar);
    if (operator === 'and') return truthy(a) ? this.evaluate(right, dollar) : a;
    if (operator === 'or') return truthy(a) ? a : this.evaluate(right, dollar);
    const b = this.evaluate(right, dollar);
    switch (operator) {
      case '=':
        return pythonEquals(a, b);
      case '!=':
        return !pythonEquals(a, b);
      case '<':
        return pythonCompare(operator, a, b) < 0;
      case '<=':
        return pythonCompare(operator, a, b) <= 0;
      case '>':
        return pythonCompare(operator, a, b) > 0;
      case '>=':
        return pythonCompare(operator, a, b) >= 0;
      case 'in':
        return contains(b, a);
      default:
        return arithmetic(operator, a, b);
    }
  }

  private call(name: string, receiver: YaqlNode | undefined, args: YaqlArgument[], dollar: unknown): unknown {
    const fn = this.env.functions.get(name);
    if (!fn) throw unknownFunction(name);
    const positional = args.flatMap((arg) => (arg.kind === 'positional' ? [arg.value] : []));
    const nodes = receiver ? [receiver, ...positional] : positional;
    if (fn.lazy === true) {
      const thunk =
        (node: YaqlNode): Thunk =>
        (item?: unknown) =>
          this.evaluate(node, item === undefined ? dollar : item);
      const named: Record<string, Thunk> = {};
      const cases: [Thunk, Thunk][] = [];
      for (const arg of args) {
        if (arg.kind === 'named') named[arg.name] = thunk(arg.value);
        if (arg.kind === 'mapping') cases.push([thunk(arg.key), thunk(arg.value)]);
      }
      return fn.call(nodes.map(thunk), named, cases);
    }
    const named: Record<string, unknown> = {};
    for (const arg of args) {
      if (arg.kind === 'mapping') throw noMatchingFunction(name);
      if (arg.kind === 'named') named[arg.name] = this.evaluate(arg.value, dollar);
    }
    return fn.call(
      nodes.map((node) => this.evaluate(node, dollar)),
      named,
    );
  }
}

/** `x.name`: a dict's key, the key of every item of a list, else no such property. */
function property(target: unknown, name: string): unknown {
  if (isDict(target)) {
    if (!Object.hasOwn(target, name)) throw new YaqlKeyError(name);
    return target[name];
  }
  if (Array.isArray(target)) return target.map((item) => property(item, name));
  throw unknownFunction(`#property#${name}`);
}

/** `x[i]`: a list or string position (negative from the end), a dict key. */
function index(target: unknown, key: unknown): unknown {
  if (isDict(target)) {
    const name = typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
    if (name === undefined || !Object.hasOwn(target, name)) throw new YaqlKeyError(String(key));
    return target[name];
  }
  if ((Array.isArray(target) || typeof target === 'string') && Number.isInteger(key)) {
    const position = (key as number) < 0 ? target.length + (key as number) : (key as number);
    if (position < 0 || position >= target.length) {
      throw new YaqlRuntimeError(
        'IndexError',
        typeof target === 'string' ? 'string index out of range' : 'tuple index out of range',
      );
    }
    return target[position];
  }
  throw noMatchingFunction('#indexer');
}
