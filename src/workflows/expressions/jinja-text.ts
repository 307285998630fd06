import { compileTemplate } from '../../templates/compile-template.js';
import type { CompiledTemplate } from '../../templates/template-types.js';
import { ExpressionError, pythonNameOf } from './expression-error.js';
import type { ExpressionScope } from './expression-scope.js';
import { workflowFunctions, type WorkflowFunction } from './workflow-functions.js';

/** `{{ … }}` and `{% … %}` on one line, as orquesta finds them. */
const JINJA_EXPRESSION = /\{\{(.*?)\}\}/g;
const JINJA_BLOCK = /\{%.*?%\}/;

export function hasJinja(text: string): boolean {
  return /\{\{.*?\}\}/.test(text) || JINJA_BLOCK.test(text);
}

const compiled = new Map<string, CompiledTemplate>();
const COMPILE_CACHE_LIMIT = 10_000;

/** Compiles a workflow's Jinja text with StrictUndefined; throws ValidationError E_TEMPLATE. */
export function compileWorkflowJinja(text: string): CompiledTemplate {
  let template = compiled.get(text);
  if (!template) {
    if (compiled.size >= COMPILE_CACHE_LIMIT) compiled.clear();
    // orquesta keeps a value's type only when the string is exactly one expression.
    template = compileTemplate(text, {
      strict: true,
      text: !isExactlyOneExpression(text),
      name: 'expression',
    });
    compiled.set(text, template);
  }
  return template;
}

/** nunjucks passes keyword arguments as a trailing object marked `__keywords`. */
function nunjucksCallable(fn: WorkflowFunction, onError: (error: unknown) => void) {
  return (...args: unknown[]): unknown => {
    const last = args[args.length - 1];
    const hasKeywords =
      typeof last === 'object' && last !== null && (last as Record<string, unknown>)['__keywords'] === true;
    const named = hasKeywords ? { ...(last as Record<string, unknown>) } : {};
    delete named['__keywords'];
    try {
      return fn(hasKeywords ? args.slice(0, -1) : args, named);
    } catch (error) {
      onError(error);
      throw error;
    }
  };
}

/**
 * Evaluates Jinja in a workflow string as orquesta does: a string that is exactly one `{{ … }}`
 * gives the value with its type; otherwise the text is rendered, values printed as Python does.
 * Missing values are errors (StrictUndefined).
 */
export function evaluateJinjaText(text: string, scope: ExpressionScope): unknown {
  let failure: unknown;
  const globals: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(workflowFunctions(scope))) {
    globals[name] = nunjucksCallable(fn, (error) => (failure ??= error));
  }
  let value: unknown;
  try {
    value = compileWorkflowJinja(text)({
      kv: scope.kv,
      user: scope.user,
      decrypt: scope.decrypt,
      globals,
    });
  } catch (error) {
    const cause = failure ?? error;
    throw jinjaError(text, cause);
  }
  return value;
}

function isExactlyOneExpression(text: string): boolean {
  const matches = [...text.matchAll(JINJA_EXPRESSION)];
  return matches.length === 1 && matches[0]?.[0] === text;
}

function jinjaError(text: string, cause: unknown): ExpressionError {
  const expressions = [...text.matchAll(JINJA_EXPRESSION)].map((match) => match[0]);
  const expression = expressions.length === 1 && !JINJA_BLOCK.test(text) ? expressions[0]! : text;
  const { name, reason } = describe(cause);
  return new ExpressionError(
    'JinjaEvaluationException',
    `Unable to evaluate expression '${expression}'. ${name}: ${reason}`,
    expression,
    cause,
  );
}

/** A function's own error, or the Python-style name and reason inside a template render error. */
function describe(cause: unknown): { name: string; reason: string } {
  const message = cause instanceof Error ? cause.message : String(cause);
  const rendered = /failed to render:\s*(?:([A-Z]\w*(?:Error|Exception)): )?([^]*)$/.exec(message);
  if (rendered && (cause as { code?: unknown }).code === 'E_TEMPLATE_RENDER') {
    return { name: rendered[1] ?? 'TemplateError', reason: rendered[2] ?? message };
  }
  return { name: pythonNameOf(cause), reason: message };
}
