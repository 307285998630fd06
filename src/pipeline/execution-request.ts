import type { TemplateContext } from '../templates/template-types.js';

export interface ExecutionRequest {
  action: string;
  parameters?: Record<string, unknown>;
  /** Who and what asked: `{user, source: 'api'|'cli'|'rule'|'chatops', ...}`. */
  context?: Record<string, unknown>;
  trigger_instance?: string;
  rule?: string;
  enforcement?: string;
  parent?: string;
  trace_id?: string;
  /**
   * Supplied values are Jinja templates rendered once with the datastore and these variables (a
   * rule passes `{trigger}`), as st2 does for API and CLI runs. `false` takes them literally (the
   * action's defaults are still rendered): for values typed by chat users, which must never be able
   * to read the datastore.
   * @default true
   */
  renderTemplates?: boolean;
  templateVariables?: Partial<TemplateContext>;
}

export interface WaitOptions {
  /** 0 waits without a limit. @default 300000 */
  timeoutMs?: number;
  /** Stops waiting: the promise rejects with E_WAIT_ABORTED. */
  signal?: AbortSignal;
}

/** Encrypts what must be stored but never shown (secret parameter values). */
export interface SecretCipher {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}
