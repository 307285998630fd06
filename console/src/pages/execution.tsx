import { useEffect, useState } from 'preact/hooks';

import { Data, Loading, Page, Problem, Section, Status } from '../components/common';
import { TraceGraph } from '../components/trace-graph';
import { api, ApiError, errorText } from '../lib/api';
import { dateTime, duration } from '../lib/format';
import { navigate } from '../lib/router';
import { openStream } from '../lib/stream';
import type { Execution, Trace } from '../lib/types';
import { useOutput } from '../lib/use-output';
import { useApi } from '../lib/use-api';

const ENDED = new Set(['succeeded', 'failed', 'timeout', 'canceled', 'abandoned']);

/** One execution: status, timing, masked parameters, result, live output, trace, re-run and cancel. */
export function ExecutionPage({ id }: { id: string }) {
  const loaded = useApi<Execution>(`/executions/${encodeURIComponent(id)}`);
  const [execution, setExecution] = useState<Execution | undefined>(undefined);
  const trace = useApi<Trace>(`/traces/${encodeURIComponent(id)}`);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [unavailable, setUnavailable] = useState<Record<string, string>>({});
  useEffect(() => setExecution(loaded.data), [loaded.data]);
  useEffect(() => {
    const close = openStream({
      events: ['st2.execution__update'],
      executionIds: [id],
      onMessage: (message) => {
        setExecution(message.data as Execution);
        trace.reload();
      },
    });
    return close;
  }, [id, trace.reload]);
  const output = useOutput(execution);

  const act = async (name: 're_run' | 'cancel'): Promise<void> => {
    setProblem(undefined);
    try {
      if (name === 're_run') {
        const next = await api<Execution>('POST', `/executions/${encodeURIComponent(id)}/re_run`, {});
        navigate(`/executions/${encodeURIComponent(next.id)}`);
      } else {
        setExecution(await api<Execution>('DELETE', `/executions/${encodeURIComponent(id)}`));
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 404 && error.code === 'E_NO_ROUTE') {
        setUnavailable({
          ...unavailable,
          [name]: `This server has no ${name === 're_run' ? 're-run' : 'cancel'} endpoint yet`,
        });
      } else setProblem(errorText(error));
    }
  };

  const ended = execution ? ENDED.has(execution.status) : true;
  return (
    <Page
      title={execution ? execution.action : 'Execution'}
      actions={
        execution ? (
          <>
            <button
              type="button"
              disabled={unavailable['re_run'] !== undefined}
              title={unavailable['re_run'] ?? 'Run the action again with the same parameters'}
              onClick={() => void act('re_run')}
            >
              Re-run
            </button>
            <button
              type="button"
              disabled={ended || unavailable['cancel'] !== undefined}
              title={unavailable['cancel'] ?? (ended ? 'It has ended' : 'Cancel this execution')}
              onClick={() => void act('cancel')}
            >
              Cancel
            </button>
          </>
        ) : null
      }
    >
      <Problem text={loaded.error ?? problem} />
      <Loading when={loaded.loading && !execution} />
      {execution ? (
        <>
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              <Status value={execution.status} />
            </dd>
            <dt>Id</dt>
            <dd>{execution.id}</dd>
            <dt>Created</dt>
            <dd>{dateTime(execution.created_at)}</dd>
            <dt>Started</dt>
            <dd>{dateTime(execution.start_timestamp)}</dd>
            <dt>Ended</dt>
            <dd>{dateTime(execution.end_timestamp)}</dd>
            <dt>Took</dt>
            <dd>{duration(execution.start_timestamp, execution.end_timestamp)}</dd>
            {execution.rule ? (
              <>
                <dt>Rule</dt>
                <dd>
                  <a href={`/rules/${encodeURIComponent(execution.rule)}`}>{execution.rule}</a>
                </dd>
              </>
            ) : null}
            {execution.error ? (
              <>
                <dt>Error</dt>
                <dd class="problem-text">{execution.error}</dd>
              </>
            ) : null}
          </dl>
          <div class="grid-2">
            <Section title="Parameters">
              <Data value={execution.parameters} label="Parameters" />
            </Section>
            <Section title="Result">
              <Data value={execution.result} label="Result" />
            </Section>
          </div>
          <Section title={ended ? 'Output' : 'Output (following)'}>
            {output.length === 0 ? (
              <p class="muted">{ended ? 'It printed nothing.' : 'Nothing printed yet.'}</p>
            ) : (
              <pre class="data output" aria-label="Output" tabIndex={0}>
                {output.map((chunk, index) => (
                  <span key={chunk.id ?? index} class={chunk.output_type === 'stderr' ? 'stderr' : 'stdout'}>
                    {chunk.data}
                  </span>
                ))}
              </pre>
            )}
          </Section>
          <Section title="Trace">
            <Problem text={trace.error} />
            {trace.data ? <TraceGraph root={trace.data.root} highlight={id} /> : null}
          </Section>
        </>
      ) : null}
    </Page>
  );
}
