import {
  isNode,
  isNodeList,
  templateNodes,
  type NodeListNode,
  type TemplateNode,
} from './nunjucks-internals.js';

/** Generic walking and building of nunjucks AST nodes. */

/** The fields that hold child nodes (a block `{% set %}` keeps its body outside `fields`). */
export function childFields(node: TemplateNode): string[] {
  return node.typename === 'Set' ? [...node.fields, 'body'] : [...node.fields];
}

/** Replaces nodes bottom-up: `replace` sees each node after its children were replaced. */
export function rewriteTree(value: unknown, replace: (node: TemplateNode) => TemplateNode): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = rewriteTree(value[i], replace);
    return value;
  }
  if (!isNode(value)) return value;
  for (const field of childFields(value)) value[field] = rewriteTree(value[field], replace);
  return replace(value);
}

export function visitTree(value: unknown, visit: (node: TemplateNode) => boolean | void): void {
  if (Array.isArray(value)) {
    for (const item of value) visitTree(item, visit);
    return;
  }
  if (!isNode(value)) return;
  if (visit(value) === false) return;
  for (const field of childFields(value)) visitTree(value[field], visit);
}

export function filterCall(name: string, node: TemplateNode, extraArgs: TemplateNode[] = []): TemplateNode {
  const { lineno, colno } = node;
  const args = new templateNodes.NodeList(lineno, colno, [node, ...extraArgs]);
  return new templateNodes.Filter(lineno, colno, new templateNodes.Symbol(lineno, colno, name), args);
}

/** The statements of a branch: a NodeList's children, or a single node (an `elif` is an If). */
export function statementsOf(value: unknown): TemplateNode[] {
  if (!isNode(value)) return [];
  return isNodeList(value) ? value.children : [value];
}

/** `{{ x | safe }}`: the outermost filter is `safe`. */
export function isSafeOutput(node: TemplateNode): boolean {
  const name = node['name'];
  return node.typename === 'Filter' && isNode(name) && name.typename === 'Symbol' && name['value'] === 'safe';
}

/** The expression of a template that is exactly one `{{ expression }}` (whitespace around allowed). */
export function singleExpression(root: NodeListNode): TemplateNode | undefined {
  let expression: TemplateNode | undefined;
  for (const statement of root.children) {
    if (statement.typename !== 'Output' || !isNodeList(statement)) return undefined;
    for (const child of statement.children) {
      if (child.typename === 'TemplateData') {
        if (String(child['value']).trim() !== '') return undefined;
      } else if (expression) {
        return undefined;
      } else {
        expression = child;
      }
    }
  }
  return expression;
}
