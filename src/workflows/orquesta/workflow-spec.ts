/** An Orquesta workflow definition (`version: 1.0`) after parsing, as plain data. */
export interface WorkflowSpec {
  /** The file it came from, for messages. */
  file: string;
  description?: string;
  /** In order; a later input's default may read an earlier one. */
  input: InputSpec[];
  vars: NamedValue[];
  /** Undefined when the workflow has no `output` section (its result's output is then null). */
  output: NamedValue[] | undefined;
  /** In the file's order. */
  tasks: Record<string, TaskSpec>;
}

export interface InputSpec {
  name: string;
  /** The default, an expression or a value; absent when the input is listed by name only. */
  default?: unknown;
}

export interface NamedValue {
  name: string;
  value: unknown;
}

export interface TaskSpec {
  name: string;
  /** An action ref, or an expression that gives one; absent for a task without action. */
  action?: string;
  /** Action input: a mapping (values may be expressions) or one expression giving a mapping. */
  input: Record<string, unknown> | string;
  /** The input was written inline in `action` (`core.echo message=…`): messages point there. */
  inlineInput?: boolean;
  join?: 'all' | number;
  with?: ItemsSpec;
  retry?: RetrySpec;
  /** Seconds, or an expression. */
  delay?: number | string;
  next: TransitionSpec[];
}

export interface ItemsSpec {
  /** The expression giving the list of items. */
  items: string;
  /** `x, y in <% … %>`: names for the fields of each item (`item(x)`); undefined: `item()` is the item. */
  names?: string[];
  concurrency?: number | string;
}

export interface RetrySpec {
  when?: string;
  count: number | string;
  delay?: number | string;
}

export interface TransitionSpec {
  /** Absent: always taken. */
  when?: string;
  /** In order; a later one may read an earlier one. */
  publish: NamedValue[];
  /** Next tasks or engine commands; `continue` when the transition names none. */
  do: string[];
}

/** Task names reserved for the engine commands. */
export const ENGINE_COMMANDS = ['continue', 'fail', 'noop', 'retry'] as const;
export type EngineCommand = (typeof ENGINE_COMMANDS)[number];

export function isEngineCommand(name: string): name is EngineCommand {
  return (ENGINE_COMMANDS as readonly string[]).includes(name);
}
