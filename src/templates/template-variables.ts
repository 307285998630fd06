import { isNode, parseTemplate, type TemplateNode } from './nunjucks-internals.js';
import { childFields } from './template-ast.js';

/**
 * The top-level variable names a template reads (`{{ message }}`, `{% if count > 1 %}`), for
 * ordering parameters that reference each other. Loop variables inside their loop, macro
 * arguments inside their macro and names the template `set`s itself are not reads.
 */
export function templateVariables(source: string): Set<string> {
  return variablesOf(parseTemplate(source));
}

export function variablesOf(root: TemplateNode): Set<string> {
  const reads = new Set<string>();
  const assigned = new Set<string>();
  collect(root, new Set(), reads, assigned);
  for (const name of assigned) reads.delete(name);
  return reads;
}

function collect(
  value: unknown,
  bound: ReadonlySet<string>,
  reads: Set<string>,
  assigned: Set<string>,
): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, bound, reads, assigned);
    return;
  }
  if (!isNode(value)) return;
  const visit = (field: string, scope: ReadonlySet<string> = bound): void =>
    collect(value[field], scope, reads, assigned);
  switch (value.typename) {
    case 'Symbol': {
      const name = String(value['value']);
      if (!bound.has(name)) reads.add(name);
      return;
    }
    case 'For':
    case 'AsyncEach':
    case 'AsyncAll':
      visit('arr');
      visit('body', new Set([...bound, ...symbolNames(value['name']), 'loop']));
      visit('else_');
      return;
    case 'Macro':
    case 'Caller':
      visit('body', new Set([...bound, ...symbolNames(value['args']), 'caller']));
      return;
    case 'Set':
      for (const name of symbolNames(value['targets'])) assigned.add(name);
      visit('value');
      visit('body');
      return;
    case 'Filter':
    case 'FilterAsync':
      visit('args');
      return;
    case 'Pair':
      visit('value');
      return;
    case 'Is':
      visit('left');
      if (isNode(value['right']) && value['right'].typename === 'FunCall')
        collect(value['right']['args'], bound, reads, assigned);
      return;
    case 'Import':
    case 'FromImport':
      return;
    default:
      for (const field of childFields(value)) visit(field);
  }
}

/** Names bound by a loop target, `set` targets or macro arguments (`k, v` or `a, b=1`). */
function symbolNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(symbolNames);
  if (!isNode(value)) return [];
  if (value.typename === 'Symbol') return [String(value['value'])];
  if (value.typename === 'Pair') return symbolNames(value['key']);
  return childFields(value).flatMap((field) => symbolNames(value[field]));
}
