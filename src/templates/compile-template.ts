import {
  compileAst,
  isNode,
  parseTemplate,
  templateFromCode,
  templateNodes,
  type NodeListNode,
  type TemplateNode,
} from './nunjucks-internals.js';
import { rewriteShellOutputs, rewriteTextOutputs } from './output-rewrite.js';
import { jinjaSyntax } from './jinja-syntax.js';
import { withPythonStringEscapes } from './python-string-escapes.js';
import { buildRenderContext } from './render-context.js';
import type { RenderRuntime } from './render-runtime.js';
import { filterCall, rewriteTree, singleExpression } from './template-ast.js';
import { INTERNAL_FILTERS, templateEnvironment } from './template-environment.js';
import { templateError } from './template-errors.js';
import type { CompileOptions, CompiledTemplate, TemplateContext } from './template-types.js';

export { shellQuote } from './shell-quote.js';

/** StackStorm's test (st2common/util/jinja.py is_jinja_expression): `{{` or `{%` anywhere. */
export function isTemplate(source: string): boolean {
  return source.includes('{{') || source.includes('{%');
}

/**
 * Compiles a Jinja template the way StackStorm renders it (nunjucks underneath).
 *
 * - Text that is not a template (no `{{`/`{%`) comes back unchanged, so `${#arr[@]}` in a shell
 *   command is left alone.
 * - A template that is exactly one `{{ expression }}` returns the value with its type (number,
 *   boolean, list, object, null). A value that is undefined (a missing trigger field) or a missing
 *   datastore key returns '' — what it renders as inside text.
 * - Otherwise the result is a string: undefined and null print nothing, lists and objects print as
 *   JSON, booleans as true/false.
 * - `shell: true`: every output is quoted for its shell context (see output-rewrite.ts) and the
 *   result is always a string; `{{ x | safe }}` inserts the value as shell text, unquoted.
 *
 * Syntax errors throw ValidationError E_TEMPLATE; errors while rendering E_TEMPLATE_RENDER.
 */
export function compileTemplate(source: string, options: CompileOptions = {}): CompiledTemplate {
  if (!isTemplate(source)) return () => source;
  const name = options.name ?? 'template';
  const { ast, single } = buildAst(source, name, options.shell === true, options.text === true);
  let template;
  try {
    template = templateFromCode(compileAst(ast, name), templateEnvironment(), name);
  } catch (error) {
    throw templateError(error, name, 'compile');
  }
  return (context: TemplateContext): unknown => {
    const runtime: RenderRuntime = {
      decrypt: context.decrypt,
      captured: undefined,
      strict: options.strict === true,
    };
    let text: string;
    try {
      text = template.render(buildRenderContext(context, runtime));
    } catch (error) {
      throw templateError(error, name, 'render');
    }
    if (!single) return text;
    return runtime.captured ? runtime.captured.value : '';
  };
}

/**
 * Jinja semantics nunjucks lacks: the syntax of jinja-syntax.ts; `a.b` and `a[b]` go through
 * Squall's member lookup (datastore keys, Python methods, no escapes); `{% for k in dict %}`
 * iterates the keys.
 */
function jinjaCompatibility(original: TemplateNode, templateName: string): TemplateNode {
  const node = jinjaSyntax(original, templateName);
  const { target, val, arr, name } = node;
  if (node.typename === 'LookupVal' && isNode(target) && isNode(val)) {
    return filterCall(INTERNAL_FILTERS.member, target, [val]);
  }
  if (node.typename === 'For' && isNode(arr) && isNode(name) && name.typename === 'Symbol') {
    node['arr'] = filterCall(INTERNAL_FILTERS.iterable, arr);
  }
  return node;
}

/**
 * Jinja's `{%+` and `+%}` switch lstrip_blocks/trim_blocks off for one tag; nunjucks has no such
 * syntax, so the markers are dropped (the tag's surrounding whitespace is then trimmed as usual).
 */
function withoutWhitespaceOverrides(source: string): string {
  return source.replaceAll('{%+', '{%').replaceAll('+%}', '%}');
}

function buildAst(
  source: string,
  name: string,
  shell: boolean,
  text: boolean,
): { ast: NodeListNode; single: boolean } {
  let ast: NodeListNode;
  try {
    ast = parseTemplate(withPythonStringEscapes(withoutWhitespaceOverrides(source)));
  } catch (error) {
    throw templateError(error, name, 'compile');
  }
  rewriteTree(ast, (node) => jinjaCompatibility(node, name));
  const expression = shell || text ? undefined : singleExpression(ast);
  if (expression) {
    rewriteTextOutputs(expression);
    ast.children = [new templateNodes.Output(0, 0, [filterCall(INTERNAL_FILTERS.capture, expression)])];
    return { ast, single: true };
  }
  if (shell) rewriteShellOutputs(ast.children, name);
  else rewriteTextOutputs(ast);
  return { ast, single: false };
}
