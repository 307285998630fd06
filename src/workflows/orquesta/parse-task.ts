import type { YamlPath } from '../../parsing/yaml-document.js';
import { didYouMean } from '../../common/did-you-mean.js';
import type { ProblemCollector } from '../workflow-problems.js';
import { parseInlineParams, splitInlineAction } from './inline-params.js';
import type { ItemsSpec, NamedValue, RetrySpec, TaskSpec, TransitionSpec } from './workflow-spec.js';

const TASK_KEYS = ['action', 'input', 'join', 'with', 'retry', 'delay', 'next'];
const TRANSITION_KEYS = ['when', 'publish', 'do'];
const RETRY_KEYS = ['when', 'count', 'delay'];
const ITEMS_KEYS = ['items', 'concurrency'];
/** `x, y in <% … %>` or just the expression. */
const ITEMS_FORM = /^\s*(?:((?:\w+\s*,\s*)*\w+)\s+in\s+)?((?:<%.*?%>|\{\{.*?\}\})\s*)$/;

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Refuses keys a section does not have, suggesting the closest one. */
export function checkKeys(
  problems: ProblemCollector,
  value: Record<string, unknown>,
  allowed: readonly string[],
  path: YamlPath,
  task?: string,
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      problems.add([...path, key], `unknown field "${key}"${didYouMean(key, allowed)}`, task ? { task } : {});
    }
  }
}

function isCount(value: unknown): value is number | string {
  return (Number.isInteger(value) && (value as number) >= 0) || isNonEmptyString(value);
}

export class TaskParser {
  constructor(private readonly problems: ProblemCollector) {}

  parse(name: string, raw: unknown): TaskSpec {
    const path: YamlPath = ['tasks', name];
    const task: TaskSpec = { name, input: {}, next: [] };
    if (raw === null || raw === undefined) return task;
    if (!isMapping(raw)) {
      this.problem(path, name, 'a task is a mapping (action, input, next, …)');
      return task;
    }
    checkKeys(this.problems, raw, TASK_KEYS, path, name);
    this.action(task, raw, path);
    if (raw['join'] !== undefined) {
      const join = raw['join'];
      if (join === 'all' || (Number.isInteger(join) && (join as number) >= 0))
        task.join = join as 'all' | number;
      else this.problem([...path, 'join'], name, 'join is "all" or a number of inbound tasks');
    }
    if (raw['with'] !== undefined) task.with = this.items(raw['with'], [...path, 'with'], name);
    if (raw['retry'] !== undefined) task.retry = this.retry(raw['retry'], [...path, 'retry'], name);
    if (raw['delay'] !== undefined) {
      if (isCount(raw['delay'])) task.delay = raw['delay'];
      else this.problem([...path, 'delay'], name, 'delay is a number of seconds or an expression');
    }
    const next = raw['next'];
    if (Array.isArray(next))
      task.next = next.map((item, i) => this.transition(item, [...path, 'next', i], name));
    else if (next !== undefined && next !== null)
      this.problem([...path, 'next'], name, 'next is a list of transitions');
    return task;
  }

  private problem(path: YamlPath, task: string, message: string): void {
    this.problems.add(path, message, { task });
  }

  private action(task: TaskSpec, raw: Record<string, unknown>, path: YamlPath): void {
    const input = raw['input'];
    if (isMapping(input) || isNonEmptyString(input)) task.input = input;
    else if (input !== undefined && input !== null) {
      this.problem(
        [...path, 'input'],
        task.name,
        "input is a mapping of the action's parameters (or one expression)",
      );
    }
    const action = raw['action'];
    if (action === undefined || action === null) return;
    if (!isNonEmptyString(action)) {
      this.problem([...path, 'action'], task.name, 'action is an action ref such as core.echo');
      return;
    }
    const inline = splitInlineAction(action);
    task.action = inline ? inline.ref : action;
    if (inline) {
      task.input = inline.input;
      task.inlineInput = true;
    }
  }

  private items(raw: unknown, path: YamlPath, task: string): ItemsSpec | undefined {
    const spec = typeof raw === 'string' ? { items: raw } : raw;
    if (!isMapping(spec)) {
      this.problem(path, task, 'with is "<% list %>", "x in <% list %>" or {items, concurrency}');
      return undefined;
    }
    checkKeys(this.problems, spec, ITEMS_KEYS, path, task);
    const form = typeof spec['items'] === 'string' ? ITEMS_FORM.exec(spec['items']) : null;
    if (!form) {
      this.problem(
        [...path, 'items'],
        task,
        'items is an expression giving a list, optionally named: "x, y in <% … %>"',
      );
      return undefined;
    }
    const items: ItemsSpec = { items: (form[2] ?? '').trim() };
    if (form[1]) items.names = form[1].split(',').map((name) => name.trim());
    if (spec['concurrency'] !== undefined) {
      if (isCount(spec['concurrency'])) items.concurrency = spec['concurrency'];
      else this.problem([...path, 'concurrency'], task, 'concurrency is a number or an expression');
    }
    return items;
  }

  private retry(raw: unknown, path: YamlPath, task: string): RetrySpec | undefined {
    if (!isMapping(raw)) {
      this.problem(path, task, 'retry is a mapping {when, count, delay}');
      return undefined;
    }
    checkKeys(this.problems, raw, RETRY_KEYS, path, task);
    if (!isCount(raw['count'])) {
      this.problem([...path, 'count'], task, 'retry needs a count (a number or an expression)');
      return undefined;
    }
    const retry: RetrySpec = { count: raw['count'] };
    if (raw['when'] !== undefined) {
      if (isNonEmptyString(raw['when'])) retry.when = raw['when'];
      else this.problem([...path, 'when'], task, 'when is an expression');
    }
    if (raw['delay'] !== undefined) {
      if (isCount(raw['delay'])) retry.delay = raw['delay'];
      else this.problem([...path, 'delay'], task, 'delay is a number of seconds or an expression');
    }
    return retry;
  }

  private transition(raw: unknown, path: YamlPath, task: string): TransitionSpec {
    const transition: TransitionSpec = { publish: [], do: ['continue'] };
    if (!isMapping(raw)) {
      this.problem(path, task, 'a transition is a mapping {when, publish, do}');
      return transition;
    }
    checkKeys(this.problems, raw, TRANSITION_KEYS, path, task);
    if (raw['when'] !== undefined) {
      if (isNonEmptyString(raw['when'])) transition.when = raw['when'];
      else this.problem([...path, 'when'], task, 'when is an expression');
    }
    transition.publish = this.publish(raw['publish'], [...path, 'publish'], task);
    const targets = raw['do'];
    if (isNonEmptyString(targets)) transition.do = targets.split(',').map((name) => name.trim());
    else if (Array.isArray(targets) && targets.length > 0 && targets.every(isNonEmptyString)) {
      transition.do = targets;
    } else if (targets !== undefined && targets !== null) {
      this.problem([...path, 'do'], task, 'do is a task name, "a, b", or a list of task names');
    }
    return transition;
  }

  private publish(raw: unknown, path: YamlPath, task: string): NamedValue[] {
    if (raw === undefined || raw === null) return [];
    if (isNonEmptyString(raw)) return parseInlineParams(raw).map(([name, value]) => ({ name, value }));
    if (Array.isArray(raw) && raw.every((item) => isMapping(item) && Object.keys(item).length === 1)) {
      return raw.map((item) => {
        const [name, value] = Object.entries(item as Record<string, unknown>)[0]!;
        return { name, value };
      });
    }
    this.problem(path, task, 'publish is a list of one-key mappings (- name: value) or "name=value …"');
    return [];
  }
}
