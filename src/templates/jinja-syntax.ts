import { ValidationError } from '../common/errors.js';
import { isNode, isNodeList, templateNodes, type TemplateNode } from './nunjucks-internals.js';
import { filterCall } from './template-ast.js';
import { INTERNAL_FILTERS } from './template-environment.js';

/**
 * Jinja expressions nunjucks parses into something else without complaint, rewritten to what
 * Jinja means or refused at compile time (E_TEMPLATE):
 * - `(a, b)` is a tuple in Jinja; nunjucks evaluates it with JS's comma operator (the last item).
 * - `a % b` is Python's `%`: the remainder takes the sign of `b`, and `"%s" % x` is string
 *   formatting, which is refused (the format filter does it).
 * - `{% for x in items if test %}` is Jinja's loop filter; nunjucks reads `items if test` as an
 *   inline if over the loop variable that is not yet set, so the loop silently ran zero times.
 */
export function jinjaSyntax(node: TemplateNode, templateName: string): TemplateNode {
  if (node.typename === 'Group' && isNodeList(node) && node.children.length > 1) {
    return new templateNodes.Array(node.lineno, node.colno, node.children);
  }
  if (node.typename === 'Mod') return modulo(node, templateName);
  if (node.typename === 'For') loopFilter(node, templateName);
  return node;
}

function modulo(node: TemplateNode, templateName: string): TemplateNode {
  const { left, right } = node;
  if (!isNode(left) || !isNode(right)) return node;
  if (left.typename === 'Literal' && typeof left['value'] === 'string') {
    throw syntaxError(
      templateName,
      left,
      `"%" string formatting (${JSON.stringify(left['value'])} % …) is not supported; use the format filter: ${JSON.stringify(left['value'])} | format(…), or join with "~"`,
    );
  }
  return filterCall(INTERNAL_FILTERS.modulo, left, [right]);
}

/** Replaces `arr` (an InlineIf without else) by the items that pass the test. */
function loopFilter(node: TemplateNode, templateName: string): void {
  const { arr, name } = node;
  if (!isNode(arr) || arr.typename !== 'InlineIf' || !isNode(name)) return;
  const { body: items, cond } = arr;
  if (!isNode(items) || !isNode(cond)) return;
  if (isNode(arr['else_'])) {
    throw syntaxError(
      templateName,
      arr,
      'a {% for %} loop filter ("for x in items if test") takes no "else"; to choose the list with an inline if, wrap it in parentheses: for x in (a if test else b)',
    );
  }
  const names = name.typename === 'Symbol' ? [name] : isNodeList(name) ? name.children : [];
  const { lineno, colno } = cond;
  const args = names.map((symbol) => new templateNodes.Symbol(symbol.lineno, symbol.colno, symbol['value']));
  const output = new templateNodes.Output(lineno, colno, [filterCall(INTERNAL_FILTERS.truth, cond)]);
  const test = new templateNodes.Caller(
    lineno,
    colno,
    new templateNodes.Symbol(lineno, colno, 'caller'),
    new templateNodes.NodeList(lineno, colno, args),
    new templateNodes.NodeList(lineno, colno, [output]),
  );
  const source = names.length === 1 ? filterCall(INTERNAL_FILTERS.iterable, items) : items;
  const arity = new templateNodes.Literal(lineno, colno, names.length);
  node['arr'] = filterCall(INTERNAL_FILTERS.loopSelect, source, [test, arity]);
}

function syntaxError(templateName: string, node: TemplateNode, reason: string): ValidationError {
  const line = node.lineno + 1;
  const column = node.colno + 1;
  return new ValidationError(`template ${templateName} (line ${line}, column ${column}): ${reason}`, {
    code: 'E_TEMPLATE',
    details: { template: templateName, line, column },
  });
}
