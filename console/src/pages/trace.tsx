import { useEffect } from 'preact/hooks';

import { Loading, Page, Problem } from '../components/common';
import { TraceGraph } from '../components/trace-graph';
import { openStream } from '../lib/stream';
import type { Trace } from '../lib/types';
import { useApi } from '../lib/use-api';

/** The trace of a trigger instance, enforcement or execution, refreshed as its records change. */
export function TracePage({ id }: { id: string }) {
  const trace = useApi<Trace>(`/traces/${encodeURIComponent(id)}`);
  useLiveReload(trace.reload);
  return (
    <Page title="Trace">
      <p class="muted">What {id} descends from and what it caused.</p>
      <Problem text={trace.error} />
      <Loading when={trace.loading && !trace.data} />
      {trace.data ? <TraceGraph root={trace.data.root} highlight={id} /> : null}
      {trace.data?.truncated ? <p class="muted">The trace is larger than one answer; it is cut.</p> : null}
    </Page>
  );
}

/** Reloads (at most every 500 ms) while the stream announces new records. */
export function useLiveReload(reload: () => void): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const close = openStream({
      events: ['st2.rule_enforcement__create', 'st2.execution__create', 'st2.execution__update'],
      onMessage: () => {
        timer ??= setTimeout(() => {
          timer = undefined;
          reload();
        }, 500);
      },
    });
    return () => {
      close();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [reload]);
}
