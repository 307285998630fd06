import { useEffect, useState } from 'preact/hooks';

import { api } from './api';
import { openStream } from './stream';
import type { Execution } from './types';

export const ENDED_STATUSES = new Set(['succeeded', 'failed', 'timeout', 'canceled', 'abandoned']);

/** The latest state of one execution, as the stream updates it (null until one is started). */
export function useFollowedExecution(started: Execution | null): Execution | null {
  const [current, setCurrent] = useState<Execution | null>(started);
  useEffect(() => {
    setCurrent(started);
    if (started === null) return undefined;
    const close = openStream({
      events: ['st2.execution__update'],
      executionIds: [started.id],
      onMessage: (message) => setCurrent(message.data as Execution),
      onState: (state) => {
        // A final update sent before the stream opened is read back from the record.
        if (state === 'open') {
          api<Execution>('GET', `/executions/${encodeURIComponent(started.id)}`).then(
            (execution) => setCurrent((now) => (now && ENDED_STATUSES.has(now.status) ? now : execution)),
            () => undefined,
          );
        }
      },
    });
    return close;
  }, [started]);
  return current;
}
