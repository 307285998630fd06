import type { YaqlArgument, YaqlNode } from './yaql-ast.js';

/** Functions whose arguments after the receiver are evaluated per item, with `$` the item. */
const LAMBDA_FUNCTIONS = new Set(['select', 'where', 'any', 'all', 'orderBy']);

export interface NameUse {
  name: string;
  position: number;
}

/** Every function or method an expression calls. */
export function calledFunctions(root: YaqlNode): NameUse[] {
  const found: NameUse[] = [];
  walk(root, false, (node) => {
    if (node.kind === 'call') found.push({ name: node.name, position: node.position });
  });
  return found;
}

/**
 * The workflow variables an expression reads: `ctx(x)`, `ctx('x')`, `ctx().x`, `ctx()['x']`, and
 * `$.x` outside lambdas (where `$` is the workflow context). `ctx()` alone reads no name.
 */
export function contextReferences(root: YaqlNode): NameUse[] {
  const found: NameUse[] = [];
  walk(root, false, (node, inLambda) => {
    const name = referencedName(node, inLambda);
    if (name !== undefined) found.push({ name, position: node.position });
  });
  return found;
}

function referencedName(node: YaqlNode, inLambda: boolean): string | undefined {
  if (isCtxCall(node) && node.args.length === 1) return staticText(argumentValue(node.args[0]));
  if (node.kind === 'property' && isContextRoot(node.target, inLambda)) return node.name;
  if (node.kind === 'index' && isContextRoot(node.target, inLambda)) return staticText(node.index);
  return undefined;
}

function isCtxCall(node: YaqlNode): node is Extract<YaqlNode, { kind: 'call' }> {
  return node.kind === 'call' && node.name === 'ctx' && node.receiver === undefined;
}

function isContextRoot(node: YaqlNode, inLambda: boolean): boolean {
  return (isCtxCall(node) && node.args.length === 0) || (node.kind === 'dollar' && !inLambda);
}

function argumentValue(arg: YaqlArgument | undefined): YaqlNode | undefined {
  return arg?.kind === 'positional' ? arg.value : undefined;
}

function staticText(node: YaqlNode | undefined): string | undefined {
  if (node?.kind === 'keyword') return node.name;
  if (node?.kind === 'literal' && typeof node.value === 'string') return node.value;
  return undefined;
}

function walk(node: YaqlNode, inLambda: boolean, visit: (node: YaqlNode, inLambda: boolean) => void): void {
  visit(node, inLambda);
  switch (node.kind) {
    case 'list':
      for (const item of node.items) walk(item, inLambda, visit);
      return;
    case 'dict':
      for (const [key, value] of node.entries) {
        walk(key, inLambda, visit);
        walk(value, inLambda, visit);
      }
      return;
    case 'property':
      walk(node.target, inLambda, visit);
      return;
    case 'index':
      walk(node.target, inLambda, visit);
      walk(node.index, inLambda, visit);
      return;
    case 'unary':
      walk(node.operand, inLambda, visit);
      return;
    case 'binary':
      walk(node.left, inLambda, visit);
      walk(node.right, inLambda, visit);
      return;
    case 'call': {
      if (node.receiver) walk(node.receiver, inLambda, visit);
      const lambda = inLambda || LAMBDA_FUNCTIONS.has(node.name);
      node.args.forEach((arg, i) => {
        const argLambda = lambda && (inLambda || node.receiver !== undefined || i > 0);
        if (arg.kind === 'mapping') walk(arg.key, argLambda, visit);
        walk(arg.value, argLambda, visit);
      });
      return;
    }
    case 'literal':
    case 'keyword':
    case 'dollar':
      return;
  }
}
