import type { KeyValueLookup } from '../snapshot/model/rule-definition.js';

/**
 * What templates see. `trigger` is the trigger instance payload; `st2kv` (alias `kv`) reads the
 * datastore; `config_context` is the pack config; `action_context` the execution context.
 */
export interface TemplateContext {
  trigger?: unknown;
  kv?: KeyValueLookup;
  /** The user whose `st2kv.user.*` scope templates read. */
  user?: string;
  config_context?: Record<string, unknown>;
  action_context?: Record<string, unknown>;
  /** Other variables (e.g. other parameters, `execution`, `alias`). */
  extra?: Record<string, unknown>;
  /** The datastore's decryption, for `decrypt_kv`; without it `decrypt_kv` is a render error. */
  decrypt?: (ciphertext: string) => string;
  /**
   * Names defined on top of everything else, e.g. a workflow's functions (`ctx()`, `st2kv()`),
   * which replace the `st2kv` datastore view of rules and actions.
   */
  globals?: Record<string, unknown>;
}

export interface CompileOptions {
  /**
   * The rendered text goes to a shell: every `{{ expression }}` output is quoted for the shell
   * context it stands in (unquoted, '…' or "…"), unless it ends with `| safe`.
   */
  shell?: boolean;
  /** For error messages. */
  name?: string;
  /**
   * Jinja's StrictUndefined, as StackStorm's workflows use it: printing a missing value, or reading
   * an attribute of one, is a render error instead of an empty string.
   */
  strict?: boolean;
  /** Always render to text, even a template that is exactly one expression. */
  text?: boolean;
}

/** A compiled template. A template that is exactly one `{{ expression }}` keeps the value's type. */
export type CompiledTemplate = (context: TemplateContext) => unknown;
