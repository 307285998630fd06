import { useState } from 'preact/hooks';

import { Loading, Page, Problem } from '../components/common';
import { orderedParameters, ParameterField, readParameters } from '../components/parameter-form';
import { api, errorText } from '../lib/api';
import { navigate } from '../lib/router';
import type { Action, Execution } from '../lib/types';
import { useApi } from '../lib/use-api';

/** Pick an action, fill the form its parameter schema makes, run it, land on the execution. */
export function RunPage({ actionRef }: { actionRef: string | undefined }) {
  const actions = useApi<Action[]>('/actions');
  const [filter, setFilter] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const action = actions.data?.find((candidate) => candidate.ref === actionRef);
  const choices = (actions.data ?? []).filter((candidate) => candidate.ref.includes(filter.trim()));

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!action) return;
    setProblem(undefined);
    setBusy(true);
    try {
      const parameters = readParameters(event.currentTarget as HTMLFormElement, action.parameters);
      const execution = await api<Execution>('POST', '/executions', { action: action.ref, parameters });
      navigate(`/executions/${encodeURIComponent(execution.id)}`);
    } catch (error) {
      setProblem(errorText(error));
      setBusy(false);
    }
  };

  return (
    <Page title="Run an action">
      <Problem text={actions.error} />
      <Loading when={actions.loading && !actions.data} />
      <div class="run-layout">
        <div class="card picker">
          <label>
            Find an action
            <input type="search" value={filter} onInput={(event) => setFilter(event.currentTarget.value)} />
          </label>
          <ul class="pick-list" aria-label="Actions">
            {choices.map((candidate) => (
              <li key={candidate.ref}>
                <a
                  href={`/run/${encodeURIComponent(candidate.ref)}`}
                  aria-current={candidate.ref === actionRef ? 'true' : undefined}
                >
                  {candidate.ref}
                </a>
              </li>
            ))}
          </ul>
        </div>
        <div class="card">
          {action ? (
            <form onSubmit={(event) => void submit(event)} key={action.ref} aria-label={`Run ${action.ref}`}>
              <h2>{action.ref}</h2>
              {action.description ? <p class="muted">{action.description}</p> : null}
              {action.unsupported ? <p class="problem">{action.unsupported}</p> : null}
              {orderedParameters(action.parameters).map(([name, spec]) => (
                <ParameterField key={name} name={name} spec={spec} />
              ))}
              <Problem text={problem} />
              <div class="row">
                <button type="submit" class="primary" disabled={busy}>
                  {busy ? 'Starting…' : 'Run'}
                </button>
              </div>
            </form>
          ) : (
            <p class="muted">
              {actionRef ? `No action ${actionRef} is installed.` : 'Pick an action on the left.'}
            </p>
          )}
        </div>
      </div>
    </Page>
  );
}
