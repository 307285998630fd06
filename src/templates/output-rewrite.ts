import { ValidationError } from '../common/errors.js';
import { isNode, isNodeList, templateNodes, type TemplateNode } from './nunjucks-internals.js';
import { ShellFacts } from './shell-facts.js';
import type { ShellQuoteContext } from './shell-quote.js';
import {
  INITIAL_SHELL_STATE,
  finishShell,
  outputContext,
  placeOutput,
  scanNested,
  scanShellText,
  settlePending,
  type ScanContext,
  type ShellScanState,
} from './shell-scanner.js';
import { quotingKey, stateKey } from './shell-state.js';
import { widenState } from './shell-widen.js';
import { childFields, filterCall, isSafeOutput, statementsOf } from './template-ast.js';
import { INTERNAL_FILTERS } from './template-environment.js';

/**
 * Rewrites every `{{ expression }}` output of a template. In text mode the value is turned into
 * text (JSON for lists and objects). In shell mode it is also quoted for the shell context the
 * literal text before it leaves open, and checked where bash would evaluate it (see
 * shell-facts.ts); `{{ x | safe }}` is the explicit way to insert shell text.
 */
export function rewriteTextOutputs(value: unknown): void {
  applyOutputs(value, () => undefined);
}

export function rewriteShellOutputs(statements: TemplateNode[], templateName: string): void {
  // The analysis only reads the tree, so a template that cannot be made safe is left untouched.
  const analysis = new ShellAnalysis(templateName);
  analysis.run(statements);
  applyOutputs(statements, (node) => analysis.filterFor(node));
}

function applyOutputs(value: unknown, shellFilter: (node: TemplateNode) => TemplateNode | undefined): void {
  if (Array.isArray(value)) {
    for (const item of value) applyOutputs(item, shellFilter);
    return;
  }
  if (!isNode(value)) return;
  if (value.typename === 'Output' && isNodeList(value)) {
    value.children = value.children.map((child) => {
      applyOutputs(child, shellFilter);
      if (child.typename === 'TemplateData') return child;
      return shellFilter(child) ?? filterCall(INTERNAL_FILTERS.text, child);
    });
    return;
  }
  for (const field of childFields(value)) applyOutputs(value[field], shellFilter);
}

type States = ShellScanState[];

const LOOPS = new Set(['For', 'AsyncEach', 'AsyncAll']);
const FOREIGN_TEMPLATES = new Set([
  'Include',
  'Extends',
  'Import',
  'FromImport',
  'CallExtension',
  'CallExtensionAsync',
]);
/** Beyond this many different states at one point, the template is too branchy to check. */
const MAX_STATES = 64;
const MAX_LOOP_ROUNDS = 12;
/** Loop rounds after which word texts are widened, so that a loop reaches a fixed point. */
const EXACT_LOOP_ROUNDS = 2;

class ShellAnalysis {
  private readonly facts: ShellFacts;
  private readonly ctx: ScanContext;
  private readonly ids = new Map<TemplateNode, string>();
  private readonly contexts = new Map<string, ShellQuoteContext>();

  constructor(private readonly templateName: string) {
    this.facts = new ShellFacts(templateName);
    const ctx: ScanContext = { facts: this.facts, nested: (code) => scanNested(code, ctx) };
    this.ctx = ctx;
  }

  run(statements: TemplateNode[]): void {
    for (const state of this.statements(statements, [INITIAL_SHELL_STATE])) finishShell(state, this.ctx);
    this.facts.resolve();
  }

  /** The filter call that renders this output, or undefined when it is not a shell output. */
  filterFor(node: TemplateNode): TemplateNode | undefined {
    const id = this.ids.get(node);
    if (id === undefined) return undefined;
    if (isSafeOutput(node)) return filterCall(INTERNAL_FILTERS.text, node);
    const context = this.contexts.get(id) ?? 'unquoted';
    const checks = this.facts.checksOf(id);
    if (checks.size === 0) return filterCall(INTERNAL_FILTERS.shell[context], node);
    const order = ['integer', 'name', 'operand', 'test-operand'] as const;
    const first = order.find((check) => checks.has(check)) ?? 'integer';
    const { line, column } = this.facts.locationOf(id);
    const literal = (value: string): TemplateNode =>
      new templateNodes.Literal(node.lineno, node.colno, value);
    return filterCall(INTERNAL_FILTERS.shellChecked, node, [
      literal(context),
      literal([...checks.keys()].join(',')),
      literal(checks.get(first) ?? ''),
      literal(`line ${line}, column ${column}`),
      literal(this.facts.reservedNames().join(' ')),
    ]);
  }

  private statements(nodes: TemplateNode[], entry: States): States {
    let states = entry;
    for (const node of nodes) states = this.statement(node, states);
    return states;
  }

