/**
 * Per-render state that Squall's internal filters need (the single-expression result, the
 * datastore's decryption). It travels in the render context under one reserved name, because
 * nunjucks calls filters with the render context as `this`.
 */
export const RUNTIME_KEY = '__squall_runtime';

export interface RenderRuntime {
  decrypt: ((ciphertext: string) => string) | undefined;
  /** Set by the capture filter of a single-expression template. */
  captured: { value: unknown } | undefined;
  /** Missing values are errors (CompileOptions.strict). */
  strict: boolean;
  /** Why the last lookup found nothing, in Jinja's words, for strict mode's error. */
  lastUndefined?: string;
}

export function runtimeOf(self: unknown): RenderRuntime {
  const ctx = (self as { ctx?: Record<string, unknown> } | undefined)?.ctx;
  const runtime = ctx?.[RUNTIME_KEY];
  if (typeof runtime !== 'object' || runtime === null) {
    throw new Error('templates: internal filter called outside a Squall render');
  }
  return runtime as RenderRuntime;
}
