import type { ComponentChildren } from 'preact';

import { asText } from '../lib/format';

const STATUS_TONE: Record<string, string> = {
  succeeded: 'ok',
  processed: 'ok',
  running: 'busy',
  scheduled: 'busy',
  requested: 'busy',
  queued: 'busy',
  pending: 'wait',
  backoff: 'wait',
  failed: 'bad',
  timeout: 'bad',
  abandoned: 'bad',
  processing_failed: 'bad',
  invalid: 'bad',
  canceled: 'muted',
  skipped: 'muted',
  expired: 'muted',
  disabled: 'muted',
  stopped: 'muted',
  unsupported: 'bad',
  enabled: 'ok',
};

export function Status({ value }: { value: string }) {
  return <span class={`status tone-${STATUS_TONE[value] ?? 'muted'}`}>{value}</span>;
}

/** Any value shown as text in a <pre>: event data is never parsed as HTML. */
export function Data({ value, label }: { value: unknown; label?: string }) {
  return (
    <pre class="data" aria-label={label} tabIndex={0}>
      {asText(value)}
    </pre>
  );
}

export function Page({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page-head">
        <h1 id="page-title">{title}</h1>
        {actions ? <div class="page-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

export function Problem({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <p class="problem" role="alert">
      {text}
    </p>
  );
}

export function Loading({ when }: { when: boolean }) {
  return when ? <p class="muted">Loading…</p> : null;
}

export function Empty({ when, children }: { when: boolean; children: ComponentChildren }) {
  return when ? <p class="muted empty">{children}</p> : null;
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}
