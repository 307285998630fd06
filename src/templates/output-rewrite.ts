import { ValidationError } from '../common/errors.js';
import { isNode, isNodeList, type TemplateNode } from './nunjucks-internals.js';
import {
  afterOutput,
  INITIAL_SHELL_STATE,
  mergeShellStates,
  outputContext,
  scanShellText,
  settlePending,
  type ShellScanState,
} from './shell-scanner.js';
import { childFields, filterCall, isSafeOutput, statementsOf } from './template-ast.js';
import { INTERNAL_FILTERS } from './template-environment.js';

/**
 * Rewrites every `{{ expression }}` output of a template. In text mode the value is turned into
 * text (JSON for lists and objects). In shell mode it is also quoted for the shell context the
 * literal text before it leaves open; `{{ x | safe }}` is the explicit way to insert shell text.
 */
export function rewriteTextOutputs(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) rewriteTextOutputs(item);
    return;
  }
  if (!isNode(value)) return;
  if (value.typename === 'Output' && isNodeList(value)) {
    value.children = value.children.map((child) => {
      rewriteTextOutputs(child);
      return child.typename === 'TemplateData' ? child : filterCall(INTERNAL_FILTERS.text, child);
    });
    return;
  }
  for (const field of childFields(value)) rewriteTextOutputs(value[field]);
}

export function rewriteShellOutputs(statements: TemplateNode[], templateName: string): void {
  // A first pass only checks, so that a template that cannot be quoted is left untouched.
  new ShellRewriter(templateName, false).statements(statements, INITIAL_SHELL_STATE);
  new ShellRewriter(templateName, true).statements(statements, INITIAL_SHELL_STATE);
}

const LOOPS = new Set(['For', 'AsyncEach', 'AsyncAll']);
const FOREIGN_TEMPLATES = new Set([
  'Include',
  'Extends',
  'Import',
  'FromImport',
  'CallExtension',
  'CallExtensionAsync',
]);

class ShellRewriter {
  constructor(
    private readonly templateName: string,
    /** false: follow the quoting and report problems without changing the tree. */
    private readonly apply: boolean,
  ) {}

  statements(nodes: TemplateNode[], entry: ShellScanState): ShellScanState {
    let state = entry;
    for (const node of nodes) state = this.statement(node, state);
    return state;
  }

  private statement(node: TemplateNode, state: ShellScanState): ShellScanState {
    if (node.typename === 'Output' && isNodeList(node)) return this.output(node.children, state);
    if (node.typename === 'If' || node.typename === 'IfAsync') {
      this.rewriteText(node['cond']);
      const body = this.statements(statementsOf(node['body']), state);
      const otherwise = this.statements(statementsOf(node['else_']), state);
      return this.merge(node, 'the branches of this {% if %}', [body, otherwise]);
    }
    if (LOOPS.has(node.typename)) return this.loop(node, state);
    if (node.typename === 'Switch') {
      this.rewriteText(node['expr']);
      const cases = statementsOf(node['cases']).map((c) => {
        this.rewriteText(c['cond']);
        return this.statements(statementsOf(c['body']), state);
      });
      const fallback = this.statements(statementsOf(node['default']), state);
      return this.merge(node, 'the cases of this {% switch %}', [...cases, fallback]);
    }
    if (node.typename === 'Block') return this.statements(statementsOf(node['body']), state);
    if (FOREIGN_TEMPLATES.has(node.typename)) {
      throw this.error(node, 'shell templates cannot include, import or extend other templates');
    }
    this.rewriteText(node);
    return state;
  }

  /** Later iterations start where the body ends, so the body must read the same from there. */
  private loop(node: TemplateNode, entry: ShellScanState): ShellScanState {
    this.rewriteText(node['arr']);
    const check = new ShellRewriter(this.templateName, false);
    const once = check.statements(statementsOf(node['body']), entry);
    const start = this.merge(node, 'this {% for %} loop body', [entry, once]);
    const body = this.statements(statementsOf(node['body']), start);
    const otherwise = this.statements(statementsOf(node['else_']), entry);
    return this.merge(node, 'this {% for %} loop body', [start, body, otherwise]);
  }

  private rewriteText(value: unknown): void {
    if (this.apply) rewriteTextOutputs(value);
  }

  private output(children: TemplateNode[], entry: ShellScanState): ShellScanState {
    let state = entry;
    for (let i = 0; i < children.length; i += 1) {
      const child = children[i];
      if (!child) continue;
      if (child.typename === 'TemplateData') {
        state = scanShellText(state, String(child['value'] ?? ''));
        continue;
      }
      this.rewriteText(child);
      state = settlePending(state);
      let filter: string = INTERNAL_FILTERS.text;
      if (!isSafeOutput(child)) {
        const context = outputContext(state);
        if (typeof context !== 'string') {
          throw this.error(
            child,
            `a {{ … }} value cannot be placed safely ${context.unsafe}; add "| safe" only if the value is trusted shell text`,
          );
        }
        filter = INTERNAL_FILTERS.shell[context];
      }
      if (this.apply) children[i] = filterCall(filter, child);
      state = afterOutput(state);
    }
    return state;
  }

  private merge(node: TemplateNode, what: string, states: ShellScanState[]): ShellScanState {
    let merged: ShellScanState | undefined = states[0];
    for (const state of states.slice(1)) merged = merged && mergeShellStates(merged, state);
    if (!merged) {
      throw this.error(
        node,
        `${what} leave the shell quoting in different states; close every quote inside each branch`,
      );
    }
    return merged;
  }

  private error(node: TemplateNode, reason: string): ValidationError {
    const line = node.lineno + 1;
    const column = node.colno + 1;
    return new ValidationError(`template ${this.templateName} (line ${line}, column ${column}): ${reason}`, {
      code: 'E_TEMPLATE',
      details: { line, column },
    });
  }
}
