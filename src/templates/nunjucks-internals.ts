import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';

/**
 * Typed access to the parts of nunjucks that its type definitions leave out (parser, nodes,
 * compiler, transformer, runtime). Squall rewrites templates on the AST, so it needs them.
 */
export interface TemplateNode {
  readonly typename: string;
  lineno: number;
  colno: number;
  readonly fields: readonly string[];
  [field: string]: unknown;
}

export interface NodeListNode extends TemplateNode {
  children: TemplateNode[];
}

type NodeConstructor = new (lineno: number, colno: number, ...fields: unknown[]) => TemplateNode;

export interface NunjucksNodes {
  Node: NodeConstructor;
  NodeList: NodeConstructor;
  Filter: NodeConstructor;
  Symbol: NodeConstructor;
  Literal: NodeConstructor;
  Output: NodeConstructor;
  Array: NodeConstructor;
  Caller: NodeConstructor;
}

interface NunjucksCompiler {
  compile(node: TemplateNode): void;
  getCode(): string;
}

interface NunjucksInternals {
  parser: { parse(source: string, extensions: unknown[], options: object): NodeListNode };
  nodes: NunjucksNodes;
  compiler: { Compiler: new (name: string, throwOnUndefined: boolean) => NunjucksCompiler };
  runtime: { SafeString: new (value: string) => object };
}

interface NunjucksTransformer {
  transform(ast: TemplateNode, asyncFilters: string[], name: string): TemplateNode;
}

const internals = nunjucks as unknown as NunjucksInternals;
const transformer = createRequire(import.meta.url)('nunjucks/src/transformer.js') as NunjucksTransformer;

if (typeof internals.parser?.parse !== 'function' || typeof internals.compiler?.Compiler !== 'function') {
  throw new Error(
    'templates: this nunjucks build lacks its parser/compiler; install the full "nunjucks" package',
  );
}

export const templateNodes: NunjucksNodes = internals.nodes;
export const SafeString = internals.runtime.SafeString;

/** Options the lexer understands; Squall uses StackStorm's trim_blocks/lstrip_blocks. */
export const LEXER_OPTIONS = { trimBlocks: true, lstripBlocks: true } as const;

export function parseTemplate(source: string): NodeListNode {
  return internals.parser.parse(source, [], LEXER_OPTIONS);
}

export function isNodeList(node: TemplateNode): node is NodeListNode {
  return Array.isArray(node['children']);
}

export function isNode(value: unknown): value is TemplateNode {
  return value instanceof internals.nodes.Node;
}

/** Compiles a (rewritten) AST to the object `new nunjucks.Template({type: 'code', obj})` takes. */
export function compileAst(ast: TemplateNode, name: string): Record<string, unknown> {
  const compiler = new internals.compiler.Compiler(name, false);
  compiler.compile(transformer.transform(ast, [], name));
  const factory = new Function(compiler.getCode()) as () => Record<string, unknown>;
  return factory();
}

/** A nunjucks Template over code compiled by `compileAst` (its constructor accepts that form). */
export function templateFromCode(
  code: Record<string, unknown>,
  env: nunjucks.Environment,
  name: string,
): nunjucks.Template {
  const Template = nunjucks.Template as unknown as new (
    source: { type: 'code'; obj: Record<string, unknown> },
    env: nunjucks.Environment,
    path: string,
    eagerCompile: boolean,
  ) => nunjucks.Template;
  return new Template({ type: 'code', obj: code }, env, name, true);
}
