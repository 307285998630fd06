import { useEffect, useState } from 'preact/hooks';

import { api } from './api';
import { ENDED_STATUSES } from './follow-execution';
import { openStream } from './stream';
import type { Execution, OutputChunk } from './types';

/** st2 answers the output as text; a list of chunks (or `{output: [...]}`) is read too. */
function outputChunks(executionId: string, answer: unknown): OutputChunk[] {
  if (answer === null || answer === undefined) return [];
  if (typeof answer !== 'object') {
    const text = String(answer);
    return text === '' ? [] : [{ execution_id: executionId, output_type: 'stdout', data: text }];
  }
  if (Array.isArray(answer)) return answer as OutputChunk[];
  const listed = (answer as { output?: unknown }).output;
  return Array.isArray(listed) ? (listed as OutputChunk[]) : [];
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

function recordOutput(execution: Execution): OutputChunk[] {
  const { id, stdout, stderr } = execution;
  return [
    ...(stdout ? [{ execution_id: id, output_type: 'stdout', data: withNewline(stdout) }] : []),
    ...(stderr ? [{ execution_id: id, output_type: 'stderr', data: stderr }] : []),
  ];
}

/**
 * What an execution printed: while it runs, `GET /executions/<id>/output` (when the server has it)
 * and then the stream's output events; once it ended, that endpoint again, else the record's
 * stdout/stderr.
 */
export function useOutput(execution: Execution | undefined): OutputChunk[] {
  const [fetched, setFetched] = useState<OutputChunk[]>([]);
  const [live, setLive] = useState<OutputChunk[]>([]);
  const id = execution?.id;
  const ended = execution ? ENDED_STATUSES.has(execution.status) : false;
  useEffect(() => {
    if (id === undefined) return undefined;
    let open = true;
    api<unknown>('GET', `/executions/${encodeURIComponent(id)}/output?output_format=json`).then(
      (answer) => open && setFetched(outputChunks(id, answer)),
      () => open && setFetched([]),
    );
    return () => {
      open = false;
    };
  }, [id, ended]);
  useEffect(() => {
    if (id === undefined) return undefined;
    return openStream({
      events: ['st2.execution.output__create'],
      executionIds: [id],
      onMessage: (message) => setLive((current) => [...current, message.data as OutputChunk]),
    });
  }, [id]);
  if (!execution) return [];
  if (ended) {
    if (fetched.length > 0) return fetched;
    const stored = recordOutput(execution);
    return stored.length > 0 ? stored : live;
  }
  const seen = new Set(fetched.map((chunk) => chunk.id).filter((chunkId) => chunkId !== undefined));
  return [...fetched, ...live.filter((chunk) => chunk.id === undefined || !seen.has(chunk.id))];
}