  private statement(node: TemplateNode, states: States): States {
    if (node.typename === 'Output' && isNodeList(node)) return this.output(node.children, states);
    if (node.typename === 'If' || node.typename === 'IfAsync') {
      const body = this.statements(statementsOf(node['body']), states);
      const otherwise = this.statements(statementsOf(node['else_']), states);
      return this.merge(node, 'the branches of this {% if %}', [body, otherwise]);
    }
    if (LOOPS.has(node.typename)) return this.loop(node, states);
    if (node.typename === 'Switch') {
      const cases = statementsOf(node['cases']).map((c) => this.statements(statementsOf(c['body']), states));
      const fallback = this.statements(statementsOf(node['default']), states);
      return this.merge(node, 'the cases of this {% switch %}', [...cases, fallback]);
    }
    if (node.typename === 'Block') return this.statements(statementsOf(node['body']), states);
    if (FOREIGN_TEMPLATES.has(node.typename)) {
      throw this.error(node, 'shell templates cannot include, import or extend other templates');
    }
    return states;
  }

  /** The body runs any number of times: follow it until the states it can end in stop growing. */
  private loop(node: TemplateNode, entry: States): States {
    const body = statementsOf(node['body']);
    const what = 'this {% for %} loop body';
    const seen = new Map(entry.map((state) => [stateKey(state), state]));
    const ended: States = [];
    let current = entry;
    for (let round = 0; current.length > 0; round += 1) {
      if (round === MAX_LOOP_ROUNDS)
        throw this.error(node, `${what} keeps changing the shell state; close what it opens`);
      let after = this.statements(body, current);
      if (round >= EXACT_LOOP_ROUNDS) after = unique(after.map(widenState));
      this.merge(node, what, [entry, after]);
      ended.push(...after);
      current = after.filter((state) => !seen.has(stateKey(state)));
      for (const state of current) seen.set(stateKey(state), state);
    }
    const otherwise = this.statements(statementsOf(node['else_']), entry);
    return this.merge(node, what, [unique(ended), otherwise]);
  }

  private output(children: TemplateNode[], entry: States): States {
    let states = entry;
    for (const child of children) {
      this.facts.here = { line: child.lineno + 1, column: child.colno + 1 };
      if (child.typename === 'TemplateData') {
        const text = String(child['value'] ?? '');
        states = unique(states.map((state) => scanShellText(state, text, this.ctx)));
        continue;
      }
      states = this.place(child, states);
    }
    return states;
  }

  private place(child: TemplateNode, entry: States): States {
    const id = this.idOf(child);
    const safe = isSafeOutput(child);
    const states = entry.map((state) => settlePending(state, this.ctx));
    if (!safe) {
      this.facts.output(id, this.facts.here);
      this.contexts.set(id, this.contextOf(child, states));
    }
    return unique(states.map((state) => placeOutput(state, id, this.ctx, safe)));
  }

  private contextOf(child: TemplateNode, states: States): ShellQuoteContext {
    const contexts = states.map(outputContext);
    const unsafe = contexts.find((context) => typeof context !== 'string');
    const comments = new Set(states.map((state) => state.comment));
    if (comments.size > 1) {
      throw this.valueError(child, 'after a "#" that starts a comment in some branches and not in others');
    }
    if (unsafe && typeof unsafe !== 'string') throw this.valueError(child, unsafe.unsafe);
    const [first] = contexts as ShellQuoteContext[];
    const known = this.contexts.get(this.idOf(child));
    if (contexts.some((context) => context !== first) || (known !== undefined && known !== first)) {
      throw this.valueError(child, 'in places that are quoted differently in different branches');
    }
    return first ?? 'unquoted';
  }

  private merge(node: TemplateNode, what: string, branches: States[]): States {
    const merged = unique(branches.flat());
    const keys = new Set(merged.map(quotingKey));
    if (keys.size > 1) {
      throw this.error(
        node,
        `${what} leave the shell quoting in different states; close every quote inside each branch`,
      );
    }
    if (merged.length > MAX_STATES) {
      throw this.error(
        node,
        `${what} combine into too many different shell commands to check; simplify the template`,
      );
    }
    return merged;
  }

  private idOf(node: TemplateNode): string {
    let id = this.ids.get(node);
    if (id === undefined) {
      id = `v${this.ids.size + 1}`;
      this.ids.set(node, id);
    }
    return id;
  }

  private valueError(node: TemplateNode, where: string): ValidationError {
    return this.error(
      node,
      `a {{ … }} value cannot be placed safely ${where}; add "| safe" only if the value is trusted shell text`,
    );
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

function unique(states: States): States {
  const byKey = new Map<string, ShellScanState>();
  for (const state of states) byKey.set(stateKey(state), state);
  return [...byKey.values()];
}
